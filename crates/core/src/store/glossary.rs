//! The glossary as one whole: the embedded bundle and, above it, the user's
//! folders, each a layer. A higher layer's article replaces a lower one's
//! for the same term and language. Folder layers are read lazily: a lookup
//! by slug touches only that term's folder, and a folder's index is built
//! only when a question needs it.

use crate::model::article::{Article, FrontMatter};
use crate::store::cache::{Blob, Kind};
use crate::store::folders;
use crate::store::index::{Index, KeyHit};
use crate::store::read::{self, Problem};
use crate::store::watch;
use smallvec::SmallVec;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where a layer's articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Compiled into the binary.
    Bundle,
    /// A glossary folder.
    Folder(PathBuf),
}

/// How a layer's folder compares with what the layer holds.
enum Freshness {
    Same,
    /// The same, but the watcher's answer the layer holds is to be replaced
    /// (with the answer under which it was checked now, or with none).
    Renew(Option<watch::Answer>),
    /// Changed, or it may have: reopen the layer.
    Changed,
}

/// One source of articles.
pub(crate) struct Layer {
    pub(crate) origin: Origin,
    /// The index of titles (for a folder, from front matter only).
    titles: OnceLock<Blob>,
    /// The index with search tokens and links (for a folder, from whole files).
    full: OnceLock<Blob>,
    /// A folder's files, listed once for both indexes.
    listing: OnceLock<folders::Listing>,
    /// Whether to ask (and start) the folder watcher.
    watch: bool,
    /// What the folder watcher said, asked once per call.
    answer: OnceLock<watch::Answer>,
}

impl Layer {
    pub(crate) fn bundle() -> Self {
        let blob = crate::store::bundle::blob();
        Layer {
            origin: Origin::Bundle,
            titles: OnceLock::from(Blob::Static(blob)),
            full: OnceLock::from(Blob::Static(blob)),
            listing: OnceLock::new(),
            watch: false,
            answer: OnceLock::new(),
        }
    }

    /// A folder; with `watch`, large ones are watched (`store::watch`).
    pub(crate) fn folder(root: PathBuf, watch: bool) -> Self {
        Layer {
            origin: Origin::Folder(root),
            titles: OnceLock::new(),
            full: OnceLock::new(),
            listing: OnceLock::new(),
            watch,
            answer: OnceLock::new(),
        }
    }

