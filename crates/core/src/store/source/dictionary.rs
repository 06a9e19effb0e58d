//! A dictionary as a source: a dictd database (`NAME.index` with
//! `NAME.dict` or `NAME.dict.dz`) or a StarDict one (`NAME.ifo`, `.idx`,
//! `.dict`/`.dict.dz`, `.syn`), opened with its files mapped, never read
//! whole. It holds no articles, so every article question answers nothing
//! and lists, search and the document checks see glossary articles only;
//! its entries are asked for by headword (`Glossary::dictionaries`), in
//! `dictionary_lookup.rs`, and read whole in `dictionary_list.rs`.

use super::dictionary_head::Head;
use super::dictionary_keys::Keys;
use super::{open, ArticleRef};
use super::{Found, Source};
use crate::formats::dict::{self, dictd, stardict, Data};
use crate::model::article::Article;
use crate::model::dictionary::Langs;
use crate::model::lang;
use crate::store::index::Index;
use crate::store::read::Problem;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A dictionary whose files are mapped and whose index is checked.
pub(crate) struct Dictionary {
    /// What `--dict` names it by: the file name without its extension
    /// (`freedict-eng-swe`, `foldoc`).
    pub(crate) name: String,
    /// What it calls itself (`00-database-short`, the `.ifo`'s bookname),
    /// asked for when first shown: for dictd it is in the headers.
    title: OnceLock<String>,
    /// The language of its headwords and of its definitions, where known:
    /// the config file's, else what its headers say (the `.ifo`'s `lang`,
    /// a dictd title naming them), else what its FreeDict-style name says.
    langs: OnceLock<Langs>,
    /// A dictd database's headers, read (or mapped from the cache) when its
    /// title or languages are first asked for.
    head: OnceLock<Head>,
    /// Its index file (`.index` or `.ifo`), which names it in messages.
    pub(crate) path: PathBuf,
    pub(super) format: Format,
    /// Its folded keys, mapped (or built) on the first question that needs
    /// them: a folded lookup, a did-you-mean.
    pub(super) keys: OnceLock<Keys>,
    /// The table made again from the index, when the kept one proved
    /// wrong.
    pub(super) rebuilt: OnceLock<Keys>,
}

/// One per dictionary opened, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum Format {
    Dictd {
        index: Map,
        data: Map,
        /// How its index is sorted (`00-database-allchars`), read from its
        /// headers on the first question: every bisection needs it.
        allchars: OnceLock<bool>,
    },
    StarDict {
        info: stardict::Info,
        idx: Map,
        /// Where each row of the `.idx` starts, listed on opening.
        starts: Vec<u32>,
        dict: Map,
        /// Synonyms, sorted as the `.idx`, each with the row it names.
        synonyms: Vec<(Vec<u8>, u32)>,
    },
}

/// A mapped file (an empty one is not mapped: there is nothing to map).
pub(super) struct Map(Option<memmap2::Mmap>);

impl std::ops::Deref for Map {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.0.as_deref().unwrap_or_default()
    }
}

/// Maps a regular file; anything else (a FIFO, `/dev/zero`, a folder) is
/// refused before it is opened, so nothing blocks or reads without end.
fn map(path: &Path) -> Result<Map, String> {
    let shown = |path: &Path| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", shown(path)))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", shown(path)));
    }
    if meta.len() == 0 {
        return Ok(Map(None));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", shown(path)))?;
    // SAFETY: the map is read only. A file truncated while mapped would
    // fault on access; dictionaries are installed files, replaced (new
    // inode) rather than rewritten in place by package managers and tools.
    let mapped =
        unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("{}: {e}", shown(path)))?;
    Ok(Map(Some(mapped)))
}

