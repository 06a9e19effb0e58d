//! Two-column tables, `.tsv` and `.csv`, read with the `csv` crate: each
//! row is a unit, the first cell its source, the second its target (more
//! cells are not checked, and that is said). A first row whose two cells
//! are language tags (`en<TAB>sv`, `en,pt-BR`) names the languages and is
//! not a unit; a tag there is `xx` or `xx-…` (two letters) or `xxx-…` with
//! a subtag, so a row of two short words is not taken for one. A row that
//! is only `# gloss-ignore [SLUG...]` silences the next row. TSV has no
//! quoting (a `"` is a character); CSV quotes by RFC 4180.

use super::source::{self, Locator};
use super::{Document, Ignore, Text, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    Tab,
    Comma,
}

/// Reads a TSV or CSV file.
pub(crate) fn read(bytes: &[u8], separator: Separator) -> Result<Document, String> {
    let text = source::utf8(bytes)?;
    let (delimiter, quoting) = match separator {
        Separator::Tab => (b'\t', false),
        Separator::Comma => (b',', true),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quoting)
        .from_reader(text.as_bytes());
    let mut locator = Locator::new(text);
    let mut document = Document::default();
    let mut wide_rows = 0usize;
    let mut pending = Ignore::Nothing;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, |p| p.line());
            format!("line {line}: not a readable row: {}", source::quoted(error))
        })?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        if index == 0 {
            if let Some((source_lang, target_lang)) = header(&record) {
                document.source_lang = Some(source_lang);
                document.target_lang = Some(target_lang);
                continue;
            }
        }
        // A row of one cell `# gloss-ignore [SLUG...]` silences the next row.
        let comment = record
            .get(0)
            .filter(|_| record.iter().skip(1).all(|cell| cell.trim().is_empty()))
            .and_then(|cell| cell.trim().strip_prefix('#'))
            .and_then(|rest| source::ignore_of(rest.trim()));
        if let Some(ignore) = comment {
            pending = source::join_ignore(std::mem::take(&mut pending), ignore);
            continue;
        }
        if record.len() > 2 {
            wide_rows += 1;
        }
        let mut cells = cells(text, start, &record, quoting, delimiter, &mut locator);
        let target = cells.get_mut(1).map(std::mem::take);
        let source = cells.into_iter().next();
        document.units.push(Unit {
            source,
            target: target.filter(|t| !t.as_str().trim().is_empty()),
            ignore: std::mem::take(&mut pending),
        });
    }
    if wide_rows > 0 {
        document.warnings.push(format!(
            "{wide_rows} row(s) with more than two cells: only the first two (source, target) are checked"
        ));
    }
    Ok(document)
}

/// The languages a header row names, if the first row is one.
fn header(record: &csv::StringRecord) -> Option<(String, String)> {
    if record.len() != 2 {
        return None;
    }
    let tag = |cell: &str| {
        let cell = cell.trim();
        let primary = cell.split(['-', '_']).next().unwrap_or_default();
        let has_subtag = cell.len() > primary.len();
        let shaped = primary.len() == 2 || (primary.len() == 3 && has_subtag);
        shaped
            .then(|| crate::model::lang::canonical(cell))
            .flatten()
    };
    Some((tag(&record[0])?, tag(&record[1])?))
}

/// The first two cells of a row with their places: the row starts at byte
/// `start` of `text`. The raw row is walked the way the crate reads it
/// (csv-core's states): a cell opening with a quote is quoted up to a lone
/// quote, a doubled quote inside being one character of the file's two;
/// whatever follows the closing quote up to the delimiter belongs to the
/// cell as written. Should the walk still not give back the cell the crate
/// read, the cell is placed at its start, its characters counted on.
fn cells(
    text: &str,
    start: usize,
    record: &csv::StringRecord,
    quoting: bool,
    delimiter: u8,
    locator: &mut Locator,
) -> Vec<Text> {
    let bytes = text.as_bytes();
    // The crate places a row after empty lines at the first of them.
    let blank = bytes.get(start..).map_or(0, |rest| {
        rest.iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count()
    });
    let mut at = start + blank;
    let mut cells = Vec::new();
    for field in record.iter().take(2) {
        let cell_start = at;
        let mut cell = Text::default();
        let mut run = at;
        let mut quoted = quoting && bytes.get(at) == Some(&b'"');
        if quoted {
            at += 1;
            run = at;
        }
        while let Some(&byte) = bytes.get(at) {
            if quoted && byte == b'"' {
                push_run(&mut cell, text, run, at, locator);
                if bytes.get(at + 1) == Some(&b'"') {
                    push_run(&mut cell, text, at, at + 1, locator);
                    at += 2;
                } else {
                    // The closing quote; the rest up to the delimiter is the cell's too.
                    quoted = false;
                    at += 1;
                }
                run = at;
            } else if !quoted && (byte == delimiter || byte == b'\n' || byte == b'\r') {
                break;
            } else {
                at += 1;
            }
        }
        push_run(&mut cell, text, run, at, locator);
        if cell.as_str() != field {
            cell = Text::default();
            let (line, column) = locator.at(cell_start);
            cell.push(&field.replace(['\n', '\r'], " "), line, column);
        }
        // Past the delimiter.
        if bytes.get(at) == Some(&delimiter) {
            at += 1;
        }
        cells.push(cell);
    }
    cells
}

