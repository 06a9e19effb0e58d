//! The terminal rendering: termimad lays out and wraps text to the width;
//! gloss hands it a document built from the `Article` model (never raw
//! markdown, so nothing an article contains is interpreted twice), with
//! links already reduced to styled words.

use super::{labels, Look, Page};
use crate::model::article::{Block, Span, Style};
use crate::model::text::layout_width;
use termimad::crossterm::style::{Attribute, Color};
use termimad::minimad::{Composite, CompositeStyle, Compound, Line, Text};
use termimad::{Alignment, CompoundStyle, FmtText, MadSkin};

pub fn page(page: &Page, look: Look) -> String {
    let article = &page.article;
    let mut lines = vec![
        composite(
            CompositeStyle::Header(1),
            vec![Compound::raw_str(&article.front.title)],
        ),
        composite(
            CompositeStyle::Paragraph,
            vec![Compound::raw_str(&article.front.description).italic()],
        ),
    ];
    for section in &article.sections {
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
    }
    let labels = labels(&article.lang);
    let missing = format!(" ({})", labels.missing);
    if !page.related.is_empty() {
        lines.push(blank());
        lines.push(composite(
            CompositeStyle::Header(2),
            vec![Compound::raw_str(labels.related)],
        ));
        for related in &page.related {
            let mut compounds = vec![
                Compound::raw_str(&related.slug).strikeout(),
                Compound::raw_str(" — "),
                Compound::raw_str(&related.text),
            ];
            if !related.in_glossary {
                compounds.push(Compound::raw_str(&missing).italic());
            }
            lines.push(composite(CompositeStyle::ListItem(1), compounds));
        }
    }
    format_text(lines, look)
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

fn format_text(lines: Vec<Line<'_>>, look: Look) -> String {
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
