//! The watcher's registry: the folders it holds (at most `MAX_FOLDERS`),
//! how far it trusts each, and when one it could not vouch for is tried
//! again.

use super::{Seal, Watcher};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A folder it could not vouch for is tried again after this long, then
/// twice as long after each further failure (up to `IDLE`): a folder too
/// large for the inotify watches the system allows must not take them
/// all, from every other program, every minute.
pub(super) const RETRY: Duration = Duration::from_secs(60);

/// The most folders one watcher holds; past that, the one asked about
/// least recently is dropped.
pub(super) const MAX_FOLDERS: usize = 64;

/// How far the watcher trusts a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    /// Asked about, watches not (all) in place yet.
    Pending,
    Watched,
    /// Something in it inotify cannot see, or too few watches, or too
    /// few files to be worth watching: since then, and how many times.
    Unwatchable(Instant, u32),
}

/// A folder the watcher was asked about, and what it knows of it.
pub(super) struct Folder {
    pub(super) path: PathBuf,
    pub(super) id: (u64, u64),
    /// The value of the watcher's counter at its last change.
    pub(super) changed: u64,
    pub(super) state: State,
    /// Its cache files, and the seal of the version of each that the
    /// watcher read and validated.
    pub(super) caches: [PathBuf; 2],
    pub(super) seals: [Option<Seal>; 2],
    pub(super) asked: Instant,
}

impl Watcher {
    /// Forgets what is known of a folder: the next question sets it up.
    pub(super) fn reset(&mut self, folder: usize) {
        self.unwatch(folder);
        let changed = self.tick();
        let f = &mut self.folders[folder];
        f.changed = changed;
        f.state = State::Pending;
    }

    pub(super) fn unwatchable(&mut self, folder: usize) {
        self.unwatch(folder);
        let changed = self.tick();
        let f = &mut self.folders[folder];
        f.changed = changed;
        let failures = match f.state {
            State::Unwatchable(_, failures) => failures + 1,
            _ => 0,
        };
        f.state = State::Unwatchable(Instant::now(), failures);
    }

    /// A slot for a new folder: a new one, or the least recently asked
    /// about once `MAX_FOLDERS` are held.
    pub(super) fn admit(&mut self, id: (u64, u64)) -> usize {
        let folder = Folder {
            path: PathBuf::new(),
            id,
            changed: self.tick(),
            state: State::Pending,
            caches: [PathBuf::new(), PathBuf::new()],
            seals: [None; 2],
            asked: Instant::now(),
        };
        if self.folders.len() < MAX_FOLDERS {
            self.folders.push(folder);
            return self.folders.len() - 1;
        }
        let oldest = (0..self.folders.len())
            .min_by_key(|&i| self.folders[i].asked)
            .unwrap_or(0);
        self.unwatch(oldest);
        self.folders[oldest] = folder;
        oldest
    }
}
