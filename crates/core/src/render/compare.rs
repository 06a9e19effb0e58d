//! `--compare`: one term in several languages. On a terminal, side by side,
//! one column per language, section *n* of every column starting on the same
//! row; narrower than `MIN_COLUMN` per language, one after another. Piped,
//! each language's article in turn, every line prefixed with its language.

use super::terminal::{self, Parts};
use super::{json, markdown, plain, Format, Look, Page};
use crate::model::structure::Structure;
use crate::model::text::layout_width;
use unicode_width::UnicodeWidthStr;

/// Below this many columns per language, text wraps too often to read
/// across: the languages are stacked instead.
pub const MIN_COLUMN: usize = 30;

/// Between two columns.
const GAP: &str = " │ ";

pub fn render(pages: &[Page], format: Format, look: Look) -> String {
    match format {
        Format::Json | Format::Sarif => json::pages(pages),
        Format::Markdown => pages
            .iter()
            .map(|page| {
                let lang = &page.article.lang;
                format!("<!-- lang: {lang} -->\n{}", markdown::page(page))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Terminal => {
            let mut out = String::new();
            if let Some(note) = structure_note(pages) {
                out.push_str(&terminal::format_text(vec![terminal::note(&note)], look));
                out.push('\n');
            }
            out.push_str(&side_by_side(pages, look));
            out
        }
        // Plain, and any format without a comparison of its own.
        _ => pages
            .iter()
            .flat_map(|page| {
                let lang = &page.article.lang;
                plain::page(page)
                    .lines()
                    .map(|line| format!("{lang}\t{line}\n"))
                    .collect::<Vec<_>>()
            })
            .collect(),
    }
}

/// Says how the languages' structure differs (sections, links), if it does.
pub fn structure_note(pages: &[Page]) -> Option<String> {
    let shapes: Vec<(&str, Structure)> = pages
        .iter()
        .map(|page| (page.article.lang.as_str(), Structure::of(&page.article)))
        .collect();
    let mut differences = Vec::new();
    for (what, count) in [
        (
            "sections",
            (|s: &Structure| s.sections) as fn(&Structure) -> usize,
        ),
        ("links", |s: &Structure| s.links),
    ] {
        let first = shapes.first().map(|(_, s)| count(s));
        if shapes.iter().any(|(_, s)| Some(count(s)) != first) {
            let counts: Vec<String> = shapes
                .iter()
                .map(|(lang, s)| format!("{lang} {}", count(s)))
                .collect();
            differences.push(format!("{what}: {}", counts.join(", ")));
        }
    }
    (!differences.is_empty()).then(|| format!("the languages differ in {}", differences.join("; ")))
}

fn side_by_side(pages: &[Page], look: Look) -> String {
    let width = layout_width(look.width);
    let count = pages.len().max(1);
    let column = width.saturating_sub(GAP.width() * (count - 1)) / count;
    if count > 1 && column < MIN_COLUMN {
        return stacked(pages, look);
    }
    let look = Look {
        width: column,
        ..look
    };
    let sections = (pages.iter())
        .map(|page| page.article.sections.len())
        .max()
        .unwrap_or(0);
    let columns: Vec<Vec<Vec<String>>> = (pages.iter())
        .map(|page| groups(page, sections, look))
        .collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for group in 0..rows {
        let height = (columns.iter())
            .map(|groups| groups.get(group).map_or(0, Vec::len))
            .max()
            .unwrap_or(0);
        for row in 0..height {
            let mut line = String::new();
            for (c, groups) in columns.iter().enumerate() {
                let cell = groups.get(group).and_then(|g| g.get(row));
                let cell = cell.map_or(String::new(), |text| fit(text, column));
                if c > 0 {
                    line.push_str(GAP);
                }
                let pad = column.saturating_sub(visible_width(&cell));
                line.push_str(&cell);
                line.push_str(&" ".repeat(pad));
            }
            out.push_str(line.trim_end_matches(' '));
            out.push('\n');
        }
    }
    out
}

/// A page's lines in the groups that line up across columns: the label
/// and head, then one group per section, then the related terms. Sections
/// a page lacks (up to `sections`) are empty groups, so the related terms
/// of every column still start together.
fn groups(page: &Page, sections: usize, look: Look) -> Vec<Vec<String>> {
    let notes = terminal::notes(page);
    let Parts {
        head,
        sections: own,
        related,
    } = terminal::parts(page, &notes);
    let render = |lines| {
        let text = terminal::format_text(lines, look);
        text.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let mut groups = vec![render(
        std::iter::once(terminal::label(&page.article.lang))
            .chain(head)
            .collect(),
    )];
    let missing = sections.saturating_sub(own.len());
    groups.extend(own.into_iter().map(render));
    groups.extend(std::iter::repeat_n(Vec::new(), missing));
    let related = if related.is_empty() {
        Vec::new()
    } else {
        render(related)
    };
    groups.push(related);
    groups
}

/// One language after another, each under its label, at the full width.
fn stacked(pages: &[Page], look: Look) -> String {
    pages
        .iter()
        .map(|page| {
            let label = terminal::format_text(vec![terminal::label(&page.article.lang)], look);
            format!("{label}{}", terminal::page(page, look))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The columns a line takes on a terminal: escape sequences take none.
fn visible_width(line: &str) -> usize {
    strip_styles(line).width()
}

/// The text of a line without the SGR sequences gloss's styling added
/// (article text has had every escape removed when it was read).
fn strip_styles(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .strip_prefix('[')
            .and_then(|seq| seq.find(|c: char| c.is_ascii_alphabetic()).map(|i| i + 2))
            .unwrap_or(0);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A line that fits its column. The layout wraps at the column width, so
/// this only cuts what could not be wrapped; the cut line loses its style
/// rather than risk an unclosed one spilling into the next column.
fn fit(line: &str, column: usize) -> String {
    if visible_width(line) <= column {
        return line.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in strip_styles(line).chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > column {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_ignore_styles_and_count_wide_characters_twice() {
        assert_eq!(visible_width("\x1b[1;33m漢字\x1b[0m ab"), 7);
        assert_eq!(fit("\x1b[1m漢字漢字\x1b[0m", 5), "漢字");
        assert_eq!(fit("e\u{301}", 1), "e\u{301}");
    }
}
