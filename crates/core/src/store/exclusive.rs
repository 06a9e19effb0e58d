//! The one rule for every file and folder gloss creates (imported articles,
//! new articles, cache files): created exclusively, never through a
//! symbolic link, below a directory opened once and named by descriptor so
//! that nobody who can write beside it (a shared team folder, a `/tmp` cache)
//! can swap a path component for a link between a check and a write; and
//! whose folders gloss trusts to hold its own files (owned by this user,
//! writable by nobody else).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Whether a folder can hold files only this user placed: owned by them and
/// writable by nobody else (or, with `private`, not even readable). Where
/// ownership has no meaning (not Unix) every real directory is.
pub(crate) fn trusted(meta: &fs::Metadata, private: bool) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.is_dir() && owned_and_closed(meta.uid(), meta.mode(), private)
    }
    #[cfg(not(unix))]
    {
        let _ = private;
        meta.is_dir()
    }
}

/// The rule `trusted` applies, on an owner and a mode.
#[cfg(unix)]
fn owned_and_closed(uid: u32, mode: u32, private: bool) -> bool {
    let others = if private { 0o077 } else { 0o022 };
    Some(uid) == crate::store::paths::current_user() && mode & others == 0
}

/// Why `folder` cannot be trusted to hold gloss's own files, if it cannot:
/// `None` when it is a real directory this user owns that nobody else can
/// write (see `trusted`), or when it does not exist.
pub(crate) fn distrust(folder: &Path) -> Option<&'static str> {
    let meta = fs::symlink_metadata(folder).ok()?;
    if meta.file_type().is_symlink() {
        return Some("is a symbolic link");
    }
    if !meta.is_dir() {
        return Some("is not a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if Some(meta.uid()) != crate::store::paths::current_user() {
            return Some("belongs to another user");
        }
    }
    (!trusted(&meta, false)).then_some("is writable by other users")
}

/// A name no one can guess ahead: a file or folder created under it fails
/// rather than opens what someone planted, and is then tried again.
pub(crate) fn unguessable(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let stack = 0u8;
    let seed = format!(
        "{} {} {} {:p}",
        std::process::id(),
        crate::store::local::now(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        &stack
    );
    let hash = xxhash_rust::xxh3::xxh3_64(seed.as_bytes());
    format!("{prefix}{hash:016x}")
}

/// How many unguessable names are tried before giving up: a collision is
/// someone planting names, not chance.
const ATTEMPTS: usize = 16;

/// A directory held open: everything below it is named relative to it.
pub(crate) struct Dir {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// What a name in a directory is, its link not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    File,
    Dir,
    Link,
    Other,
}

/// Whether a rename may replace what is at its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replace {
    Never,
    /// Only a regular file (never a folder or a link): `--force`.
    File,
}

