//! The watcher's inotify side: which events change a folder's answer,
//! watches added on a folder and its term folders within the watcher's
//! share of the user's, and events read and counted as changes.

use super::{State, Watcher};
use crate::model::article::is_slug;
use crate::store::watch::protocol::identity;
use std::ffi::CString;
use std::fs;
use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The share of the user's inotify watches (`max_user_watches`) one
/// watcher takes at most: every other program of the user (editors,
/// build tools, file managers) needs them too. A folder that would take
/// more is checked file by file.
pub(super) const SHARE_OF_WATCHES: usize = 4;

/// What changes a folder's answer: entries added, removed, renamed,
/// written or re-permissioned, and the watched directory itself going.
const MASK: u32 = libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_CLOSE_WRITE
    | libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF
    | libc::IN_ONLYDIR;

impl Watcher {
    /// Takes every queued event. inotify queues an event before the
    /// system call that caused it returns, so once a question arrives,
    /// every change made before it was asked is in the queue.
    pub(super) fn drain(&mut self) {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let Ok(n) = (&self.inotify).read(&mut buffer) else {
                return;
            };
            if n == 0 {
                return;
            }
            let mut at = 0;
            let head = std::mem::size_of::<libc::inotify_event>();
            while at + head <= n {
                let word = |i: usize| {
                    u32::from_ne_bytes(buffer[at + i..at + i + 4].try_into().unwrap_or([0; 4]))
                };
                let (wd, mask, len) = (word(0) as i32, word(4), word(12) as usize);
                let name_bytes = buffer
                    .get(at + head..(at + head + len).min(n))
                    .unwrap_or(&[]);
                let name = name_bytes.split(|&b| b == 0).next().unwrap_or(&[]);
                let name = String::from_utf8_lossy(name).into_owned();
                self.event(wd, mask, &name);
                at += head + len;
            }
        }
    }

    pub(super) fn event(&mut self, wd: i32, mask: u32, name: &str) {
        if mask & libc::IN_Q_OVERFLOW != 0 {
            // Events were lost: nothing is known any more.
            for i in 0..self.folders.len() {
                self.reset(i);
            }
            return;
        }
        let Some((folder, slug)) = self.watches.get(&wd).cloned() else {
            return;
        };
        let changed = self.tick();
        self.folders[folder].changed = changed;
        if mask & libc::IN_IGNORED != 0 {
            self.watches.remove(&wd);
        }
        let gone = libc::IN_IGNORED | libc::IN_DELETE_SELF | libc::IN_MOVE_SELF | libc::IN_UNMOUNT;
        if slug.is_none() && mask & gone != 0 {
            self.reset(folder);
            return;
        }
        // Created, moved in, or (for an article) its link count
        // changed: checked as set-up checks everything.
        let arrived = libc::IN_CREATE | libc::IN_MOVED_TO;
        let relinked = slug.is_some() && mask & libc::IN_ATTRIB != 0;
        if self.folders[folder].state != State::Watched || (mask & arrived == 0 && !relinked) {
            return;
        }
        let sound = match &slug {
            // A new term folder (or one renamed in): watch it too.
            None => !is_slug(name) || self.watch_term(folder, name),
            // A new article: one that is a symlink or has another name
            // elsewhere can change without an event here.
            Some(slug) => plain_article(&self.folders[folder].path.join(slug).join(name), name),
        };
        if !sound {
            self.unwatchable(folder);
        }
    }

    /// Forgets every folder: each is set up again at its next question.
    pub(super) fn forget_all(&mut self) {
        for i in 0..self.folders.len() {
            self.reset(i);
        }
    }

    pub(super) fn unwatch(&mut self, folder: usize) {
        let fd = self.inotify.as_raw_fd();
        self.watches.retain(|&wd, (of, _)| {
            if *of == folder {
                // SAFETY: an inotify descriptor and a watch it returned.
                unsafe { libc::inotify_rm_watch(fd, wd) };
            }
            *of != folder
        });
    }

    pub(super) fn add_watch(&mut self, path: &Path, folder: usize, slug: Option<&str>) -> bool {
        let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: an inotify descriptor and a NUL-terminated path.
        let wd =
            unsafe { libc::inotify_add_watch(self.inotify.as_raw_fd(), c_path.as_ptr(), MASK) };
        let entry = (folder, slug.map(str::to_string));
        // A directory watched already, by another folder, or as this
        // folder's root and one of its terms at once: its events would
        // count for one of them only. A term folder renamed within the
        // folder keeps its watch under its new name.
        let clash = |(of, known): &(usize, Option<String>)| {
            *of != folder || known.is_some() != slug.is_some()
        };
        if self.watches.len() >= self.budget {
            // SAFETY: as above; the watch just added is not kept.
            if wd >= 0 && !self.watches.contains_key(&wd) {
                unsafe { libc::inotify_rm_watch(self.inotify.as_raw_fd(), wd) };
            }
            return false;
        }
        if wd < 0 || self.watches.get(&wd).is_some_and(clash) {
            return false;
        }
        self.watches.insert(wd, entry);
        true
    }

    /// Watches one term folder; false if something in it can change
    /// unseen. A symlinked term folder can: its target can be replaced
    /// with no event in this folder.
    pub(super) fn watch_term(&mut self, folder: usize, slug: &str) -> bool {
        let dir = self.folders[folder].path.join(slug);
        let Ok(meta) = fs::symlink_metadata(&dir) else {
            return true; // gone again: its removal is an event
        };
        if meta.file_type().is_symlink() {
            return !fs::metadata(&dir).is_ok_and(|m| m.is_dir());
        }
        if !meta.is_dir() {
            return true; // not a term folder: never read
        }
        if !self.add_watch(&dir, folder, Some(slug)) {
            return false;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            return false;
        };
        entries.flatten().all(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            plain_article(&entry.path(), &name)
        })
    }

    /// Watches a folder: its root and each term folder in it.
    pub(super) fn set_up(&mut self, folder: usize) {
        self.unwatch(folder);
        let path = self.folders[folder].path.clone();
        let sound = crate::store::watch::on_local_fs(&path)
            && fs::metadata(&path).is_ok_and(|m| identity(&m) == self.folders[folder].id)
            && self.add_watch(&path, folder, None)
            && fs::read_dir(&path).is_ok_and(|entries| {
                entries.flatten().all(|entry| {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    !is_slug(&name) || self.watch_term(folder, &name)
                })
            })
            // Small folders are cheaper to check file by file than to
            // hold watches for.
            && self.watches.values().filter(|(of, _)| *of == folder).count() > 1
            && self.articles(folder) >= crate::store::watch::WATCH_FROM;
        if sound {
            let changed = self.tick();
            let f = &mut self.folders[folder];
            f.changed = changed;
            f.state = State::Watched;
        } else {
            self.unwatchable(folder);
        }
    }

    /// The article files in a watched folder's term folders.
    pub(super) fn articles(&self, folder: usize) -> usize {
        let root = &self.folders[folder].path;
        self.watches
            .values()
            .filter(|(of, _)| *of == folder)
            .filter_map(|(_, slug)| fs::read_dir(root.join(slug.as_ref()?)).ok())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_str()
                            .is_some_and(|n| crate::store::check::article_lang(n).is_ok())
                    })
                    .count()
            })
            .sum()
    }
}

/// A quarter of the user's inotify watches, as the system sets them
/// (`GLOSS_MAX_USER_WATCHES` stands in for the system's figure, for tests).
pub(super) fn watch_budget() -> usize {
    let from = |text: String| text.trim().parse::<usize>().ok();
    let max = std::env::var("GLOSS_MAX_USER_WATCHES")
        .ok()
        .and_then(from)
        .or_else(|| {
            fs::read_to_string("/proc/sys/fs/inotify/max_user_watches")
                .ok()
                .and_then(from)
        })
        .unwrap_or(8192);
    max / SHARE_OF_WATCHES
}

/// Whether an entry of a term folder is one inotify sees every change
/// of: not a symlink, and a file with no other name. Names that are not
/// articles are never read, so they do not matter.
pub(super) fn plain_article(path: &Path, name: &str) -> bool {
    if name.starts_with('.') || crate::store::check::article_lang(name).is_err() {
        return true;
    }
    fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink() && m.nlink() <= 1)
}
