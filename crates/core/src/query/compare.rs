//! Which pages `--compare` shows: the term a query names, in each language
//! asked for (or all it has), as the pages a single lookup would build.

use crate::model::error::Error;
use crate::model::lang;
use crate::model::page::Page;
use crate::query::lookup::{self, Resolved};
use crate::query::page;
use crate::store::glossary::Glossary;

/// The term's pages in `langs`, in that order; every language it has (in
/// tag order) when `langs` is empty. A language it lacks is the same error
/// as `--lang` gives.
pub(crate) fn pages(
    glossary: &Glossary,
    query: &str,
    langs: &[String],
    preferences: &[String],
) -> Result<Vec<Page>, Error> {
    let found = lookup::find_term(glossary, query, preferences)
        .ok_or_else(|| lookup::not_found(glossary, query))?;
    let all = glossary.articles(&found.slug);
    let available: Vec<String> = all.iter().map(|a| a.lang.clone()).collect();
    let picks: Vec<usize> =
        if langs.is_empty() {
            // Asked for everything, a broken file is passed over as lookups do.
            (0..all.len()).filter(|&i| !all[i].is_broken()).collect()
        } else {
            let mut picks = Vec::new();
            for wanted in langs {
                let pick = lang::best_serving(std::slice::from_ref(wanted), &available)
                    .ok_or_else(|| Error::NoLanguage {
                        slug: found.slug.clone(),
                        wanted: vec![wanted.clone()],
                        available: available.clone(),
                    })?;
                if !picks.contains(&pick) {
                    picks.push(pick);
                }
            }
            picks
        };
    picks
        .into_iter()
        .map(|pick| {
            page::build(
                glossary,
                Resolved {
                    article: all[pick].clone(),
                    langs: available.clone(),
                    note: None,
                },
                true,
            )
        })
        .collect()
}
