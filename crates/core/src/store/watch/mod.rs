//! The folder watcher: a background `gloss` that holds inotify watches on
//! large glossary folders and tells each call whether anything in a folder
//! changed since a token it handed out. A warm call whose cached index was
//! checked under the current token is served without one `stat` per file,
//! which was most of what a warm call on a large folder cost. Every other
//! answer (no watcher, a folder it cannot vouch for, a newer token, a slow
//! or foreign reply) falls back to checking every file.
//!
//! It vouches only for what inotify sees: folders on local file systems,
//! with no symlinked term folder or article and no article with a second
//! name. Two changes escape it, as they escape every inotify-based tool
//! (git's fsmonitor included): a write through a memory map, and a write
//! through a hard link made, after the folder was watched, from outside it.
//!
//! Linux only (inotify); elsewhere every folder is checked file by file.

use crate::store::cache::{Kind, Seal};
pub(crate) use crate::store::local::{on_local_fs, Token};

#[cfg(target_os = "linux")]
mod client;
#[cfg(target_os = "linux")]
mod protocol;
#[cfg(target_os = "linux")]
mod server;

#[cfg(target_os = "linux")]
pub(crate) use client::{ask, start};
#[cfg(target_os = "linux")]
pub(crate) use server::serve;

/// Folders with fewer article files are checked file by file: below this a
/// warm call's `stat`s cost less than asking another process.
pub(crate) const WATCH_FROM: usize = 1_000;

/// The hidden first argument that makes a `gloss` process the watcher.
pub(crate) const SERVE_ARG: &str = "--serve-folder-watcher";

/// What the watcher said about a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// Elsewhere than Linux no watcher runs, so none is ever `Watched`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) enum Answer {
    /// Watched: the folder's state now, and the seals of the versions of
    /// its two cache files (titles, full) the watcher validated itself.
    Watched {
        token: Token,
        seals: [Option<Seal>; 2],
    },
    /// A watcher answered but cannot vouch for the folder (yet): a network
    /// file system, a symlinked or hard-linked article, too few inotify
    /// watches, fewer than `WATCH_FROM` articles, or still setting up.
    Unwatched,
    /// No watcher is running (or watching is off).
    Absent,
}

impl Answer {
    pub(crate) fn token(self) -> Option<Token> {
        match self {
            Answer::Watched { token, .. } => Some(token),
            _ => None,
        }
    }

    /// The seal of the cache file of `kind` the watcher validated.
    pub(crate) fn seal(self, kind: Kind) -> Option<Seal> {
        match self {
            Answer::Watched { seals, .. } => seals[kind as usize],
            _ => None,
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn ask(_: &std::path::Path) -> Answer {
    Answer::Unwatched
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn start() {}

#[cfg(not(target_os = "linux"))]
pub(crate) fn serve() {}
