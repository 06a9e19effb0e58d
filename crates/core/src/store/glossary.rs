//! The glossary as one whole: the embedded bundle and, above it, the user's
//! folders, each a layer. A higher layer's article replaces a lower one's
//! for the same term and language. Folder layers are read lazily: a lookup
//! by slug touches only that term's folder, and a folder's index is built
//! only when a question needs it.

use crate::model::article::Article;
use crate::store::index::{Index, KeyHit};
use crate::store::paths::Kind as FolderKind;
use crate::store::read::Problem;
use crate::store::source::{self, Source};
pub(crate) use crate::store::source::{ArticleRef, Location};
use smallvec::SmallVec;
use std::path::PathBuf;

/// One layer of the glossary: a source of articles (`store/source/`).
pub(crate) struct Layer {
    source: Box<dyn Source>,
}

impl Layer {
    pub(crate) fn new(source: Box<dyn Source>) -> Self {
        Layer { source }
    }

    pub(crate) fn bundle() -> Self {
        Layer::new(Box::new(source::Bundle))
    }

    /// A folder; with `watch`, large ones are watched (`store::watch`).
    pub(crate) fn folder(root: PathBuf, watch: bool) -> Self {
        Layer::new(Box::new(source::Folder::new(root, watch)))
    }

    /// Titles and match keys.
    pub(crate) fn index(&self) -> Index<'_> {
        self.source.index()
    }

    /// Titles, match keys, search tokens and links.
    pub(crate) fn full_index(&self) -> Index<'_> {
        self.source.full_index()
    }
}

impl crate::store::check::Known for Glossary {
    fn has_term(&self, slug: &str) -> bool {
        Glossary::has_term(self, slug)
    }

    fn named(&self, key: &str) -> Vec<(String, Option<String>)> {
        self.find_key(key, false)
    }
}

/// A term and its languages, sorted, each with where its title is: lists of
/// thousands of terms decode only the one title per term they show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermLangs<'a> {
    pub(crate) slug: &'a str,
    /// Inline: a term has a handful of languages, and lists make thousands.
    pub(crate) langs: SmallVec<[(&'a str, TitleAt); 6]>,
}

/// An article's row in the index of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TitleAt {
    layer: usize,
    row: u32,
}

/// All layers, highest precedence first.
pub(crate) struct Glossary {
    layers: Vec<Layer>,
    /// Why each folder layer is read (the first `kinds.len()` layers), where known.
    kinds: Vec<FolderKind>,
}

impl Glossary {
    pub(crate) fn new(layers: Vec<Layer>) -> Self {
        Glossary {
            layers,
            kinds: Vec::new(),
        }
    }

    /// The same layers with nothing read yet, for a question asked after
    /// the folders may have changed (an editor closed): what this one read,
    /// and what the folder watcher told it, was true before.
    pub(crate) fn reopened(&self) -> Glossary {
        let layer = |layer: &Layer| Layer::new(layer.source.reopened());
        Glossary {
            layers: self.layers.iter().map(layer).collect(),
            kinds: self.kinds.clone(),
        }
    }

    /// Reopens the layers whose source changed since they read it (or may
    /// have), keeping what the others hold; returns the folders reopened.
    /// For a process that outlives one question (the language server):
    /// asked before it answers from what it read earlier.
    pub(crate) fn refresh(&mut self) -> Vec<PathBuf> {
        let mut reopened = Vec::new();
        for layer in &mut self.layers {
            if layer.source.stale() {
                reopened.extend(layer.source.root().map(PathBuf::from));
                *layer = Layer::new(layer.source.reopened());
            }
        }
        reopened
    }

    /// The given folders, highest precedence first, above the bundle.
    pub(crate) fn with_folders(folders: impl IntoIterator<Item = PathBuf>, watch: bool) -> Self {
        let mut layers: Vec<Layer> = folders
            .into_iter()
            .map(|root| Layer::folder(root, watch))
            .collect();
        layers.push(Layer::bundle());
        Glossary::new(layers)
    }

