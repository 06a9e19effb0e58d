//! A dictionary as a source: a dictd database (`NAME.index` with
//! `NAME.dict` or `NAME.dict.dz`) or a StarDict one (`NAME.ifo`, `.idx`,
//! `.dict`/`.dict.dz`, `.syn`), its files mapped, never read whole. It
//! holds no articles, so every article question answers nothing and lists,
//! search and the document checks see glossary articles only; its entries
//! are asked for by headword (`Glossary::dictionaries`).

use super::dictionary_head::Head;
use super::dictionary_keys::Keys;
use super::{open, ArticleRef};
use super::{Found, Source};
use crate::formats::dict::{self, dictd, markup, stardict, Data, Field, Markup};
use crate::model::article::Article;
use crate::model::dictionary::Langs;
use crate::model::lang;
use crate::model::text::{fold, match_key};
use crate::store::cache::Blob;
use crate::store::index::Index;
use crate::store::read::Problem;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How many entries one headword answers from one dictionary.
const MAX_ENTRIES: usize = 32;

/// One entry of a dictionary, as readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) headword: String,
    pub(crate) text: String,
    /// Headwords it refers to.
    pub(crate) refs: Vec<String>,
}

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
    format: Format,
    /// Its folded keys, mapped (or built) on the first question that needs
    /// them: a folded lookup, a did-you-mean.
    keys: OnceLock<Keys>,
    /// The table made again from the index, when the kept one proved
    /// wrong.
    rebuilt: OnceLock<Keys>,
}

/// One per dictionary opened, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum Format {
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
struct Map(Option<memmap2::Mmap>);

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

