//! One article file (YAML front matter + markdown body) read into the one
//! `Article` model that every renderer consumes.

mod body;
mod front;
mod links;
#[cfg(test)]
mod tests;

pub use front::{
    front_matter, parse_yaml_map, split, yaml_message, KNOWN_KEYS, MAX_FRONT_MATTER_BYTES,
};
pub use links::is_slug;

use crate::model::text::sanitize;
use body::parse_body;
use front::front_matter_yaml;

/// What is wrong with an article file, and on which line when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleError {
    pub line: Option<usize>,
    pub message: String,
}

impl ArticleError {
    fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        ArticleError {
            line,
            message: message.into(),
        }
    }
}

/// The metadata an article declares between its `---` lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Other names of the term in this language; lookups find them as titles.
    pub aliases: Vec<String>,
    /// Terms not to use in this language (deprecated or forbidden rivals of
    /// the title): `--lint` reports them as errors.
    pub avoid: Vec<String>,
    /// Keys gloss does not know, with their line, kept for `--check`.
    pub unknown_keys: Vec<String>,
}

/// A glossary article, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub slug: String,
    pub lang: String,
    pub front: FrontMatter,
    pub sections: Vec<Section>,
}

/// A heading and what follows it up to the next heading. The text before the
/// first heading, if any, is a section without one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Span>),
    /// A list item, with its marker (`•` or `3.`) and nesting depth from 0.
    Item {
        marker: String,
        depth: usize,
        spans: Vec<Span>,
    },
    Quote(Vec<Span>),
    Code(String),
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    Plain,
    Emphasis,
    Strong,
    Code,
    /// A link to another glossary term, by slug.
    Term(String),
    /// A link out of the glossary.
    Url(String),
}

/// A glossary term an article links to, with the article's words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub slug: String,
    pub text: String,
}

impl Article {
    /// Every term the article links to, once each, in the order first linked.
    pub fn links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = Vec::new();
        // A set, not a scan of `links`: an article may link to thousands of terms.
        let mut seen = std::collections::HashSet::new();
        for span in self.spans() {
            if let Style::Term(slug) = &span.style {
                if seen.insert(slug.as_str()) {
                    links.push(Link {
                        slug: slug.clone(),
                        text: span.text.clone(),
                    });
                }
            }
        }
        links
    }

    /// Every web address the article links to, once each, in the order
    /// first linked, with the article's words for the first link to it.
    pub fn urls(&self) -> Vec<(&str, &str)> {
        // A set, not a scan of `urls`, as for `links`.
        let mut seen = std::collections::HashSet::new();
        let mut urls: Vec<(&str, &str)> = Vec::new();
        for span in self.spans() {
            if let Style::Url(url) = &span.style {
                if seen.insert(url.as_str()) {
                    urls.push((url, &span.text));
                }
            }
        }
        urls
    }

    /// The body as plain text: headings and blocks, one per line.
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        for section in &self.sections {
            for line in section
                .heading
                .iter()
                .cloned()
                .chain(section.blocks.iter().map(Block::plain_text))
            {
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    }

    fn spans(&self) -> impl Iterator<Item = &Span> {
        self.sections
            .iter()
            .flat_map(|section| &section.blocks)
            .flat_map(|block| match block {
                Block::Paragraph(spans) | Block::Quote(spans) | Block::Item { spans, .. } => {
                    spans.as_slice()
                }
                Block::Code(_) => &[],
            })
    }
}

impl Block {
    /// The block as plain text, links reduced to their words.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph(spans) | Block::Quote(spans) | Block::Item { spans, .. } => {
                spans.iter().map(|span| span.text.as_str()).collect()
            }
            Block::Code(code) => code.clone(),
        }
    }
}

/// Reads a whole article file. `text` may come from anywhere: control
/// characters are removed before anything else looks at it.
pub fn parse(slug: &str, lang: &str, text: &str) -> Result<Article, ArticleError> {
    let text = sanitize(text);
    let (yaml, body) = split(&text)?;
    let front = front_matter_yaml(yaml)?;
    Ok(with_front(slug, lang, front, body))
}

/// `parse`, with the front matter already known (from an index built from
/// this very text): only the body is parsed.
pub fn parse_with_front(
    slug: &str,
    lang: &str,
    text: &str,
    front: FrontMatter,
) -> Result<Article, ArticleError> {
    let text = sanitize(text);
    let (_, body) = split(&text)?;
    Ok(with_front(slug, lang, front, body))
}

/// An article from front matter already read (the embedded index keeps it)
/// and the markdown body. Control characters are dropped from every piece of
/// text the parser yields.
pub fn with_front(slug: &str, lang: &str, front: FrontMatter, body: &str) -> Article {
    let sections = parse_body(body, &front.title);
    Article {
        slug: slug.to_string(),
        lang: lang.to_string(),
        front,
        sections,
    }
}
