//! The watcher's client: what a call asks the running watcher (never
//! waiting more than `PATIENCE`, never blocking on a watcher that stopped
//! taking calls), and starting a watcher where one may run.

use super::protocol::{
    identity, make_socket_dir, parse_reply, peer_uid, request, socket, Question, PATIENCE, REPLY,
};
use super::{Answer, Kind, SERVE_ARG};
use crate::store::cache;
use std::fs;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

/// How long after starting a watcher no other is started.
const RESTART: Duration = Duration::from_secs(10);

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
    let (Some(canonical), Ok(meta)) = (crate::store::paths::canonical(root), fs::metadata(root))
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
    let asked =
        stream.set_read_timeout(Some(PATIENCE)).is_ok() && stream.read_exact(&mut reply).is_ok();
    match asked {
        true => parse_reply(&reply),
        false => Answer::Unwatched,
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
