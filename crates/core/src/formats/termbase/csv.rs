//! CSV (RFC 4180, with a header row), written and read with the `csv`
//! crate: one row per article, `slug,lang,title,description`.

use super::{bad, Entry, Term};
use crate::model::error::Error;
use crate::model::lang;
use std::path::Path;

/// The header row gloss writes and reads.
const HEADER: [&str; 4] = ["slug", "lang", "title", "description"];

/// What starts a formula in a spreadsheet cell (the OWASP list): such a
/// cell is exported with a leading `'`, which spreadsheets read as "text",
/// so that a title like `=HYPERLINK(…)` is shown, not run.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: neutralised unless `raw` (a round trip through gloss).
fn cell(text: &str, raw: bool) -> std::borrow::Cow<'_, str> {
    if raw || !text.starts_with(FORMULA_STARTS) {
        return text.into();
    }
    format!("'{text}").into()
}

pub(crate) fn write(entries: &[Entry], raw: bool) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(HEADER);
    for entry in entries {
        let slug = entry.slug.as_deref().unwrap_or_default();
        for term in &entry.terms {
            let record = [slug, &term.lang, &term.title, &term.definition];
            let _ = writer.write_record(
                record
                    .map(|text| cell(text, raw))
                    .iter()
                    .map(|c| c.as_bytes()),
            );
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Reads rows of `lang,title` with optional `slug` and `description`
/// columns, in any order (the header names them). Rows with one slug are
/// one term; without a slug column, each row is a term of its own.
pub(crate) fn read(path: &Path, input: &mut dyn std::io::Read) -> Result<Vec<Entry>, Error> {
    let mut reader = csv::ReaderBuilder::new().from_reader(input);
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let (Some(lang_at), Some(title_at)) = (column("lang"), column("title")) else {
        return Err(bad(
            path,
            Some(1),
            "the header row needs 'lang' and 'title' columns (and may have 'slug', 'description')",
        ));
    };
    let slug_at = column("slug");
    let description_at = column("description");
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_slug: std::collections::HashMap<String, usize> = Default::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let field = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or("").trim();
        let tag = field(Some(lang_at));
        let lang = lang::canonical(tag).ok_or_else(|| {
            bad(
                path,
                Some(line),
                lang::not_a_tag(&crate::model::error::shown(tag)),
            )
        })?;
        let title = field(Some(title_at));
        if title.is_empty() {
            return Err(bad(path, Some(line), "the title is empty"));
        }
        let term = Term {
            lang,
            title: title.to_string(),
            definition: field(description_at).to_string(),
            ..Term::default()
        };
        let slug = field(slug_at);
        if entries.len() >= super::MAX_IMPORT_ENTRIES && !by_slug.contains_key(slug) {
            return Err(super::too_many(path, line));
        }
        if slug.is_empty() {
            entries.push(Entry {
                slug: None,
                line,
                terms: vec![term],
            });
            continue;
        }
        if !crate::model::article::is_slug(slug) {
            let message = format!(
                "slug '{}' is not one (lower-case words joined by '-')",
                crate::model::error::shown(slug)
            );
            return Err(bad(path, Some(line), message));
        }
        match by_slug.get(slug) {
            Some(&at) => entries[at].terms.push(term),
            None => {
                by_slug.insert(slug.to_string(), entries.len());
                entries.push(Entry {
                    slug: Some(slug.to_string()),
                    line,
                    terms: vec![term],
                });
            }
        }
    }
    Ok(entries)
}

fn csv_error(path: &Path, error: &csv::Error) -> Error {
    let line = error.position().map(|p| p.line() as usize);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("a row has {len} fields, the header {expected_len} (a quote not closed?)"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_string(),
        _ => format!("not valid CSV: {error}"),
    };
    bad(path, line, message)
}

/// Tab-separated, for flash-card apps: no header, one row per term with its
/// title in each of `langs` (empty where it has none) and then the
/// description in the first of them it has. Tabs and line breaks inside a
/// field become spaces, so every row is one line.
pub(crate) fn write_tsv(entries: &[Entry], langs: &[String], raw: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(Vec::new());
    let clean = |text: &str| cell(text, raw).replace(['\t', '\n', '\r'], " ");
    for entry in entries {
        let found: Vec<Option<&Term>> = langs
            .iter()
            .map(|wanted| entry.terms.iter().find(|t| lang::serves(wanted, &t.lang)))
            .collect();
        let Some(first) = found.iter().flatten().next() else {
            continue;
        };
        let mut row: Vec<String> = found
            .iter()
            .map(|term| term.map_or(String::new(), |t| clean(&t.title)))
            .collect();
        row.push(clean(&first.definition));
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
