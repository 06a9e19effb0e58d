//! On-disk copies of glossary folders' indexes, so that a large folder is
//! parsed once after it changes, not on every list, search, miss and TAB
//! press. A copy carries the manifest it was built from: every directory and
//! article file with its inode, size and times. A warm call checks that
//! manifest with one `stat` per entry (on every core) instead of listing and
//! reading the folder; entries whose times are too recent to tell two edits
//! apart ("racily clean", as git calls them) are compared by content.
//!
//! The file is input like any other: it is opened only as a regular file of
//! bounded size, its checksum and version must match, its manifest is read
//! with bounds checks and its index validated before use. Anything else is
//! rebuilt, never obeyed.

use crate::store::index::Index;
use crate::store::local::now;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// The cache file format; a change to it must change this.
const MAGIC: &[u8; 8] = b"GLOSSFC3";
/// Trailer: index length, manifest length, version, the watcher's token
/// (instance, counter), checksum, magic. The token is here, at a fixed
/// place, so that a call the watcher vouches for reads nothing else.
const TRAILER: usize = 8 * 6 + MAGIC.len();
/// The largest cache file read: the index's offsets are `u32`, so a real one
/// is smaller; a larger file is not gloss's.
const MAX_CACHE_BYTES: u64 = 1 << 32;

/// File system timestamps are coarse (a kernel tick, a second on some file
/// systems, two on FAT): an entry whose modification or change time is
/// within this of the moment the folder was listed could change again
/// without its times changing. Such entries are compared by content.
const SETTLE_NS: i64 = 2_000_000_000;

/// Which of a folder's two indexes: from front matter only, or whole files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Titles,
    Full,
}

/// What `stat` (following symlinks, as reading does) says about an entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stat {
    /// 0 missing, 1 regular file, 2 directory, 3 anything else.
    kind: u8,
    ino: u64,
    size: u64,
    /// Nanoseconds since the epoch.
    mtime: i64,
    ctime: i64,
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
    fn recent(&self, taken: i64) -> bool {
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
fn nanos(secs: i64, nsec: i64) -> i64 {
    secs.wrapping_mul(1_000_000_000).wrapping_add(nsec)
}

/// A directory of the folder: the root (named "") or an entry of it with a
/// slug's name, and a hash of the names in it that matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dir {
    pub(crate) name: String,
    pub(crate) stat: Stat,
    pub(crate) names: u64,
}

/// An article file: in `dirs[dir]`, named `name`, of language `lang`. A
/// folder has a handful of distinct file names, shared by all its files:
/// a warm call decodes tens of thousands without allocating each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct File {
    pub(crate) dir: u32,
    pub(crate) name: Arc<str>,
    pub(crate) lang: Arc<str>,
    pub(crate) stat: Stat,
}

/// A folder as listed at one moment: what its indexes are built from, and
/// what a cached copy is checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Manifest {
    /// `dirs[0]` is the root.
    pub(crate) dirs: Vec<Dir>,
    pub(crate) files: Vec<File>,
    /// When listing began (`now()`).
    pub(crate) taken: i64,
    /// The folder watcher's token from before this was checked against the
    /// folder: while the watcher still answers it, nothing has changed.
    pub(crate) watch: Option<crate::store::local::Token>,
}

impl Manifest {
    /// A file's path under `root`.
    pub(crate) fn path(&self, root: &Path, file: &File) -> PathBuf {
        let dir = self.dirs.get(file.dir as usize).map_or("", |d| &d.name);
        root.join(dir).join(&*file.name)
    }

    /// The hash of everything but the time: two manifests with the same
    /// stamp describe the same state of the folder.
    pub(crate) fn stamp(&self) -> u64 {
        let mut out = Vec::new();
        self.encode_entries(&mut out);
        xxh3_64(&out)
    }

    /// Whether an entry was recent when this was taken, so that its times
    /// may not show a change made since: only its content can tell.
    pub(crate) fn unsettled(&self) -> bool {
        let stats = self.dirs.iter().map(|d| &d.stat);
        stats
            .chain(self.files.iter().map(|f| &f.stat))
            .any(|stat| stat.recent(self.taken))
    }

