//! On-disk copies of glossary folders' indexes, so that a large folder is
//! parsed once after it changes, not on every list, search, miss and TAB
//! press. A copy is used only while every article file still has the size,
//! times and inode it had when the copy was made; anything else rebuilds it.

use crate::store::check::ArticleFile;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const MAGIC: &[u8; 8] = b"GLOSSFC1";

/// Files changed this recently may change again within the same timestamp
/// tick (coarse file systems), unseen by the stamp: such folders are not
/// cached until they settle, as git treats "racily clean" files.
const SETTLE: Duration = Duration::from_secs(2);

/// What a folder's indexes depend on: the gloss that wrote them, and each
/// article file's path and metadata. (The two kinds of index are kept in
/// files of their own, so the stamp need not tell them apart.)
pub(crate) struct Stamp {
    hash: u64,
    settled: bool,
}

impl Stamp {
    pub(crate) fn of(root: &Path, files: &[ArticleFile]) -> Stamp {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (env!("CARGO_PKG_VERSION"), crate::store::index::MAGIC).hash(&mut hasher);
        let mut newest = SystemTime::UNIX_EPOCH;
        for file in files {
            // Relative to the folder, which may be named differently
            // (`./team`, `/home/me/team`) from one call to the next.
            file.path
                .strip_prefix(root)
                .unwrap_or(&file.path)
                .hash(&mut hasher);
            let Ok(meta) = fs::metadata(&file.path) else {
                continue;
            };
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            newest = newest.max(modified);
            (meta.len(), modified).hash(&mut hasher);
            #[cfg(unix)]
            {
                // ctime catches edits that restore the modification time.
                use std::os::unix::fs::MetadataExt;
                (meta.ino(), meta.ctime(), meta.ctime_nsec()).hash(&mut hasher);
            }
        }
        let settled = SystemTime::now()
            .duration_since(newest)
            .is_ok_and(|age| age >= SETTLE);
        Stamp {
            hash: hasher.finish(),
            settled,
        }
    }
}

/// Where the copy of `root`'s index lives: one file per folder and kind,
/// named by a hash of the folder's absolute path.
fn path_for(root: &Path, bodies: bool) -> Option<PathBuf> {
    let root = fs::canonicalize(root).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut hasher);
    let kind = if bodies { "full" } else { "titles" };
    let name = format!("{:016x}-{kind}.idx", hasher.finish());
    Some(crate::store::paths::cache_dir()?.join("gloss").join(name))
}

/// The cached index of `root`, if it was made for exactly this stamp.
pub(crate) fn load(root: &Path, bodies: bool, stamp: &Stamp) -> Option<Vec<u8>> {
    let mut bytes = fs::read(path_for(root, bodies)?).ok()?;
    let header = MAGIC.len() + 8;
    let hash = u64::from_le_bytes(bytes.get(MAGIC.len()..header)?.try_into().ok()?);
    if !bytes.starts_with(MAGIC) || hash != stamp.hash {
        return None;
    }
    bytes.drain(..header);
    Some(bytes)
}

/// Keeps `index` for the next call. Failing to (a read-only home, a full
/// disk) only costs the next call the time this one took.
pub(crate) fn store(root: &Path, bodies: bool, stamp: &Stamp, index: &[u8]) {
    let Some(path) = path_for(root, bodies).filter(|_| stamp.settled) else {
        return;
    };
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + index.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&stamp.hash.to_le_bytes());
    bytes.extend_from_slice(index);
    // Written aside and renamed, so a concurrent gloss never reads half a file.
    let partial = path.with_extension(format!("{}.tmp", std::process::id()));
    let written = path
        .parent()
        .is_some_and(|dir| fs::create_dir_all(dir).is_ok())
        && fs::write(&partial, &bytes).is_ok()
        && fs::rename(&partial, &path).is_ok();
    if !written {
        let _ = fs::remove_file(&partial);
    }
}
