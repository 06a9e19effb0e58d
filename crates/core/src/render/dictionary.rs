//! Dictionary entries in every format, after the glossary's article when
//! the glossary has one: each under its dictionary's name (and languages),
//! the definition's lines as the dictionary set them (wrapped to the width
//! on a terminal), its cross references as related terms. In JSON the
//! entries are a `dictionary_entries` list beside the article's fields.

use super::{labels, render, Format, Look, Page};
use crate::model::dictionary::DictionaryEntry;
use crate::model::text::layout_width;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// The article's page (if the glossary has the term) and then the entries.
pub fn with_entries(
    page: Option<&Page>,
    term: &str,
    entries: &[DictionaryEntry],
    format: Format,
    short: bool,
    look: Look,
) -> String {
    let article = page.map(|page| render(page, format, short, look));
    if format == Format::Json {
        return json(article, term, entries, short);
    }
    let mut out = article.unwrap_or_default();
    for entry in entries {
        if !out.is_empty() && !short {
            out.push('\n');
        }
        out.push_str(&match format {
            Format::Terminal => terminal(entry, short, look),
            Format::Markdown => markdown(entry, short),
            _ => plain(entry, short),
        });
    }
    out
}

/// `freedict-eng-swe (en → sv)`: which dictionary, and its languages.
fn source_line(entry: &DictionaryEntry) -> String {
    let langs = match (&entry.headword_lang, &entry.definition_lang) {
        (Some(from), Some(to)) if from != to => format!(" ({from} → {to})"),
        (Some(lang), _) | (None, Some(lang)) => format!(" ({lang})"),
        (None, None) => String::new(),
    };
    match entry.title == entry.dictionary {
        true => format!("{}{langs}", entry.dictionary),
        false => format!("{}{langs}: {}", entry.dictionary, entry.title),
    }
}

/// The definition without the blank lines around it.
fn body(entry: &DictionaryEntry) -> &str {
    entry.text.trim_matches('\n').trim_end()
}

fn plain(entry: &DictionaryEntry, short: bool) -> String {
    if short {
        return format!("{}: {}\n", entry.headword, entry.first_line());
    }
    let mut out = format!(
        "{}\n[{}]\n\n{}\n",
        entry.headword,
        source_line(entry),
        body(entry)
    );
    related(entry, &mut out, |word, missing| {
        format!("- {word}{missing}\n")
    });
    out
}

fn markdown(entry: &DictionaryEntry, short: bool) -> String {
    if short {
        return format!("{}: {}\n", entry.headword, entry.first_line());
    }
    // The definition's own layout (FOLDOC indents it) is kept in a block,
    // which also keeps its characters from being read as markdown.
    let fence = if body(entry).contains("```") {
        "~~~~"
    } else {
        "```"
    };
    let mut out = format!(
        "## {}\n\n*{}*\n\n{fence}text\n{}\n{fence}\n",
        entry.headword,
        source_line(entry),
        body(entry)
    );
    related(entry, &mut out, |word, missing| {
        format!("- {word}{missing}\n")
    });
    out
}

fn terminal(entry: &DictionaryEntry, short: bool, look: Look) -> String {
    let style = |code: &str, text: &str| match look.color {
        true => format!("\x1b[{code}m{text}\x1b[0m"),
        false => text.to_string(),
    };
    if short {
        return format!("{}: {}\n", style("1", &entry.headword), entry.first_line());
    }
    let width = layout_width(look.width).max(20);
    let mut out = format!(
        "{}\n{}\n\n",
        style("1", &entry.headword),
        style("2", &source_line(entry))
    );
    for paragraph in paragraphs(body(entry)) {
        for piece in wrap(&paragraph, width) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    related(entry, &mut out, |word, missing| {
        format!("  • {}{}\n", style("4", word), style("2", missing))
    });
    out
}

/// The definition's lines joined into paragraphs, to be wrapped again:
/// dictionaries wrap their text for 70 or 80 columns, which a narrower
/// terminal would break a second time mid-sentence. A paragraph ends at a
/// blank line or a change of indentation, and a list item (`•`, `-`,
/// `1.`) starts one.
fn paragraphs(text: &str) -> Vec<String> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let item = |line: &str| {
        let line = line.trim_start();
        line.starts_with("• ")
            || line.starts_with("- ")
            || line.starts_with('[')
            || line.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())
            })
    };
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push(String::new());
            open = false;
            continue;
        }
        let continues =
            open && !item(line) && out.last().is_some_and(|last| indent(last) == indent(line));
        match continues {
            true => {
                let last = out.last_mut().expect("an open paragraph");
                last.push(' ');
                last.push_str(line.trim());
            }
            false => out.push(line.trim_end().to_string()),
        }
        open = true;
    }
    out
}