/// Pushes `text[from..to]` (ASCII-delimited, so on character boundaries).
fn push_run(cell: &mut Text, text: &str, from: usize, to: usize, locator: &mut Locator) {
    if let Some(piece) = text.get(from..to).filter(|piece| !piece.is_empty()) {
        let (line, column) = locator.at(from);
        cell.push(piece, line, column);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &Text, needle: &str) -> (u32, u32) {
        text.position(text.as_str().find(needle).unwrap())
    }

    #[test]
    fn a_tsv_header_names_the_languages_and_cells_keep_places() {
        let document = read(
            "en\tpt_BR\nthe åå file\to arquivo\n\n\r\nfolder \"x\"\t\nonly source\n".as_bytes(),
            Separator::Tab,
        )
        .unwrap();
        assert_eq!(document.source_lang.as_deref(), Some("en"));
        assert_eq!(document.target_lang.as_deref(), Some("pt-BR"));
        assert_eq!(document.units.len(), 3);
        let first = &document.units[0];
        assert_eq!(place(first.source.as_ref().unwrap(), "file"), (2, 8));
        assert_eq!(place(first.target.as_ref().unwrap(), "arquivo"), (2, 15));
        assert_eq!(
            document.units[1].source.as_ref().unwrap().as_str(),
            "folder \"x\""
        );
        assert_eq!(document.units[1].target, None);
        assert_eq!(
            place(document.units[1].source.as_ref().unwrap(), "x"),
            (5, 9)
        );
        assert_eq!(
            place(document.units[2].source.as_ref().unwrap(), "source"),
            (6, 6)
        );
        assert!(document.warnings.is_empty());
    }

    #[test]
    fn quoted_csv_cells_map_back_into_the_quotes() {
        let file = "en,sv\n\"say \"\"file\"\", ok\",\"säg \"\"fil\"\"\nnu\"\nplain,x,extra\n";
        let document = read(file.as_bytes(), Separator::Comma).unwrap();
        let first = &document.units[0];
        let source = first.source.as_ref().unwrap();
        assert_eq!(source.as_str(), "say \"file\", ok");
        assert_eq!(place(source, "file"), (2, 8));
        assert_eq!(place(source, "ok"), (2, 16));
        let target = first.target.as_ref().unwrap();
        assert_eq!(target.as_str(), "säg \"fil\"\nnu");
        assert_eq!(place(target, "fil"), (2, 27));
        assert_eq!(place(target, "nu"), (3, 1));
        assert_eq!(
            place(document.units[1].target.as_ref().unwrap(), "x"),
            (4, 7)
        );
        assert_eq!(
            document.warnings,
            ["1 row(s) with more than two cells: only the first two (source, target) are checked"]
        );
    }

    #[test]
    fn text_after_a_closing_quote_is_the_cells_as_the_crate_reads_it() {
        let document = read("\"the\" file,\"x\"\"\"y\n".as_bytes(), Separator::Comma).unwrap();
        let source = document.units[0].source.as_ref().unwrap();
        assert_eq!(source.as_str(), "the file");
        assert_eq!(place(source, "file"), (1, 7));
        let target = document.units[0].target.as_ref().unwrap();
        assert_eq!(target.as_str(), "x\"y");
        assert_eq!(place(target, "y"), (1, 17));
    }

    #[test]
    fn a_gloss_ignore_row_silences_the_next_row() {
        let file = "en\tsv\n# gloss-ignore folder\t\nthe folder\tmappen\n#gloss-ignore\nfile\tfil\nkept\tkvar\n# a note\n";
        let document = read(file.as_bytes(), Separator::Tab).unwrap();
        let ignores: Vec<&Ignore> = document.units.iter().map(|u| &u.ignore).collect();
        assert_eq!(
            ignores,
            [
                &Ignore::Slugs(vec!["folder".into()]),
                &Ignore::All,
                &Ignore::Nothing,
                &Ignore::Nothing
            ]
        );
        assert_eq!(
            document.units[3].source.as_ref().unwrap().as_str(),
            "# a note"
        );
    }

    #[test]
    fn rows_of_short_words_are_not_a_header() {
        let document = read(b"sea\that\nfile\tfil\n", Separator::Tab).unwrap();
        assert_eq!(document.source_lang, None);
        assert_eq!(document.units.len(), 2);
    }

    #[test]
    fn binary_and_invalid_tables_are_refused() {
        assert!(read(b"a\tb\0", Separator::Tab)
            .unwrap_err()
            .starts_with("a binary file"));
        assert!(read(b"a,\xff", Separator::Comma)
            .unwrap_err()
            .starts_with("not valid UTF-8"));
        // An unclosed quote is read to the end, not an error, and not a panic.
        let document = read(b"\"open,x\n", Separator::Comma).unwrap();
        assert_eq!(document.units.len(), 1);
    }
}
