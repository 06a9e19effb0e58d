//! The body: markdown read into sections of paragraphs, lists and code,
//! their spans styled and links told apart.

use super::links::link_style;
use super::{Block, Section, Span, Style};
use crate::model::text::{match_key, one_line, sanitize};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Markdown to sections. The leading `# Title` repeats the front-matter title
/// and is dropped so that no renderer prints the title twice.
pub(super) fn parse_body(body: &str, title: &str) -> Vec<Section> {
    let mut builder = BodyBuilder::default();
    let title_key = match_key(title);
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        builder.event(event, &title_key);
    }
    builder.finish()
}

#[derive(Default)]
struct BodyBuilder {
    sections: Vec<Section>,
    current: Section,
    spans: Vec<Span>,
    styles: Vec<Style>,
    in_heading: Option<HeadingLevel>,
    code: Option<String>,
    lists: Vec<Option<u64>>,
    quote_depth: usize,
    seen_block: bool,
}

impl BodyBuilder {
    fn event(&mut self, event: Event<'_>, title_key: &str) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag, title_key),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.push(&code, Style::Code),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.push(&math, Style::Code),
            // Raw HTML is not ours to interpret in a terminal; footnotes and
            // task markers are not enabled.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.in_heading = Some(level);
            }
            Tag::Emphasis => self.styles.push(Style::Emphasis),
            Tag::Strong => self.styles.push(Style::Strong),
            Tag::Link { dest_url, .. } => self.styles.push(link_style(&dest_url)),
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::List(start) => {
                self.flush_paragraph();
                self.lists.push(start);
            }
            Tag::Item => self.flush_paragraph(),
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                self.quote_depth += 1;
            }
            Tag::TableCell if !self.spans.is_empty() => self.text(" | "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, title_key: &str) {
        match tag {
            TagEnd::Heading(level) => self.end_heading(level, title_key),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                self.styles.pop();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.push_block(Block::Code(code.trim_end_matches('\n').to_string()));
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead => {
                self.flush_paragraph()
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_paragraph();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = &mut self.code {
            code.push_str(&sanitize(text));
            return;
        }
        let style = self.styles.last().cloned().unwrap_or(Style::Plain);
        self.push(text, style);
    }

    fn push(&mut self, text: &str, style: Style) {
        // Character references (`&#27;`) decode to control characters here.
        let text = &*sanitize(text);
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                style,
            }),
        }
    }

    fn end_heading(&mut self, level: HeadingLevel, title_key: &str) {
        self.in_heading = None;
        let heading: String = self.spans.drain(..).map(|span| span.text).collect();
        let heading = one_line(&heading);
        let repeats_title =
            level == HeadingLevel::H1 && !self.seen_block && match_key(&heading) == title_key;
        self.seen_block = true;
        if repeats_title {
            return;
        }
        let finished = std::mem::take(&mut self.current);
        if finished.heading.is_some() || !finished.blocks.is_empty() {
            self.sections.push(finished);
        }
        self.current.heading = Some(heading);
    }

    fn flush_paragraph(&mut self) {
        if self.in_heading.is_some() {
            return;
        }
        let spans = trim_spans(std::mem::take(&mut self.spans));
        if spans.is_empty() {
            return;
        }
        let block = if let Some(list) = self.lists.last() {
            let marker = match list {
                Some(start) => format!("{start}."),
                None => "•".to_string(),
            };
            if let Some(Some(start)) = self.lists.last_mut() {
                *start += 1;
            }
            Block::Item {
                marker,
                depth: self.lists.len() - 1,
                spans,
            }
        } else if self.quote_depth > 0 {
            Block::Quote(spans)
        } else {
            Block::Paragraph(spans)
        };
        self.push_block(block);
    }

    fn push_block(&mut self, block: Block) {
        self.seen_block = true;
        self.current.blocks.push(block);
    }

    fn finish(mut self) -> Vec<Section> {
        self.flush_paragraph();
        if self.current.heading.is_some() || !self.current.blocks.is_empty() {
            self.sections.push(self.current);
        }
        self.sections
    }
}

/// Collapses white-space runs and trims the ends of a paragraph.
pub(super) fn trim_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        let mut space = out.last().is_none_or(|s: &Span| s.text.ends_with(' '));
        let mut text = String::with_capacity(span.text.len());
        // Words are copied whole; each run of whitespace between them (an
        // empty piece of the split) becomes one space.
        for (i, word) in span.text.split(char::is_whitespace).enumerate() {
            if i > 0 && !space {
                text.push(' ');
                space = true;
            }
            if !word.is_empty() {
                text.push_str(word);
                space = false;
            }
        }
        span.text = text;
        if !span.text.is_empty() {
            out.push(span);
        }
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
        if last.text.is_empty() {
            out.pop();
        }
    }
    out
}