    fn encode_entries(&self, out: &mut Vec<u8>) {
        let put_str = |out: &mut Vec<u8>, text: &str| {
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        };
        let put_stat = |out: &mut Vec<u8>, s: &Stat| {
            out.push(s.kind);
            for word in [s.ino, s.size, s.mtime as u64, s.ctime as u64] {
                out.extend_from_slice(&word.to_le_bytes());
            }
        };
        out.extend_from_slice(&(self.dirs.len() as u32).to_le_bytes());
        for dir in &self.dirs {
            put_str(out, &dir.name);
            put_stat(out, &dir.stat);
            out.extend_from_slice(&dir.names.to_le_bytes());
        }
        out.extend_from_slice(&(self.files.len() as u32).to_le_bytes());
        for file in &self.files {
            out.extend_from_slice(&file.dir.to_le_bytes());
            put_str(out, &file.name);
            put_str(out, &file.lang);
            put_stat(out, &file.stat);
        }
    }
}

/// Reads a manifest with every count and length checked against the bytes
/// that are there: nothing from the file sizes an allocation.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let part = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(part)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }
    fn stat(&mut self) -> Option<Stat> {
        Some(Stat {
            kind: self.u8()?,
            ino: self.u64()?,
            size: self.u64()?,
            mtime: self.u64()? as i64,
            ctime: self.u64()? as i64,
        })
    }
}

/// A file name and its language, decoded once and shared by every file.
type Shared = (Arc<str>, Arc<str>);

/// A cache file's manifest: names must be what a listing could produce
/// (slugs, canonical article names), so a patched one cannot point reads
/// outside the folder.
fn decode_manifest(reader: &mut Reader) -> Option<Manifest> {
    let mut manifest = Manifest::default();
    for i in 0..reader.u32()? {
        let name = reader.str()?;
        let valid = if i == 0 {
            name.is_empty()
        } else {
            crate::model::article::is_slug(name)
        };
        if !valid {
            return None;
        }
        manifest.dirs.push(Dir {
            name: name.to_string(),
            stat: reader.stat()?,
            names: reader.u64()?,
        });
    }
    // A folder has a handful of distinct file names: each is checked and
    // stored once (a map: a hostile cache may hold thousands).
    let mut names: std::collections::HashMap<(&str, &str), Shared> = Default::default();
    for _ in 0..reader.u32()? {
        let dir = reader.u32()?;
        let (name, lang) = (reader.str()?, reader.str()?);
        let shared = match names.get(&(name, lang)) {
            Some(shared) => shared.clone(),
            None => {
                if !crate::store::check::article_lang(name).is_ok_and(|tag| tag == lang) {
                    return None;
                }
                let shared: Shared = (name.into(), lang.into());
                names.insert((name, lang), shared.clone());
                shared
            }
        };
        if dir == 0 || dir as usize >= manifest.dirs.len() {
            return None;
        }
        manifest.files.push(File {
            dir,
            name: shared.0,
            lang: shared.1,
            stat: reader.stat()?,
        });
    }
    manifest.taken = reader.u64()? as i64;
    Some(manifest)
}

/// The version a cache file must carry: this gloss's, and its index format.
pub(crate) fn version() -> u64 {
    // Asked for by each cache file and each question to the watcher.
    static VERSION: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        let text = format!(
            "{} {:?} {:?}",
            env!("CARGO_PKG_VERSION"),
            crate::store::index::MAGIC,
            MAGIC
        );
        xxh3_64(text.as_bytes())
    });
    *VERSION
}

/// Bytes an index is read from: built or read into memory, or the front of
/// a mapped cache file (the bundle's is its own source's, `store/source/`).
pub(crate) enum Blob {
    Owned(Vec<u8>),
    Mapped { map: memmap2::Mmap, len: usize },
}

impl std::ops::Deref for Blob {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Blob::Owned(bytes) => bytes,
            Blob::Mapped { map, len } => &map[..*len],
        }
    }
}

impl Blob {
    /// The first `len` bytes.
    fn cut(self, len: usize) -> Blob {
        match self {
            Blob::Owned(mut bytes) => {
                bytes.truncate(len);
                Blob::Owned(bytes)
            }
            Blob::Mapped { map, len: whole } => Blob::Mapped {
                map,
                len: len.min(whole),
            },
        }
    }
}

