//! A glossary folder as a source: read lazily (a lookup by slug lists only
//! that term's folder), its indexes built on first need and cached
//! (`store/folders.rs`, `store/cache/`), large folders watched
//! (`store/watch/`).

use super::{front_of, open, ArticleRef, Location};
use super::{Found, Source};
use crate::model::article::{Article, FrontMatter};
use crate::store::cache::{Blob, Kind};
use crate::store::folders;
use crate::store::index::Index;
use crate::store::read::{self, Problem};
use crate::store::watch;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How a folder compares with what its source holds.
enum Freshness {
    Same,
    /// The same, but the watcher's answer the source holds is to be
    /// replaced (with the answer under which it was checked now, or none).
    Renew(Option<watch::Answer>),
    /// Changed, or it may have: reopen it.
    Changed,
}

/// One glossary folder.
pub(crate) struct Folder {
    root: PathBuf,
    /// The index of titles, from front matter only.
    titles: OnceLock<Blob>,
    /// The index with search tokens and links, from whole files.
    full: OnceLock<Blob>,
    /// The folder's files, listed once for both indexes.
    listing: OnceLock<folders::Listing>,
    /// Whether to ask (and start) the folder watcher.
    watch: bool,
    /// What the folder watcher said, asked once per call.
    answer: OnceLock<watch::Answer>,
}

impl Folder {
    /// A folder; with `watch`, large ones are watched (`store::watch`).
    pub(crate) fn new(root: PathBuf, watch: bool) -> Self {
        Folder {
            root,
            titles: OnceLock::new(),
            full: OnceLock::new(),
            listing: OnceLock::new(),
            watch,
            answer: OnceLock::new(),
        }
    }

    /// How the folder compares with what this source holds: nothing read
    /// yet, or the watcher's token unchanged, or the folder listed again the
    /// same, is the same.
    fn freshness(&self) -> Freshness {
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
            true => watch::ask(&self.root),
            false => watch::Answer::Unwatched,
        };
        if before.is_some() && now.token() == before {
            return Freshness::Same;
        }
        let listed_same = self
            .listing
            .get()
            .is_some_and(|listing| folders::unchanged(&self.root, listing));
        match (listed_same, now.token()) {
            (false, _) => Freshness::Changed,
            // Checked now, so what the watcher says from here on holds.
            (true, Some(_)) => Freshness::Renew(Some(now)),
            (true, None) => Freshness::Same,
        }
    }

    fn scan(&self, bodies: bool) -> Blob {
        folders::scan(&self.root, &self.listing, bodies, self.answer())
    }

    /// What the folder watcher says of this folder, asked once per call.
    fn answer(&self) -> watch::Answer {
        *self.answer.get_or_init(|| match self.watch {
            true => watch::ask(&self.root),
            false => watch::Answer::Unwatched,
        })
    }

    /// An index of `kind` if it is already known to be the folder as it is
    /// now (built or checked this call, or vouched for by the watcher),
    /// without checking the folder for it otherwise.
    fn current(&self, kind: Kind) -> Option<Index<'_>> {
        let slot = match kind {
            Kind::Titles => &self.titles,
            Kind::Full => &self.full,
        };
        if slot.get().is_none() {
            let blob = folders::vouched(&self.root, kind, self.answer())?;
            let _ = slot.set(blob);
        }
        slot.get().map(|blob| open(blob))
    }

    /// The front matter of an article as the current full index holds it
    /// (so as the file holds it now), when exactly one of the index's
    /// articles is that term's in that language: parsing the YAML again was
    /// a fifth of a folder hit.
    fn indexed_front(&self, slug: &str, lang: &str) -> Option<FrontMatter> {
        let index = self.current(Kind::Full)?;
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

impl Source for Folder {
    fn index(&self) -> Index<'_> {
        open(self.titles.get_or_init(|| self.scan(false)))
    }

    fn full_index(&self) -> Index<'_> {
        open(self.full.get_or_init(|| self.scan(true)))
    }

    fn indexed_term(&self, slug: &str) -> bool {
        self.current(Kind::Titles)
            .is_some_and(|index| index.find_slug(slug).is_some())
    }

    fn has_term_uncached(&self, slug: &str) -> bool {
        folders::has_term(&self.root, slug)
    }

    fn unreadable_term(&self, slug: &str) -> Option<Problem> {
        folders::unreadable_term(&self.root, slug)
    }

    fn articles(&self, slug: &str) -> Vec<Found> {
        match self.current(Kind::Titles) {
            Some(index) => folders::term_articles_indexed(&self.root, slug, &index),
            None => folders::term_articles(&self.root, slug),
        }
        .into_iter()
        .map(|a| (a.lang, a.title, Location::File(a.path)))
        .collect()
    }

    fn load(&self, article: &ArticleRef) -> Result<Article, Problem> {
        let path = file_of(article)?;
        let text = read::read_file(path)?;
        let parsed = match self.indexed_front(&article.slug, &article.lang) {
            Some(front) => {
                crate::model::article::parse_with_front(&article.slug, &article.lang, &text, front)
            }
            None => crate::model::article::parse(&article.slug, &article.lang, &text),
        };
        parsed.map_err(|error| Problem::from_article(path, error))
    }

    /// The file as it is.
    fn text(&self, article: &ArticleRef) -> Result<String, Problem> {
        read::read_file(file_of(article)?)
    }

    fn reopened(&self) -> Box<dyn Source> {
        Box::new(Folder::new(self.root.clone(), self.watch))
    }

    fn root(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn stale(&mut self) -> bool {
        match self.freshness() {
            Freshness::Same => false,
            Freshness::Renew(answer) => {
                self.answer = answer.map_or_else(OnceLock::new, OnceLock::from);
                false
            }
            Freshness::Changed => true,
        }
    }
}

/// The file a folder article is in (see `bundle_row`).
fn file_of(article: &ArticleRef) -> Result<&Path, Problem> {
    match &article.location {
        Location::File(path) => Ok(path),
        Location::Bundle(_) => Err(Problem::new(
            Path::new(&article.slug),
            None,
            "not an article of a folder",
        )),
    }
}