    /// Says why each folder layer is read, in order. The project folder's
    /// is confined to itself: an article file that is a link leading out of
    /// it is refused (it is written by others). Nor is it watched unless
    /// `watch_project`: a hostile `.gloss` of 100,000 terms would take that
    /// many of the user's inotify watches.
    pub(crate) fn with_kinds(mut self, kinds: &[FolderKind], watch_project: bool) -> Self {
        for (layer, kind) in self.layers.iter_mut().zip(kinds) {
            if *kind == FolderKind::Project && !watch_project {
                if let Some(root) = layer.source.root() {
                    *layer = Layer::folder(root.to_path_buf(), false);
                }
            }
        }
        self.kinds = kinds.to_vec();
        self
    }

    /// Why layer `layer` is read; `None` for the bundle (or where unknown).
    pub(crate) fn kind(&self, layer: usize) -> Option<FolderKind> {
        self.kinds.get(layer).copied()
    }

    /// Why `article` is not read, if it is a file of the project folder
    /// that lies outside it (through a link).
    pub(crate) fn escapes(&self, article: &ArticleRef) -> Option<Problem> {
        if self.kind(article.layer) != Some(FolderKind::Project) {
            return None;
        }
        let root = self.layers.get(article.layer)?.source.root()?;
        let Location::File(path) = &article.location else {
            return None;
        };
        let inside = std::fs::canonicalize(root)
            .ok()
            .zip(std::fs::canonicalize(path).ok())
            .is_some_and(|(root, file)| file.starts_with(root));
        let message = "is a link that leads out of the project folder; not read";
        (!inside).then(|| Problem::new(path, None, message))
    }

    /// The article a layer below `article`'s has for the same term and
    /// language: the one it replaces.
    pub(crate) fn overridden(&self, article: &ArticleRef) -> Option<ArticleRef> {
        let mut below = self.layers.iter().enumerate().skip(article.layer + 1);
        below.find_map(|(layer, below)| {
            let (lang, title, location) = below
                .source
                .articles(&article.slug)
                .into_iter()
                .find(|(lang, ..)| *lang == article.lang)?;
            Some(ArticleRef {
                layer,
                slug: article.slug.clone(),
                lang,
                title,
                location,
            })
        })
    }

    pub(crate) fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The same glossary with these dictionaries below its articles.
    pub(crate) fn with_sources(mut self, sources: Vec<Box<dyn Source>>) -> Self {
        self.layers.extend(sources.into_iter().map(Layer::new));
        self
    }

    /// Its dictionaries, in the order they were found. Dictionaries hold no
    /// articles: every other question here (terms, keys, search, links)
    /// answers from glossary articles only.
    pub(crate) fn dictionaries(&self) -> impl Iterator<Item = &source::Dictionary> {
        self.layers
            .iter()
            .filter_map(|layer| layer.source.dictionary())
    }

