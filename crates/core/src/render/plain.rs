//! Plain text for pipes and scripts: no escape codes, no link markup, one
//! paragraph per line so that `grep` finds whole sentences.

use super::{aliases_line, labels, Backlink, Page};
use crate::model::article::Block;

pub fn page(page: &Page) -> String {
    let article = &page.article;
    let mut out = format!("{}\n", article.front.title);
    if let Some(line) = aliases_line(page) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&article.front.description);
    out.push('\n');
    for section in &article.sections {
        out.push('\n');
        if let Some(heading) = &section.heading {
            out.push_str(heading);
            out.push('\n');
        }
        for block in &section.blocks {
            out.push_str(&block_line(block));
            out.push('\n');
        }
    }
    if !page.related.is_empty() {
        let labels = labels(&article.lang);
        out.push('\n');
        out.push_str(labels.related);
        out.push('\n');
        for related in &page.related {
            out.push_str(&format!("- {}: {}", related.slug, related.text));
            if !related.in_glossary {
                out.push_str(&format!(" ({})", labels.missing));
            }
            out.push('\n');
        }
    }
    if !page.referenced_by.is_empty() {
        out.push('\n');
        out.push_str(labels(&article.lang).referenced_by);
        out.push('\n');
        for backlink in &page.referenced_by {
            out.push_str(&format!("- {}\n", backlink_text(backlink)));
        }
    }
    out
}

/// A backlink as a list item shows it: `slug` or `slug: title`.
fn backlink_text(backlink: &Backlink) -> String {
    match &backlink.title {
        Some(title) => format!("{}: {title}", backlink.slug),
        None => backlink.slug.clone(),
    }
}

fn block_line(block: &Block) -> String {
    match block {
        Block::Item { marker, depth, .. } => {
            format!("{}{marker} {}", "  ".repeat(*depth), block.plain_text())
        }
        Block::Quote(_) => format!("> {}", block.plain_text()),
        Block::Paragraph(_) | Block::Code(_) => block.plain_text(),
    }
}