impl Dir {
    /// Opens the directory `path` (as named: a link to a directory is
    /// followed, since whoever named the path chose it; nothing below it is).
    pub(crate) fn open(path: &Path) -> io::Result<Dir> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let file = fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
                .open(path)?;
            Ok(Dir {
                path: path.to_path_buf(),
                fd: file.into(),
            })
        }
        #[cfg(not(unix))]
        {
            if !fs::symlink_metadata(path)?.is_dir() {
                return Err(io::Error::new(io::ErrorKind::Other, "not a directory"));
            }
            Ok(Dir {
                path: path.to_path_buf(),
            })
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this directory is one only this user can write (see
    /// `trusted`), asked of the directory held, not of its path.
    pub(crate) fn is_trusted(&self, private: bool) -> bool {
        #[cfg(unix)]
        {
            self.stat(None).is_some_and(|st| {
                st.st_mode & libc::S_IFMT == libc::S_IFDIR
                    && owned_and_closed(st.st_uid, st.st_mode, private)
            })
        }
        #[cfg(not(unix))]
        {
            fs::metadata(&self.path).is_ok_and(|meta| trusted(&meta, private))
        }
    }

    /// `fstatat` of `name` (not following a link), or of the directory.
    #[cfg(unix)]
    fn stat(&self, name: Option<&str>) -> Option<libc::stat> {
        use std::os::fd::AsRawFd;
        let (name, flags) = match name {
            Some(name) => (cstring(name).ok()?, libc::AT_SYMLINK_NOFOLLOW),
            None => (std::ffi::CString::new("").ok()?, libc::AT_EMPTY_PATH),
        };
        let mut out = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: an open directory, a NUL-terminated name and a buffer
        // fstatat fills; read only on success.
        unsafe {
            let done = libc::fstatat(self.fd.as_raw_fd(), name.as_ptr(), out.as_mut_ptr(), flags);
            (done == 0).then(|| out.assume_init())
        }
    }

    /// The sub-directory `name`, made (with `mode`) if missing; a link or
    /// anything else in its place is an error, never followed.
    pub(crate) fn sub(&self, name: &str, mode: u32) -> io::Result<Dir> {
        match self.mkdir(name, mode) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            made => made?,
        }
        self.open_sub(name)
    }

    /// A new folder of an unguessable name starting with `prefix`, private
    /// to this user (0700) and made here by this call, never one that was
    /// there already.
    pub(crate) fn private(&self, prefix: &str) -> io::Result<(Dir, String)> {
        for _ in 0..ATTEMPTS {
            let name = unguessable(prefix);
            match self.mkdir(&name, 0o700) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                made => made?,
            }
            let dir = self.open_sub(&name)?;
            if !dir.is_trusted(true) {
                return Err(io::Error::other("the new folder is not private"));
            }
            return Ok((dir, name));
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no fresh name could be made",
        ))
    }

    /// Creates the file `name`, which must not exist (a dangling link
    /// counts as existing): never opens what someone placed there.
    pub(crate) fn create(&self, name: &str) -> io::Result<fs::File> {
        #[cfg(unix)]
        {
            let fd = self.at(name, |dir, name| {
                // SAFETY: an open directory and a NUL-terminated name.
                unsafe {
                    libc::openat(
                        dir,
                        name,
                        libc::O_WRONLY
                            | libc::O_CREAT
                            | libc::O_EXCL
                            | libc::O_NOFOLLOW
                            | libc::O_CLOEXEC,
                        0o644 as libc::c_uint,
                    )
                }
            })?;
            use std::os::fd::FromRawFd;
            // SAFETY: a descriptor just opened, owned by nothing else.
            Ok(unsafe { fs::File::from_raw_fd(fd) })
        }
        #[cfg(not(unix))]
        {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.path.join(name))
        }
    }

    /// A new file of an unguessable name starting with `prefix`.
    pub(crate) fn create_unguessable(&self, prefix: &str) -> io::Result<(fs::File, String)> {
        for _ in 0..ATTEMPTS {
            let name = unguessable(prefix);
            match self.create(&name) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                made => return Ok((made?, name)),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no fresh name could be made",
        ))
    }

    /// What is at `name`, not following a link: `None` when nothing is.
    pub(crate) fn entry(&self, name: &str) -> Option<Entry> {
        #[cfg(unix)]
        {
            Some(match self.stat(Some(name))?.st_mode & libc::S_IFMT {
                libc::S_IFREG => Entry::File,
                libc::S_IFDIR => Entry::Dir,
                libc::S_IFLNK => Entry::Link,
                _ => Entry::Other,
            })
        }
        #[cfg(not(unix))]
        {
            let kind = fs::symlink_metadata(self.path.join(name)).ok()?.file_type();
            Some(if kind.is_symlink() {
                Entry::Link
            } else if kind.is_dir() {
                Entry::Dir
            } else if kind.is_file() {
                Entry::File
            } else {
                Entry::Other
            })
        }
    }

    /// Moves `name` here to `to_name` in `to`. With `Replace::Never` the
    /// kernel refuses an existing destination in the same step
    /// (`RENAME_NOREPLACE`, or a hard link where a file system lacks it),
    /// so a file created after any check is never overwritten.
    pub(crate) fn rename(
        &self,
        name: &str,
        to: &Dir,
        to_name: &str,
        replace: Replace,
    ) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let from = cstring(name)?;
            let target = cstring(to_name)?;
            let (a, b) = (self.fd.as_raw_fd(), to.fd.as_raw_fd());
            if replace == Replace::File {
                if to.entry(to_name).is_some_and(|kind| kind != Entry::File) {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "not a regular file, not replaced",
                    ));
                }
                // SAFETY: open directories and NUL-terminated names.
                let done = unsafe { libc::renameat(a, from.as_ptr(), b, target.as_ptr()) };
                return check(done);
            }
            #[cfg(target_os = "linux")]
            {
                // SAFETY: as above; renameat2's flags are a plain integer.
                let done = unsafe {
                    libc::syscall(
                        libc::SYS_renameat2,
                        a,
                        from.as_ptr(),
                        b,
                        target.as_ptr(),
                        libc::RENAME_NOREPLACE,
                    )
                };
                match check(done as libc::c_int) {
                    Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {}
                    done => return done,
                }
            }
            // A hard link fails on any existing name, as a rename with
            // RENAME_NOREPLACE does; then the old name goes.
            // SAFETY: as above.
            check(unsafe { libc::linkat(a, from.as_ptr(), b, target.as_ptr(), 0) })?;
            // SAFETY: as above.
            check(unsafe { libc::unlinkat(a, from.as_ptr(), 0) })
        }
        #[cfg(not(unix))]
        {
            let target = to.path.join(to_name);
            if replace == Replace::Never && fs::symlink_metadata(&target).is_ok() {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists"));
            }
            fs::rename(self.path.join(name), target)
        }
    }

    /// Removes the file `name` (not following a link).
    pub(crate) fn remove(&self, name: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            // SAFETY: an open directory and a NUL-terminated name.
            self.at(name, |dir, name| unsafe { libc::unlinkat(dir, name, 0) })
                .map(drop)
        }
        #[cfg(not(unix))]
        {
            fs::remove_file(self.path.join(name))
        }
    }

    /// Removes the empty sub-directory `name`.
    pub(crate) fn remove_dir(&self, name: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            // SAFETY: an open directory and a NUL-terminated name.
            self.at(name, |dir, name| unsafe {
                libc::unlinkat(dir, name, libc::AT_REMOVEDIR)
            })
            .map(drop)
        }
        #[cfg(not(unix))]
        {
            fs::remove_dir(self.path.join(name))
        }
    }

    /// Takes an exclusive lock on this directory, held while it is open
    /// (released when the process ends, however it ends); with `try_only`,
    /// whether it was free, without waiting.
    pub(crate) fn lock(&self, try_only: bool) -> bool {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let how = libc::LOCK_EX | if try_only { libc::LOCK_NB } else { 0 };
            // SAFETY: an open descriptor.
            unsafe { libc::flock(self.fd.as_raw_fd(), how) == 0 }
        }
        #[cfg(not(unix))]
        {
            let _ = try_only;
            true
        }
    }

    fn mkdir(&self, name: &str, mode: u32) -> io::Result<()> {
        #[cfg(unix)]
        {
            // SAFETY: an open directory and a NUL-terminated name.
            self.at(name, |dir, name| unsafe {
                libc::mkdirat(dir, name, mode as libc::mode_t)
            })
            .map(drop)
        }
        #[cfg(not(unix))]
        {
            let _ = mode;
            fs::create_dir(self.path.join(name))
        }
    }

    /// The existing sub-directory `name`, never through a link.
    pub(crate) fn open_sub(&self, name: &str) -> io::Result<Dir> {
        #[cfg(unix)]
        {
            // SAFETY: an open directory and a NUL-terminated name.
            let fd = self.at(name, |dir, name| unsafe {
                libc::openat(
                    dir,
                    name,
                    libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                )
            })?;
            use std::os::fd::FromRawFd;
            Ok(Dir {
                path: self.path.join(name),
                // SAFETY: a descriptor just opened, owned by nothing else.
                fd: unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) },
            })
        }
        #[cfg(not(unix))]
        {
            Dir::open(&self.path.join(name))
        }
    }

    /// Runs a `*at` call on `name` below this directory; only a plain name
    /// (no `/`, not `.` or `..`) is accepted.
    #[cfg(unix)]
    fn at(
        &self,
        name: &str,
        call: impl FnOnce(libc::c_int, *const libc::c_char) -> libc::c_int,
    ) -> io::Result<libc::c_int> {
        use std::os::fd::AsRawFd;
        let name = cstring(name)?;
        let done = call(self.fd.as_raw_fd(), name.as_ptr());
        check(done).map(|()| done)
    }
}

