//! Two-column tables, `.tsv` and `.csv`, read with the `csv` crate: each
//! row is a unit, the first cell its source, the second its target (more
//! cells are not checked, and that is said). A first row whose two cells
//! are language tags (`en<TAB>sv`, `en,pt-BR`) names the languages and is
//! not a unit; a tag there is `xx` or `xx-…` (two letters) or `xxx-…` with
//! a subtag, so a row of two short words is not taken for one. TSV has no
//! quoting (a `"` is a character); CSV quotes by RFC 4180.

use super::source::{self, Locator};
use super::{Document, Text, Unit};

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
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, |p| p.line());
            format!("line {line}: not a readable row: {error}")
        })?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        if index == 0 {
            if let Some((source_lang, target_lang)) = header(&record) {
                document.source_lang = Some(source_lang);
                document.target_lang = Some(target_lang);
                continue;
            }
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
            ..Unit::default()
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
/// `start` of `text`. A quoted cell's text starts after its quote and each
/// doubled quote inside is one character of the file's two. Should the
/// walk over the raw row not give back the cell the crate read (a row the
/// crate repaired), the cell is placed at its start as a whole.
fn cells(
    text: &str,
    start: usize,
    record: &csv::StringRecord,
    quoting: bool,
    delimiter: u8,
    locator: &mut Locator,
) -> Vec<Text> {
    let mut at = start;
    let mut cells = Vec::new();
    for field in record.iter().take(2) {
        let mut cell = Text::default();
        let opens_quote = text.as_bytes().get(at) == Some(&b'"');
        let cell_start = at;
        if quoting && opens_quote {
            let mut from = at + 1;
            while let Some(quote) = text.get(from..).and_then(|rest| rest.find('"')) {
                let quote = from + quote;
                let (line, column) = locator.at(from);
                cell.push(&text[from..quote], line, column);
                if text.as_bytes().get(quote + 1) == Some(&b'"') {
                    let (line, column) = locator.at(quote);
                    cell.push("\"", line, column);
                    from = quote + 2;
                } else {
                    from = quote + 1;
                    break;
                }
            }
            at = from;
        } else {
            let (line, column) = locator.at(at);
            cell.push(field, line, column);
            at += field.len();
        }
        if cell.as_str() != field {
            cell = Text::default();
            let (line, column) = locator.at(cell_start);
            cell.push(field, line, column);
        }
        // Past the delimiter (or whatever the crate read up to it).
        at = text
            .as_bytes()
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == delimiter || b == b'\n'))
            .map_or(text.len(), |offset| at + offset + 1);
        cells.push(cell);
    }
    cells
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
            "en\tpt_BR\nthe åå file\to arquivo\n\nfolder \"x\"\t\nonly source\n".as_bytes(),
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
            place(document.units[2].source.as_ref().unwrap(), "source"),
            (5, 6)
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
