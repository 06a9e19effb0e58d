//! What the `po` and `xliff` fuzz targets run (through the hidden hooks in
//! lib.rs): a reader must return a document or one line, never panic, and
//! every place it gives must be inside the file.

use super::{po, table, tmx, xliff, Document, Options, Text};

/// Arbitrary bytes as a PO file, for checking with and without `--fuzzy`.
pub(crate) fn po(data: &[u8]) {
    for fuzzy in [false, true] {
        check(data, po::read(data, &Options { fuzzy }));
    }
    if let Ok(catalog) = po::parse(data) {
        assert!(catalog
            .entries
            .iter()
            .all(|e| e.strings.len() <= po::MAX_PLURAL_FORMS));
    }
}

/// Arbitrary bytes as XLIFF, TMX, TSV and CSV.
pub(crate) fn xml(data: &[u8]) {
    check(data, xliff::read(data));
    check(data, tmx::read(data));
    check(data, table::read(data, table::Separator::Tab));
    check(data, table::read(data, table::Separator::Comma));
}

fn check(data: &[u8], result: Result<Document, String>) {
    let document = match result {
        Ok(document) => document,
        Err(message) => {
            assert!(
                !message.contains('\n'),
                "a message of more than one line: {message:?}"
            );
            return;
        }
    };
    for warning in &document.warnings {
        assert!(!warning.contains('\n'), "{warning:?}");
    }
    // Lines of the file as UTF-8 sees it: a transcoded PO file has as many.
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.split('\n').collect();
    let exact = std::str::from_utf8(data).is_ok();
    for unit in &document.units {
        for side in [&unit.source, &unit.target].into_iter().flatten() {
            places_are_inside(side, &lines, exact);
        }
    }
}

fn places_are_inside(text: &Text, lines: &[&str], exact: bool) {
    for (at, _) in text.as_str().char_indices().take(2000) {
        let (line, column) = text.position(at);
        assert!(line >= 1 && column >= 1, "({line}, {column})");
        let Some(file_line) = lines.get(line as usize - 1) else {
            panic!("line {line} of a file of {} lines", lines.len());
        };
        if exact {
            let length = file_line.chars().count() as u32;
            assert!(
                column <= length + 1,
                "column {column} of a line of {length}"
            );
        }
    }
}