/// Whether `path` names a dictionary's index file.
pub(crate) fn is_dictionary(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("index" | "ifo")
    )
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
    fn dictd_index(&self) -> dictd::Index<'_> {
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

    fn stardict_idx<'a>(
        info: &stardict::Info,
        idx: &'a Map,
        starts: &'a [u32],
    ) -> stardict::Idx<'a> {
        stardict::Idx::with_starts(idx, info.offset_bits, starts)
    }

    /// Whether a headword is `word` as the index orders it, by bisection
    /// alone: no entry is read.
    pub(crate) fn has(&self, word: &str) -> bool {
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .equal(word.as_bytes())
                .iter()
                .any(|line| !dictd::is_header(line.headword)),
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                !Self::stardict_idx(info, idx, starts)
                    .equal(word.as_bytes())
                    .is_empty()
                    || synonyms
                        .iter()
                        .any(|(w, _)| w.eq_ignore_ascii_case(word.as_bytes()))
            }
        }
    }

    /// The entries whose headword is `word` as the index orders it (case
    /// folded), exact spellings first.
    pub(crate) fn lookup(&self, word: &str) -> Result<Vec<Entry>, Problem> {
        let problem = |message: String| Problem::new(&self.path, None, message);
        let mut places: Vec<(Vec<u8>, u64, u64)> = Vec::new();
        match &self.format {
            Format::Dictd { .. } => {
                for line in self.dictd_index().equal(word.as_bytes()) {
                    if !dictd::is_header(line.headword) {
                        places.push((line.headword.to_vec(), line.offset, line.len));
                    }
                }
            }
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                let mut rows = table.equal(word.as_bytes());
                let first = synonyms
                    .partition_point(|(w, _)| stardict::folded_cmp(w, word.as_bytes()).is_lt());
                rows.extend(
                    synonyms[first..]
                        .iter()
                        .take_while(|(w, _)| w.eq_ignore_ascii_case(word.as_bytes()))
                        .map(|(_, row)| *row as usize),
                );
                rows.sort_unstable();
                rows.dedup();
                places.extend(
                    rows.into_iter()
                        .filter_map(|row| table.row(row))
                        .map(|row| (row.headword.to_vec(), row.offset, row.len)),
                );
            }
        }
        // Exact spellings first, then other cases.
        places.sort_by_key(|(headword, ..)| headword.as_slice() != word.as_bytes());
        places.truncate(MAX_ENTRIES);
        places
            .into_iter()
            .map(|(headword, offset, len)| self.entry(&headword, offset, len))
            .collect::<Result<Vec<_>, String>>()
            .map_err(problem)
    }

    fn entry(&self, headword: &[u8], offset: u64, len: u64) -> Result<Entry, String> {
        let bytes = Data::open(self.data())?.read(offset, len)?;
        self.readable(headword, &bytes)
    }

    /// The data file's bytes (compressed or not).
    fn data(&self) -> &[u8] {
        match &self.format {
            Format::Dictd { data, .. } => data,
            Format::StarDict { dict, .. } => dict,
        }
    }

    /// An entry's bytes as readable text and references.
    fn readable(&self, headword: &[u8], bytes: &[u8]) -> Result<Entry, String> {
        let fields = match &self.format {
            Format::Dictd { .. } => vec![Field {
                markup: Markup::Text,
                bytes: strip_headword_line(bytes, headword).to_vec(),
            }],
            Format::StarDict { info, .. } => {
                stardict::fields(bytes, info.sametypesequence.as_deref())?
            }
        };
        let readable = markup::readable(&fields);
        Ok(Entry {
            headword: crate::model::text::sanitize(&dict::text(headword)).into_owned(),
            text: crate::model::text::sanitize(&readable.text).into_owned(),
            refs: readable
                .refs
                .iter()
                .map(|r| crate::model::text::one_line(r))
                .collect(),
        })
    }

    /// Every entry, read in one pass over the data (each dictzip chunk
    /// inflated once): what the search index is built from, once per
    /// version of the dictionary. Entries that do not read are skipped and
    /// counted.
    pub(crate) fn all_entries(&self) -> Result<(Vec<Entry>, usize), Problem> {
        let problem = |message: String| Problem::new(&self.path, None, message);
        let data = Data::open(self.data()).map_err(problem)?;
        let text = data.read_all().map_err(problem)?;
        let mut places: Vec<(Vec<u8>, u64, u64)> = Vec::new();
        match &self.format {
            Format::Dictd { .. } => places.extend(
                self.dictd_index()
                    .lines()
                    .filter_map(Result::ok)
                    .filter(|line| !dictd::is_header(line.headword))
                    .map(|line| (line.headword.to_vec(), line.offset, line.len)),
            ),
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                places.extend(
                    (0..table.len())
                        .filter_map(|row| table.row(row))
                        .map(|row| (row.headword.to_vec(), row.offset, row.len)),
                );
            }
        }
        let mut skipped = 0;
        let mut entries = Vec::with_capacity(places.len());
        for (headword, offset, len) in places {
            let end = offset
                .checked_add(len)
                .filter(|&end| end <= text.len() as u64 && len <= dict::MAX_DEFINITION);
            let read = end
                .ok_or_else(String::new)
                .and_then(|end| self.readable(&headword, &text[offset as usize..end as usize]));
            match read {
                Ok(entry) => entries.push(entry),
                Err(_) => skipped += 1,
            }
        }
        Ok((entries, skipped))
    }

    /// Every headword, in index order, for the table of folded keys and
    /// for lists; headers left out.
    pub(crate) fn headwords(&self) -> Vec<String> {
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .lines()
                .filter_map(Result::ok)
                .filter(|line| !dictd::is_header(line.headword))
                .map(|line| dict::text(line.headword))
                .collect(),
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                (0..table.len())
                    .filter_map(|row| table.row(row))
                    .map(|row| dict::text(row.headword))
                    .chain(synonyms.iter().map(|(w, _)| dict::text(w)))
                    .collect()
            }
        }
    }

    /// Its table of folded keys: kept for this version of the dictionary
    /// in the cache folder, else built from every headword (and kept).
    pub(crate) fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| {
            let cache = super::dictionary_cache::path(&self.path, "keys");
            let kept = cache.as_deref().and_then(super::dictionary_cache::read);
            kept.and_then(Keys::open)
                .unwrap_or_else(|| self.build_keys(cache.as_deref()))
        })
    }

    /// The table of folded keys made from the index, kept in `cache`.
    fn build_keys(&self, cache: Option<&Path>) -> Keys {
        let table = super::dictionary_keys::build(self.headwords());
        if let Some(cache) = cache {
            super::dictionary_cache::write(cache, &table);
        }
        Keys::open(Blob::Owned(table)).unwrap_or_else(Keys::empty)
    }

    /// The headwords whose folded key (`model::text`) is `key`, by
    /// bisecting the table, one per spelling that differs beyond ASCII
    /// case, and only those the index has. A kept table is input: one that
    /// names a headword whose key is another is built again (and kept).
    pub(crate) fn folded_spellings(&self, key: &str) -> Vec<String> {
        self.spellings_in(self.keys(), key).unwrap_or_else(|| {
            let cache = super::dictionary_cache::path(&self.path, "keys");
            let rebuilt = self
                .rebuilt
                .get_or_init(|| self.build_keys(cache.as_deref()));
            self.spellings_in(rebuilt, key).unwrap_or_default()
        })
    }

    /// `None` if a row of `keys` has a headword whose key is not `key`.
    fn spellings_in(&self, keys: &Keys, key: &str) -> Option<Vec<String>> {
        let mut spellings: Vec<String> = Vec::new();
        for row in keys.equal(key) {
            if fold(&match_key(row.headword)) != key {
                return None;
            }
            let new = !spellings
                .iter()
                .any(|s| s.eq_ignore_ascii_case(row.headword));
            if new && self.has(row.headword) {
                spellings.push(row.headword.to_string());
            }
        }
        Some(spellings)
    }

    /// Headwords starting with `prefix` (as the index orders them, so case
    /// folded), found by bisecting the index: completion reads only these.
    pub(crate) fn headwords_from(&self, prefix: &str, limit: usize) -> Vec<String> {
        let lower = prefix.to_lowercase();
        let begins = |word: &[u8]| dict::text(word).to_lowercase().starts_with(&lower);
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .from(prefix.as_bytes())
                .filter_map(Result::ok)
                .filter(|line| !dictd::is_header(line.headword))
                .take_while(|line| begins(line.headword))
                .take(limit)
                .map(|line| dict::text(line.headword))
                .collect(),
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                (table.lower_bound(prefix.as_bytes())..table.len())
                    .filter_map(|row| table.row(row))
                    .take_while(|row| begins(row.headword))
                    .take(limit)
                    .map(|row| dict::text(row.headword))
                    .collect()
            }
        }
    }

    /// Everything wrong with the dictionary, for `--check`: every index
    /// line parsed and every entry's place checked against the length of
    /// the data, every dictzip chunk inflated once (not once per entry).
    pub(crate) fn check(&self) -> Vec<Problem> {
        let problem =
            |line: Option<usize>, message: String| Problem::new(&self.path, line, message);
        let data = match &self.format {
            Format::Dictd { data, .. } => data,
            Format::StarDict { dict, .. } => dict,
        };
        let total = match Data::open(data).and_then(|data| {
            data.check()?;
            data.len()
        }) {
            Ok(total) => total,
            Err(why) => return vec![problem(None, why)],
        };
        let past = |offset: u64, len: u64| {
            let end = offset.checked_add(len).filter(|&end| end <= total);
            let too_long = len > dict::MAX_DEFINITION;
            match (end, too_long) {
                (_, true) => Some(format!("an entry of {len} bytes is larger than the {} bytes read for one", dict::MAX_DEFINITION)),
                (None, _) => Some(format!("an entry at byte {offset} ({len} bytes) lies past the end of the data ({total} bytes)")),
                (Some(_), false) => None,
            }
        };
        let mut problems = Vec::new();
        match &self.format {
            Format::Dictd { .. } => {
                for (number, line) in self.dictd_index().lines().enumerate() {
                    let why = match line {
                        Err(why) => Some(why.to_string()),
                        Ok(line) => past(line.offset, line.len),
                    };
                    problems.extend(why.map(|why| problem(Some(number + 1), why)));
                    if problems.len() >= MAX_PROBLEMS {
                        break;
                    }
                }
            }
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                for row in (0..table.len()).filter_map(|row| table.row(row)) {
                    if let Some(why) = past(row.offset, row.len) {
                        problems.push(problem(
                            None,
                            format!(
                                "{}: {why}",
                                crate::model::text::one_line(&dict::text(row.headword))
                            ),
                        ));
                    }
                    if problems.len() >= MAX_PROBLEMS {
                        break;
                    }
                }
            }
        }
        if problems.len() >= MAX_PROBLEMS {
            problems.push(problem(
                None,
                format!("more than {MAX_PROBLEMS} problems; the rest are not listed"),
            ));
        }
        problems
    }
}

