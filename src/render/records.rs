//! Lists (terms, languages, translations, search hits) as aligned columns on
//! a terminal, tab-separated lines for scripts, or a JSON array.

use super::{Format, Look};
use anstyle::{AnsiColor, Style};
use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

/// Rows of named fields. The first `shown` fields are printed as columns;
/// JSON has them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    pub fields: Vec<&'static str>,
    pub shown: usize,
    pub rows: Vec<Vec<Value>>,
    /// On a terminal, a line of context under each row (search).
    pub snippets: Vec<Option<Snippet>>,
    /// Rows left out of a terminal listing.
    pub omitted: usize,
}

/// A line of article text around a match: words, each marked when it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub words: Vec<(String, bool)>,
    pub cut_before: bool,
    pub cut_after: bool,
}

const KEY: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));
const DIM: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));

impl Records {
    pub fn new(fields: &[&'static str], shown: usize, rows: Vec<Vec<Value>>) -> Records {
        Records {
            fields: fields.to_vec(),
            shown,
            rows,
            snippets: Vec::new(),
            omitted: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

pub fn render(records: &Records, format: Format, look: Look) -> String {
    match format {
        Format::Json => json(records),
        Format::Terminal => terminal(records, look),
        Format::Plain | Format::Markdown => plain(records),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::String(text) if text.contains(['\t', '\n']) => text.replace(['\t', '\n'], " "),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn plain(records: &Records) -> String {
    let mut out = String::new();
    for row in &records.rows {
        let cells: Vec<String> = row.iter().take(records.shown).map(cell).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

fn json(records: &Records) -> String {
    let array: Vec<Value> = records
        .rows
        .iter()
        .map(|row| {
            let object: Map<String, Value> = records
                .fields
                .iter()
                .zip(row)
                .map(|(field, value)| (field.to_string(), value.clone()))
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&array).unwrap_or_default();
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
    let cells: Vec<Vec<String>> = records
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
                text.clone()
            };
            out.push_str(&styled);
            if !last {
                out.push_str(&" ".repeat(widths[c] - text.width() + 2));
            }
        }
        out.push('\n');
        if let Some(Some(snippet)) = records.snippets.get(r) {
            out.push_str("    ");
            out.push_str(
                &snippet.render(|matched, word| paint(if matched { MATCH } else { DIM }, word)),
            );
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

impl Snippet {
    /// The words of `line` around its first matching word, as many as fit in
    /// `width` columns; `None` when no word matches.
    pub fn around(line: &str, matches: impl Fn(&str) -> bool, width: usize) -> Option<Snippet> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let hit = words.iter().position(|word| matches(word))?;
        let budget = width.saturating_sub(6).max(10);
        let fit = |word: &str| -> String {
            let mut out = String::new();
            for c in word.chars() {
                if (out.clone() + &c.to_string()).width() > budget {
                    break;
                }
                out.push(c);
            }
            out
        };
        let (mut start, mut end) = (hit, hit + 1);
        let mut used = words[hit].width().min(budget);
        loop {
            let grew_left = start > 0 && used + 1 + words[start - 1].width() <= budget;
            if grew_left {
                start -= 1;
                used += 1 + words[start].width();
            }
            let grew_right = end < words.len() && used + 1 + words[end].width() <= budget;
            if grew_right {
                used += 1 + words[end].width();
                end += 1;
            }
            if !grew_left && !grew_right {
                break;
            }
        }
        Some(Snippet {
            words: words[start..end]
                .iter()
                .map(|word| (fit(word), matches(word)))
                .collect(),
            cut_before: start > 0,
            cut_after: end < words.len(),
        })
    }

    /// The snippet as text, each run of matched or unmatched words painted once.
    fn render(&self, paint: impl Fn(bool, &str) -> String) -> String {
        let mut words: Vec<(&str, bool)> = Vec::new();
        if self.cut_before {
            words.push(("…", false));
        }
        words.extend(
            self.words
                .iter()
                .map(|(word, matched)| (word.as_str(), *matched)),
        );
        if self.cut_after {
            words.push(("…", false));
        }
        let mut out = String::new();
        for run in words.chunk_by(|a, b| a.1 == b.1) {
            if !out.is_empty() {
                out.push(' ');
            }
            let text: Vec<&str> = run.iter().map(|(word, _)| *word).collect();
            out.push_str(&paint(run[0].1, &text.join(" ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_centres_on_the_match() {
        let line = "one two three four five six seven eight nine ten";
        let snippet = Snippet::around(line, |w| w == "six", 26).unwrap();
        let words: Vec<&str> = snippet.words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["four", "five", "six", "seven"]);
        assert!(snippet.cut_before && snippet.cut_after);
        assert!(Snippet::around(line, |w| w == "zero", 26).is_none());
    }

    #[test]
    fn plain_is_tab_separated_and_json_has_every_field() {
        let records = Records::new(
            &["slug", "title", "lang"],
            2,
            vec![vec![
                Value::from("a"),
                Value::from("A\tb"),
                Value::from("en"),
            ]],
        );
        assert_eq!(plain(&records), "a\tA b\n");
        assert!(json(&records).contains("\"lang\": \"en\""));
    }
}
