//! Clean markdown: the article without its front matter, the title as `# `,
//! the description as an italic lead, every section under `## `.

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
        Block::Paragraph(spans) => spans_markdown(spans),
        Block::Quote(spans) => format!("> {}", spans_markdown(spans)),
        Block::Item {
            marker,
            depth,
            spans,
        } => {
            let marker = if marker == "•" { "-" } else { marker };
            format!("{}{marker} {}", "  ".repeat(*depth), spans_markdown(spans))
        }
        Block::Code(code) => format!("```\n{code}\n```"),
    }
}

fn spans_markdown(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match &span.style {
            Style::Plain => escape(&span.text),
            Style::Emphasis => format!("*{}*", escape(&span.text)),
            Style::Strong => format!("**{}**", escape(&span.text)),
            Style::Code => format!("`{}`", span.text.replace('`', "")),
            Style::Term(slug) => format!("[{}](/{slug})", escape(&span.text)),
            Style::Url(url) => format!(
                "[{}](<{}>)",
                escape(&span.text),
                url.replace(['<', '>'], "")
            ),
        })
        .collect()
}

/// Backslash-escapes the characters that would otherwise start markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
