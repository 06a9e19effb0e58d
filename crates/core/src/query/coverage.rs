//! `--coverage`: how far each language is translated, and which
//! translations may be out of date (their structure differs from the term's
//! English article, or from most of its languages: `model::structure`).

use crate::model::lang;
use crate::model::records::{Cell, Records};
use crate::model::structure::{self, Drift, Structure};
use crate::store::glossary::Glossary;
use crate::store::parallel;

/// One term: its languages with their titles, and the ones that drifted.
struct Survey {
    slug: String,
    langs: Vec<(String, String)>,
    drifts: Vec<Drift>,
}

/// Every term, each article parsed once, on every core. Files that do not
/// parse are left out, as `--langs` leaves them out.
fn survey(glossary: &Glossary) -> Vec<Survey> {
    let slugs: Vec<&str> = glossary.terms("").map(|term| term.slug).collect();
    parallel::map(&slugs, |slug| {
        let mut langs = Vec::new();
        let mut shapes = Vec::new();
        for article in glossary.articles(slug) {
            if let Ok(parsed) = glossary.load(&article) {
                shapes.push((article.lang.clone(), Structure::of(&parsed)));
                langs.push((article.lang, article.title));
            }
        }
        Survey {
            slug: slug.to_string(),
            drifts: structure::drifts(&shapes),
            langs,
        }
    })
}

/// One row per language: articles, terms missing, percent translated, and
/// translations that may be outdated.
pub(crate) fn summary(glossary: &Glossary) -> Records<'static> {
    let terms = survey(glossary);
    let mut counts: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for term in &terms {
        for (lang, _) in &term.langs {
            counts.entry(lang.clone()).or_default().0 += 1;
        }
        for drift in &term.drifts {
            counts.entry(drift.lang.clone()).or_default().1 += 1;
        }
    }
    let total = terms.len() as u64;
    let rows = counts
        .into_iter()
        .map(|(lang, (articles, outdated))| {
            let percent = (articles as f64 * 1000.0 / total.max(1) as f64).round() / 10.0;
            vec![
                Cell::from(lang),
                Cell::from(articles),
                Cell::from(total - articles),
                Cell::from(percent),
                Cell::from(outdated),
            ]
        })
        .collect();
    Records::new(
        &["lang", "articles", "missing", "percent", "outdated"],
        5,
        rows,
    )
}

/// For each language in `wanted`: the terms that lack it (with a title in
/// the most preferred language they have) and its articles that may be
/// outdated, with the reason.
pub(crate) fn gaps(
    glossary: &Glossary,
    wanted: &[String],
    preferences: &[String],
) -> Records<'static> {
    let terms = survey(glossary);
    let mut rows = Vec::new();
    for lang in wanted {
        for term in &terms {
            let tags: Vec<&str> = term.langs.iter().map(|(tag, _)| tag.as_str()).collect();
            let row = match lang::best_serving(std::slice::from_ref(lang), &tags) {
                None => {
                    let pick = lang::best(preferences, &tags).unwrap_or(0);
                    let Some((other, title)) = term.langs.get(pick) else {
                        continue;
                    };
                    (
                        "missing",
                        title.clone(),
                        format!("no {lang} article (title: {other})"),
                    )
                }
                Some(at) => {
                    let (have, title) = &term.langs[at];
                    match term.drifts.iter().find(|drift| &drift.lang == have) {
                        Some(drift) => ("outdated", title.clone(), drift.reason.clone()),
                        None => continue,
                    }
                }
            };
            let (status, title, reason) = row;
            rows.push(vec![
                Cell::from(term.slug.clone()),
                Cell::from(lang.clone()),
                Cell::from(status),
                Cell::from(title),
                Cell::from(reason),
            ]);
        }
    }
    Records::new(&["slug", "lang", "status", "title", "reason"], 5, rows)
}
