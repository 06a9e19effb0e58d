//! Bounded reading of untrusted files: every article, front matter and
//! config file gloss reads goes through `read_prefix`, which refuses what is
//! not a regular file and never reads past a limit. What goes wrong is a
//! `Problem` naming the file, and the line where that is known.

use crate::model::article::{self, ArticleError, FrontMatter};
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest article file gloss reads; larger ones are reported, not read.
pub(crate) const MAX_ARTICLE_BYTES: u64 = 1 << 20;
/// The largest config file gloss reads.
pub(crate) const MAX_CONFIG_BYTES: u64 = 64 * 1024;
/// How standard input is named in messages and findings.
pub(crate) const STDIN: &str = "<stdin>";
/// The largest document `--lint` and `--scan` read (a file or stdin): a PO
/// catalogue of the largest projects is a few megabytes.
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 64 << 20;
/// The most term folders, and files in one term folder, gloss looks at.
pub(crate) const MAX_ENTRIES: usize = 200_000;

/// The start of the message of a folder past `MAX_ENTRIES`.
const TOO_MANY_ENTRIES: &str = "folder has more than";

/// The entries of a folder, at most `MAX_ENTRIES` of them; past the limit,
/// also the problem saying so (which folder, what was skipped).
pub(crate) fn at_most_entries<T>(
    dir: &Path,
    entries: impl Iterator<Item = T>,
) -> (Vec<T>, Option<Problem>) {
    let mut kept: Vec<T> = entries.take(MAX_ENTRIES + 1).collect();
    if kept.len() <= MAX_ENTRIES {
        return (kept, None);
    }
    kept.truncate(MAX_ENTRIES);
    let message = format!(
        "{TOO_MANY_ENTRIES} {MAX_ENTRIES} entries (the limit); only {MAX_ENTRIES} of them are read, the rest are skipped"
    );
    (kept, Some(Problem::new(dir, None, message)))
}

/// Tells a limit (as a warning, `store/report.rs`), once per folder and process.
pub(crate) fn announce(problem: &Problem) {
    static TOLD: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut told = TOLD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if told.contains(&problem.path) {
        return;
    }
    told.push(problem.path.clone());
    drop(told);
    crate::store::report::warn(&problem.to_string());
}

/// One thing wrong with a glossary file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) path: PathBuf,
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

impl Problem {
    pub(crate) fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// A parse error of the article at `path`.
    pub(crate) fn from_article(path: &Path, error: ArticleError) -> Self {
        Problem::new(path, error.line, error.message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line.map(|line| format!(":{line}")).unwrap_or_default();
        let text = format!("{}{line}: {}", self.path.display(), self.message);
        // File names are data too, and messages quote them: neither may
        // smuggle an escape sequence (or a line break) out.
        f.write_str(&crate::model::text::one_line(&text))
    }
}

/// Reads an article file, refusing what is not a regular file, what is larger
/// than `MAX_ARTICLE_BYTES`, and what is not UTF-8.
pub(crate) fn read_file(path: &Path) -> Result<String, Problem> {
    read_prefix(path, MAX_ARTICLE_BYTES, true)
}

/// Reads at most `limit` bytes of a file. With `whole`, a longer file is a
/// problem; without, the text is cut at the last complete line.
pub(crate) fn read_prefix(path: &Path, limit: u64, whole: bool) -> Result<String, Problem> {
    utf8(read_bytes(path, limit, whole)?, path)
}

/// As `read_prefix`, the bytes as they are: for formats that say their
/// own charset (PO).
pub(crate) fn read_bytes(path: &Path, limit: u64, whole: bool) -> Result<Vec<u8>, Problem> {
    let fail = |message: String| Problem::new(path, None, message);
    // Checked before opening: opening a FIFO would block, a device could be endless.
    let meta = fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(fail("not a regular file".into()));
    }
    if whole && meta.len() > limit {
        return Err(fail(format!(
            "file is {} bytes, larger than the {limit}-byte limit",
            meta.len()
        )));
    }
    let file = fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    // Sized as the file was (one byte more, to see its end in one read):
    // grown from nothing, a 3 KB article took eight reads. The size is only
    // a hint; the limit is what bounds the read.
    let hint = meta.len().min(limit).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if !whole {
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if (bytes.len() as u64) == limit {
            bytes.truncate(end);
        }
    }
    Ok(bytes)
}

/// The bytes as text, or the line where they stop being UTF-8.
fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::new(path, Some(line), "not valid UTF-8 text")
    })
}

/// Reads an article from standard input, within the limit a file has
/// (`--render -`); `name` stands for the file in problems.
pub(crate) fn read_stdin(name: &Path) -> Result<String, Problem> {
    let fail = |message: String| Problem::new(name, None, message);
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(fail(format!(
            "input is larger than the {MAX_ARTICLE_BYTES}-byte limit"
        )));
    }
    utf8(bytes, name)
}

/// Reads a document to check (`-`: standard input) as bytes: its reader
/// decodes them (and refuses a binary file). Refuses what is not a regular
/// file (a FIFO, a device, a folder) and what is larger than
/// `MAX_DOCUMENT_BYTES`.
pub(crate) fn read_document(path: &Path) -> Result<Vec<u8>, Problem> {
    let stdin = path == Path::new("-");
    let shown = if stdin { Path::new(STDIN) } else { path };
    let fail = |message: String| Problem::new(shown, None, message);
    let bytes = if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(fail(format!(
                "input is larger than the {MAX_DOCUMENT_BYTES}-byte limit"
            )));
        }
        bytes
    } else {
        let meta = fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        if meta.is_dir() {
            return Err(fail("is a folder, not a file".into()));
        }
        if !meta.is_file() {
            return Err(fail("not a regular file (a pipe or a device)".into()));
        }
        if meta.len() > MAX_DOCUMENT_BYTES {
            return Err(fail(format!(
                "file is {} bytes, larger than the {MAX_DOCUMENT_BYTES}-byte limit",
                meta.len()
            )));
        }
        let file = fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        // The limit bounds the read even if the file grows meanwhile.
        file.take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(fail(format!(
                "file is larger than the {MAX_DOCUMENT_BYTES}-byte limit"
            )));
        }
        bytes
    };
    Ok(bytes)
}

/// Reads a file's front matter only: at most `MAX_FRONT_MATTER_BYTES` (and
/// its closing line), the same limit a whole article's parse applies, so a
/// file is listed exactly when it can be shown.
pub(crate) fn read_front_matter(path: &Path) -> Result<FrontMatter, Problem> {
    let text = front_matter_text(path)?;
    article::front_matter(&text).map_err(|error| Problem::from_article(path, error))
}

/// The part of a file `read_front_matter` parses, as text.
pub(crate) fn front_matter_text(path: &Path) -> Result<String, Problem> {
    read_prefix(path, FRONT_MATTER_READ, false)
}

/// Enough to hold the longest front matter allowed and its closing line.
const FRONT_MATTER_READ: u64 = article::MAX_FRONT_MATTER_BYTES as u64 + 8;
