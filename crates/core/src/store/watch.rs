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

#[cfg(target_os = "linux")]
pub(crate) use linux::{ask, serve, start};

/// Folders with fewer article files are checked file by file: below this a
/// warm call's `stat`s cost less than asking another process.
pub(crate) const WATCH_FROM: usize = 1_000;

/// The hidden first argument that makes a `gloss` process the watcher.
pub(crate) const SERVE_ARG: &str = "--serve-folder-watcher";

/// A state of one folder as the watcher saw it: the watcher's instance and
/// its change counter. Equal tokens mean nothing in the folder changed.
pub(crate) type Token = (u64, u64);

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

/// Whether `path` is on a file system this kernel sees every change of: a
/// local disk or memory. On a network or FUSE file system another machine
/// can change a file without an inotify event here, and replace a file
/// another machine has mapped (a mapped page then faults). Unknown kinds are
/// not local: the answer only ever costs speed.
#[cfg(target_os = "linux")]
pub(crate) fn on_local_fs(path: &std::path::Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    let mut out = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: a NUL-terminated path and a buffer statfs fills; read only on
    // success. `f_type`'s type differs between targets.
    #[allow(clippy::unnecessary_cast)]
    let kind = unsafe {
        if libc::statfs(c_path.as_ptr(), out.as_mut_ptr()) != 0 {
            return false;
        }
        out.assume_init().f_type as i64
    };
    const LOCAL: [i64; 20] = [
        0xEF53,     // ext2, ext3, ext4
        0x58465342, // XFS
        0x9123683E, // Btrfs
        0x01021994, // tmpfs
        0x858458F6, // ramfs
        0xF2F52010, // F2FS
        0x2FC12FC1, // ZFS
        0xCA451A4E, // bcachefs
        0x794C7630, // overlayfs (containers)
        0x52654973, // ReiserFS
        0x3153464A, // JFS
        0x3434,     // NILFS
        0x482B,     // HFS+
        0x4D44,     // FAT
        0x2011BAB0, // exFAT
        0x7366746E, // NTFS (ntfs3)
        0x73717368, // SquashFS
        0xE0F5E1E2, // EROFS
        0x9660,     // ISO 9660
        0xF15F,     // eCryptfs
    ];
    LOCAL.contains(&kind)
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn on_local_fs(_: &std::path::Path) -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn ask(_: &std::path::Path) -> Answer {
    Answer::Unwatched
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn start() {}

#[cfg(not(target_os = "linux"))]
pub(crate) fn serve() {}

#[cfg(target_os = "linux")]
mod linux {
    use super::{Answer, Kind, Seal, SERVE_ARG};
    use crate::model::article::is_slug;
    use crate::store::cache;
    use std::collections::HashMap;
    use std::ffi::CString;
    use std::fs;
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    /// The protocol; a change to it must change this.
    const MAGIC: &[u8; 8] = b"GLOSSW02";
    /// The longest request: three paths of at most `PATH_MAX`.
    const MAX_REQUEST: usize = 8 + 24 + 3 * (4 + 4096);
    /// A reply: status, instance, counter, and two seals.
    const REPLY: usize = 1 + 16 + 2 * 40;
    /// How long a call waits for the watcher before checking every file.
    const PATIENCE: Duration = Duration::from_millis(100);
    /// The share of the user's inotify watches (`max_user_watches`) one
    /// watcher takes at most: every other program of the user (editors,
    /// build tools, file managers) needs them too. A folder that would take
    /// more is checked file by file.
    const SHARE_OF_WATCHES: usize = 4;
    /// How long after starting a watcher no other is started.
    const RESTART: Duration = Duration::from_secs(10);
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
    /// `sun_path` holds 108 bytes with its NUL; a longer path cannot be bound.
    const MAX_SOCKET_PATH: usize = 100;
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

    /// Where the socket is, if its directory is one only this user can
    /// enter: the answer decides what is served, so a socket someone else
    /// could have placed is not asked. `Err(true)` when the directory does
    /// not exist yet (a watcher would make it), `Err(false)` when no
    /// watcher can be used (a directory not private, a path too long).
    fn socket() -> Result<PathBuf, bool> {
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
    fn instance_key() -> u64 {
        let mut host = [0u8; 256];
        // SAFETY: a buffer and its length; the name is NUL-terminated when it fits.
        unsafe { libc::gethostname(host.as_mut_ptr().cast(), host.len()) };
        let mut key = host.to_vec();
        key.extend_from_slice(&cache::version().to_le_bytes());
        xxhash_rust::xxh3::xxh3_64(&key)
    }

    /// The uid of the process at the other end of `stream`.
    fn peer_uid(stream: &UnixStream) -> Option<u32> {
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
    fn identity(meta: &fs::Metadata) -> (u64, u64) {
        (meta.dev(), meta.ino())
    }

    /// A question: the asker's version, a folder, its identity, and its two
    /// cache files.
    struct Question {
        version: u64,
        root: PathBuf,
        id: (u64, u64),
        caches: [PathBuf; 2],
    }

    fn request(question: &Question) -> Vec<u8> {
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
    fn parse_request(body: &[u8]) -> Option<Question> {
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

    /// Asks the running watcher about `root`.
    pub(crate) fn ask(root: &Path) -> Answer {
        let socket = match socket() {
            Ok(socket) => socket,
            // A watcher may be started only where its socket can be.
            Err(true) => {
                let dir = crate::store::paths::watch_dir();
                return match dir.is_some_and(|dir| can_make_socket_dir(&dir)) {
                    true => Answer::Absent,
                    false => Answer::Unwatched,
                };
            }
            Err(false) => return Answer::Unwatched,
        };
        // The question is ready before connecting and sent the moment the
        // connection is made, so it is waiting when the watcher wakes for
        // the connection. Asking is about a tenth of a folder hit (115 µs
        // of it here, most of it waking the watcher's core); asking first
        // and making the question after took 121 µs.
        let (Some(canonical), Ok(meta)) =
            (crate::store::paths::canonical(root), fs::metadata(root))
        else {
            return Answer::Unwatched;
        };
        let (Some(titles), Some(full)) = (
            cache::path_for(&canonical, Kind::Titles),
            cache::path_for(&canonical, Kind::Full),
        ) else {
            return Answer::Unwatched;
        };
        let question = request(&Question {
            version: cache::version(),
            root: canonical,
            id: identity(&meta),
            caches: [titles, full],
        });
        let mut stream = match connect(&socket) {
            Connected::Yes(stream) => stream,
            Connected::Nobody => return Answer::Absent,
            // A watcher is there but not taking calls (stopped, frozen,
            // stuck): this call checks every file, and starts no other.
            Connected::Busy => return Answer::Unwatched,
        };
        // Sent before the peer is checked: only this user (or root) can
        // have bound a socket in the private directory `socket` checked,
        // and an answer from anyone else is not trusted below.
        let sent =
            stream.set_write_timeout(Some(PATIENCE)).is_ok() && stream.write_all(&question).is_ok();
        if !sent || peer_uid(&stream) != crate::store::paths::current_user() {
            return Answer::Unwatched;
        }
        let mut reply = [0u8; REPLY];
        let asked = stream.set_read_timeout(Some(PATIENCE)).is_ok()
            && stream.read_exact(&mut reply).is_ok();
        let word = |i: usize| u64::from_le_bytes(reply[i..i + 8].try_into().unwrap_or([0; 8]));
        let seal = |at: usize| {
            let seal: Seal = std::array::from_fn(|i| word(at + 8 * i));
            (seal != [0; 5]).then_some(seal)
        };
        match (asked, reply[0]) {
            (true, 1) if word(1) != 0 => Answer::Watched {
                token: (word(1), word(9)),
                seals: [seal(17), seal(57)],
            },
            _ => Answer::Unwatched,
        }
    }

    /// What connecting to the watcher's socket came to.
    enum Connected {
        Yes(UnixStream),
        /// No socket, or no one listening on it.
        Nobody,
        /// Its queue of calls is full: it is not answering.
        Busy,
    }

    /// Connects without blocking: a watcher that stops answering (SIGSTOP,
    /// a frozen cgroup, a set-up stuck on a hung mount) lets its queue of
    /// connections fill, and a blocking `connect` then waits for ever.
    fn connect(socket: &Path) -> Connected {
        use std::os::fd::FromRawFd;
        let bytes = socket.as_os_str().as_bytes();
        // SAFETY: sockaddr_un is plain data; zeroed is a valid value.
        let mut address: libc::sockaddr_un = unsafe { std::mem::zeroed() };
        if bytes.len() >= address.sun_path.len() {
            return Connected::Nobody;
        }
        address.sun_family = libc::AF_UNIX as libc::sa_family_t;
        for (to, &from) in address.sun_path.iter_mut().zip(bytes) {
            *to = from as libc::c_char;
        }
        // SAFETY: no preconditions; a negative result is checked.
        let fd = unsafe {
            libc::socket(
                libc::AF_UNIX,
                libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                0,
            )
        };
        if fd < 0 {
            return Connected::Nobody;
        }
        // SAFETY: a descriptor just opened, owned by nothing else.
        let stream = unsafe { UnixStream::from_raw_fd(fd) };
        let length = std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t;
        // SAFETY: a socket and an address of the size given.
        let done = unsafe {
            libc::connect(
                stream.as_raw_fd(),
                (&address as *const libc::sockaddr_un).cast(),
                length,
            )
        };
        if done != 0 {
            let error = std::io::Error::last_os_error();
            return match error.raw_os_error() {
                // A Unix socket's queue is full: it says so at once.
                Some(libc::EAGAIN) | Some(libc::EINPROGRESS) => Connected::Busy,
                _ => Connected::Nobody,
            };
        }
        match stream.set_nonblocking(false) {
            Ok(()) => Connected::Yes(stream),
            Err(_) => Connected::Nobody,
        }
    }

    /// Makes the socket's directory (0700) if it is not there: only
    /// gloss's own folder, in the runtime directory or the cache. The
    /// runtime directory is the login's to make; where it is gone (a tmux
    /// session that outlived the login) there is no place for a socket,
    /// and no watcher is started.
    fn make_socket_dir(dir: &Path) -> bool {
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

    /// Whether `make_socket_dir` could make the (missing) socket directory,
    /// without making it: asking about a small folder must leave nothing.
    fn can_make_socket_dir(dir: &Path) -> bool {
        let in_cache = crate::store::paths::cache_dir().is_some_and(|cache| dir.starts_with(cache));
        match (in_cache, dir.parent()) {
            (true, Some(parent)) => crate::store::exclusive::distrust(parent).is_none(),
            (false, Some(parent)) => parent.is_dir(),
            (_, None) => false,
        }
    }

    /// Whether a watcher was started less than `RESTART` ago (and so is
    /// setting up, or could not start): if not, notes that one is started
    /// now. A watcher that cannot run (no inotify instance left, a lock it
    /// cannot take) is then tried once per `RESTART`, not on every call.
    fn started_lately() -> bool {
        let Ok(socket) = socket() else {
            return true;
        };
        let mark = socket.with_extension("started");
        let recent = fs::symlink_metadata(&mark)
            .and_then(|meta| meta.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age < RESTART));
        if !recent {
            // In the private directory `socket` checked; a file of its own.
            let _ = fs::remove_file(&mark);
            let _ = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&mark);
        }
        recent
    }

    /// Starts a watcher in the background, once per call and at most once
    /// per `RESTART`: it outlives this call, detached from its terminal and
    /// its output.
    pub(crate) fn start() {
        use std::os::unix::process::CommandExt;
        use std::sync::atomic::{AtomicBool, Ordering};
        static STARTED: AtomicBool = AtomicBool::new(false);
        if STARTED.swap(true, Ordering::Relaxed) {
            return;
        }
        let dir = crate::store::paths::watch_dir();
        if !dir.is_some_and(|dir| make_socket_dir(&dir)) || started_lately() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut command = std::process::Command::new(exe);
        command
            .arg(SERVE_ARG)
            .current_dir("/")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // SAFETY: setsid and close_range are async-signal-safe. Out of the
        // caller's session, a Ctrl-C or a closed terminal does not reach it;
        // and it holds none of the caller's descriptors (a pipe a script
        // waits on) for the minutes it lives.
        unsafe {
            command.pre_exec(|| {
                libc::setsid();
                libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32);
                Ok(())
            });
        }
        // Not waited for: this call is about to exit, and the watcher is
        // then the init process's child.
        let _ = command.spawn();
    }

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
            let instance =
                crate::store::cache::now() as u64 ^ (u64::from(std::process::id()) << 40);
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
            let gone =
                libc::IN_IGNORED | libc::IN_DELETE_SELF | libc::IN_MOVE_SELF | libc::IN_UNMOUNT;
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
                let _ = stream.write_all(&[0u8; REPLY]);
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
            let mut reply = [0u8; REPLY];
            if f.state == State::Watched {
                reply[0] = 1;
                reply[1..9].copy_from_slice(&self.instance.to_le_bytes());
                reply[9..17].copy_from_slice(&f.changed.to_le_bytes());
                for (k, seal) in current.iter().enumerate() {
                    for (w, word) in seal.unwrap_or([0; 5]).iter().enumerate() {
                        let at = 17 + 40 * k + 8 * w;
                        reply[at..at + 8].copy_from_slice(&word.to_le_bytes());
                    }
                }
            }
            let _ = stream.write_all(&reply);
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
}