/// A cache file, decoded and checked: its index, the manifest it was built
/// from, and each file's content hash (see `content_hash`).
pub(crate) struct Cached {
    pub(crate) index: Blob,
    pub(crate) manifest: Manifest,
    pub(crate) contents: Vec<u64>,
    /// `manifest.stamp()`, hashed from the bytes as read.
    pub(crate) stamp: u64,
}

/// A cache file whose trailer checks out (and its checksum, unless the
/// watcher validated this version of it): enough to read the watcher's
/// token before deciding what else to decode.
pub(crate) struct Opened {
    file: Blob,
    index_len: usize,
    manifest_len: usize,
    /// Validated by the folder watcher and unchanged since: neither the
    /// checksum nor the index's validation are run again.
    sealed: bool,
    pub(crate) watch: Option<crate::store::local::Token>,
}

impl Opened {
    /// Checks the trailer of `file` (and with `check`, its checksum).
    fn new(file: Blob, check: bool) -> Option<Opened> {
        let body = file.len().checked_sub(TRAILER)?;
        let trailer = &file[body..];
        let word =
            |i: usize| u64::from_le_bytes(trailer[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        if &trailer[48..] != MAGIC || word(2) != version() {
            return None;
        }
        if check && xxh3_64(&file[..body + 40]) != word(5) {
            return None;
        }
        let index_len = usize::try_from(word(0)).ok()?;
        let manifest_len = usize::try_from(word(1)).ok()?;
        if index_len.checked_add(manifest_len)? != body {
            return None;
        }
        let watch = (word(3) != 0).then_some((word(3), word(4)));
        Some(Opened {
            file,
            index_len,
            manifest_len,
            sealed: !check,
            watch,
        })
    }

    /// The index alone, validated unless sealed.
    pub(crate) fn index(self) -> Option<Blob> {
        let index = self.file.cut(self.index_len);
        let sound = Index::open(&index).is_some_and(|index| self.sealed || index.is_sound());
        sound.then_some(index)
    }

    /// The index, the manifest and the content hashes. The manifest's names
    /// are checked either way, and every read of the index is bounds-checked
    /// whatever it holds.
    pub(crate) fn decode(self) -> Option<Cached> {
        let end = self.index_len + self.manifest_len;
        let mut reader = Reader {
            bytes: &self.file[self.index_len..end],
            at: 0,
        };
        let mut manifest = decode_manifest(&mut reader)?;
        manifest.watch = self.watch;
        let entries = reader.bytes.get(..reader.at.checked_sub(8)?)?;
        let stamp = xxh3_64(entries);
        let rest = &reader.bytes[reader.at..];
        if rest.len() != manifest.files.len() * 8 {
            return None;
        }
        let contents = rest
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        Some(Cached {
            index: self.index()?,
            manifest,
            contents,
            stamp,
        })
    }
}

/// Serialises a cache file to `out`: the index first, so that loading it
/// needs no copy (the rest is cut off), then the manifest, the content
/// hashes and the trailer. The index is written and hashed where it lies,
/// never copied: a first call at 200,000 files held it twice.
pub(crate) fn encode(
    index: &[u8],
    manifest: &Manifest,
    contents: &[u64],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut tail = Vec::with_capacity(64 * manifest.files.len() + TRAILER);
    manifest.encode_entries(&mut tail);
    tail.extend_from_slice(&(manifest.taken as u64).to_le_bytes());
    for hash in contents {
        tail.extend_from_slice(&hash.to_le_bytes());
    }
    let manifest_len = tail.len();
    tail.extend_from_slice(&(index.len() as u64).to_le_bytes());
    tail.extend_from_slice(&(manifest_len as u64).to_le_bytes());
    tail.extend_from_slice(&version().to_le_bytes());
    // A token's instance is never 0: (0, 0) is none.
    let (instance, changed) = manifest.watch.unwrap_or((0, 0));
    tail.extend_from_slice(&instance.to_le_bytes());
    tail.extend_from_slice(&changed.to_le_bytes());
    let mut checksum = xxhash_rust::xxh3::Xxh3::new();
    checksum.update(index);
    checksum.update(&tail);
    tail.extend_from_slice(&checksum.digest().to_le_bytes());
    tail.extend_from_slice(MAGIC);
    out.write_all(index)?;
    out.write_all(&tail)
}

/// The inverse of `encode`, for any bytes at all: `None` unless the trailer,
/// version, checksum, manifest and index all check out.
pub(crate) fn decode(bytes: Vec<u8>) -> Option<Cached> {
    Opened::new(Blob::Owned(bytes), true)?.decode()
}

/// Where the copy of `root`'s index lives: one file per folder and kind,
/// named by a hash of the folder's absolute path and by this gloss's
/// `version`, so that two installed versions keep a copy each instead of
/// replacing each other's on every call. `None` where there is no cache
/// folder gloss can trust (see `folder`).
pub(crate) fn path_for(root: &Path, kind: Kind) -> Option<PathBuf> {
    let root = crate::store::paths::canonical(root)?;
    let hash = xxh3_64(root.as_os_str().as_encoded_bytes());
    let kind = match kind {
        Kind::Titles => "titles",
        Kind::Full => "full",
    };
    let name = format!("{hash:016x}-{:08x}-{kind}.idx", version() as u32);
    Some(folder()?.join(name))
}

/// The cache folder, `gloss/` in the user's cache directory, if it is one
/// only this user can write (or not there yet, to be made so): a cache is
/// read as gloss's own work, and where another user can plant files (a
/// `HOME` or `XDG_CACHE_HOME` under `/tmp`, a shared cache) they could plant
/// links that a write follows or a cache that a list believes. Otherwise
/// no cache is used, and that is told once.
fn folder() -> Option<PathBuf> {
    let dir = crate::store::paths::cache_dir()?.join("gloss");
    match crate::store::exclusive::distrust(&dir) {
        None => Some(dir),
        Some(why) => {
            let message = format!(
                "not using the cache folder: it {why}; every call reads the folders itself"
            );
            crate::store::read::announce(&crate::store::read::Problem::new(&dir, None, message));
            None
        }
    }
}

/// What identifies one version of a cache file: device, inode, size,
/// modification and change times. Replacing the file changes its inode, and
/// writing to it its change time, which cannot be set back; but a time moves
/// in clock ticks, so a version is sealed only once its change time is
/// `SETTLE_NS` old (see `validate`).
pub(crate) type Seal = [u64; 5];

#[cfg(unix)]
pub(crate) fn seal(meta: &fs::Metadata) -> Seal {
    use std::os::unix::fs::MetadataExt;
    [
        meta.dev(),
        meta.ino(),
        meta.len(),
        nanos(meta.mtime(), meta.mtime_nsec()) as u64,
        nanos(meta.ctime(), meta.ctime_nsec()) as u64,
    ]
}

#[cfg(not(unix))]
pub(crate) fn seal(_: &fs::Metadata) -> Seal {
    [0; 5]
}

/// The cached index of `root`, if its trailer checks out (nothing is yet
/// checked against the folder). With `sealed`, the seal of a version of the
/// file the folder watcher validated: if the file is still that version, it
/// is not validated again.
pub(crate) fn open(root: &Path, kind: Kind, sealed: Option<Seal>) -> Option<Opened> {
    let (file, found) = read_bounded(&path_for(root, kind)?)?;
    Opened::new(file, sealed.is_none() || sealed != Some(found))
}

/// Reads and fully validates a cache file for the folder watcher: the seal
/// of what it read, if that is a sound cache and did not change meanwhile.
#[cfg(target_os = "linux")]
pub(crate) fn validate(path: &Path) -> Option<Seal> {
    let (file, found) = read_bounded(path)?;
    // Written within a clock tick of now, a second write could keep every
    // time: such a version is left for a later question.
    if found[4] as i64 > now().saturating_sub(SETTLE_NS) {
        return None;
    }
    Opened::new(file, true)?.decode()?;
    let after = fs::symlink_metadata(path).ok()?;
    (seal(&after) == found).then_some(found)
}

/// A cache file's bytes, mapped, and its seal: a regular file, not a
/// symlink (to `/dev/zero`, say), not a FIFO (which would block), and not
/// larger than any cache gloss writes. Mapped, a warm call touches only the
/// pages it reads: a search or a backlink reads a few of a large index.
/// gloss replaces a cache file by renaming, so a mapping never sees its own
/// writes; like ripgrep's `--mmap`, a file someone truncates while it is
/// mapped can end the process.
fn read_bounded(path: &Path) -> Option<(Blob, Seal)> {
    let before = fs::symlink_metadata(path).ok()?;
    if !before.file_type().is_file() || before.len() > MAX_CACHE_BYTES {
        return None;
    }
    let file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    // Swapped between the check and the open: not what was checked.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (meta.dev(), meta.ino()) != (before.dev(), before.ino()) {
            return None;
        }
    }
    if !meta.is_file() || meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    if !crate::store::local::on_local_fs(path) {
        // Another machine may replace it while it is mapped here: read.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        (&file).take(meta.len()).read_to_end(&mut bytes).ok()?;
        return Some((Blob::Owned(bytes), seal(&meta)));
    }
    // SAFETY: a regular file of the size checked; see above for a file
    // truncated while mapped.
    let map = unsafe {
        memmap2::MmapOptions::new()
            .len(meta.len() as usize)
            .map(&file)
    }
    .ok()?;
    let len = map.len();
    Some((Blob::Mapped { map, len }, seal(&meta)))
}

