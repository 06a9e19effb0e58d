//! One article file (YAML front matter + markdown body) read into the one
//! `Article` model that every renderer consumes.

use crate::model::text::{match_key, one_line, sanitize};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

/// Front matter deeper than this is not read: a file whose front matter is
/// longer is broken for every command alike (lookups, lists, completion).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Front-matter keys gloss understands; `--check` reports any other.
pub const KNOWN_KEYS: &[&str] = &["title", "description", "keywords", "aliases", "avoid"];

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

/// Reads only the front matter, for listing a folder without parsing bodies.
pub fn front_matter(text: &str) -> Result<FrontMatter, ArticleError> {
    let text = sanitize(text);
    let (yaml, _) = split(&text)?;
    front_matter_yaml(yaml)
}

/// Splits a file into its front matter and its body. The front matter opens
/// on the first line with `---` and closes with a `---` (or `...`) line.
pub fn split(text: &str) -> Result<(&str, &str), ArticleError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .ok_or_else(|| {
            ArticleError::new(
                Some(1),
                "no front matter: the file must start with a '---' line",
            )
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if offset > MAX_FRONT_MATTER_BYTES {
            break;
        }
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    let message = if offset > MAX_FRONT_MATTER_BYTES {
        format!("front matter is longer than the {MAX_FRONT_MATTER_BYTES}-byte limit")
    } else {
        "front matter is not closed: add a '---' line after it".to_string()
    };
    Err(ArticleError::new(Some(1), message))
}

fn front_matter_yaml(yaml: &str) -> Result<FrontMatter, ArticleError> {
    // Line 1 of the file is the opening `---`, so YAML line n is file line n + 1.
    let map: Map<String, Value> = if yaml.trim().is_empty() {
        Map::new()
    } else {
        parse_yaml_map(yaml)
            .map_err(|error| yaml_error(&error))?
            .unwrap_or_default()
    };
    let title = required_line(&map, "title")?;
    let description = required_line(&map, "description")?;
    let keywords = list_field(&map, "keywords")?;
    let aliases = list_field(&map, "aliases")?;
    let avoid = list_field(&map, "avoid")?;
    let unknown_keys = map
        .keys()
        .filter(|key| !KNOWN_KEYS.contains(&key.as_str()))
        .cloned()
        .collect();
    Ok(FrontMatter {
        title,
        description,
        keywords,
        aliases,
        avoid,
        unknown_keys,
    })
}

/// A list of one-line texts: a comma-separated string or a YAML list.
fn list_field(map: &Map<String, Value>, key: &str) -> Result<Vec<String>, ArticleError> {
    let items: Vec<String> = match map.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(list)) => list.split(',').map(one_line).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|k| one_line(&k))
            .collect(),
        Some(_) => {
            return Err(ArticleError::new(
                None,
                format!("'{key}' must be a string or a list"),
            ))
        }
    };
    Ok(items.into_iter().filter(|k| !k.is_empty()).collect())
}

/// Parses a YAML mapping (front matter, the config file) within a budget
/// sized for a few short keys: an "alias bomb" of a few hundred bytes would
/// otherwise expand to millions of nodes on every read of the file.
pub fn parse_yaml_map(yaml: &str) -> Result<Option<Map<String, Value>>, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_nodes: 10_000,
            max_aliases: 100,
            max_anchors: 100,
            max_recorded_anchor_events: 10_000,
            max_depth: 32,
        },
    };
    serde_saphyr::from_str_with_options(yaml, options)
}

fn yaml_error(error: &serde_saphyr::Error) -> ArticleError {
    let line = error.location().map(|at| at.line() as usize + 1);
    ArticleError::new(
        line,
        format!("invalid front matter: {}", yaml_message(error)),
    )
}

