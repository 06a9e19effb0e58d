//! The embedded bundle as a source: its index is fixed at build time, so
//! every question is answered from it and nothing is read from disk.

use super::{front_of, open, ArticleRef, Location};
use super::{Found, Source};
use crate::model::article::{Article, FrontMatter};
use crate::store::index::Index;
use crate::store::read::Problem;

/// The articles compiled into the binary.
pub(crate) struct Bundle;

impl Bundle {
    fn blob_index() -> Index<'static> {
        open(crate::store::bundle::blob())
    }
}

impl Source for Bundle {
    fn index(&self) -> Index<'_> {
        Self::blob_index()
    }

    fn full_index(&self) -> Index<'_> {
        Self::blob_index()
    }

    fn indexed_term(&self, slug: &str) -> bool {
        self.index().find_slug(slug).is_some()
    }

    fn articles(&self, slug: &str) -> Vec<Found> {
        let index = self.index();
        let Some(term) = index.find_slug(slug) else {
            return Vec::new();
        };
        index
            .articles(term)
            .map(|(row, a)| {
                (
                    a.lang.to_string(),
                    a.title.to_string(),
                    Location::Bundle(row),
                )
            })
            .collect()
    }

    /// Its front matter is in the index (validated at build time), so only
    /// the body is parsed.
    fn load(&self, article: &ArticleRef) -> Result<Article, Problem> {
        let row = bundle_row(article)?;
        let index = self.index();
        let front: FrontMatter = front_of(&index, row);
        Ok(crate::model::article::with_front(
            &article.slug,
            index.lang(row),
            front,
            &index.payload(row),
        ))
    }

    /// Written back out: front matter from the index, then the body, as the
    /// starting point for an override or a translation.
    fn text(&self, article: &ArticleRef) -> Result<String, Problem> {
        let row = bundle_row(article)?;
        let index = self.index();
        // A JSON string or list is valid YAML (flow style), with every
        // character that YAML would read specially escaped or quoted.
        let yaml = |value: serde_json::Value| value.to_string();
        let mut text = format!(
            "---\ntitle: {}\ndescription: {}\n",
            yaml(index.title(row).into()),
            yaml(index.description(row).into())
        );
        for (key, list) in [
            ("keywords", index.keywords(row)),
            ("aliases", index.aliases(row)),
            ("avoid", index.avoid(row)),
        ] {
            if !list.is_empty() {
                text.push_str(&format!("{key}: {}\n", yaml(list.into())));
            }
        }
        text.push_str("---\n\n");
        text.push_str(index.payload(row).trim_start_matches('\n'));
        Ok(text)
    }

    fn reopened(&self) -> Box<dyn Source> {
        Box::new(Bundle)
    }
}

/// The row a bundle article is at. The glossary hands a source only the
/// articles it located, so another location is a mistake upstream: an
/// error, not a panic.
fn bundle_row(article: &ArticleRef) -> Result<u32, Problem> {
    match &article.location {
        Location::Bundle(row) => Ok(*row),
        Location::File(path) => Err(Problem::new(path, None, "not an article of the bundle")),
    }
}
