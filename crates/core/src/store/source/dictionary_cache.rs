//! What gloss keeps for a dictionary in the cache folder, per version of
//! its files (their inodes, sizes and times, and gloss's version):
//! the full-text index (`dictionary_search.rs`), the table of folded keys
//! (`dictionary_keys.rs`) and a StarDict `.idx`'s table of rows. A file is the kept bytes, their checksum and a magic
//! number, written aside and renamed into place; one that does not check
//! out is not used (a cache is input like any other).

use crate::store::cache::{self, Blob};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"glossdx1";

/// The files a dictionary whose index file is `path` is read from.
pub(crate) fn files(path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = vec![path.to_path_buf()];
    for ext in ["dict.dz", "dict", "idx", "syn"] {
        let file = dir.join(format!("{name}.{ext}"));
        if file.exists() {
            files.push(file);
        }
    }
    files
}

/// The cache file of `kind` for this version of the dictionary whose index
/// file is `path`.
pub(crate) fn path(path: &Path, kind: &str) -> Option<PathBuf> {
    let canonical = crate::store::paths::canonical(path)?;
    let mut version = format!("{}", cache::version());
    for file in files(path) {
        // Device, inode, size, modification and change times (a file
        // rewritten in place changes its change time, which cannot be set).
        let meta = std::fs::metadata(&file).ok()?;
        version.push_str(&format!(" {:?}", cache::seal(&meta)));
    }
    let name = format!(
        "dict-{:016x}-{:016x}.{kind}",
        xxh3_64(canonical.as_os_str().as_encoded_bytes()),
        xxh3_64(version.as_bytes())
    );
    Some(crate::store::paths::cache_dir()?.join("gloss").join(name))
}

/// The kept bytes, mapped, if the file is one gloss wrote whole.
pub(crate) fn read(path: &Path) -> Option<Blob> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // SAFETY: read only; cache files are written aside and renamed into
    // place, so a mapped file is never rewritten under the map.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let len = map.len().checked_sub(16)?;
    let (body, trailer) = map.split_at(len);
    let sum = u64::from_le_bytes(trailer[..8].try_into().ok()?);
    if &trailer[8..] != MAGIC || xxh3_64(body) != sum {
        return None;
    }
    Some(Blob::Mapped { map, len })
}

/// Keeps `body` for the next call; the dictionary's other versions of this
/// kind are removed. Failing to write costs only the next call's time.
pub(crate) fn write(path: &Path, body: &[u8]) {
    let Some(dir) = path.parent() else {
        return;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = &name[..name.len().min(21)]; // `dict-` and the path's hash
    let kind = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten().take(10_000) {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with(stem) && other != name && other.ends_with(&format!(".{kind}")) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let partial = path.with_extension(format!("{}.tmp", std::process::id()));
    let mut bytes = Vec::with_capacity(body.len() + 16);
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&xxh3_64(body).to_le_bytes());
    bytes.extend_from_slice(MAGIC);
    let written = std::fs::create_dir_all(dir).is_ok()
        && std::fs::write(&partial, &bytes).is_ok()
        && std::fs::rename(&partial, path).is_ok();
    if !written {
        let _ = std::fs::remove_file(&partial);
    }
}