    fn bundle_index() -> Index<'static> {
        open(crate::store::bundle::blob())
    }

    fn root(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Bundle => None,
            Origin::Folder(root) => Some(root),
        }
    }

    /// Titles and match keys.
    pub(crate) fn index(&self) -> Index<'_> {
        open(self.titles.get_or_init(|| self.scan(false)))
    }

    /// Titles, match keys, search tokens and links.
    pub(crate) fn full_index(&self) -> Index<'_> {
        open(self.full.get_or_init(|| self.scan(true)))
    }

    fn scan(&self, bodies: bool) -> Blob {
        let root = self.root().unwrap_or(Path::new(""));
        folders::scan(root, &self.listing, bodies, self.answer(root))
    }

    /// What the folder watcher says of this folder, asked once per call.
    fn answer(&self, root: &Path) -> watch::Answer {
        *self.answer.get_or_init(|| match self.watch {
            true => watch::ask(root),
            false => watch::Answer::Unwatched,
        })
    }

    /// Whether what this layer holds is still the folder as it is: nothing
    /// read yet, or the watcher's token unchanged, or the folder listed
    /// again the same. The bundle never changes.
    fn freshness(&self) -> Freshness {
        let Some(root) = self.root() else {
            return Freshness::Same;
        };
        let held = [self.titles.get(), self.full.get()]
            .iter()
            .any(Option::is_some);
        if !held && self.listing.get().is_none() {
            // What the watcher said then says nothing of now.
            return match self.answer.get() {
                Some(_) => Freshness::Renew(None),
                None => Freshness::Same,
            };
        }
        let before = self.answer.get().and_then(|answer| answer.token());
        let now = match self.watch {
            true => watch::ask(root),
            false => watch::Answer::Unwatched,
        };
        if before.is_some() && now.token() == before {
            return Freshness::Same;
        }
        let listed_same = self
            .listing
            .get()
            .is_some_and(|listing| folders::unchanged(root, listing));
        match (listed_same, now.token()) {
            (false, _) => Freshness::Changed,
            // Checked now, so what the watcher says from here on holds.
            (true, Some(_)) => Freshness::Renew(Some(now)),
            (true, None) => Freshness::Same,
        }
    }

    /// A folder's titles index if it is already known to be the folder as
    /// it is now (built or checked this call, or vouched for by the
    /// watcher), without checking the folder for it otherwise.
    fn current_index(&self) -> Option<Index<'_>> {
        self.current(Kind::Titles)
    }

    /// `current_index` for the index of whole files.
    fn current_full_index(&self) -> Option<Index<'_>> {
        self.current(Kind::Full)
    }

    fn current(&self, kind: Kind) -> Option<Index<'_>> {
        let root = self.root()?;
        let slot = match kind {
            Kind::Titles => &self.titles,
            Kind::Full => &self.full,
        };
        if slot.get().is_none() {
            let blob = folders::vouched(root, kind, self.answer(root))?;
            let _ = slot.set(blob);
        }
        slot.get().map(|blob| open(blob))
    }

    /// The front matter of a folder article as its current full index
    /// holds it (so as the file holds it now), when exactly one of the
    /// index's articles is that term's in that language: parsing the YAML
    /// again was a fifth of a folder hit.
    fn indexed_front(&self, slug: &str, lang: &str) -> Option<FrontMatter> {
        let index = self.current_full_index()?;
        let term = index.find_slug(slug)?;
        let mut rows = index
            .article_range(term)
            .filter(|&row| index.lang(row) == lang);
        let row = rows.next()?;
        if rows.next().is_some() {
            return None; // `pt-BR.md` and `pt_br.md`: which is which is the files' to say
        }
        Some(front_of(&index, row))
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

/// Blobs are written by `index::write`; a damaged one reads as empty.
fn open(blob: &[u8]) -> Index<'_> {
    Index::open(blob)
        .unwrap_or_else(|| Index::open(EMPTY_INDEX.as_slice()).expect("a valid empty index"))
}

static EMPTY_INDEX: std::sync::LazyLock<Vec<u8>> =
    std::sync::LazyLock::new(|| crate::store::index::write(Vec::new()));

/// Where an article's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A row of the embedded index.
    Bundle(u32),
    File(PathBuf),
}

/// One article of one term, located in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticleRef {
    pub(crate) layer: usize,
    pub(crate) slug: String,
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) location: Location,
}

impl ArticleRef {
    /// A folder file whose front matter does not parse has no title: it is
    /// shown only when asked for by language, to say what is wrong with it.
    pub(crate) fn is_broken(&self) -> bool {
        self.title.is_empty()
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
}

impl Glossary {
    pub(crate) fn new(layers: Vec<Layer>) -> Self {
        Glossary { layers }
    }

    /// The same layers with nothing read yet, for a question asked after
    /// the folders may have changed (an editor closed): what this one read,
    /// and what the folder watcher told it, was true before.
    pub(crate) fn reopened(&self) -> Glossary {
        let layer = |layer: &Layer| match &layer.origin {
            Origin::Bundle => Layer::bundle(),
            Origin::Folder(root) => Layer::folder(root.clone(), layer.watch),
        };
        Glossary::new(self.layers.iter().map(layer).collect())
    }

