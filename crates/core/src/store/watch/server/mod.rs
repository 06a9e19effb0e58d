//! The watcher itself: a detached `gloss` that holds inotify watches on
//! the folders it is asked about (at most a share of the user's watches,
//! at most `MAX_FOLDERS` folders), answers each question on its socket,
//! and leaves after `IDLE` without one.
//!
//! Here: the socket loop and answering a question. The inotify side
//! (what changes an answer, adding watches, reading events) is `inotify`,
//! the folders held and how far each is trusted `registry`.

use super::protocol::{
    self, identity, make_socket_dir, parse_request, peer_uid, socket, Question, MAGIC, MAX_REQUEST,
    PATIENCE,
};
use super::Seal;
use crate::store::cache;
use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod inotify;
mod registry;

use inotify::watch_budget;
use registry::{Folder, State, RETRY};

/// The longest queue of calls the watcher's socket holds.
const BACKLOG: libc::c_int = 64;

/// The watcher leaves after this long without a question.
const IDLE: Duration = Duration::from_secs(20 * 60);

/// How often the watcher checks that its socket is still its own.
const TICK: Duration = Duration::from_secs(1);

/// Runs the watcher until it has been idle for `IDLE`, its socket is
/// gone or replaced, or another watcher already answers.
pub(crate) fn serve() {
    let Some(dir) = crate::store::paths::watch_dir() else {
        return;
    };
    if !make_socket_dir(&dir) {
        return;
    }
    let Ok(path) = socket() else {
        return;
    };
    // One watcher per socket: whoever holds the lock binds it.
    let Ok(lock) = fs::File::create(path.with_extension("lock")) else {
        return;
    };
    // SAFETY: an open file; released when the process ends.
    if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return;
    }
    let _ = fs::remove_file(&path);
    let Ok(listener) = UnixListener::bind(&path) else {
        return;
    };
    // Calls wait for it at most `PATIENCE`; more than this many queued
    // are not being answered, and a call finding the queue full checks
    // its files itself (see `connect`).
    // SAFETY: a bound socket; listening again only sets the queue's length.
    unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) };
    let Ok(bound) = fs::symlink_metadata(&path).map(|m| identity(&m)) else {
        return;
    };
    if listener.set_nonblocking(true).is_err() {
        return;
    }
    let Some(mut watcher) = Watcher::new() else {
        return;
    };
    let mut mounts = Mounts::open();
    let ours = || fs::symlink_metadata(&path).is_ok_and(|m| identity(&m) == bound);
    let mut last_question = Instant::now();
    let mut serving = true;
    while serving && last_question.elapsed() < IDLE && ours() {
        let mut fds = [
            libc::pollfd {
                fd: listener.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: watcher.inotify.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two initialised pollfds.
        unsafe { libc::poll(fds.as_mut_ptr(), 2, TICK.as_millis() as i32) };
        // A mount or unmount anywhere (over a term folder, say) is no
        // inotify event in the folder: it is a change of everything.
        if mounts.changed() {
            watcher.forget_all();
        }
        watcher.drain();
        while let Ok((stream, _)) = listener.accept() {
            match watcher.answer(stream) {
                Asked::Question => last_question = Instant::now(),
                Asked::Nothing => {}
                Asked::OtherVersion => serving = false,
            }
        }
    }
    // Gone at once, so that the next call starts a watcher rather than
    // asking one that is leaving.
    if ours() {
        let _ = fs::remove_file(&path);
    }
}

/// The mount table, as the kernel reports its changes: `poll` on
/// `/proc/self/mountinfo` says `POLLPRI` after a mount or unmount until
/// the file is read again. Where it cannot be opened, every tick is a
/// change of nothing (the watcher then cannot see mounts, as before).
struct Mounts {
    file: Option<fs::File>,
}

impl Mounts {
    fn open() -> Mounts {
        let mut mounts = Mounts {
            file: fs::File::open("/proc/self/mountinfo").ok(),
        };
        mounts.reread();
        mounts
    }

    fn reread(&mut self) {
        use std::io::Seek;
        if let Some(file) = &mut self.file {
            let _ = file.seek(std::io::SeekFrom::Start(0));
            let _ = std::io::copy(file, &mut std::io::sink());
        }
    }

    /// Whether the table changed since the last call.
    fn changed(&mut self) -> bool {
        let Some(file) = &self.file else {
            return false;
        };
        let mut fd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLPRI,
            revents: 0,
        };
        // SAFETY: one initialised pollfd; no waiting.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        let changed = ready > 0 && fd.revents & (libc::POLLPRI | libc::POLLERR) != 0;
        if changed {
            self.reread();
        }
        changed
    }
}

/// What a connection turned out to be.
enum Asked {
    Question,
    /// Not a question this watcher reads (not gloss's, or cut short).
    Nothing,
    /// Another version of gloss's protocol: not for this watcher.
    OtherVersion,
}

