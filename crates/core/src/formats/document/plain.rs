//! Plain text as a document: one unit per paragraph (lines up to a blank
//! one), and a line after a `gloss-ignore` comment line a unit of its own,
//! silenced as the comment says.

use super::{ignore_line, source, Document, Ignore, Options, Text};

pub(crate) fn read(bytes: &[u8], _options: &Options) -> Result<Document, String> {
    let text = source::utf8(bytes)?;
    let mut document = Document::default();
    let mut paragraph = Text::default();
    let mut silence: Option<Ignore> = None;
    for (number, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let number = number as u32 + 1;
        if let Some(ignore) = silence.take() {
            flush(&mut document, &mut paragraph);
            let mut silenced = Text::default();
            silenced.push(line, number, 1);
            document.push_text(silenced, ignore);
            continue;
        }
        if let Some(ignore) = ignore_line(line) {
            flush(&mut document, &mut paragraph);
            silence = Some(ignore);
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut document, &mut paragraph);
            continue;
        }
        if !paragraph.is_empty() {
            paragraph.push("\n", number - 1, 1);
        }
        paragraph.push(line, number, 1);
    }
    flush(&mut document, &mut paragraph);
    Ok(document)
}

/// Ends the paragraph so far as a unit of its own.
fn flush(document: &mut Document, paragraph: &mut Text) {
    let text = std::mem::take(paragraph);
    document.push_text(text, Ignore::Nothing);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<(String, Ignore)> {
        read(text.as_bytes(), &Options::default())
            .unwrap()
            .units
            .into_iter()
            .map(|unit| (unit.target.unwrap().as_str().to_string(), unit.ignore))
            .collect()
    }

    #[test]
    fn paragraphs_are_units() {
        assert_eq!(
            units("one\r\ntwo\n\n\nthree\n"),
            [
                ("one\ntwo".to_string(), Ignore::Nothing),
                ("three".to_string(), Ignore::Nothing)
            ]
        );
    }

    #[test]
    fn a_comment_silences_the_next_line_only() {
        let found = units("before\n# gloss-ignore mapp\nen mapp\nafter\n");
        assert_eq!(
            found,
            [
                ("before".to_string(), Ignore::Nothing),
                ("en mapp".to_string(), Ignore::Slugs(vec!["mapp".into()])),
                ("after".to_string(), Ignore::Nothing),
            ]
        );
    }

    #[test]
    fn positions_are_lines_and_characters() {
        let document = read("\n\nåäö fil\nrad två".as_bytes(), &Options::default()).unwrap();
        let text = document.units[0].target.as_ref().unwrap();
        assert_eq!(text.position("åäö ".len()), (3, 5));
        assert_eq!(text.position("åäö fil\nrad ".len()), (4, 5));
    }
}