/// Problems `--check` lists for one dictionary: past these it is damaged
/// throughout, and one more line says so.
const MAX_PROBLEMS: usize = 100;

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

/// dictd definitions repeat the headword on their first line (FreeDict
/// with its pronunciation after it); the page shows it as the title
/// already, so only what follows it on that line is kept.
fn strip_headword_line<'a>(bytes: &'a [u8], headword: &[u8]) -> &'a [u8] {
    let start = bytes.len() - bytes.trim_ascii_start().len();
    let rest = &bytes[start..];
    let repeats = rest.len() >= headword.len()
        && rest[..headword.len()].eq_ignore_ascii_case(headword)
        && rest
            .get(headword.len())
            .is_none_or(|&b| b == b' ' || b == b'\n' || b == b'\t');
    match repeats {
        true => trim_spaces(&rest[headword.len()..]),
        false => bytes,
    }
}

/// Spaces and tabs off the front (not line breaks).
fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &bytes[skip..]
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
        match Dictionary::open(&self.path) {
            Ok(dictionary) => Box::new(dictionary),
            Err(_) => Box::new(Gone),
        }
    }

    fn dictionary(&self) -> Option<&Dictionary> {
        Some(self)
    }
}

/// A dictionary that could not be opened again: it answers nothing.
struct Gone;

