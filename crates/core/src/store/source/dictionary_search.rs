//! A dictionary's full-text index: built from every entry the first time a
//! `--search --dict` needs it (one pass over the data), in the glossary's
//! own index format, and kept in the cache folder for that version of the
//! dictionary (its files' sizes and times, and gloss's version), so later
//! searches map it instead. A cache file is input like any other: it is
//! checksummed and its index checked for soundness before it is used.

use super::dictionary::Dictionary;
use crate::store::cache::{self, Blob};
use crate::store::index::{self, Entry, Index};
use crate::store::read::Problem;
use std::path::PathBuf;
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"glossdx1";

/// The search index of `dictionary`, from the cache when it holds this
/// version's, else built (and kept for the next call).
pub(crate) fn index(dictionary: &Dictionary) -> Result<Blob, Problem> {
    let path = cache_path(dictionary);
    if let Some(blob) = path.as_ref().and_then(|path| cached(path)) {
        return Ok(blob);
    }
    let (entries, skipped) = dictionary.all_entries()?;
    if skipped > 0 {
        crate::store::read::announce(&Problem::new(
            &dictionary.path,
            None,
            format!("{skipped} entries do not read and are not searched (see gloss --check)"),
        ));
    }
    let lang = dictionary.langs.0.clone().unwrap_or_else(|| "und".into());
    let rows = entries
        .into_iter()
        .enumerate()
        .map(|(number, entry)| Entry {
            // Unique and in order: rows are told apart by number, not word.
            slug: format!("e{number:09}"),
            lang: lang.clone(),
            description: first_line(&entry.text).to_string(),
            title: entry.headword,
            body: entry.text,
            ..Entry::default()
        })
        .collect();
    let blob = index::write(rows);
    if let Some(path) = path {
        store(&path, &blob);
    }
    Ok(Blob::Owned(blob))
}

/// The cache file for this version of the dictionary: named by its path,
/// and by what identifies the version (gloss's and the files' sizes and
/// modification times).
fn cache_path(dictionary: &Dictionary) -> Option<PathBuf> {
    let canonical = crate::store::paths::canonical(&dictionary.path)?;
    let mut version = format!("{}", cache::version());
    for file in dictionary.files() {
        let meta = std::fs::metadata(&file).ok()?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos());
        version.push_str(&format!(" {} {modified}", meta.len()));
    }
    let name = format!(
        "dict-{:016x}-{:016x}.idx",
        xxh3_64(canonical.as_os_str().as_encoded_bytes()),
        xxh3_64(version.as_bytes())
    );
    Some(crate::store::paths::cache_dir()?.join("gloss").join(name))
}

/// The cached index, if the file is one gloss wrote whole (the index,
/// then its checksum and `MAGIC`, so the index is mapped from the file's
/// start) and its index is sound.
fn cached(path: &std::path::Path) -> Option<Blob> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // SAFETY: read only; gloss writes cache files aside and renames them
    // into place, so a mapped file is never rewritten under the map.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let len = map.len().checked_sub(16)?;
    let (body, trailer) = map.split_at(len);
    let sum = u64::from_le_bytes(trailer[..8].try_into().ok()?);
    if &trailer[8..] != MAGIC || xxh3_64(body) != sum || !Index::open(body)?.is_sound() {
        return None;
    }
    Some(Blob::Mapped { map, len })
}

/// Keeps the index for the next call, written aside and renamed; other
/// versions of this dictionary's index are removed. Failing to write only
/// costs the next search the time this one took.
fn store(path: &std::path::Path, blob: &[u8]) {
    let Some(dir) = path.parent() else {
        return;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = &name[..name.len().min(21)]; // `dict-` and the path's hash
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten().take(10_000) {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with(stem) && other != name && other.ends_with(".idx") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let partial = path.with_extension(format!("{}.tmp", std::process::id()));
    let mut bytes = Vec::with_capacity(blob.len() + 16);
    bytes.extend_from_slice(blob);
    bytes.extend_from_slice(&xxh3_64(blob).to_le_bytes());
    bytes.extend_from_slice(MAGIC);
    let written = std::fs::create_dir_all(dir).is_ok()
        && std::fs::write(&partial, &bytes).is_ok()
        && std::fs::rename(&partial, path).is_ok();
    if !written {
        let _ = std::fs::remove_file(&partial);
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
}
