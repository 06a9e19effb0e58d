//! The page around one article: the article itself, each term it links to
//! with whether the glossary has it, the terms linking to it, and the
//! languages of its term.

use crate::model::article::Article;
use crate::model::error::Error;
use crate::model::page::{Backlink, Page, Related, Source};
use crate::model::text::one_line;
use crate::query::lookup::Resolved;
use crate::store::glossary::{ArticleRef, Glossary, Location};
use crate::store::paths::Kind;

/// Loads the resolved article and builds its page. Without `backlinks`
/// (`--short`, which does not show them), folders' link indexes are not
/// read: finding the terms that link here lists every folder.
pub(crate) fn build(
    glossary: &Glossary,
    resolved: Resolved,
    backlinks: bool,
) -> Result<Page, Error> {
    let article = glossary
        .load(&resolved.article)
        .map_err(|problem| Error::Data(problem.to_string()))?;
    let source = source(glossary, &resolved.article);
    let mut page = around(glossary, article, resolved.langs, backlinks);
    page.source = Some(source);
    Ok(page)
}

/// Where an article came from: its layer and file.
pub(crate) fn source(glossary: &Glossary, article: &ArticleRef) -> Source {
    let layer = match glossary.kind(article.layer) {
        None => "bundle",
        Some(Kind::DataDir) => "data-dir",
        Some(Kind::Env) => "env",
        Some(Kind::Project) => "project",
        Some(Kind::Config) => "config",
        Some(Kind::User) => "user",
        // Dictionaries hold entries, never articles.
        Some(Kind::StarDictEnv | Kind::StarDictUser | Kind::SystemDictionaries) => "dictionary",
    };
    let path = match &article.location {
        Location::File(path) => Some(one_line(&path.display().to_string())),
        Location::Bundle(_) => None,
    };
    Source { layer, path }
}

/// The page around an article, loaded or read from anywhere (`--render`).
pub(crate) fn around(
    glossary: &Glossary,
    article: Article,
    langs: Vec<String>,
    with_backlinks: bool,
) -> Page {
    let related = article
        .links()
        .into_iter()
        .map(|link| Related {
            in_glossary: glossary.has_term(&link.slug),
            slug: link.slug,
            text: link.text,
        })
        .collect();
    let referenced_by = if with_backlinks {
        backlinks(glossary, &article.slug, &article.lang)
    } else {
        Vec::new()
    };
    Page {
        article,
        related,
        referenced_by,
        langs,
        source: None,
    }
}

/// The terms linking to `slug`, each with its title in `lang` if it has an
/// article there that parses (the indexes hold only those).
pub(crate) fn backlinks(glossary: &Glossary, slug: &str, lang: &str) -> Vec<Backlink> {
    glossary
        .backlinks(slug)
        .into_iter()
        .map(|from| Backlink {
            title: glossary.title_in(&from, lang),
            slug: from,
        })
        .collect()
}