    /// The articles of `slug`, one per language, sorted by language.
    pub(crate) fn articles(&self, slug: &str) -> Vec<ArticleRef> {
        let mut found: Vec<ArticleRef> = Vec::new();
        // A set of the languages taken: a term may have thousands.
        let mut taken = std::collections::HashSet::new();
        for (layer, candidates) in self
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| (i, l.source.articles(slug)))
        {
            for (lang, title, location) in candidates {
                if taken.insert(lang.clone()) {
                    found.push(ArticleRef {
                        layer,
                        slug: slug.to_string(),
                        lang,
                        title,
                        location,
                    });
                }
            }
        }
        found.sort_by(|a, b| a.lang.cmp(&b.lang));
        found
    }

    /// Every term of every layer whose slug starts with `prefix`, sorted by
    /// slug, each language from the highest layer that has it. The bundle
    /// alone is read as it goes; layers are merged first.
    pub(crate) fn terms<'g>(
        &'g self,
        prefix: &'g str,
    ) -> Box<dyn Iterator<Item = TermLangs<'g>> + 'g> {
        if let [only] = self.layers.as_slice() {
            return Box::new(layer_terms(0, only.index(), prefix));
        }
        let mut terms: std::collections::BTreeMap<&str, SmallVec<[(&str, TitleAt); 6]>> =
            Default::default();
        for (number, layer) in self.layers.iter().enumerate() {
            for term in layer_terms(number, layer.index(), prefix) {
                terms.entry(term.slug).or_default().extend(term.langs);
            }
        }
        Box::new(terms.into_iter().map(|(slug, mut langs)| {
            // By language, and for one language the highest layer first
            // (`TitleAt` orders by layer), which is the one kept: sorting,
            // not a scan per language, as a term may have thousands.
            langs.sort_unstable();
            langs.dedup_by(|later, first| later.0 == first.0);
            TermLangs { slug, langs }
        }))
    }

    /// Reads the titles of articles `terms` listed, opening each layer's
    /// index once for all of them.
    pub(crate) fn title_reader<'g>(&'g self) -> impl Fn(TitleAt) -> &'g str + 'g {
        self.row_reader(|index, row| index.title(row))
    }

    /// Reads what `read` takes from the rows `terms` listed, opening each
    /// layer's index once for all of them.
    pub(crate) fn row_reader<'g, T>(
        &'g self,
        read: impl Fn(Index<'g>, u32) -> T + 'g,
    ) -> impl Fn(TitleAt) -> T + 'g {
        let indexes: Vec<Index> = self.layers.iter().map(Layer::index).collect();
        move |at| read(indexes[at.layer], at.row)
    }

    /// Whether a layer above `layer` has its own article for this term and
    /// language, hiding the one in `layer`. Asks the full indexes, which a
    /// search has built already, so no file is read per hit.
    pub(crate) fn shadowed(&self, slug: &str, lang: &str, layer: usize) -> bool {
        self.layers[..layer.min(self.layers.len())]
            .iter()
            .any(|above| {
                let index = above.full_index();
                index
                    .find_slug(slug)
                    .is_some_and(|term| index.articles(term).any(|(_, a)| a.lang == lang))
            })
    }

    /// A folder of this term that exists but cannot be read: the term may be
    /// there, so "not found" would mislead.
    pub(crate) fn unreadable_term(&self, slug: &str) -> Option<Problem> {
        self.layers
            .iter()
            .find_map(|layer| layer.source.unreadable_term(slug))
    }

    pub(crate) fn has_term(&self, slug: &str) -> bool {
        // Current indexes first: asking a folder's files costs a directory
        // read. An index lacks terms whose every file is broken, so only the
        // sources themselves can say no.
        self.layers
            .iter()
            .any(|layer| layer.source.indexed_term(slug))
            || self
                .layers
                .iter()
                .any(|layer| layer.source.has_term_uncached(slug))
    }

    /// Terms (by slug) whose slug or title has this match key; with the
    /// article's language when the key was a title.
    pub(crate) fn find_key(&self, key: &str, folded: bool) -> Vec<(String, Option<String>)> {
        let mut hits = Vec::new();
        // A set of the hits so far: a hostile folder may give thousands of
        // terms one title.
        let mut seen = std::collections::HashSet::new();
        for (_, index) in self.indexes() {
            for KeyHit { term, article } in index.find_key(key, folded) {
                let slug = index.term(term).slug.to_string();
                let lang = article.map(|row| index.article(row).lang.to_string());
                if seen.insert((slug.clone(), lang.clone())) {
                    hits.push((slug, lang));
                }
            }
        }
        hits
    }

    /// Aliases whose match keys start with `prefix`, each with its term's
    /// slug, sorted and each once.
    pub(crate) fn aliases_from(&self, prefix: &str) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = self
            .indexes()
            .flat_map(|(_, index)| {
                index
                    .aliases_from(prefix)
                    .into_iter()
                    .map(move |(key, term)| (key, index.slug(term).to_string()))
            })
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// The terms whose shown articles link to `slug`, sorted, each once: a
    /// link in an article that a layer above replaces is no longer there.
    /// Reads each layer's full index (cached for folders).
    pub(crate) fn backlinks(&self, slug: &str) -> Vec<String> {
        let mut from = Vec::new();
        for (number, layer) in self.layers.iter().enumerate() {
            let index = layer.full_index();
            for row in index.linking_articles(slug) {
                let article = index.article(row);
                let term = index.slug(article.term);
                if term != slug && !self.shadowed(term, article.lang, number) {
                    from.push(term.to_string());
                }
            }
        }
        from.sort();
        from.dedup();
        from
    }

    /// The title of `slug`'s article in `lang`, from the highest layer that
    /// has one, read from the full indexes `backlinks` has opened: no file
    /// is read per referring term.
    pub(crate) fn title_in(&self, slug: &str, lang: &str) -> Option<String> {
        self.layers.iter().find_map(|layer| {
            let index = layer.full_index();
            let term = index.find_slug(slug)?;
            // Only the title asked for is decoded.
            let row = index
                .article_range(term)
                .find(|&row| index.lang(row) == lang);
            row.map(|row| index.title(row).to_string())
        })
    }

    /// The article a row of layer `layer`'s full index names (a search hit),
    /// located without asking the layers above.
    pub(crate) fn article_at(&self, layer: usize, row: u32) -> Option<ArticleRef> {
        let source = self.layers.get(layer)?;
        let index = source.full_index();
        let record = index.article(row);
        let slug = index.term(record.term).slug;
        let (lang, title, location) = source
            .source
            .articles(slug)
            .into_iter()
            .find(|(lang, _, _)| lang == record.lang)?;
        Some(ArticleRef {
            layer,
            slug: slug.to_string(),
            lang,
            title,
            location,
        })
    }

    /// Reads and parses an article.
    pub(crate) fn load(&self, article: &ArticleRef) -> Result<Article, Problem> {
        if let Some(problem) = self.escapes(article) {
            return Err(problem);
        }
        self.layer_of(article)?.source.load(article)
    }

    /// An article's file as text: a folder's file as it is, a bundled one
    /// written back out (front matter from the index, then the body), as the
    /// starting point for an override or a translation.
    pub(crate) fn source(&self, article: &ArticleRef) -> Result<String, Problem> {
        self.layer_of(article)?.source.text(article)
    }

    fn layer_of(&self, article: &ArticleRef) -> Result<&Layer, Problem> {
        self.layers.get(article.layer).ok_or_else(|| {
            Problem::new(
                std::path::Path::new(&article.slug),
                None,
                "names a layer the glossary does not have",
            )
        })
    }

    fn indexes(&self) -> impl Iterator<Item = (usize, Index<'_>)> {
        self.layers
            .iter()
            .enumerate()
            .map(|(i, layer)| (i, layer.index()))
    }
}