#[cfg(unix)]
fn cstring(name: &str) -> io::Result<std::ffi::CString> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a plain file name",
        ));
    }
    std::ffi::CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

#[cfg(unix)]
fn check(result: libc::c_int) -> io::Result<()> {
    match result {
        -1 => Err(io::Error::last_os_error()),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn never_writes_through_a_link_or_over_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let victim = root.join("victim");
        fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        std::os::unix::fs::symlink(root, root.join("linked-dir")).unwrap();
        let dir = Dir::open(root).unwrap();
        for name in ["link", "dangling", "victim"] {
            assert!(dir.create(name).is_err(), "{name}");
        }
        assert!(dir.sub("linked-dir", 0o755).is_err());
        assert!(dir.open_sub("linked-dir").is_err());
        assert!(dir.create("../x").is_err() && dir.create("..").is_err());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!root.join("nowhere").exists());

        let (stage, name) = dir.private(".stage-").unwrap();
        assert!(stage.is_trusted(true));
        assert!(name.starts_with(".stage-") && root.join(&name).is_dir());
        stage.create("new").unwrap().write_all(b"new").unwrap();
        // Never over what is there, and replacing only a file.
        for target in ["victim", "link", "dangling", "linked-dir"] {
            let moved = stage.rename("new", &dir, target, Replace::Never);
            assert!(moved.is_err(), "{target}");
        }
        assert!(stage
            .rename("new", &dir, "linked-dir", Replace::File)
            .is_err());
        stage.rename("new", &dir, "fresh", Replace::Never).unwrap();
        assert_eq!(fs::read_to_string(root.join("fresh")).unwrap(), "new");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(dir.entry("link"), Some(Entry::Link));
    }
}
