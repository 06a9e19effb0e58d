//! The manifest: every directory and article file of a folder as listed at
//! one moment, and its codec, whose reader checks every count, length and
//! name against what a listing could produce.

use super::listing::Stat;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

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

    pub(super) fn encode_entries(&self, out: &mut Vec<u8>) {
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
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
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
pub(super) fn decode_manifest(reader: &mut Reader) -> Option<Manifest> {
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