/// The terms of one layer whose slugs start with `prefix`, in slug order as
/// its index keeps them (so they are found by binary search).
fn layer_terms<'a>(
    layer: usize,
    index: Index<'a>,
    prefix: &'a str,
) -> impl Iterator<Item = TermLangs<'a>> + 'a {
    // Each distinct tag is decoded once.
    let mut tags: crate::model::memo::Memo<(u32, u32), &'a str> = Default::default();
    (index.first_term_from(prefix)..index.term_count() as u32)
        .map(move |term| (term, index.slug(term)))
        .take_while(move |(_, slug)| slug.starts_with(prefix))
        .map(move |(term, slug)| {
            let mut tag = |row| tags.get_or_insert_with(index.lang_place(row), || index.lang(row));
            let langs = index
                .article_range(term)
                .map(|row| (tag(row), TitleAt { layer, row }))
                .collect();
            TermLangs { slug, langs }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write(root: &Path, slug: &str, title: &str) {
        std::fs::create_dir_all(root.join(slug)).unwrap();
        let text = format!("---\ntitle: {title}\ndescription: D.\n---\n\nText.\n");
        std::fs::write(root.join(slug).join("en.md"), text).unwrap();
    }

    fn titles(glossary: &Glossary) -> Vec<String> {
        let title = glossary.title_reader();
        let terms: Vec<_> = glossary.terms("").collect();
        terms
            .iter()
            .map(|t| title(t.langs[0].1).to_string())
            .collect()
    }

    /// A long-running session reopens the folders that changed and keeps
    /// what the others hold.
    #[test]
    fn refresh_reopens_only_the_folders_that_changed() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write(a.path(), "alpha", "Alpha");
        write(b.path(), "beta", "Beta");
        let folders = [a.path().to_path_buf(), b.path().to_path_buf()];
        let mut glossary = Glossary::with_folders(folders, false);
        assert!(glossary.refresh().is_empty(), "nothing read, nothing stale");
        assert_eq!(titles(&glossary), ["Alpha", "Beta"]);
        // Entries written within the settling time are never vouched for by
        // their times alone: wait them out, read again, then nothing moves.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        glossary.refresh();
        assert_eq!(titles(&glossary), ["Alpha", "Beta"]);
        assert!(glossary.refresh().is_empty());
        write(b.path(), "gamma", "Gamma");
        assert_eq!(glossary.refresh(), [b.path().to_path_buf()]);
        assert_eq!(titles(&glossary), ["Alpha", "Beta", "Gamma"]);
    }
}