impl Source for Gone {
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
        Err(Problem::new(Path::new(&article.slug), None, "is gone"))
    }

    fn text(&self, article: &ArticleRef) -> Result<String, Problem> {
        self.load(article).map(|_| String::new())
    }

    fn reopened(&self) -> Box<dyn Source> {
        Box::new(Gone)
    }
}

/// Most entries of a folder looked through for dictionaries. A folder of
/// dictionaries holds a few files each; past this it is a glossary folder
/// (which a lookup by slug must not list whole), not one of dictionaries.
const MAX_FOLDER_ENTRIES: usize = 1_000;

/// The dictionaries' index files in `dir` and, with `nested` (as StarDict
/// keeps them, a folder each), in its folders one level down; sorted, so
/// their order is the same each call. A folder past `MAX_FOLDER_ENTRIES`
/// holds none.
pub(crate) fn discover(dir: &Path, nested: bool) -> Vec<PathBuf> {
    // Told by the entry's name before a path is made: a `--data-dir` is
    // usually a glossary folder of thousands of term folders, listed here
    // on every call.
    let list = |dir: &Path, nested: bool| -> (Vec<PathBuf>, Vec<PathBuf>) {
        let (mut found, mut folders) = (Vec::new(), Vec::new());
        let Ok(reader) = std::fs::read_dir(dir) else {
            return (found, folders);
        };
        for (seen, entry) in reader.flatten().enumerate() {
            if seen == MAX_FOLDER_ENTRIES {
                return (Vec::new(), Vec::new());
            }
            if is_dictionary(Path::new(&entry.file_name())) {
                found.push(entry.path());
            } else if nested {
                folders.push(entry.path());
            }
        }
        (found, folders)
    };
    let (mut found, folders) = list(dir, nested);
    for folder in folders.into_iter().filter(|path| path.is_dir()) {
        found.extend(list(&folder, false).0);
    }
    found.sort();
    found
}

/// Opens the dictionaries `--data-dir` names (a dictionary's index file,
/// or those directly in a folder: a glossary folder's term folders are not
/// searched) and then those in `folders` (where dictd and StarDict keep
/// them), in order; of two with one name the first is kept, as a higher
/// folder's article hides a lower one's. A dictionary that cannot be
/// opened is announced in one line naming it, and the rest are served.
pub(crate) fn open_all(data_dirs: &[PathBuf], folders: &[PathBuf]) -> Vec<Dictionary> {
    let places = data_dirs
        .iter()
        .map(|place| (place, false))
        .chain(folders.iter().map(|folder| (folder, true)));
    let mut opened: Vec<Dictionary> = Vec::new();
    for (place, nested) in places {
        // Told apart by name, not by asking the file system: a call on a
        // watched folder makes no system call per place it need not.
        let candidates = match is_dictionary(place) {
            true => vec![place.clone()],
            false => discover(place, nested),
        };
        for path in candidates {
            match Dictionary::open(&path) {
                Ok(dictionary) if opened.iter().all(|d| d.name != dictionary.name) => {
                    opened.push(dictionary)
                }
                Ok(_) => {}
                Err(problem) => crate::store::read::announce(&problem),
            }
        }
    }
    opened
}
