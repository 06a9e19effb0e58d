//! JSON for scripts: one object per page, a stable interface documented in
//! the README.

use super::Page;
use serde::Serialize;

#[derive(Serialize)]
struct JsonPage<'a> {
    slug: &'a str,
    lang: &'a str,
    title: &'a str,
    description: &'a str,
    keywords: &'a [String],
    aliases: &'a [String],
    avoid: &'a [String],
    sections: Vec<JsonSection<'a>>,
    related: Vec<JsonRelated<'a>>,
    langs: &'a [String],
    referenced_by: Vec<JsonBacklink<'a>>,
}

#[derive(Serialize)]
struct JsonBacklink<'a> {
    slug: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    heading: Option<&'a str>,
    text: String,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    slug: &'a str,
    text: &'a str,
    in_glossary: bool,
}

#[derive(Serialize)]
struct JsonShort<'a> {
    slug: &'a str,
    lang: &'a str,
    title: &'a str,
    description: &'a str,
}

pub fn page(page: &Page) -> String {
    to_json(&json_page(page))
}

/// Several pages (`--compare`) as an array of the objects `page` prints.
pub fn pages(pages: &[Page]) -> String {
    to_json(&pages.iter().map(json_page).collect::<Vec<_>>())
}

fn json_page(page: &Page) -> JsonPage<'_> {
    let article = &page.article;
    JsonPage {
        slug: &article.slug,
        lang: &article.lang,
        title: &article.front.title,
        description: &article.front.description,
        keywords: &article.front.keywords,
        aliases: &article.front.aliases,
        avoid: &article.front.avoid,
        sections: article
            .sections
            .iter()
            .map(|section| JsonSection {
                heading: section.heading.as_deref(),
                text: section
                    .blocks
                    .iter()
                    .map(|block| block.plain_text())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            })
            .collect(),
        related: page
            .related
            .iter()
            .map(|related| JsonRelated {
                slug: &related.slug,
                text: &related.text,
                in_glossary: related.in_glossary,
            })
            .collect(),
        langs: &page.langs,
        referenced_by: page
            .referenced_by
            .iter()
            .map(|backlink| JsonBacklink {
                slug: &backlink.slug,
                title: backlink.title.as_deref(),
            })
            .collect(),
    }
}

pub fn short(page: &Page) -> String {
    let article = &page.article;
    to_json(&JsonShort {
        slug: &article.slug,
        lang: &article.lang,
        title: &article.front.title,
        description: &article.front.description,
    })
}

fn to_json(value: &impl Serialize) -> String {
    // Serialising structs of strings and lists cannot fail.
    let mut line = serde_json::to_string_pretty(value).unwrap_or_default();
    line.push('\n');
    line
}
