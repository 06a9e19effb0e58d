//! What the server answers about a place in a document: the glossary term
//! there (hover: its article as markdown with its translations; go to
//! definition: its article's file), and the terms that complete the word
//! being typed.

use super::documents::{self, Document, Encoding};
use super::Server;
use crate::model::lang;
use crate::model::text;
use crate::query::matching::Terms;
use crate::query::{lookup, page};
use crate::render::{self, Format, Look};
use crate::store::glossary::{Glossary, Location, TitleAt};
use lsp_types as types;
use std::collections::HashMap;

/// Completion needs this many characters typed: fewer match too much.
const COMPLETE_FROM: usize = 3;
/// The most completions offered at once; the list says when there are more.
const MAX_COMPLETIONS: usize = 100;

/// What the server offers, in the position encoding agreed.
pub(super) fn capabilities(encoding: Encoding) -> types::ServerCapabilities {
    types::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(types::TextDocumentSyncCapability::Options(
            types::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(types::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(types::CompletionOptions::default()),
        definition_provider: Some(types::OneOf::Left(true)),
        code_action_provider: Some(types::CodeActionProviderCapability::Options(
            types::CodeActionOptions {
                code_action_kinds: Some(vec![types::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

/// What is built from the glossary once and kept until it changes: per
/// document language, every title and alias sorted by match key (so that
/// completing a prefix is a binary search, not a pass over every term),
/// and per set of languages the matcher's terms.
#[derive(Default)]
pub(super) struct Answers {
    tables: HashMap<String, Vec<Candidate>>,
    terms: HashMap<Vec<String>, Terms>,
}

impl Answers {
    /// Drops what was built from the glossary as it was.
    pub(super) fn forget(&mut self) {
        self.tables.clear();
        self.terms.clear();
    }

    /// The terms of these languages, built on first use.
    pub(super) fn terms(&mut self, glossary: &Glossary, langs: &[String]) -> &Terms {
        self.terms
            .entry(langs.to_vec())
            .or_insert_with(|| Terms::build(glossary, langs))
    }
}

struct Candidate {
    key: String,
    label: String,
    /// The title an alias stands for; `None` for a title.
    alias_of: Option<String>,
    /// Where the article's description is.
    at: TitleAt,
}

/// The article of the term under the cursor, as markdown.
pub(super) fn hover(
    server: &mut Server,
    params: types::HoverParams,
) -> Result<Option<types::Hover>, String> {
    let place = params.text_document_position_params;
    let Some(under) = term_under(server, &place)? else {
        return Ok(None);
    };
    let glossary = server.session.glossary();
    let Some(value) = article_markdown(
        glossary,
        &under.slug,
        &under.preferences,
        &server.preferences,
    ) else {
        return Ok(None);
    };
    Ok(Some(types::Hover {
        contents: types::HoverContents::Markup(types::MarkupContent {
            kind: types::MarkupKind::Markdown,
            value,
        }),
        range: Some(under.range),
    }))
}

/// The term under the cursor: its slug, where it stands, and the languages
/// its article is looked up in (the document's first).
struct Under {
    slug: String,
    range: types::Range,
    preferences: Vec<String>,
}

/// What hover and go to definition both ask first: which term is at
/// `place`, found with the shared matcher over the document's language.
fn term_under(
    server: &mut Server,
    place: &types::TextDocumentPositionParams,
) -> Result<Option<Under>, String> {
    let (_, lang) = server.document(&place.text_document.uri)?;
    server
        .answers
        .terms(server.session.glossary(), std::slice::from_ref(&lang));
    let (document, _) = server.document(&place.text_document.uri)?;
    let preferences = server.preferences_for(&lang);
    let offset = document.offset(place.position, server.encoding);
    let terms = &server.answers.terms[std::slice::from_ref(&lang)];
    Ok(
        term_at(terms, document, offset, &lang).map(|(start, end, slug)| Under {
            slug,
            range: document.range(start, end, server.encoding),
            preferences,
        }),
    )
}

/// The term's article in the first of `preferences` it has, as markdown,
/// and its titles in the languages the user prefers (`wanted`), as
/// `--translations` lists them.
fn article_markdown(
    glossary: &Glossary,
    slug: &str,
    preferences: &[String],
    wanted: &[String],
) -> Option<String> {
    let resolved = lookup::resolve(glossary, slug, &[], preferences).ok()?;
    let page = page::build(glossary, resolved, false).ok()?;
    let look = Look {
        color: false,
        hyperlinks: false,
        width: 80,
    };
    let mut markdown = render::render(&page, Format::Markdown, false, look);
    let shown = &page.article.lang;
    let translations: Vec<String> = glossary
        .articles(slug)
        .into_iter()
        .filter(|a| !a.is_broken() && &a.lang != shown)
        .filter(|a| wanted.iter().any(|w| lang::serves(w, &a.lang)))
        .map(|a| format!("- `{}` {}", a.lang, render::escape_markdown(&a.title)))
        .collect();
    if !translations.is_empty() {
        markdown.push_str("\n---\n\n");
        markdown.push_str(&translations.join("\n"));
        markdown.push('\n');
    }
    Some(markdown)
}

/// The glossary term at `offset` (the matcher's reading of the line that
/// holds it), with its byte range.
fn term_at(
    terms: &Terms,
    document: &Document,
    offset: usize,
    lang: &str,
) -> Option<(usize, usize, String)> {
    let (line_start, line_end) = document.line_around(offset);
    let line = &document.text[line_start..line_end];
    let at = offset - line_start;
    let found = terms.find(line, lang);
    let found = found.into_iter().find(|f| f.start <= at && at <= f.end)?;
    Some((line_start + found.start, line_start + found.end, found.slug))
}

/// Titles and aliases in the document's language that start with the word
/// before the cursor, once it has `COMPLETE_FROM` characters.
pub(super) fn complete(
    server: &mut Server,
    params: types::CompletionParams,
) -> Result<Option<types::CompletionResponse>, String> {
    let place = params.text_document_position;
    let (document, lang) = server.document(&place.text_document.uri)?;
    let offset = document.offset(place.position, server.encoding);
    let (line_start, _) = document.line_around(offset);
    let before = &document.text[line_start..offset];
    let typed_from = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '\'')
        .last()
        .map_or(offset, |(at, _)| line_start + at);
    let typed = &document.text[typed_from..offset];
    if typed.chars().count() < COMPLETE_FROM {
        return Ok(None);
    }
    let range = document.range(typed_from, offset, server.encoding);
    let key = text::match_key(typed);
    let glossary = server.session.glossary();
    let table = server
        .answers
        .tables
        .entry(lang.clone())
        .or_insert_with(|| table(glossary, &lang));
    let from = table.partition_point(|c| c.key.as_str() < key.as_str());
    let matching = table[from..].iter().take_while(|c| c.key.starts_with(&key));
    let description = glossary.row_reader(|index, row| index.description(row).to_string());
    let mut items = Vec::new();
    let mut more = false;
    for candidate in matching {
        if items.len() == MAX_COMPLETIONS {
            more = true;
            break;
        }
        items.push(types::CompletionItem {
            label: candidate.label.clone(),
            kind: Some(types::CompletionItemKind::TEXT),
            detail: candidate
                .alias_of
                .as_ref()
                .map(|title| format!("→ {title}")),
            documentation: Some(types::Documentation::String(description(candidate.at))),
            text_edit: Some(types::CompletionTextEdit::Edit(types::TextEdit {
                range,
                new_text: candidate.label.clone(),
            })),
            ..Default::default()
        });
    }
    Ok(Some(types::CompletionResponse::List(
        types::CompletionList {
            is_incomplete: more,
            items,
        },
    )))
}

/// Every title and alias of the articles in `lang` (the one of each term
/// that serves it best), sorted by match key.
fn table(glossary: &Glossary, lang: &str) -> Vec<Candidate> {
    let wanted = [lang.to_string()];
    let title = glossary.title_reader();
    let aliases = glossary.row_reader(|index, row| index.aliases(row));
    let mut table = Vec::new();
    for term in glossary.terms("") {
        let langs: Vec<&str> = term.langs.iter().map(|(l, _)| *l).collect();
        let Some(pick) = lang::best_serving(&wanted, &langs) else {
            continue;
        };
        let at = term.langs[pick].1;
        let shown = title(at).to_string();
        for alias in aliases(at) {
            table.push(Candidate {
                key: text::match_key(&alias),
                label: alias,
                alias_of: Some(shown.clone()),
                at,
            });
        }
        table.push(Candidate {
            key: text::match_key(&shown),
            label: shown,
            alias_of: None,
            at,
        });
    }
    table.sort_by(|a, b| a.key.cmp(&b.key));
    table
}

/// The file of the article of the term under the cursor, when it comes
/// from a folder. A bundled article has no file to open; none is offered.
pub(super) fn definition(
    server: &mut Server,
    params: types::GotoDefinitionParams,
) -> Result<Option<types::GotoDefinitionResponse>, String> {
    let place = params.text_document_position_params;
    let Some(under) = term_under(server, &place)? else {
        return Ok(None);
    };
    let glossary = server.session.glossary();
    let Ok(resolved) = lookup::resolve(glossary, &under.slug, &[], &under.preferences) else {
        return Ok(None);
    };
    let Location::File(path) = resolved.article.location else {
        return Ok(None);
    };
    let path = std::path::absolute(&path).unwrap_or(path);
    let uri: types::Uri = documents::path_uri(&path)
        .parse()
        .map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(Some(types::GotoDefinitionResponse::Scalar(
        types::Location {
            uri,
            range: types::Range::default(),
        },
    )))
}