/// The file beside `path` with `extension` in place of its own, the first
/// of `extensions` that exists.
fn beside(path: &Path, stem: &str, extensions: &[&str]) -> Option<PathBuf> {
    let dir = path.parent()?;
    extensions
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|candidate| candidate.exists())
}
/// Languages from a FreeDict-style name: `freedict-eng-swe` (or
/// `eng-swe`) holds English headwords with Swedish definitions.
fn langs_of_name(name: &str) -> Langs {
    let name = name.strip_prefix("freedict-").unwrap_or(name);
    let mut parts = name.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(from), Some(to), None) => match (lang::from_iso639(from), lang::from_iso639(to)) {
            (Some(from), Some(to)) => (Some(from), Some(to)),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

impl Dictionary {
    /// Opens the dictionary whose index file is `path`; the error is one
    /// line naming it and what is wrong.
    pub(crate) fn open(path: &Path) -> Result<Dictionary, Problem> {
        let problem = |message: String| Problem::new(path, None, message);
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        match path.extension().and_then(|e| e.to_str()) {
            Some("ifo") => Self::open_stardict(path, &name),
            _ => Self::open_dictd(path, &name),
        }
        .map_err(problem)
    }

    fn open_dictd(path: &Path, name: &str) -> Result<Dictionary, String> {
        let index = map(path)?;
        let data_path = beside(path, name, &["dict.dz", "dict"])
            .ok_or_else(|| format!("no {name}.dict or {name}.dict.dz beside the index"))?;
        let data = map(&data_path)?;
        Data::open(&data)?;
        Ok(Dictionary {
            name: name.to_string(),
            title: OnceLock::new(),
            langs: OnceLock::new(),
            head: OnceLock::new(),
            path: path.to_path_buf(),
            format: Format::Dictd {
                index,
                data,
                allchars: OnceLock::new(),
            },
            keys: OnceLock::new(),
            rebuilt: OnceLock::new(),
        })
    }

    /// What it calls itself: a dictd database's `00-database-short`, a
    /// StarDict one's bookname, else its name.
    pub(crate) fn title(&self) -> &str {
        self.title.get_or_init(|| {
            self.head()
                .title
                .clone()
                .unwrap_or_else(|| self.name.clone())
        })
    }

    /// The language of its headwords and of its definitions, where known.
    pub(crate) fn langs(&self) -> &Langs {
        self.langs.get_or_init(|| match &self.head().langs {
            (None, None) => langs_of_name(&self.name),
            said => said.clone(),
        })
    }

    /// The languages the config file gives it, over what it says itself.
    pub(crate) fn set_langs(&mut self, langs: Langs) {
        self.langs = OnceLock::from(langs);
    }

    /// What a dictd database's headers say (nothing for StarDict, whose
    /// `.ifo` is read on opening).
    fn head(&self) -> &Head {
        self.head.get_or_init(|| match &self.format {
            Format::Dictd { index, data, .. } => {
                super::dictionary_head::read(&self.path, index, data)
            }
            Format::StarDict { .. } => Head::default(),
        })
    }

    fn open_stardict(path: &Path, name: &str) -> Result<Dictionary, String> {
        let ifo = map(path)?;
        if ifo.len() > 64 * 1024 {
            return Err("the .ifo is larger than 64 KB".into());
        }
        let info = stardict::info(&dict::text(&ifo))?;
        let idx_path = beside(path, name, &["idx"]).ok_or_else(|| {
            match beside(path, name, &["idx.gz"]) {
                Some(_) => format!("{name}.idx.gz is compressed; gloss reads an uncompressed {name}.idx (gunzip it)"),
                None => format!("no {name}.idx beside the .ifo"),
            }
        })?;
        let idx = map(&idx_path)?;
        let starts = rows(path, &idx, &info)?;
        let dict_path = beside(path, name, &["dict.dz", "dict"])
            .ok_or_else(|| format!("no {name}.dict or {name}.dict.dz beside the .ifo"))?;
        let dict = map(&dict_path)?;
        Data::open(&dict)?;
        let synonyms = match beside(path, name, &["syn"]) {
            Some(syn) => {
                let bytes = map(&syn)?;
                let mut found: Vec<(Vec<u8>, u32)> = stardict::synonyms(&bytes)?
                    .into_iter()
                    .map(|(word, row)| (word.to_vec(), row))
                    .collect();
                found.sort_by(|a, b| stardict::folded_cmp(&a.0, &b.0));
                found
            }
            None => Vec::new(),
        };
        let langs = info
            .lang
            .as_deref()
            .map(|l| {
                let mut parts = l.split(['-', '_', ' ']).filter(|p| !p.is_empty());
                let one = |part: Option<&str>| {
                    part.and_then(|p| lang::canonical(p).or_else(|| lang::from_iso639(p)))
                };
                (one(parts.next()), one(parts.next()))
            })
            .unwrap_or((None, None));
        let langs = match langs {
            (None, None) => langs_of_name(name),
            said => said,
        };
        Ok(Dictionary {
            name: name.to_string(),
            title: OnceLock::from(crate::model::text::one_line(&info.bookname)),
            langs: OnceLock::from(langs),
            head: OnceLock::from(Head::default()),
            path: path.to_path_buf(),
            format: Format::StarDict {
                info,
                idx,
                starts,
                dict,
                synonyms,
            },
            keys: OnceLock::new(),
            rebuilt: OnceLock::new(),
        })
    }

    /// A dictd database's index, in its order (nothing for StarDict).
    /// The same dictionary with no files: what one that can no longer be
    /// opened answers (nothing).
    fn emptied(&self) -> Dictionary {
        Dictionary {
            name: self.name.clone(),
            title: OnceLock::new(),
            langs: OnceLock::new(),
            head: OnceLock::from(Head::default()),
            path: self.path.clone(),
            format: Format::Dictd {
                index: Map(None),
                data: Map(None),
                allchars: OnceLock::new(),
            },
            keys: OnceLock::from(Keys::empty()),
            rebuilt: OnceLock::new(),
        }
    }

    /// A dictd database's index, in its order (nothing for StarDict).
    pub(super) fn dictd_index(&self) -> dictd::Index<'_> {
        match &self.format {
            Format::Dictd {
                index, allchars, ..
            } => {
                let allchars =
                    *allchars.get_or_init(|| dictd::Index::in_order(index, false).allchars());
                dictd::Index::in_order(index, allchars)
            }
            Format::StarDict { .. } => dictd::Index::in_order(&[], false),
        }
    }

    pub(super) fn stardict_idx<'a>(
        info: &stardict::Info,
        idx: &'a Map,
        starts: &'a [u32],
    ) -> stardict::Idx<'a> {
        stardict::Idx::with_starts(idx, info.offset_bits, starts)
    }
}

