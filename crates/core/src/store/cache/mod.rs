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
//!
//! Here: where a folder's copies live and opening and keeping them. The
//! rooms: `listing` (stat entries), `manifest` (its codec), `file` (the
//! file's layout and bounded open), `fresh` (the verdict against the
//! folder), `fuzz` (the fuzz target's entry).

mod file;
mod fresh;
mod fuzz;
mod listing;
mod manifest;

#[cfg(target_os = "linux")]
pub(crate) use file::validate;
use file::{encode, read_bounded, Opened};
pub(crate) use file::{seal, version, Blob, Cached, Seal};
pub(crate) use fresh::{content_hash, verify, Verdict};
pub(crate) use fuzz::exercise;
pub(crate) use listing::{Root, Stat};
pub(crate) use manifest::{Dir, File, Manifest};

use std::fs;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Which of a folder's two indexes: from front matter only, or whole files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Titles,
    Full,
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

/// The cached index of `root`, if its trailer checks out (nothing is yet
/// checked against the folder). With `sealed`, the seal of a version of the
/// file the folder watcher validated: if the file is still that version, it
/// is not validated again.
pub(crate) fn open(root: &Path, kind: Kind, sealed: Option<Seal>) -> Option<Opened> {
    let (file, found) = read_bounded(&path_for(root, kind)?)?;
    Opened::new(file, sealed.is_none() || sealed != Some(found))
}

/// Keeps `index` for the next call. Failing to (a read-only home, a full
/// disk) only costs the next call the time this one took.
pub(crate) fn store(root: &Path, kind: Kind, manifest: &Manifest, contents: &[u64], index: &[u8]) {
    use crate::store::exclusive::{Dir, Replace};
    let Some(path) = path_for(root, kind) else {
        return;
    };
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    if let Some(parent) = dir.parent() {
        let _ = fs::create_dir_all(parent);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        let _ = fs::DirBuilder::new().mode(0o700).create(dir);
    }
    #[cfg(not(unix))]
    let _ = fs::create_dir(dir);
    // Checked again on the folder held open: it is the one written in.
    let Some(dir) = Dir::open(dir).ok().filter(|dir| dir.is_trusted(false)) else {
        return;
    };
    // Written aside under a fresh name, created exclusively (never through
    // a link), and renamed, so a concurrent gloss never reads half a file.
    let Ok((file, partial)) = dir.create_unguessable(&format!(".{name}.tmp-")) else {
        return;
    };
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(file);
        encode(index, manifest, contents, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    };
    if write().is_err() || dir.rename(&partial, &dir, name, Replace::File).is_err() {
        let _ = dir.remove(&partial);
    }
}
