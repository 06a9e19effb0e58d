//! The watcher itself: a detached `gloss` that holds inotify watches on
//! the folders it is asked about (at most a share of the user's watches,
//! at most `MAX_FOLDERS` folders), answers each question on its socket,
//! and leaves after `IDLE` without one.

use super::protocol::{
    self, identity, make_socket_dir, parse_request, peer_uid, socket, Question, MAGIC, MAX_REQUEST,
    PATIENCE,
};
use super::Seal;
use crate::model::article::is_slug;
use crate::store::cache;
use std::collections::HashMap;
use std::ffi::CString;
use std::fs;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The share of the user's inotify watches (`max_user_watches`) one
/// watcher takes at most: every other program of the user (editors,
/// build tools, file managers) needs them too. A folder that would take
/// more is checked file by file.
const SHARE_OF_WATCHES: usize = 4;

/// The longest queue of calls the watcher's socket holds.
const BACKLOG: libc::c_int = 64;

/// The watcher leaves after this long without a question.
const IDLE: Duration = Duration::from_secs(20 * 60);

/// How often the watcher checks that its socket is still its own.
const TICK: Duration = Duration::from_secs(1);

/// A folder it could not vouch for is tried again after this long, then
/// twice as long after each further failure (up to `IDLE`): a folder too
/// large for the inotify watches the system allows must not take them
/// all, from every other program, every minute.
const RETRY: Duration = Duration::from_secs(60);

/// The most folders one watcher holds; past that, the one asked about
/// least recently is dropped.
const MAX_FOLDERS: usize = 64;

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

/// How far the watcher trusts a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Asked about, watches not (all) in place yet.
    Pending,
    Watched,
    /// Something in it inotify cannot see, or too few watches, or too
    /// few files to be worth watching: since then, and how many times.
    Unwatchable(Instant, u32),
}

/// What a connection turned out to be.
enum Asked {
    Question,
    /// Not a question this watcher reads (not gloss's, or cut short).
    Nothing,
    /// Another version of gloss's protocol: not for this watcher.
    OtherVersion,
}

struct Folder {
    path: PathBuf,
    id: (u64, u64),
    /// The value of the watcher's counter at its last change.
    changed: u64,
    state: State,
    /// Its cache files, and the seal of the version of each that the
    /// watcher read and validated.
    caches: [PathBuf; 2],
    seals: [Option<Seal>; 2],
    asked: Instant,
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
    fn new() -> Option<Watcher> {
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

    fn tick(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// Takes every queued event. inotify queues an event before the
    /// system call that caused it returns, so once a question arrives,
    /// every change made before it was asked is in the queue.
    fn drain(&mut self) {
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

    fn event(&mut self, wd: i32, mask: u32, name: &str) {
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
    fn forget_all(&mut self) {
        for i in 0..self.folders.len() {
            self.reset(i);
        }
    }

    /// Forgets what is known of a folder: the next question sets it up.
    fn reset(&mut self, folder: usize) {
        self.unwatch(folder);
        let changed = self.tick();
        let f = &mut self.folders[folder];
        f.changed = changed;
        f.state = State::Pending;
    }

    fn unwatchable(&mut self, folder: usize) {
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

    fn unwatch(&mut self, folder: usize) {
        let fd = self.inotify.as_raw_fd();
        self.watches.retain(|&wd, (of, _)| {
            if *of == folder {
                // SAFETY: an inotify descriptor and a watch it returned.
                unsafe { libc::inotify_rm_watch(fd, wd) };
            }
            *of != folder
        });
    }

    fn add_watch(&mut self, path: &Path, folder: usize, slug: Option<&str>) -> bool {
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
    fn watch_term(&mut self, folder: usize, slug: &str) -> bool {
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
    fn set_up(&mut self, folder: usize) {
        self.unwatch(folder);
        let path = self.folders[folder].path.clone();
        let sound = super::on_local_fs(&path)
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
            && self.articles(folder) >= super::WATCH_FROM;
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
    fn articles(&self, folder: usize) -> usize {
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

    /// Answers one question; a folder not yet watched is set up after
    /// the answer, so no call waits for that.
    fn answer(&mut self, mut stream: UnixStream) -> Asked {
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

    /// A slot for a new folder: a new one, or the least recently asked
    /// about once `MAX_FOLDERS` are held.
    fn admit(&mut self, id: (u64, u64)) -> usize {
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

/// A quarter of the user's inotify watches, as the system sets them
/// (`GLOSS_MAX_USER_WATCHES` stands in for the system's figure, for tests).
fn watch_budget() -> usize {
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
fn plain_article(path: &Path, name: &str) -> bool {
    if name.starts_with('.') || crate::store::check::article_lang(name).is_err() {
        return true;
    }
    fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink() && m.nlink() <= 1)
}