/// Where each row of a StarDict `.idx` starts: listed on the first call
/// (which checks the file against the `.ifo`) and kept for that version of
/// the dictionary, so later calls map the table instead of listing the
/// file again.
fn rows(path: &Path, idx: &[u8], info: &stardict::Info) -> Result<Vec<u32>, String> {
    let cache = super::dictionary_cache::path(path, "rows");
    if let Some(kept) = cache.as_deref().and_then(super::dictionary_cache::read) {
        if kept.len() % 4 == 0 {
            return Ok(kept
                .chunks_exact(4)
                .map(|start| u32::from_le_bytes([start[0], start[1], start[2], start[3]]))
                .collect());
        }
    }
    let starts = stardict::Idx::open(idx, info)?.into_starts();
    if let Some(cache) = cache {
        let bytes: Vec<u8> = starts
            .iter()
            .flat_map(|start| start.to_le_bytes())
            .collect();
        super::dictionary_cache::write(&cache, &bytes);
    }
    Ok(starts)
}

impl Source for Dictionary {
    fn index(&self) -> Index<'_> {
        open(&[])
    }

    fn full_index(&self) -> Index<'_> {
        open(&[])
    }

    fn indexed_term(&self, _: &str) -> bool {
        false
    }

    fn articles(&self, _: &str) -> Vec<Found> {
        Vec::new()
    }

    fn load(&self, article: &ArticleRef) -> Result<Article, Problem> {
        Err(Problem::new(
            &self.path,
            None,
            format!("has no article '{}'", article.slug),
        ))
    }

    fn text(&self, article: &ArticleRef) -> Result<String, Problem> {
        self.load(article).map(|_| String::new())
    }

    fn reopened(&self) -> Box<dyn Source> {
        Box::new(Dictionary::open(&self.path).unwrap_or_else(|_| self.emptied()))
    }

    fn dictionary(&self) -> Option<&Dictionary> {
        Some(self)
    }

    fn dictionary_mut(&mut self) -> Option<&mut Dictionary> {
        Some(self)
    }

    fn name(&self) -> Option<&str> {
        Some(&self.name)
    }

    fn problems(&self) -> Vec<Problem> {
        self.check()
    }
}
