//! The ways into the glossary besides a lookup: every term, every language,
//! a term's translations, and full-text search. Each answers with records
//! that the list renderer prints as aligned text, TSV or JSON.

use crate::model::error::Error;
use crate::model::lang;
use crate::model::records::{Cell, Records, Snippet};
use crate::query::search::{self, Query};
use crate::query::snippet;
use crate::store::glossary::{ArticleRef, Glossary, TermLangs, TitleAt};

/// Most search hits shown with snippets on a terminal; piped output has all.
pub(crate) const TERMINAL_HITS: usize = 20;

/// Every term whose slug starts with `prefix`, with its title and that
/// title's language, the preferred one where the term has it (falling back as
/// lookups do), sorted by slug. An iterator: a list of 20,000 articles
/// streams through rather than standing in memory twice.
pub(crate) fn preferred_titles<'g>(
    glossary: &'g Glossary,
    preferences: &[String],
    prefix: &'g str,
) -> impl Iterator<Item = (&'g str, &'g str, &'g str)> + 'g {
    let title = glossary.title_reader();
    preferred(glossary, preferences, prefix)
        .map(move |(term, at, lang)| (term.slug, title(at), lang))
}

/// Every term whose slug starts with `prefix`, with the row of its article
/// in the preferred language and that language.
fn preferred<'g>(
    glossary: &'g Glossary,
    preferences: &[String],
    prefix: &'g str,
) -> impl Iterator<Item = (TermLangs<'g>, TitleAt, &'g str)> + 'g {
    let mut chooser = lang::Chooser::new(preferences, "en");
    glossary.terms(prefix).filter_map(move |term| {
        let pick = chooser.best(term.langs.iter().map(|(lang, _)| *lang));
        let (lang, at) = *term.langs.get(pick.unwrap_or(0))?;
        Some((term, at, lang))
    })
}

/// Every term with its title and description in the preferred language and
/// all its languages (`--list --long`): the records `--pick` shows, for
/// anyone building a picker of their own.
pub(crate) fn list_long<'g>(glossary: &'g Glossary, preferences: &[String]) -> Records<'g> {
    let read = glossary.row_reader(|index, row| (index.title(row), index.description(row)));
    let rows = preferred(glossary, preferences, "")
        .map(|(term, at, lang)| {
            let (title, description) = read(at);
            let langs: Vec<&str> = term.langs.iter().map(|(lang, _)| *lang).collect();
            vec![
                Cell::from(term.slug),
                Cell::from(title),
                Cell::from(description),
                Cell::from(langs.join(",")),
                Cell::from(lang),
            ]
        })
        .collect();
    Records::new(&["slug", "title", "description", "langs", "lang"], 4, rows)
}

/// Every term, `slug` and its title in the preferred language.
pub(crate) fn list<'g>(glossary: &'g Glossary, preferences: &[String]) -> Records<'g> {
    let rows = preferred_titles(glossary, preferences, "")
        .map(|(slug, title, lang)| vec![Cell::from(slug), Cell::from(title), Cell::from(lang)])
        .collect();
    Records::new(&["slug", "title", "lang"], 2, rows)
}

/// Every language with its number of articles, sorted by tag.
pub(crate) fn language_counts(glossary: &Glossary) -> Vec<(&str, u64)> {
    let mut counts: std::collections::BTreeMap<&str, u64> = Default::default();
    for term in glossary.terms("") {
        for (lang, _) in term.langs {
            *counts.entry(lang).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Every language with its number of articles.
pub(crate) fn langs(glossary: &Glossary) -> Records<'_> {
    let rows = language_counts(glossary)
        .into_iter()
        .map(|(lang, count)| vec![Cell::from(lang), Cell::from(count)])
        .collect();
    Records::new(&["lang", "articles"], 2, rows)
}

/// The languages of one term.
pub(crate) fn term_langs(glossary: &Glossary, slug: &str) -> Result<Records<'static>, Error> {
    let rows = readable_articles(glossary, slug)?
        .into_iter()
        .map(|article| vec![Cell::from(article.lang)])
        .collect();
    Ok(Records::new(&["lang"], 1, rows))
}

/// A term's title in every language it has.
pub(crate) fn translations(glossary: &Glossary, slug: &str) -> Result<Records<'static>, Error> {
    let rows = readable_articles(glossary, slug)?
        .into_iter()
        .map(|article| vec![Cell::from(article.lang), Cell::from(article.title)])
        .collect();
    Ok(Records::new(&["lang", "title"], 2, rows))
}

