//! On-disk copies of glossary folders' indexes, so that a large folder is
//! parsed once after it changes, not on every list, search, miss and TAB
//! press. A copy carries the manifest it was built from: every directory and
//! article file with its inode, size and times. A warm call checks that
//! manifest with one `stat` per entry (on every core) instead of listing and
//! reading the folder; entries whose times are too recent to tell two edits
//! apart ("racily clean", as git calls them) are compared by content.
//!
//! The file is input like any other: it is opened only as a regular file of
//! bounded size, its checksum and version must match, its manifest is read
//! with bounds checks and its index validated before use. Anything else is
//! rebuilt, never obeyed.

mod file;
mod fresh;
mod fuzz;
mod listing;
mod manifest;

#[cfg(target_os = "linux")]
pub(crate) use file::validate;
use file::MAGIC;
pub(crate) use file::{decode, open, seal, store, Blob, Cached, Seal};
pub(crate) use fresh::{content_hash, verify, Verdict};
pub(crate) use fuzz::exercise;
pub(crate) use listing::{Root, Stat};
pub(crate) use manifest::{Dir, File, Manifest};

use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Which of a folder's two indexes: from front matter only, or whole files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Titles,
    Full,
}

/// The version a cache file must carry: this gloss's, and its index format.
pub(crate) fn version() -> u64 {
    // Asked for by each cache file and each question to the watcher.
    static VERSION: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        let text = format!(
            "{} {:?} {:?}",
            env!("CARGO_PKG_VERSION"),
            crate::store::index::MAGIC,
            MAGIC
        );
        xxh3_64(text.as_bytes())
    });
    *VERSION
}

/// Where the copy of `root`'s index lives: one file per folder and kind,
/// named by a hash of the folder's absolute path and by this gloss's
/// `version`, so that two installed versions keep a copy each instead of
/// replacing each other's on every call. `None` where there is no cache
/// folder gloss can trust (see `folder`).
pub(crate) fn path_for(root: &Path, kind: Kind) -> Option<PathBuf> {
    let root = crate::store::paths::canonical(root)?;
    let hash = xxh3_64(root.as_os_str().as_encoded_bytes());
    let kind = match kind {
        Kind::Titles => "titles",
        Kind::Full => "full",
    };
    let name = format!("{hash:016x}-{:08x}-{kind}.idx", version() as u32);
    Some(folder()?.join(name))
}

/// The cache folder, `gloss/` in the user's cache directory, if it is one
/// only this user can write (or not there yet, to be made so): a cache is
/// read as gloss's own work, and where another user can plant files (a
/// `HOME` or `XDG_CACHE_HOME` under `/tmp`, a shared cache) they could plant
/// links that a write follows or a cache that a list believes. Otherwise
/// no cache is used, and that is told once.
fn folder() -> Option<PathBuf> {
    let dir = crate::store::paths::cache_dir()?.join("gloss");
    match crate::store::exclusive::distrust(&dir) {
        None => Some(dir),
        Some(why) => {
            let message = format!(
                "not using the cache folder: it {why}; every call reads the folders itself"
            );
            crate::store::read::announce(&crate::store::read::Problem::new(&dir, None, message));
            None
        }
    }
}
