//! The cache file: its layout (the index, the manifest and content hashes,
//! a trailer of named fields), writing it aside and renaming it, and
//! opening one only as a bounded regular file whose trailer checks out.

use super::listing::{nanos, SETTLE_NS};
use super::manifest::{decode_manifest, Manifest, Reader};
use crate::store::index::Index;
use crate::store::local::now;
use std::fs;
use std::io::Read;
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// The cache file format; a change to it must change this.
pub(super) const MAGIC: &[u8; 8] = b"GLOSSFC3";
/// The trailer ending a cache file: where each field starts, in bytes from
/// its start, each a little-endian `u64` but the magic. The watcher's
/// token is here, at a fixed place, so that a call the watcher vouches for
/// reads nothing else.
mod trailer {
    pub(super) const INDEX_LEN: usize = 0;
    pub(super) const MANIFEST_LEN: usize = 8;
    /// `version()`.
    pub(super) const VERSION: usize = 16;
    /// The watcher's token: its instance (0 for none), then its counter.
    pub(super) const WATCH_INSTANCE: usize = 24;
    pub(super) const WATCH_CHANGED: usize = 32;
    /// Of every byte before it.
    pub(super) const CHECKSUM: usize = 40;
    pub(super) const MAGIC: usize = 48;
    pub(super) const LEN: usize = MAGIC + super::MAGIC.len();
}
/// The largest cache file read: the index's offsets are `u32`, so a real one
/// is smaller; a larger file is not gloss's.
pub(super) const MAX_CACHE_BYTES: u64 = 1 << 32;

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
    pub(super) fn new(file: Blob, check: bool) -> Option<Opened> {
        let body = file.len().checked_sub(trailer::LEN)?;
        let tail = &file[body..];
        let word = |at: usize| u64::from_le_bytes(tail[at..at + 8].try_into().unwrap_or([0; 8]));
        if &tail[trailer::MAGIC..] != MAGIC || word(trailer::VERSION) != version() {
            return None;
        }
        if check && xxh3_64(&file[..body + trailer::CHECKSUM]) != word(trailer::CHECKSUM) {
            return None;
        }
        let index_len = usize::try_from(word(trailer::INDEX_LEN)).ok()?;
        let manifest_len = usize::try_from(word(trailer::MANIFEST_LEN)).ok()?;
        if index_len.checked_add(manifest_len)? != body {
            return None;
        }
        let instance = word(trailer::WATCH_INSTANCE);
        let watch = (instance != 0).then_some((instance, word(trailer::WATCH_CHANGED)));
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
    let mut tail = Vec::with_capacity(64 * manifest.files.len());
    manifest.encode_entries(&mut tail);
    tail.extend_from_slice(&(manifest.taken as u64).to_le_bytes());
    for hash in contents {
        tail.extend_from_slice(&hash.to_le_bytes());
    }
    let mut end = [0; trailer::LEN];
    let put =
        |end: &mut [u8], at: usize, word: u64| end[at..at + 8].copy_from_slice(&word.to_le_bytes());
    put(&mut end, trailer::INDEX_LEN, index.len() as u64);
    put(&mut end, trailer::MANIFEST_LEN, tail.len() as u64);
    put(&mut end, trailer::VERSION, version());
    // A token's instance is never 0: (0, 0) is none.
    let (instance, changed) = manifest.watch.unwrap_or((0, 0));
    put(&mut end, trailer::WATCH_INSTANCE, instance);
    put(&mut end, trailer::WATCH_CHANGED, changed);
    let mut checksum = xxhash_rust::xxh3::Xxh3::new();
    checksum.update(index);
    checksum.update(&tail);
    checksum.update(&end[..trailer::CHECKSUM]);
    put(&mut end, trailer::CHECKSUM, checksum.digest());
    end[trailer::MAGIC..].copy_from_slice(MAGIC);
    out.write_all(index)?;
    out.write_all(&tail)?;
    out.write_all(&end)
}

/// The inverse of `encode`, for any bytes at all: `None` unless the trailer,
/// version, checksum, manifest and index all check out.
pub(crate) fn decode(bytes: Vec<u8>) -> Option<Cached> {
    Opened::new(Blob::Owned(bytes), true)?.decode()
}

/// What identifies one version of a cache file: device, inode, size,
/// modification and change times. Replacing the file changes its inode, and
/// writing to it its change time, which cannot be set back; but a time moves
/// in clock ticks, so a version is sealed only once its change time is
/// `SETTLE_NS` old (see `validate`).
pub(crate) type Seal = [u64; 5];
/// Where a seal holds the change time.
#[cfg(target_os = "linux")]
const SEAL_CTIME: usize = 4;

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

/// Reads and fully validates a cache file for the folder watcher: the seal
/// of what it read, if that is a sound cache and did not change meanwhile.
#[cfg(target_os = "linux")]
pub(crate) fn validate(path: &Path) -> Option<Seal> {
    let (file, found) = read_bounded(path)?;
    // Written within a clock tick of now, a second write could keep every
    // time: such a version is left for a later question.
    if found[SEAL_CTIME] as i64 > now().saturating_sub(SETTLE_NS) {
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
pub(super) fn read_bounded(path: &Path) -> Option<(Blob, Seal)> {
    let file = open_unfollowed(path)?;
    let meta = file.metadata().ok()?;
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

/// The file at `path`, opened without following a link as its last part
/// and without waiting on a FIFO: one `fstat` of what was opened then says
/// what is read, with no `stat` of the path before it to compare, and no
/// moment between the two for a swap.
#[cfg(unix)]
fn open_unfollowed(path: &Path) -> Option<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .ok()
}

/// Without `O_NOFOLLOW`, a link seen just before the open is refused.
#[cfg(not(unix))]
fn open_unfollowed(path: &Path) -> Option<fs::File> {
    if fs::symlink_metadata(path).ok()?.file_type().is_symlink() {
        return None;
    }
    fs::File::open(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::cache::{Dir, File, Stat};

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
        let checksum = bytes.len() - trailer::LEN + trailer::CHECKSUM;
        let whole = [&index[..], &bytes[index.len()..checksum]].concat();
        assert_eq!(
            bytes[checksum..checksum + 8],
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
}
