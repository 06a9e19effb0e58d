//! Markdown as a document: the text of each block (paragraph, heading,
//! list item, table cell) a unit, read by pulldown-cmark with the offsets
//! of its events. Code blocks, inline code, link targets and autolinks are
//! not text to check; an HTML comment `<!-- gloss-ignore ... -->` silences
//! the line after it.

use super::source::{self, Locator};
use super::{ignore_line, Document, Ignore, Options, Text};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;

pub(crate) fn read(bytes: &[u8], _options: &Options) -> Result<Document, String> {
    let text = source::utf8(bytes)?;
    let mut locator = Locator::new(text);
    let mut document = Document::default();
    let mut block = Block::default();
    // Lines a comment silences, with what it silences.
    let mut silenced: HashMap<u32, Ignore> = HashMap::new();
    // Inside a code block or an autolink: nothing to check.
    let (mut in_code, mut in_autolink) = (0usize, 0usize);
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                block.flush(&mut document);
                in_code += 1;
            }
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink += 1,
            Event::End(TagEnd::Link) if in_autolink > 0 => in_autolink -= 1,
            Event::Start(tag) if is_block(&tag) => block.flush(&mut document),
            Event::End(tag) if is_block_end(&tag) => block.flush(&mut document),
            Event::Text(text) if in_code == 0 && in_autolink == 0 => {
                let (line, column) = locator.at(range.start);
                block.push(&text, line, column, &silenced);
            }
            Event::SoftBreak | Event::HardBreak if in_code == 0 => {
                let (line, column) = locator.at(range.start);
                block.push("\n", line, column, &silenced);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(ignore) = ignore_line(&html) {
                    let (line, _) = locator.at(range.end.saturating_sub(1).max(range.start));
                    silenced.insert(line + 1, ignore);
                }
            }
            _ => {}
        }
    }
    block.flush(&mut document);
    Ok(document)
}

/// Tags whose start begins a new unit.
fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
    )
}

/// The text of the block being read, and apart from it the text of each
/// silenced line it holds.
#[derive(Default)]
struct Block {
    text: Text,
    silenced: Vec<(u32, Text, Ignore)>,
}

impl Block {
    fn push(&mut self, piece: &str, line: u32, column: u32, silenced: &HashMap<u32, Ignore>) {
        let Some(ignore) = silenced.get(&line) else {
            self.text.push(piece, line, column);
            return;
        };
        match self.silenced.iter_mut().find(|(l, _, _)| *l == line) {
            Some((_, text, _)) => text.push(piece, line, column),
            None => {
                let mut text = Text::default();
                text.push(piece, line, column);
                self.silenced.push((line, text, ignore.clone()));
            }
        }
    }

    fn flush(&mut self, document: &mut Document) {
        let text = std::mem::take(&mut self.text);
        let units = std::iter::once((text, Ignore::Nothing)).chain(
            self.silenced
                .drain(..)
                .map(|(_, text, ignore)| (text, ignore)),
        );
        for (text, ignore) in units {
            document.push_text(text, ignore);
        }
    }
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
    fn code_and_link_targets_are_not_text() {
        let found = units(
            "# Files\n\nOpen `file.txt` in [the folder](https://x.org/file).\n\n```\nfile\n```\n\n<https://file.org>\n",
        );
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Files", "Open  in the folder."]);
    }

    #[test]
    fn a_comment_silences_the_next_line() {
        let found = units("Para one\n<!-- gloss-ignore mapp -->\nen mapp\n\nlast\n");
        assert!(found.contains(&("en mapp".to_string(), Ignore::Slugs(vec!["mapp".into()]))));
        assert!(found.contains(&("last".to_string(), Ignore::Nothing)));
    }

    #[test]
    fn positions_point_into_the_file() {
        let document = read(
            "# Öl\n\n* åäö **fil** här\n".as_bytes(),
            &Options::default(),
        )
        .unwrap();
        let item = document.units[1].target.as_ref().unwrap();
        let at = item.as_str().find("fil").unwrap();
        assert_eq!(item.position(at), (3, 9));
    }
}