/// Keeps `index` for the next call. Failing to (a read-only home, a full
/// disk) only costs the next call the time this one took.
pub(crate) fn store(root: &Path, kind: Kind, manifest: &Manifest, contents: &[u64], index: &[u8]) {
    use crate::store::exclusive::{Dir, Replace};
    let Some(path) = path_for(root, kind) else {
        return;
    };
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    if let Some(parent) = dir.parent() {
        let _ = fs::create_dir_all(parent);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        let _ = fs::DirBuilder::new().mode(0o700).create(dir);
    }
    #[cfg(not(unix))]
    let _ = fs::create_dir(dir);
    // Checked again on the folder held open: it is the one written in.
    let Some(dir) = Dir::open(dir).ok().filter(|dir| dir.is_trusted(false)) else {
        return;
    };
    // Written aside under a fresh name, created exclusively (never through
    // a link), and renamed, so a concurrent gloss never reads half a file.
    let Ok((file, partial)) = dir.create_unguessable(&format!(".{name}.tmp-")) else {
        return;
    };
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(file);
        encode(index, manifest, contents, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    };
    if write().is_err() || dir.rename(&partial, &dir, name, Replace::File).is_err() {
        let _ = dir.remove(&partial);
    }
}

/// The hash a file's content is compared by: of the text an index entry
/// was built from, or a mark for a file that could not be read.
pub(crate) fn content_hash(text: &Result<String, crate::store::read::Problem>) -> u64 {
    match text {
        Ok(text) => xxh3_64(text.as_bytes()),
        Err(_) => u64::MAX,
    }
}

