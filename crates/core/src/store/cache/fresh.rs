//! Freshness: the verdict on a cached copy against the folder now, from
//! one `stat` per entry and, for entries too recent to trust their times,
//! their content.

use super::file::Cached;
use super::listing::Root;
use super::manifest::{Dir, File};
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// The hash a file's content is compared by: of the text an index entry
/// was built from, or a mark for a file that could not be read.
pub(crate) fn content_hash(text: &Result<String, crate::store::read::Problem>) -> u64 {
    match text {
        Ok(text) => xxh3_64(text.as_bytes()),
        Err(_) => u64::MAX,
    }
}

/// How a cached copy compares with the folder now.
pub(crate) enum Verdict {
    /// Changed: rebuild.
    Stale,
    /// Unchanged. With `settled`, some entries that had to be compared by
    /// content are now old enough not to be: the copy is worth rewriting
    /// with the new time, so later calls only `stat` them.
    Fresh { settled: bool },
}

/// Checks `cached` against the folder at `root`, as of `taken` (a time
/// before any of the checks). With `stats_known`, the entries' metadata was
/// checked already this call (by the other index's copy, whose manifest has
/// the same stamp): only contents are compared.
pub(crate) fn verify(
    root: &Path,
    cached: &Cached,
    taken: i64,
    stats_known: bool,
    names: impl Fn(&Path, bool) -> u64 + Sync,
    read: impl Fn(&Path) -> u64 + Sync,
) -> Verdict {
    let Cached {
        manifest, contents, ..
    } = cached;
    let Some(root_dir) = manifest.dirs.first() else {
        return Verdict::Stale;
    };
    let base = Root::open(root);
    // Each check: is it unchanged, and was it recent when written (and so
    // compared by content) but is no longer.
    let dir_check = |dir: &Dir| -> Option<bool> {
        if !stats_known && base.stat(&dir.name, "") != dir.stat {
            return None;
        }
        if dir.stat.kind == 2 && dir.stat.recent(manifest.taken) {
            let path = root.join(&dir.name);
            (names(&path, dir.name.is_empty()) == dir.names).then_some(!dir.stat.recent(taken))
        } else {
            Some(false)
        }
    };
    let root_ok = dir_check(root_dir);
    let Some(mut settled) = root_ok else {
        return Verdict::Stale;
    };
    let dirs = crate::store::parallel::map(&manifest.dirs[1..], dir_check);
    let indexed: Vec<(usize, &File)> = manifest.files.iter().enumerate().collect();
    let files = crate::store::parallel::map(&indexed, |&(i, file)| {
        let dir = manifest.dirs.get(file.dir as usize).map_or("", |d| &d.name);
        if !stats_known && base.stat(dir, &file.name) != file.stat {
            return None;
        }
        if file.stat.recent(manifest.taken) {
            (read(&manifest.path(root, file)) == contents[i]).then_some(!file.stat.recent(taken))
        } else {
            Some(false)
        }
    });
    for check in dirs.into_iter().chain(files) {
        match check {
            None => return Verdict::Stale,
            Some(now_settled) => settled |= now_settled,
        }
    }
    Verdict::Fresh { settled }
}
