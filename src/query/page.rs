//! The page around one article: the article itself, each term it links to
//! with whether the glossary has it, and the languages of its term.

use crate::model::error::Error;
use crate::model::page::{Page, Related};
use crate::query::lookup::Resolved;
use crate::store::glossary::Glossary;

/// Loads the resolved article and builds its page.
pub(crate) fn build(glossary: &Glossary, resolved: Resolved) -> Result<Page, Error> {
    let article = glossary
        .load(&resolved.article)
        .map_err(|problem| Error::Data(problem.to_string()))?;
    let related = article
        .links()
        .into_iter()
        .map(|link| Related {
            in_glossary: glossary.has_term(&link.slug),
            slug: link.slug,
            text: link.text,
        })
        .collect();
    Ok(Page {
        article,
        related,
        langs: resolved.langs,
    })
}