    /// Reopens the folder layers whose folder changed since they read it
    /// (or may have), keeping what the others hold; returns the folders
    /// reopened. For a process that outlives one question (the language
    /// server): asked before it answers from what it read earlier.
    pub(crate) fn refresh(&mut self) -> Vec<PathBuf> {
        let mut reopened = Vec::new();
        for layer in &mut self.layers {
            match (layer.freshness(), &layer.origin) {
                (Freshness::Same, _) | (_, Origin::Bundle) => {}
                (Freshness::Renew(answer), _) => {
                    layer.answer = answer.map_or_else(OnceLock::new, OnceLock::from);
                }
                (Freshness::Changed, Origin::Folder(root)) => {
                    reopened.push(root.clone());
                    *layer = Layer::folder(root.clone(), layer.watch);
                }
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

    pub(crate) fn layers(&self) -> &[Layer] {
        &self.layers
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
            .map(|(i, l)| (i, layer_articles(l, slug)))
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
            .filter_map(Layer::root)
            .find_map(|root| folders::unreadable_term(root, slug))
    }

    pub(crate) fn has_term(&self, slug: &str) -> bool {
        // Indexes first, where they are current: asking a folder's files
        // costs a directory read. An index lacks terms whose every file is
        // broken, so only the files can say no.
        let indexed = |layer: &Layer| {
            let index = match layer.root() {
                None => Some(layer.index()),
                Some(_) => layer.current_index(),
            };
            index.is_some_and(|index| index.find_slug(slug).is_some())
        };
        self.layers.iter().any(indexed)
            || self.layers.iter().any(|layer| {
                layer
                    .root()
                    .is_some_and(|root| folders::has_term(root, slug))
            })
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
        let (lang, title, location) = layer_articles(source, slug)
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
        let path = match &article.location {
            Location::Bundle(row) => return Ok(bundled_article(&article.slug, *row)),
            Location::File(path) => path,
        };
        let text = read::read_file(path)?;
        let front = self
            .layers
            .get(article.layer)
            .and_then(|layer| layer.indexed_front(&article.slug, &article.lang));
        let parsed = match front {
            Some(front) => {
                crate::model::article::parse_with_front(&article.slug, &article.lang, &text, front)
            }
            None => crate::model::article::parse(&article.slug, &article.lang, &text),
        };
        parsed.map_err(|error| Problem::from_article(path, error))
    }

    /// An article's file as text: a folder's file as it is, a bundled one
    /// written back out (front matter from the index, then the body), as the
    /// starting point for an override or a translation.
    pub(crate) fn source(&self, article: &ArticleRef) -> Result<String, Problem> {
        let row = match &article.location {
            Location::File(path) => return read::read_file(path),
            Location::Bundle(row) => *row,
        };
        let index = Layer::bundle_index();
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

/// An article of the embedded bundle: its front matter is in the index
/// (validated at build time), so only the body is parsed.
fn bundled_article(slug: &str, row: u32) -> Article {
    let index = Layer::bundle_index();
    let front = front_of(&index, row);
    crate::model::article::with_front(slug, index.lang(row), front, &index.payload(row))
}

/// An article's front matter as an index keeps it (unknown keys are only
/// for `--check`, which reads the files).
fn front_of(index: &Index, row: u32) -> FrontMatter {
    FrontMatter {
        title: index.title(row).to_string(),
        description: index.description(row).to_string(),
        keywords: index.keywords(row),
        aliases: index.aliases(row),
        avoid: index.avoid(row),
        unknown_keys: Vec::new(),
    }
}

/// The (language, title, location) of each article a layer has for `slug`.
fn layer_articles(layer: &Layer, slug: &str) -> Vec<(String, String, Location)> {
    match layer.root() {
        Some(root) => match layer.current_index() {
            Some(index) => folders::term_articles_indexed(root, slug, &index),
            None => folders::term_articles(root, slug),
        }
        .into_iter()
        .map(|a| (a.lang, a.title, Location::File(a.path)))
        .collect(),
        None => {
            let index = layer.index();
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
