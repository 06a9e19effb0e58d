//! Clean markdown: the article without its front matter, the title as `# `,
//! the description as an italic lead, every section under `## `. Text is
//! escaped and code fenced so that the markdown renders as the article did:
//! nothing in it can close a fence early or become live HTML.

use super::{aliases_line, labels, Page};
use crate::model::article::{Block, Span, Style};

pub fn page(page: &Page) -> String {
    let article = &page.article;
    let mut out = format!("# {}\n\n", escape(&article.front.title));
    if let Some(line) = aliases_line(page) {
        out.push_str(&format!("{}\n\n", escape(&line)));
    }
    out.push_str(&format!("*{}*\n", escape(&article.front.description)));
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            out.push_str(&format!("\n## {}\n", escape(heading)));
        }
        for block in &section.blocks {
            out.push('\n');
            out.push_str(&block_markdown(block));
            out.push('\n');
        }
    }
    if !page.referenced_by.is_empty() {
        let label = labels(&article.lang).referenced_by;
        out.push_str(&format!("\n## {}\n\n", escape(label)));
        for backlink in &page.referenced_by {
            let text = backlink.title.as_deref().unwrap_or(&backlink.slug);
            out.push_str(&format!("- [{}](/{})\n", escape(text), backlink.slug));
        }
    }
    out
}

fn block_markdown(block: &Block) -> String {
    match block {
        Block::Paragraph(spans) => escape_block_start(spans_markdown(spans)),
        Block::Quote(spans) => format!("> {}", escape_block_start(spans_markdown(spans))),
        Block::Item {
            marker,
            depth,
            spans,
        } => {
            let marker = if marker == "•" { "-" } else { marker };
            let text = escape_block_start(spans_markdown(spans));
            format!("{}{marker} {text}", "  ".repeat(*depth))
        }
        Block::Code(code) => {
            let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
            format!("{fence}\n{code}\n{fence}")
        }
    }
}

fn spans_markdown(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match &span.style {
            Style::Plain => escape(&span.text),
            Style::Emphasis => format!("*{}*", escape(&span.text)),
            Style::Strong => format!("**{}**", escape(&span.text)),
            Style::Code => inline_code(&span.text),
            Style::Term(slug) => format!("[{}](/{slug})", escape(&span.text)),
            Style::Url(url) => format!(
                "[{}](<{}>)",
                escape(&span.text),
                url.replace(['<', '>', '\n'], "")
            ),
        })
        .collect()
}

/// The longest run of backticks in `text`: a fence must be longer.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Inline code between backtick strings longer than any run inside, padded
/// with a space where the code itself starts or ends with a backtick.
fn inline_code(code: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(code) + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

/// A paragraph that would start a list, a thematic break or a setext
/// underline (`- x`, `1. x`, `+`, `=`) starts with an escaped character instead.
fn escape_block_start(text: String) -> String {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let starts_list = digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')'));
    if starts_list {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else if text.starts_with(['-', '+', '=']) {
        format!("\\{text}")
    } else {
        text
    }
}

/// Backslash-escapes the characters that would otherwise start markup,
/// HTML (`<`) and character references (`&`) included.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