/// How a cached copy compares with the folder now.
pub(crate) enum Verdict {
    /// Changed: rebuild.
    Stale,
    /// Unchanged. With `settled`, some entries that had to be compared by
    /// content are now old enough not to be: the copy is worth rewriting
    /// with the new time, so later calls only `stat` them.
    Fresh { settled: bool },
}

/// Checks `cached` against the folder at `root`, as of `taken` (a time
/// before any of the checks). With `stats_known`, the entries' metadata was
/// checked already this call (by the other index's copy, whose manifest has
/// the same stamp): only contents are compared.
pub(crate) fn verify(
    root: &Path,
    kind: Kind,
    cached: &Cached,
    taken: i64,
    stats_known: bool,
    names: impl Fn(&Path, bool) -> u64 + Sync,
    read: impl Fn(&Path, Kind) -> u64 + Sync,
) -> Verdict {
    let Cached {
        manifest, contents, ..
    } = cached;
    let Some(root_dir) = manifest.dirs.first() else {
        return Verdict::Stale;
    };
    let base = Root::open(root);
    // Each check: is it unchanged, and was it recent when written (and so
    // compared by content) but is no longer.
    let dir_check = |dir: &Dir| -> Option<bool> {
        if !stats_known && base.stat(&dir.name, "") != dir.stat {
            return None;
        }
        if dir.stat.kind == 2 && dir.stat.recent(manifest.taken) {
            let path = root.join(&dir.name);
            (names(&path, dir.name.is_empty()) == dir.names).then_some(!dir.stat.recent(taken))
        } else {
            Some(false)
        }
    };
    let root_ok = dir_check(root_dir);
    let Some(mut settled) = root_ok else {
        return Verdict::Stale;
    };
    let dirs = crate::store::parallel::map(&manifest.dirs[1..], dir_check);
    let indexed: Vec<(usize, &File)> = manifest.files.iter().enumerate().collect();
    let files = crate::store::parallel::map(&indexed, |&(i, file)| {
        let dir = manifest.dirs.get(file.dir as usize).map_or("", |d| &d.name);
        if !stats_known && base.stat(dir, &file.name) != file.stat {
            return None;
        }
        if file.stat.recent(manifest.taken) {
            (read(&manifest.path(root, file), kind) == contents[i])
                .then_some(!file.stat.recent(taken))
        } else {
            Some(false)
        }
    });
    for check in dirs.into_iter().chain(files) {
        match check {
            None => return Verdict::Stale,
            Some(now_settled) => settled |= now_settled,
        }
    }
    Verdict::Fresh { settled }
}

