//! The glossary as one whole: the embedded bundle and, above it, the user's
//! folders, each a layer with its own index. A higher layer's article
//! replaces a lower one's for the same term and language.

use crate::article::Article;
use crate::check::{self, Problem};
use crate::index::{Index, KeyHit};
use std::borrow::Cow;
use std::path::PathBuf;

/// Where a layer's articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary; payloads are article texts.
    Bundle,
    /// A glossary folder; payloads are file paths.
    Folder(PathBuf),
}

/// One source of articles with its index.
pub struct Layer {
    pub origin: Origin,
    blob: Cow<'static, [u8]>,
}

impl Layer {
    pub fn new(origin: Origin, blob: Cow<'static, [u8]>) -> Self {
        Layer { origin, blob }
    }

    pub fn index(&self) -> Index<'_> {
        // Blobs are written by `index::write`; a damaged one reads as empty.
        Index::open(&self.blob)
            .unwrap_or_else(|| Index::open(EMPTY_INDEX.as_slice()).expect("valid"))
    }
}

static EMPTY_INDEX: std::sync::LazyLock<Vec<u8>> =
    std::sync::LazyLock::new(|| crate::index::write(Vec::new()));

/// One article of one term, located in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    pub layer: usize,
    pub row: u32,
    pub slug: String,
    pub lang: String,
    pub title: String,
}

/// A term and its title in each of its languages, sorted by language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermTitles {
    pub slug: String,
    pub titles: Vec<(String, String)>,
}

/// All layers, highest precedence first.
pub struct Glossary {
    layers: Vec<Layer>,
}

impl Glossary {
    pub fn new(layers: Vec<Layer>) -> Self {
        Glossary { layers }
    }

    /// Only the embedded bundle.
    pub fn embedded() -> Self {
        Glossary::new(vec![Layer::new(
            Origin::Bundle,
            Cow::Borrowed(crate::bundle::BUNDLE),
        )])
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The articles of `slug`, one per language, sorted by language.
    pub fn articles(&self, slug: &str) -> Vec<ArticleRef> {
        let mut found: Vec<ArticleRef> = Vec::new();
        for (layer, index) in self.indexes() {
            let Some(term) = index.find_slug(slug) else {
                continue;
            };
            for (row, article) in index.articles(term) {
                if !found.iter().any(|f| f.lang == article.lang) {
                    found.push(ArticleRef {
                        layer,
                        row,
                        slug: slug.to_string(),
                        lang: article.lang.to_string(),
                        title: article.title.to_string(),
                    });
                }
            }
        }
        found.sort_by(|a, b| a.lang.cmp(&b.lang));
        found
    }

    /// Every term of every layer, sorted by slug, each language from the
    /// highest layer that has it.
    pub fn terms(&self) -> Vec<TermTitles> {
        let mut terms: std::collections::BTreeMap<&str, Vec<(String, String)>> = Default::default();
        for (_, index) in self.indexes() {
            for term in 0..index.term_count() as u32 {
                let titles = terms.entry(index.term(term).slug).or_default();
                for (_, article) in index.articles(term) {
                    if !titles.iter().any(|(lang, _)| lang == article.lang) {
                        titles.push((article.lang.to_string(), article.title.to_string()));
                    }
                }
            }
        }
        terms
            .into_iter()
            .map(|(slug, mut titles)| {
                titles.sort();
                TermTitles {
                    slug: slug.to_string(),
                    titles,
                }
            })
            .collect()
    }

    pub fn has_term(&self, slug: &str) -> bool {
        self.indexes()
            .any(|(_, index)| index.find_slug(slug).is_some())
    }

    /// Terms (by slug) whose slug or title has this match key; with the
    /// article's language when the key was a title.
    pub fn find_key(&self, key: &str, folded: bool) -> Vec<(String, Option<String>)> {
        let mut hits = Vec::new();
        for (_, index) in self.indexes() {
            for KeyHit { term, article } in index.find_key(key, folded) {
                let slug = index.term(term).slug.to_string();
                let lang = article.map(|row| index.article(row).lang.to_string());
                if !hits.contains(&(slug.clone(), lang.clone())) {
                    hits.push((slug, lang));
                }
            }
        }
        hits
    }

    /// Every diacritic-folded match key with the slug it leads to, for suggestions.
    pub fn folded_keys(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.layers.iter().flat_map(|layer| {
            let index = layer.index();
            index
                .folded_keys()
                .map(move |(key, hit)| (key, index.term(hit.term).slug))
        })
    }

    /// The terms linking to `slug`, which has no article anywhere.
    pub fn linked_from(&self, slug: &str) -> Vec<String> {
        let mut from: Vec<String> = self
            .indexes()
            .flat_map(|(_, index)| {
                index
                    .linked_from(slug)
                    .into_iter()
                    .map(move |term| index.term(term).slug.to_string())
            })
            .collect();
        from.sort();
        from.dedup();
        from
    }

    /// Reads and parses an article.
    pub fn load(&self, article: &ArticleRef) -> Result<Article, Problem> {
        let layer = &self.layers[article.layer];
        let payload = layer.index().article(article.row).payload;
        let (path, text) = match &layer.origin {
            Origin::Bundle => (
                PathBuf::from(format!("<bundle>/{}/{}.md", article.slug, article.lang)),
                Cow::Borrowed(payload),
            ),
            Origin::Folder(_) => {
                let path = PathBuf::from(payload);
                let text = check::read_file(&path)?;
                (path, Cow::Owned(text))
            }
        };
        crate::article::parse(&article.slug, &article.lang, &text)
            .map_err(|error| Problem::from_article(&path, error))
    }

    fn indexes(&self) -> impl Iterator<Item = (usize, Index<'_>)> {
        self.layers
            .iter()
            .enumerate()
            .map(|(i, layer)| (i, layer.index()))
    }
}
