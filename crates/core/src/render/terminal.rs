//! The terminal rendering: termimad lays out and wraps text to the width;
//! gloss hands it a document built from the `Article` model (never raw
//! markdown, so nothing an article contains is interpreted twice), with
//! links already reduced to styled words.

use super::hyperlink;
use super::{aliases_line, labels, Look, Page};
use crate::model::article::{Block, Span, Style};
use crate::model::text::layout_width;
use termimad::crossterm::style::{Attribute, Color};
use termimad::minimad::{Composite, CompositeStyle, Compound, Line, Text};
use termimad::{Alignment, CompoundStyle, FmtText, MadSkin};

pub fn page(page: &Page, look: Look) -> String {
    let notes = notes(page);
    let parts = parts(page, &notes);
    let mut lines = parts.head;
    lines.extend(parts.sections.into_iter().flatten());
    lines.extend(parts.related);
    // An article a cloned repository brought says so: it may replace one
    // the user trusts, with different advice under the same name.
    let footer = page
        .source
        .as_ref()
        .filter(|source| source.layer == "project")
        .and_then(|source| source.path.as_deref())
        .map(|path| format!("From the project folder: {path}"));
    if let Some(footer) = &footer {
        lines.push(blank());
        lines.push(note(footer));
    }
    let text = format_text(lines, look);
    if look.hyperlinks && !notes.urls.is_empty() {
        link_urls(&text, &notes.urls, layout_width(look.width))
    } else {
        text
    }
}

/// A page in the pieces `--compare` lines up across languages: the title
/// and description, each section (opening with its blank line), and the
/// related terms (empty when there are none).
pub(super) struct Parts<'p> {
    pub(super) head: Vec<Line<'p>>,
    pub(super) sections: Vec<Vec<Line<'p>>>,
    pub(super) related: Vec<Line<'p>>,
}

/// Text gloss adds to a page in the page's language, owned apart from the
/// page because the laid-out lines borrow it.
pub(super) struct Notes {
    /// The mark after a related term the glossary lacks.
    missing: String,
    /// "Also: …", the term's other names, when it has any.
    aliases: Option<String>,
    /// Each web address the article links to, sanitised (that is also the
    /// text the hyperlinks are found by once termimad has laid the page
    /// out), with the article's words for it.
    urls: Vec<(String, String)>,
}

pub(super) fn notes(page: &Page) -> Notes {
    Notes {
        missing: format!(" ({})", labels(&page.article.lang).missing),
        aliases: aliases_line(page),
        urls: page
            .article
            .urls()
            .into_iter()
            .map(|(url, text)| (hyperlink::sanitize(url), text.to_string()))
            .collect(),
    }
}