/// What the `cache` fuzz target runs: arbitrary bytes as a cache file, as a
/// manifest without the checksum that would stop a fuzzer at the door, and
/// as an index blob read through every accessor. It must never panic, hang
/// or allocate more than the input's size suggests.
pub(crate) fn exercise(data: &[u8]) {
    let _ = decode(data.to_vec());
    let _ = decode_manifest(&mut Reader { bytes: data, at: 0 });
    let Some(index) = Index::open(data) else {
        return;
    };
    index.is_sound();
    for term in 0..index.term_count() as u32 + 1 {
        let found = index.term(term);
        index.find_slug(found.slug);
        index.first_term_from(found.slug);
        index.articles(term).for_each(drop);
    }
    for row in 0..index.article_count() as u32 + 1 {
        let article = index.article(row);
        let _ = (index.lang_place(row), index.description(row));
        let _ = (index.keywords(row), index.payload(row), index.body_len(row));
        for folded in [false, true] {
            index.find_key(article.title, folded);
        }
        index.linking_articles(article.lang);
        let _ = index.aliases(row);
        index.aliases_from(article.title);
    }
    for key in index.folded_keys() {
        let text = index.folded_key(key.row);
        for prefix in [false, true] {
            for row in index.tokens_matching(text, prefix) {
                index.postings(row);
            }
        }
    }
    index
        .tokens_matching("", true)
        .for_each(|row| drop(index.postings(row)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let stat = Stat {
            kind: 1,
            ino: 7,
            size: 30,
            mtime: 1,
            ctime: 2,
        };
        Manifest {
            dirs: vec![
                Dir {
                    name: String::new(),
                    stat: Stat { kind: 2, ..stat },
                    names: 3,
                },
                Dir {
                    name: "soft-sell".into(),
                    stat: Stat { kind: 2, ..stat },
                    names: 4,
                },
            ],
            files: vec![File {
                dir: 1,
                name: "sv.md".into(),
                lang: "sv".into(),
                stat,
            }],
            taken: 99,
            watch: Some((7, 42)),
        }
    }

    #[test]
    fn round_trip() {
        let index = crate::store::index::write(Vec::new());
        let mut bytes = Vec::new();
        encode(&index, &manifest(), &[42], &mut bytes).expect("written to memory");
        let whole = [&index[..], &bytes[index.len()..bytes.len() - 16]].concat();
        assert_eq!(
            bytes[bytes.len() - 16..bytes.len() - 8],
            xxh3_64(&whole).to_le_bytes(),
            "the streamed checksum is the checksum of the whole"
        );
        let cached = decode(bytes.clone()).expect("a sound cache");
        assert_eq!(&*cached.index, &index[..]);
        assert_eq!(cached.manifest, manifest());
        assert_eq!(cached.contents, [42]);
        assert_eq!(cached.stamp, manifest().stamp());
        // Any one byte changed, or any length cut, is refused.
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 1;
            assert!(decode(bad).is_none(), "byte {at} flipped");
            assert!(decode(bytes[..at].to_vec()).is_none(), "cut at {at}");
        }
    }

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