struct Watcher {
    inotify: fs::File,
    instance: u64,
    counter: u64,
    folders: Vec<Folder>,
    /// Watch descriptor → folder, and the term folder watched (`None`:
    /// the folder's root).
    watches: HashMap<i32, (usize, Option<String>)>,
    /// Cache files being validated on another thread (a large one takes
    /// longer than a call waits), and their results: the file and its
    /// seal, if sound.
    validating: std::collections::HashSet<PathBuf>,
    validated: std::sync::mpsc::Receiver<(PathBuf, Option<Seal>)>,
    validate: std::sync::mpsc::Sender<(PathBuf, Option<Seal>)>,
    /// The most watches this watcher holds (see `SHARE_OF_WATCHES`).
    budget: usize,
}

impl Watcher {
    pub(super) fn new() -> Option<Watcher> {
        use std::os::fd::FromRawFd;
        // SAFETY: no preconditions; a negative result is checked.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: a descriptor just opened and owned by nothing else.
        let inotify = unsafe { fs::File::from_raw_fd(fd) };
        // Unlike any earlier watcher's: tokens it gave out must not match.
        let instance = crate::store::local::now() as u64 ^ (u64::from(std::process::id()) << 40);
        let (validate, validated) = std::sync::mpsc::channel();
        Some(Watcher {
            inotify,
            instance: instance.max(1),
            counter: 0,
            folders: Vec::new(),
            watches: HashMap::new(),
            validating: Default::default(),
            validated,
            validate,
            budget: watch_budget(),
        })
    }

    pub(super) fn tick(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// Answers one question; a folder not yet watched is set up after
    /// the answer, so no call waits for that.
    pub(super) fn answer(&mut self, mut stream: UnixStream) -> Asked {
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(PATIENCE));
        let _ = stream.set_write_timeout(Some(PATIENCE));
        if peer_uid(&stream) != crate::store::paths::current_user() {
            return Asked::Nothing;
        }
        let mut len = [0u8; 4];
        if stream.read_exact(&mut len).is_err() {
            return Asked::Nothing;
        }
        let len = u32::from_le_bytes(len) as usize;
        let mut body = vec![0u8; len.min(MAX_REQUEST)];
        if len > MAX_REQUEST || stream.read_exact(&mut body).is_err() {
            return Asked::Nothing;
        }
        let question = parse_request(&body).filter(|q| q.version == cache::version());
        let Some(Question {
            root, id, caches, ..
        }) = question
        else {
            // Told at once, so the asker does not wait for nothing.
            let _ = stream.write_all(&protocol::reply(None));
            return match body.starts_with(&MAGIC[..6]) {
                true => Asked::OtherVersion,
                false => Asked::Nothing,
            };
        };
        self.drain();
        // A folder is its directory, whatever path reaches it now.
        let i = match self.folders.iter().position(|f| f.id == id) {
            Some(i) => i,
            None => self.admit(id),
        };
        if let State::Unwatchable(since, failures) = self.folders[i].state {
            if since.elapsed() > RETRY * 2u32.saturating_pow(failures).min(20) {
                self.reset(i);
            }
        }
        let f = &mut self.folders[i];
        f.asked = Instant::now();
        if f.path != root {
            f.path = root;
            self.reset(i);
        }
        let f = &mut self.folders[i];
        if f.caches != caches {
            f.caches = caches;
            f.seals = [None; 2];
        }
        // Seals found since the last question.
        while let Ok((path, seal)) = self.validated.try_recv() {
            self.validating.remove(&path);
            for f in &mut self.folders {
                for k in 0..2 {
                    if f.caches[k] == path {
                        f.seals[k] = seal;
                    }
                }
            }
        }
        let f = &mut self.folders[i];
        // A seal still holds while the file is that version.
        let current: [Option<Seal>; 2] = std::array::from_fn(|k| {
            let now = fs::symlink_metadata(&f.caches[k])
                .ok()
                .map(|m| cache::seal(&m));
            f.seals[k].filter(|seal| Some(*seal) == now)
        });
        let watched = (f.state == State::Watched).then_some(((self.instance, f.changed), current));
        let _ = stream.write_all(&protocol::reply(watched));
        drop(stream);
        // After the answer, so that no call waits for it: watches for a
        // new folder, and validating cache files written since.
        if f.state == State::Pending {
            self.set_up(i);
        }
        let f = &self.folders[i];
        if f.state == State::Watched {
            for (k, sealed) in current.iter().enumerate() {
                let path = &f.caches[k];
                if sealed.is_none() && self.validating.insert(path.clone()) {
                    let (path, done) = (path.clone(), self.validate.clone());
                    std::thread::spawn(move || {
                        let seal = cache::validate(&path);
                        let _ = done.send((path, seal));
                    });
                }
            }
        }
        Asked::Question
    }
}