pub(super) fn parts<'p>(page: &'p Page, notes: &'p Notes) -> Parts<'p> {
    let article = &page.article;
    let mut head = vec![composite(
        CompositeStyle::Header(1),
        vec![Compound::raw_str(&article.front.title)],
    )];
    if let Some(line) = &notes.aliases {
        head.push(composite(
            CompositeStyle::Paragraph,
            vec![Compound::raw_str(line)],
        ));
    }
    head.push(composite(
        CompositeStyle::Paragraph,
        vec![Compound::raw_str(&article.front.description).italic()],
    ));
    let mut sections = Vec::new();
    for section in &article.sections {
        let mut lines = Vec::new();
        if let Some(heading) = &section.heading {
            lines.push(blank());
            lines.push(composite(
                CompositeStyle::Header(2),
                vec![Compound::raw_str(heading)],
            ));
        }
        for block in &section.blocks {
            lines.push(blank());
            lines.extend(block_lines(block));
        }
        sections.push(lines);
    }
    let labels = labels(&article.lang);
    let mut related = Vec::new();
    if !page.related.is_empty() || !notes.urls.is_empty() {
        related.push(blank());
        related.push(composite(
            CompositeStyle::Header(2),
            vec![Compound::raw_str(labels.related)],
        ));
        for item in &page.related {
            let mut compounds = vec![
                Compound::raw_str(&item.slug).strikeout(),
                Compound::raw_str(" — "),
                Compound::raw_str(&item.text),
            ];
            if !item.in_glossary {
                compounds.push(Compound::raw_str(&notes.missing).italic());
            }
            related.push(composite(CompositeStyle::ListItem(1), compounds));
        }
        for (url, text) in &notes.urls {
            let mut compounds = Vec::new();
            if text != url {
                compounds.extend([Compound::raw_str(text), Compound::raw_str(" — ")]);
            }
            compounds.push(Compound::raw_str(url).strikeout());
            related.push(composite(CompositeStyle::ListItem(1), compounds));
        }
    }
    if !page.referenced_by.is_empty() {
        related.push(blank());
        related.push(composite(
            CompositeStyle::Header(2),
            vec![Compound::raw_str(labels.referenced_by)],
        ));
        // Styled as the related terms are: the slug to look up, then its title.
        for backlink in &page.referenced_by {
            let mut compounds = vec![Compound::raw_str(&backlink.slug).strikeout()];
            if let Some(title) = &backlink.title {
                compounds.push(Compound::raw_str(" — "));
                compounds.push(Compound::raw_str(title));
            }
            related.push(composite(CompositeStyle::ListItem(1), compounds));
        }
    }
    Parts {
        head,
        sections,
        related,
    }
}

/// A line in the style of a level-3 heading, for labels gloss adds.
pub(super) fn label(text: &str) -> Line<'_> {
    composite(CompositeStyle::Header(3), vec![Compound::raw_str(text)])
}

/// A remark of gloss's own, in italics.
pub(super) fn note(text: &str) -> Line<'_> {
    composite(
        CompositeStyle::Paragraph,
        vec![Compound::raw_str(text).italic()],
    )
}

/// The rendered page with each address in the related block made a
/// hyperlink. The addresses are the block's items, each at the end of its
/// item, so they are found from the bottom up, each above the last: one
/// pass over the lines however many addresses there are. An address wider
/// than a line is broken across lines and stays plain text; should one
/// that fits not be found, the search stops rather than rescan the page.
fn link_urls(text: &str, urls: &[(String, String)], width: usize) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut below = lines.len();
    // The list item's indent and bullet come before the address.
    let fits = |url: &str| url.len() + 4 <= width;
    for (url, _) in urls.iter().rev().filter(|(url, _)| fits(url)) {
        let found = (0..below)
            .rev()
            .find_map(|at| Some((at, hyperlink::link_in_line(&lines[at], url)?)));
        let Some((at, linked)) = found else {
            break;
        };
        lines[at] = linked;
        below = at;
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}

pub fn short(page: &Page, look: Look) -> String {
    let description = &page.article.front.description;
    format_text(
        vec![composite(
            CompositeStyle::Paragraph,
            vec![Compound::raw_str(description)],
        )],
        look,
    )
}

