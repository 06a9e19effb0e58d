//! Lists (terms, languages, translations, search hits) as aligned columns on
//! a terminal, tab-separated lines for scripts, or a JSON array.

use super::{Format, Look};
use crate::model::records::{Cell, Records, Snippet};
use anstyle::{AnsiColor, Style};
use serde::ser::{Serialize, Serializer};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

const KEY: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));
const DIM: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));

pub fn render(records: &Records, format: Format, look: Look) -> String {
    match format {
        Format::Json | Format::Sarif => json(records),
        Format::Terminal => terminal(records, look),
        // Markdown, and any format without lists of its own.
        _ => plain(records),
    }
}

/// A cell as one column of text: tabs and newlines would break the columns.
fn cell<'c>(value: &'c Cell<'_>) -> Cow<'c, str> {
    match value {
        Cell::Text(text) if memchr::memchr2(b'\t', b'\n', text.as_bytes()).is_some() => {
            Cow::Owned(text.replace(['\t', '\n'], " "))
        }
        Cell::Text(text) => Cow::Borrowed(text),
        Cell::Count(count) => Cow::Owned(count.to_string()),
        Cell::Score(score) => Cow::Owned(score.to_string()),
        Cell::List(cells) => {
            let parts: Vec<Cow<str>> = cells.iter().map(cell).collect();
            Cow::Owned(parts.join(", "))
        }
    }
}

/// One record as a JSON object, fields in order.
struct JsonRow<'r> {
    fields: &'r [&'static str],
    row: &'r [Cell<'r>],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.fields.iter().zip(self.row))
    }
}

fn plain(records: &Records) -> String {
    // Sized once: growing by doubling would touch half as many pages again,
    // a cost a list of 20,000 articles notices.
    let size: usize = (records.rows.iter())
        .flat_map(|row| row.iter().take(records.shown))
        .map(|value| match value {
            Cell::Text(text) => text.len() + 1,
            _ => 24,
        })
        .sum();
    let mut out = String::with_capacity(size);
    for row in &records.rows {
        for (i, value) in row.iter().take(records.shown).enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&cell(value));
        }
        out.push('\n');
    }
    out
}

fn json(records: &Records) -> String {
    let rows: Vec<JsonRow> = records
        .rows
        .iter()
        .map(|row| JsonRow {
            fields: &records.fields,
            row,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_default();
    out.push('\n');
    out
}

fn terminal(records: &Records, look: Look) -> String {
    let paint = |style: Style, text: &str| {
        if look.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let columns = records.shown;
    let cells: Vec<Vec<Cow<str>>> = records
        .rows
        .iter()
        .map(|row| row.iter().take(columns).map(cell).collect())
        .collect();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .map(|row| row.get(c).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (r, row) in cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let last = c + 1 == row.len();
            let styled = if c == 0 {
                paint(KEY, text)
            } else {
                text.to_string()
            };
            out.push_str(&styled);
            if !last {
                out.push_str(&" ".repeat(widths[c] - text.width() + 2));
            }
        }
        out.push('\n');
        if let Some(Some(snippet)) = records.snippets.get(r) {
            out.push_str("    ");
            out.push_str(&render_snippet(snippet, |matched, word| {
                paint(if matched { MATCH } else { DIM }, word)
            }));
            out.push('\n');
        }
    }
    if records.omitted > 0 {
        out.push_str(&paint(
            DIM,
            &format!("… {} more (pipe the output to see all)", records.omitted),
        ));
        out.push('\n');
    }
    out
}

/// The snippet as text, each run of marked or unmarked parts painted once.
fn render_snippet(snippet: &Snippet, paint: impl Fn(bool, &str) -> String) -> String {
    let ellipsis = |space_before| ("…", false, space_before);
    let mut parts: Vec<(&str, bool, bool)> = Vec::new();
    if snippet.cut_before {
        parts.push(ellipsis(false));
    }
    parts.extend(snippet.parts.iter().enumerate().map(|(i, part)| {
        let space_before = part.space_before || (i == 0 && snippet.cut_before);
        (part.text.as_str(), part.marked, space_before)
    }));
    if snippet.cut_after {
        parts.push(ellipsis(true));
    }
    let mut out = String::new();
    for run in parts.chunk_by(|a, b| a.1 == b.1) {
        // The space between two runs stays unpainted.
        if run[0].2 && !out.is_empty() {
            out.push(' ');
        }
        let mut text = String::new();
        for (i, &(part, _, space_before)) in run.iter().enumerate() {
            if i > 0 && space_before {
                text.push(' ');
            }
            text.push_str(part);
        }
        out.push_str(&paint(run[0].1, &text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_is_tab_separated_and_json_has_every_field() {
        let records = Records::new(
            &["slug", "title", "lang"],
            2,
            vec![vec![Cell::from("a"), Cell::from("A\tb"), Cell::from("en")]],
        );
        assert_eq!(plain(&records), "a\tA b\n");
        assert!(json(&records).contains("\"lang\": \"en\""));
    }

    #[test]
    fn a_list_is_a_json_array_and_one_column_of_text() {
        let list = Cell::List(vec![Cell::from("one"), Cell::from("two\tthree")]);
        let records = Records::new(&["lang", "sources"], 2, vec![vec![Cell::from("sv"), list]]);
        assert_eq!(plain(&records), "sv\tone, two three\n");
        let rows: serde_json::Value = serde_json::from_str(&json(&records)).unwrap();
        assert_eq!(rows[0]["sources"], serde_json::json!(["one", "two\tthree"]));
    }
}
