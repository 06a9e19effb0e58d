//! A folder's entries as `stat` sees them: the fields a cached copy is
//! checked by, taken by short names below the folder held open, and when
//! their times are too recent to tell two edits apart.

use std::fs;
use std::path::Path;

/// File system timestamps are coarse (a kernel tick, a second on some file
/// systems, two on FAT): an entry whose modification or change time is
/// within this of the moment the folder was listed could change again
/// without its times changing. Such entries are compared by content.
pub(super) const SETTLE_NS: i64 = 2_000_000_000;

/// What `stat` (following symlinks, as reading does) says about an entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stat {
    /// 0 missing, 1 regular file, 2 directory, 3 anything else.
    pub(super) kind: u8,
    pub(super) ino: u64,
    pub(super) size: u64,
    /// Nanoseconds since the epoch.
    pub(super) mtime: i64,
    pub(super) ctime: i64,
}

impl Stat {
    fn of(path: &Path) -> Stat {
        let Ok(meta) = fs::metadata(path) else {
            return Stat::default();
        };
        let kind = if meta.is_file() {
            1
        } else if meta.is_dir() {
            2
        } else {
            3
        };
        let since_epoch = |time: std::io::Result<std::time::SystemTime>| {
            time.ok()
                .map_or(0, |t| match t.duration_since(std::time::UNIX_EPOCH) {
                    Ok(after) => after.as_nanos() as i64,
                    Err(before) => -(before.duration().as_nanos() as i64),
                })
        };
        #[cfg(unix)]
        let (ino, ctime) = {
            // ctime catches edits that restore the modification time.
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime() * 1_000_000_000 + meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let (ino, ctime) = (0, since_epoch(meta.created()));
        Stat {
            kind,
            ino,
            size: meta.len(),
            mtime: since_epoch(meta.modified()),
            ctime,
        }
    }

    pub(crate) fn is_dir(&self) -> bool {
        self.kind == 2
    }

    /// Whether this entry could change again, as of `taken`, without its
    /// times showing it. A time in the future (clock skew, a tarball) is
    /// always recent: such an entry is compared by content on every call.
    pub(super) fn recent(&self, taken: i64) -> bool {
        self.mtime.max(self.ctime) > taken.saturating_sub(SETTLE_NS)
    }
}

/// A folder's root, opened once, so that each entry is `stat`ed by its short
/// name below it (`slug/en.md`) instead of by a full path the kernel walks
/// again from `/` for each of thousands of entries: that walk was most of a
/// warm call's time. Where the root cannot be opened, full paths are used.
pub(crate) struct Root<'a> {
    path: &'a Path,
    #[cfg(unix)]
    dir: Option<fs::File>,
}

impl<'a> Root<'a> {
    pub(crate) fn open(path: &'a Path) -> Root<'a> {
        #[cfg(unix)]
        let dir = {
            use std::os::unix::fs::OpenOptionsExt;
            fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
                .open(path)
                .ok()
        };
        Root {
            path,
            #[cfg(unix)]
            dir,
        }
    }

    /// The entry `dir/name` below the root; `""` names the root itself. The
    /// names are slugs and article file names, never `..` or absolute.
    pub(crate) fn stat(&self, dir: &str, name: &str) -> Stat {
        #[cfg(unix)]
        if let Some(root) = &self.dir {
            return stat_at(root, dir, name);
        }
        Stat::of(&self.path.join(dir).join(name))
    }
}

/// `Stat::of` for a name relative to an open directory, following symlinks
/// as `fs::metadata` does, with the same fields, so either may check what
/// the other recorded.
#[cfg(unix)]
fn stat_at(root: &fs::File, dir: &str, name: &str) -> Stat {
    use std::os::fd::AsRawFd;
    let mut rel = Vec::with_capacity(dir.len() + name.len() + 2);
    for part in [dir, name].into_iter().filter(|part| !part.is_empty()) {
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(part.as_bytes());
    }
    if rel.is_empty() {
        rel.push(b'.');
    }
    let Ok(rel) = std::ffi::CString::new(rel) else {
        return Stat::default();
    };
    let mut out = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: an open directory, a NUL-terminated path and a buffer of the
    // type fstatat fills; it is read only when the call succeeded.
    let st = unsafe {
        if libc::fstatat(root.as_raw_fd(), rel.as_ptr(), out.as_mut_ptr(), 0) != 0 {
            return Stat::default();
        }
        out.assume_init()
    };
    let kind = match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => 1,
        libc::S_IFDIR => 2,
        _ => 3,
    };
    Stat {
        kind,
        ino: st.st_ino as u64,
        size: st.st_size as u64,
        mtime: nanos(st.st_mtime as i64, st.st_mtime_nsec as i64),
        ctime: nanos(st.st_ctime as i64, st.st_ctime_nsec as i64),
    }
}

/// A file time in the nanoseconds since the epoch that `Stat` and `Seal` use.
#[cfg(unix)]
pub(super) fn nanos(secs: i64, nsec: i64) -> i64 {
    secs.wrapping_mul(1_000_000_000).wrapping_add(nsec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_times_and_future_times_are_compared_by_content() {
        let at = |secs: i64| Stat {
            mtime: secs * 1_000_000_000,
            ..Stat::default()
        };
        let now = 1_000 * 1_000_000_000;
        assert!(!at(990).recent(now));
        assert!(at(999).recent(now));
        assert!(at(5_000).recent(now), "a future time is never settled");
    }
}