/// The articles of a term that parse, passing over broken ones. When none
/// does, the problem of the first: a term whose every file is broken is an
/// error naming the file (exit 2), as its lookup is, never an empty list.
fn readable_articles(glossary: &Glossary, slug: &str) -> Result<Vec<ArticleRef>, Error> {
    let (readable, broken): (Vec<ArticleRef>, Vec<ArticleRef>) = glossary
        .articles(slug)
        .into_iter()
        .partition(|article| !article.is_broken());
    if let (true, Some(first)) = (readable.is_empty(), broken.first()) {
        if let Err(problem) = glossary.load(first) {
            return Err(Error::Data(problem.to_string()));
        }
    }
    Ok(readable)
}

/// Full-text search; with `snippets`, the best hits carry a line of context
/// with the matched words marked. No hits is an error, worded for the user.
pub(crate) fn search<'g>(
    glossary: &'g Glossary,
    words: &str,
    langs: &[String],
    snippets: Option<usize>,
) -> Result<Records<'g>, Error> {
    let query = Query::parse(words)?;
    if query.is_empty() {
        return Err(Error::no_search_words());
    }
    let hits = search::search(glossary, &query, |lang| {
        langs.is_empty() || lang::best(langs, &[lang]).is_some()
    });
    if hits.is_empty() {
        return Err(Error::NoHits(words.to_string()));
    }
    let mut records = Records::new(
        &["slug", "lang", "title", "score"],
        3,
        hits.iter()
            .map(|hit| {
                vec![
                    Cell::from(hit.slug),
                    Cell::from(hit.lang),
                    Cell::from(hit.title),
                    Cell::from((hit.score * 1000.0).round() / 1000.0),
                ]
            })
            .collect(),
    );
    if let Some(width) = snippets {
        records.rows.truncate(TERMINAL_HITS);
        records.omitted = hits.len().saturating_sub(TERMINAL_HITS);
        records.snippets = hits
            .iter()
            .take(TERMINAL_HITS)
            .map(|hit| snippet(glossary, hit, &query, width))
            .collect();
    }
    Ok(records)
}

/// The config file and folders gloss reads, in precedence order, and whether each exists.
pub(crate) fn paths(
    config: Option<&std::path::Path>,
    folders: &[(crate::store::paths::Kind, std::path::PathBuf)],
    dictionaries: &[(String, std::path::PathBuf)],
) -> Records<'static> {
    let status = |path: &std::path::Path| if path.exists() { "exists" } else { "missing" };
    let mut rows = Vec::new();
    if let Some(config) = config {
        rows.push(vec![
            Cell::from("config file"),
            Cell::from(crate::model::text::one_line(&config.display().to_string())),
            Cell::from(status(config)),
        ]);
    }
    for (kind, path) in folders {
        rows.push(vec![
            Cell::from(kind.label()),
            Cell::from(crate::model::text::one_line(&path.display().to_string())),
            Cell::from(status(path)),
        ]);
    }
    for (label, path) in dictionaries {
        rows.push(vec![
            Cell::from(label.clone()),
            Cell::from(crate::model::text::one_line(&path.display().to_string())),
            Cell::from(status(path)),
        ]);
    }
    rows.push(vec![
        Cell::from("bundle"),
        Cell::from("(compiled in)"),
        Cell::from("exists"),
    ]);
    Records::new(&["kind", "path", "status"], 3, rows)
}

/// The stretch of the article, description first, that best shows why it matched.
fn snippet(glossary: &Glossary, hit: &search::Hit, query: &Query, width: usize) -> Option<Snippet> {
    let article = glossary.article_at(hit.layer, hit.row)?;
    let article = glossary.load(&article).ok()?;
    let text = format!("{}\n{}", article.front.description, article.plain_text());
    snippet::best(&text, query, width)
}
