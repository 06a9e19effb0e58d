//! The watcher's protocol, both ends of it: where the socket is, a
//! question (the asker's version, a folder, its identity, its two cache
//! files) and the reply (a token and the seals of the cache files the
//! watcher vouches for). Nothing read from the socket is trusted: a
//! malformed question is no question, and anything but a well-formed
//! "watched" reply reads as not watched.

use super::{Answer, Seal, Token};
use crate::store::cache;
use std::fs;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The protocol; a change to it must change this.
pub(super) const MAGIC: &[u8; 8] = b"GLOSSW02";

/// How long a call waits for the watcher before checking every file.
pub(super) const PATIENCE: Duration = Duration::from_millis(100);

/// The longest request: three paths of at most `PATH_MAX`.
pub(super) const MAX_REQUEST: usize = 8 + 24 + 3 * (4 + 4096);

/// A reply: status, instance, counter, and two seals.
pub(super) const REPLY: usize = SEALS + 2 * SEAL_BYTES;
/// Where a reply's fields start: the status byte (1: watched), the
/// watcher's instance and the folder's change counter (the token), then
/// the seals of the titles and the full cache file, five words each (all
/// zero: none).
const INSTANCE: usize = 1;
const COUNTER: usize = INSTANCE + 8;
const SEALS: usize = COUNTER + 8;
const SEAL_BYTES: usize = 8 * 5;

/// `sun_path` holds 108 bytes with its NUL; a longer path cannot be bound.
pub(super) const MAX_SOCKET_PATH: usize = 100;

/// Where the socket is, if its directory is one only this user can
/// enter: the answer decides what is served, so a socket someone else
/// could have placed is not asked. `Err(true)` when the directory does
/// not exist yet (a watcher would make it), `Err(false)` when no
/// watcher can be used (a directory not private, a path too long).
pub(super) fn socket() -> Result<PathBuf, bool> {
    let dir = crate::store::paths::watch_dir().ok_or(false)?;
    let meta = fs::symlink_metadata(&dir).map_err(|_| true)?;
    let private = meta.is_dir()
        && Some(meta.uid()) == crate::store::paths::current_user()
        && meta.mode() & 0o077 == 0;
    let path = dir.join(format!("watch-{:016x}.sock", instance_key()));
    match private && path.as_os_str().len() <= MAX_SOCKET_PATH {
        true => Ok(path),
        false => Err(false),
    }
}

/// Which watcher a call may ask: one of this version of gloss (two
/// installed versions each keep their own), on this machine (a cache
/// folder shared over the network holds other machines' sockets).
pub(super) fn instance_key() -> u64 {
    let mut host = [0u8; 256];
    // SAFETY: a buffer and its length; the name is NUL-terminated when it fits.
    unsafe { libc::gethostname(host.as_mut_ptr().cast(), host.len()) };
    let mut key = host.to_vec();
    key.extend_from_slice(&cache::version().to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&key)
}

/// The uid of the process at the other end of `stream`.
pub(super) fn peer_uid(stream: &UnixStream) -> Option<u32> {
    let mut cred = std::mem::MaybeUninit::<libc::ucred>::zeroed();
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: a connected socket and a buffer of the size given.
    let got = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            cred.as_mut_ptr().cast(),
            &mut len,
        )
    };
    // SAFETY: filled when the call succeeded (zeroed otherwise).
    (got == 0).then(|| unsafe { cred.assume_init() }.uid)
}

/// The folder's identity: a folder replaced under the same path is
/// another folder.
pub(super) fn identity(meta: &fs::Metadata) -> (u64, u64) {
    (meta.dev(), meta.ino())
}

/// A question: the asker's version, a folder, its identity, and its two
/// cache files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Question {
    pub(super) version: u64,
    pub(super) root: PathBuf,
    pub(super) id: (u64, u64),
    pub(super) caches: [PathBuf; 2],
}

/// A question as the asker sends it: its length, then the body
/// `parse_request` reads.
pub(super) fn request(question: &Question) -> Vec<u8> {
    let mut body = Vec::with_capacity(256);
    body.extend_from_slice(MAGIC);
    body.extend_from_slice(&question.version.to_le_bytes());
    body.extend_from_slice(&question.id.0.to_le_bytes());
    body.extend_from_slice(&question.id.1.to_le_bytes());
    for path in [&question.root, &question.caches[0], &question.caches[1]] {
        let path = path.as_os_str().as_bytes();
        body.extend_from_slice(&(path.len() as u32).to_le_bytes());
        body.extend_from_slice(path);
    }
    let mut out = (body.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&body);
    out
}