pub(super) fn format_text(lines: Vec<Line<'_>>, look: Look) -> String {
    let skin = skin(look.color);
    let width = layout_width(look.width);
    let text = FmtText::from_text(&skin, Text { lines }, Some(width));
    let rendered = text.to_string();
    // termimad pads some lines to the full width, and ends others with the
    // styled space it put between two words; trailing blanks only get in the
    // way of copying text out, and an underlined one shows.
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.lines() {
        out.push_str(trim_end(line));
        out.push('\n');
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// A rendered line without trailing blanks, plain or styled
/// (`ESC[3m ESC[0m`): the styling around them goes too.
fn trim_end(mut line: &str) -> &str {
    loop {
        let trimmed = line.trim_end_matches(' ');
        let Some(styled) = trimmed.strip_suffix(RESET) else {
            return trimmed;
        };
        let start = styled.rfind("\x1b[").unwrap_or(0);
        let blank = styled[start..]
            .split_once('m')
            .is_some_and(|(_, text)| text.bytes().all(|b| b == b' '));
        if !blank {
            return trimmed;
        }
        line = strip_styles(&styled[..start]);
    }
}

const RESET: &str = "\x1b[0m";

/// `line` without the style sequences it ends with, which style nothing
/// (a reset, which ends the styling of what comes before, stays).
fn strip_styles(mut line: &str) -> &str {
    while let Some(start) = line.rfind("\x1b[").filter(|&at| line[at..].ends_with('m')) {
        let sequence = &line[start + 2..line.len() - 1];
        let is_style = sequence.bytes().all(|b| b.is_ascii_digit() || b == b';');
        if !is_style || matches!(sequence, "" | "0") {
            break;
        }
        line = &line[..start];
    }
    line
}

fn block_lines(block: &Block) -> Vec<Line<'_>> {
    match block {
        Block::Paragraph(spans) => vec![composite(CompositeStyle::Paragraph, compounds(spans))],
        Block::Quote(spans) => vec![composite(CompositeStyle::Quote, compounds(spans))],
        Block::Item {
            marker,
            depth,
            spans,
        } => {
            let level = (*depth + 1).min(3) as u8;
            let style = match marker.strip_suffix('.').and_then(|n| n.parse().ok()) {
                Some(index) => CompositeStyle::OrderedListItem { level, index },
                None => CompositeStyle::ListItem(level),
            };
            vec![composite(style, compounds(spans))]
        }
        Block::Code(code) => code
            .lines()
            .map(|line| composite(CompositeStyle::Code, vec![Compound::raw_str(line)]))
            .collect(),
    }
}

/// Links are drawn with the skin's strikeout slot, restyled as a link: glossary
/// text has no use for strikeout, and termimad has no link style of its own.
fn compounds(spans: &[Span]) -> Vec<Compound<'_>> {
    spans
        .iter()
        .map(|span| {
            let compound = Compound::raw_str(&span.text);
            match span.style {
                Style::Plain => compound,
                Style::Emphasis => compound.italic(),
                Style::Strong => compound.bold(),
                Style::Code => compound.code(),
                Style::Term(_) | Style::Url(_) => compound.strikeout(),
            }
        })
        .collect()
}

fn composite(style: CompositeStyle, compounds: Vec<Compound<'_>>) -> Line<'_> {
    Line::Normal(Composite { style, compounds })
}

fn blank<'a>() -> Line<'a> {
    composite(CompositeStyle::Paragraph, Vec::new())
}

fn skin(color: bool) -> MadSkin {
    let mut skin = if color {
        MadSkin::default()
    } else {
        MadSkin::no_style()
    };
    for header in &mut skin.headers {
        header.align = Alignment::Left;
    }
    if color {
        skin.headers[0].compound_style =
            CompoundStyle::new(Some(Color::Yellow), None, Attribute::Bold.into());
        skin.headers[1].compound_style =
            CompoundStyle::new(Some(Color::Cyan), None, Attribute::Bold.into());
        skin.strikeout = CompoundStyle::new(Some(Color::Blue), None, Attribute::Underlined.into());
        skin.inline_code = CompoundStyle::new(Some(Color::Green), None, Default::default());
        skin.code_block.compound_style =
            CompoundStyle::new(Some(Color::Green), None, Default::default());
    } else {
        skin.strikeout = CompoundStyle::default();
    }
    skin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_blanks_go_with_their_styling() {
        let italic_space = "\x1b[3mword\x1b[0m\x1b[3m \x1b[0m";
        assert_eq!(trim_end(italic_space), "\x1b[3mword\x1b[0m");
        let link_space = "a \x1b[38;5;12m\x1b[4mlink\x1b[0m\x1b[38;5;12m\x1b[4m \x1b[0m  ";
        assert_eq!(trim_end(link_space), "a \x1b[38;5;12m\x1b[4mlink\x1b[0m");
        assert_eq!(trim_end("plain   "), "plain");
        assert_eq!(trim_end("\x1b[1mbold\x1b[0m"), "\x1b[1mbold\x1b[0m");
        assert_eq!(trim_end("\x1b[3m \x1b[0m"), "");
    }
}