/// The parser's message without its snippet and its own location suffix,
/// which counts lines from the front matter rather than the file.
pub fn yaml_message(error: &serde_saphyr::Error) -> String {
    let message = error.without_snippet().to_string();
    if message.starts_with("budget breached") {
        return "too many nodes, aliases or levels (the YAML budget for front matter)".into();
    }
    let first = message.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.split(" at line ").next().unwrap_or(first);
    // Advice meant for the parser's caller, not for whoever wrote the file.
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    first.to_string()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn required_line(map: &Map<String, Value>, key: &str) -> Result<String, ArticleError> {
    let value = map
        .get(key)
        .and_then(scalar)
        .map(|v| one_line(&v))
        .unwrap_or_default();
    if value.is_empty() {
        return Err(ArticleError::new(
            None,
            format!("front matter has no '{key}' (a non-empty text is required)"),
        ));
    }
    Ok(value)
}

/// Markdown to sections. The leading `# Title` repeats the front-matter title
/// and is dropped so that no renderer prints the title twice.
fn parse_body(body: &str, title: &str) -> Vec<Section> {
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
fn trim_spans(spans: Vec<Span>) -> Vec<Span> {
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

/// `/hard-sell` (or a bare `hard-sell`) links to a term; anything with a
/// scheme, a dot or a deeper path leaves the glossary.
fn link_style(target: &str) -> Style {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let slug = path.strip_prefix('/').unwrap_or(path).trim_end_matches('/');
    if !target.starts_with("//") && is_slug(slug) {
        Style::Term(slug.to_string())
    } else {
        // Character references decode to anything (`&#27;`): a target is
        // text from the file like any other, and one line.
        Style::Url(one_line(target))
    }
}

/// A term's folder name: lower-case letters and digits (any script) in
/// words joined by single hyphens, at most 100 bytes.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() && !c.is_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "---\ntitle: Soft sell\ndescription: A gentle pitch.\nkeywords: Business, Marketing\n---\n\n# Soft sell\n## What is it?\n\nSee [hard sell](/hard-sell) and *more*.\n\n- one\n- [two](https://example.com)\n";

    #[test]
    fn parses_front_matter_and_sections() {
        let article = parse("soft-sell", "en", SAMPLE).unwrap();
        assert_eq!(article.front.title, "Soft sell");
        assert_eq!(article.front.keywords, ["Business", "Marketing"]);
        assert!(article.front.aliases.is_empty());
        let text = SAMPLE.replace(
            "keywords:",
            "aliases: [Gentle pitch, \"Low pressure\"]\nkeywords:",
        );
        let aliased = parse("soft-sell", "en", &text).unwrap();
        assert_eq!(aliased.front.aliases, ["Gentle pitch", "Low pressure"]);
        let text = SAMPLE.replace(
            "keywords:",
            "aliases: Gentle pitch, Low pressure\nkeywords:",
        );
        let aliased = parse("soft-sell", "en", &text).unwrap();
        assert_eq!(aliased.front.aliases, ["Gentle pitch", "Low pressure"]);
        assert_eq!(article.sections.len(), 1);
        assert_eq!(article.sections[0].heading.as_deref(), Some("What is it?"));
        assert_eq!(article.sections[0].blocks.len(), 3);
        assert_eq!(
            article.links(),
            [Link {
                slug: "hard-sell".into(),
                text: "hard sell".into()
            }]
        );
    }

    #[test]
    fn keywords_may_be_a_list() {
        let text = "---\ntitle: T\ndescription: D\nkeywords: [a, b]\nextra: 1\n---\n";
        let front = front_matter(text).unwrap();
        assert_eq!(front.keywords, ["a", "b"]);
        assert_eq!(front.unknown_keys, ["extra"]);
    }

    #[test]
    fn errors_name_the_problem_and_line() {
        assert_eq!(front_matter("# no front").unwrap_err().line, Some(1));
        let missing = front_matter("---\ntitle: T\n---\n").unwrap_err();
        assert!(missing.message.contains("'description'"), "{missing:?}");
        let bad = front_matter("---\ntitle: T\ndescription: [unclosed\n---\n").unwrap_err();
        assert!(bad.message.starts_with("invalid front matter"), "{bad:?}");
        assert!(bad.line.is_some_and(|line| line >= 3), "{bad:?}");
    }

    #[test]
    fn alias_bombs_and_duplicate_keys_are_named_plainly() {
        let mut bomb = String::from("---\ntitle: T\ndescription: D\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip("abcdefg".chars())
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        bomb.push_str("---\n");
        let error = front_matter(&bomb).unwrap_err();
        assert!(error.message.contains("YAML budget"), "{error:?}");
        let duplicate = front_matter("---\ntitle: A\ntitle: B\ndescription: D\n---\n");
        let message = duplicate.unwrap_err().message;
        assert_eq!(
            message,
            "invalid front matter: duplicate mapping key: title"
        );
    }

    #[test]
    fn whitespace_collapses_within_and_across_spans() {
        let span = |text: &str, style| Span {
            text: text.into(),
            style,
        };
        let spans = vec![
            span("  a \t\n b\u{3000}", Style::Plain),
            span(" c ", Style::Strong),
            span("\u{a0}d  ", Style::Plain),
        ];
        assert_eq!(
            trim_spans(spans),
            [
                span("a b ", Style::Plain),
                span("c ", Style::Strong),
                span("d", Style::Plain)
            ]
        );
        assert!(trim_spans(vec![span(" \n ", Style::Plain)]).is_empty());
    }

    #[test]
    fn slugs() {
        assert!(is_slug("soft-sell"));
        assert!(is_slug("e2e"));
        assert!(!is_slug("Soft-Sell"));
        assert!(!is_slug("../etc/passwd"));
        assert!(!is_slug("a--b"));
    }
}