/// A request's question; `None` for anything else, including another
/// protocol version or a path that is not absolute.
pub(super) fn parse_request(body: &[u8]) -> Option<Question> {
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut take = |n: usize| {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let mut word = || Some(u64::from_le_bytes(take(8)?.try_into().ok()?));
    let version = word()?;
    let id = (word()?, word()?);
    let mut path = || {
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let path = Path::new(std::ffi::OsStr::from_bytes(take(len)?));
        path.is_absolute().then(|| path.to_path_buf())
    };
    let (root, titles, full) = (path()?, path()?, path()?);
    Some(Question {
        version,
        root,
        id,
        caches: [titles, full],
    })
}

/// Makes the socket's directory (0700) if it is not there: only
/// gloss's own folder, in the runtime directory or the cache. The
/// runtime directory is the login's to make; where it is gone (a tmux
/// session that outlived the login) there is no place for a socket,
/// and no watcher is started.
pub(super) fn make_socket_dir(dir: &Path) -> bool {
    let in_cache = crate::store::paths::cache_dir().is_some_and(|cache| dir.starts_with(cache));
    if let (true, Some(parent)) = (in_cache, dir.parent()) {
        let _ = fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent);
        // Not in a cache folder others can write (store::cache says so).
        if crate::store::exclusive::distrust(parent).is_some() {
            return false;
        }
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => true,
        Err(error) => error.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// The reply to a question: for a watched folder its token and the seals
/// of the cache files that are still the versions the watcher vouched for;
/// for any other, "not watched".
pub(super) fn reply(watched: Option<(Token, [Option<Seal>; 2])>) -> [u8; REPLY] {
    let mut reply = [0u8; REPLY];
    let Some(((instance, counter), seals)) = watched else {
        return reply;
    };
    reply[0] = 1;
    reply[INSTANCE..INSTANCE + 8].copy_from_slice(&instance.to_le_bytes());
    reply[COUNTER..COUNTER + 8].copy_from_slice(&counter.to_le_bytes());
    for (k, seal) in seals.iter().enumerate() {
        for (w, word) in seal.unwrap_or([0; 5]).iter().enumerate() {
            let at = SEALS + SEAL_BYTES * k + 8 * w;
            reply[at..at + 8].copy_from_slice(&word.to_le_bytes());
        }
    }
    reply
}

/// What a reply says.
pub(super) fn parse_reply(reply: &[u8; REPLY]) -> Answer {
    let word = |i: usize| u64::from_le_bytes(reply[i..i + 8].try_into().unwrap_or([0; 8]));
    let seal = |k: usize| {
        let seal: Seal = std::array::from_fn(|w| word(SEALS + SEAL_BYTES * k + 8 * w));
        (seal != [0; 5]).then_some(seal)
    };
    match reply[0] {
        1 if word(INSTANCE) != 0 => Answer::Watched {
            token: (word(INSTANCE), word(COUNTER)),
            seals: [seal(0), seal(1)],
        },
        _ => Answer::Unwatched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the asker sends is what the watcher reads, and the other way.
    #[test]
    fn both_ends_read_what_the_other_writes() {
        let question = Question {
            version: 7,
            root: PathBuf::from("/home/ana/terms"),
            id: (12, 34),
            caches: [
                PathBuf::from("/c/a-titles.idx"),
                PathBuf::from("/c/a-full.idx"),
            ],
        };
        let sent = request(&question);
        let (len, body) = sent.split_at(4);
        assert_eq!(
            u32::from_le_bytes(len.try_into().unwrap()) as usize,
            body.len()
        );
        assert!(body.len() <= MAX_REQUEST);
        assert_eq!(parse_request(body), Some(question));
        let seals = [Some([1, 2, 3, 4, 5]), None];
        let answer = parse_reply(&reply(Some(((9, 10), seals))));
        assert_eq!(
            answer,
            Answer::Watched {
                token: (9, 10),
                seals
            }
        );
        assert_eq!(parse_reply(&reply(None)), Answer::Unwatched);
    }

    /// A damaged or foreign message means nothing.
    #[test]
    fn what_is_not_the_protocol_is_nothing() {
        assert_eq!(parse_request(b"GLOSSW01anything"), None);
        let relative = Question {
            version: 1,
            root: PathBuf::from("terms"),
            id: (0, 0),
            caches: [PathBuf::from("/a"), PathBuf::from("/b")],
        };
        assert_eq!(parse_request(&request(&relative)[4..]), None);
        let truncated = request(&Question {
            root: PathBuf::from("/t"),
            ..relative
        });
        assert_eq!(parse_request(&truncated[4..truncated.len() - 1]), None);
        let mut status = reply(Some(((0, 1), [None, None])));
        assert_eq!(parse_reply(&status), Answer::Unwatched, "no instance is 0");
        status[0] = 2;
        assert_eq!(parse_reply(&status), Answer::Unwatched);
    }
}