/// A line wrapped at word boundaries to `width` columns, continuation
/// lines indented as the line was; a word longer than the width stands
/// alone.
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.width() <= width {
        return vec![line.to_string()];
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut lines = Vec::new();
    let mut current = indent.clone();
    for word in line.split_whitespace() {
        let fits = current.trim().is_empty() || current.width() + 1 + word.width() <= width;
        if !fits {
            lines.push(std::mem::replace(&mut current, indent.clone()));
        }
        if !current.trim().is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

/// The related-terms list, each as `item` writes it.
fn related(entry: &DictionaryEntry, out: &mut String, item: impl Fn(&str, &str) -> String) {
    if entry.related.is_empty() {
        return;
    }
    // References name headwords: they are in the headwords' language.
    let labels = labels(entry.headword_lang.as_deref().unwrap_or("en"));
    out.push('\n');
    out.push_str(labels.related);
    out.push('\n');
    for related in &entry.related {
        let missing = match related.in_glossary {
            true => String::new(),
            false => format!(" ({})", labels.missing),
        };
        out.push_str(&item(&related.text, &missing));
    }
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    dictionary: &'a str,
    title: &'a str,
    headword_lang: Option<&'a str>,
    definition_lang: Option<&'a str>,
    headword: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_line: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    text: &'a str,
    in_glossary: bool,
}

/// The article's object with a `dictionary_entries` list added, or, for a
/// term only dictionaries have, `{"term": …, "dictionary_entries": […]}`.
fn json(article: Option<String>, term: &str, entries: &[DictionaryEntry], short: bool) -> String {
    let list: Vec<JsonEntry> = entries
        .iter()
        .map(|entry| JsonEntry {
            dictionary: &entry.dictionary,
            title: &entry.title,
            headword_lang: entry.headword_lang.as_deref(),
            definition_lang: entry.definition_lang.as_deref(),
            headword: &entry.headword,
            text: (!short).then(|| body(entry)),
            first_line: short.then(|| entry.first_line()),
            related: entry
                .related
                .iter()
                .map(|r| JsonRelated {
                    text: &r.text,
                    in_glossary: r.in_glossary,
                })
                .collect(),
        })
        .collect();
    let mut object = match article
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
    {
        Some(Ok(serde_json::Value::Object(object))) => object,
        _ => {
            let mut object = serde_json::Map::new();
            object.insert("term".into(), term.trim().into());
            object
        }
    };
    if !entries.is_empty() || article.is_none() {
        object.insert(
            "dictionary_entries".into(),
            serde_json::to_value(list).unwrap_or_default(),
        );
    }
    let mut text = serde_json::to_string_pretty(&object).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_join_until_a_blank_indent_or_item() {
        let text = "ADT\n\n   A kind of\n   abstraction.\n\n   1. First\n   2. Second\n      deeper\n• x\n• y";
        assert_eq!(
            paragraphs(text),
            [
                "ADT",
                "",
                "   A kind of abstraction.",
                "",
                "   1. First",
                "   2. Second",
                "      deeper",
                "• x",
                "• y"
            ]
        );
    }

    #[test]
    fn wraps_keeping_the_indent() {
        let lines = wrap("   one two three four", 12);
        assert_eq!(lines, ["   one two", "   three", "   four"]);
        assert_eq!(wrap("short", 80), ["short"]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
    }
}
