//! The sources kept in files of their own, for the places a call names:
//! which file is a source of which kind and the opener that reads it
//! (`KINDS`), the files of those kinds a folder holds, and opening them all
//! from `--data-dir`, `GLOSS_DATA_DIRS` and the folders `store/paths.rs`
//! says their tools keep them in. The session asks for "the sources for
//! these places" and gets them without naming a kind; a new kind is its
//! implementation in this folder and a row of `KINDS`.

use super::{Dictionary, Source};
use crate::store::paths;
use crate::store::read::Problem;
use std::path::{Path, PathBuf};

/// A kind of source kept in files of its own: the extension of the file
/// that names one, and what opens it from that file.
struct Kind {
    extension: &'static str,
    open: fn(&Path) -> Result<Box<dyn Source>, Problem>,
}

fn dictionary(path: &Path) -> Result<Box<dyn Source>, Problem> {
    Ok(Box::new(Dictionary::open(path)?))
}

/// dictd's `.index` and StarDict's `.ifo` name a dictionary; the other
/// files of one are found beside them.
const KINDS: &[Kind] = &[
    Kind {
        extension: "index",
        open: dictionary,
    },
    Kind {
        extension: "ifo",
        open: dictionary,
    },
];

fn kind(path: &Path) -> Option<&'static Kind> {
    let extension = path.extension()?.to_str()?;
    KINDS.iter().find(|kind| kind.extension == extension)
}

/// Whether `path` names a source of one of `KINDS`, told by its name.
pub(crate) fn is_source(path: &Path) -> bool {
    kind(path).is_some()
}

/// Opens the source `path` names; the error is one line naming it.
pub(crate) fn open(path: &Path) -> Result<Box<dyn Source>, Problem> {
    match kind(path) {
        Some(kind) => (kind.open)(path),
        None => Err(Problem::new(path, None, "is not a dictionary")),
    }
}

/// Most entries of a folder looked through for dictionaries. A folder of
/// dictionaries holds a few files each; past this it is a glossary folder
/// (which a lookup by slug must not list whole), not one of dictionaries.
const MAX_FOLDER_ENTRIES: usize = 1_000;

/// The dictionaries' index files in `dir` and, with `nested` (as StarDict
/// keeps them, a folder each), in its folders one level down; sorted, so
/// their order is the same each call. A folder past `MAX_FOLDER_ENTRIES`
/// holds none.
pub(crate) fn discover(dir: &Path, nested: bool) -> Vec<PathBuf> {
    // Told by the entry's name before a path is made: a `--data-dir` is
    // usually a glossary folder of thousands of term folders, listed here
    // on every call.
    let list = |dir: &Path, nested: bool| -> (Vec<PathBuf>, Vec<PathBuf>) {
        let (mut found, mut folders) = (Vec::new(), Vec::new());
        let Ok(reader) = std::fs::read_dir(dir) else {
            return (found, folders);
        };
        for (seen, entry) in reader.flatten().enumerate() {
            if seen == MAX_FOLDER_ENTRIES {
                // A glossary folder past the bound is no folder of
                // dictionaries; one where dictionaries are kept, or that
                // held some, is, and is told.
                if nested || !found.is_empty() {
                    crate::store::read::announce(&Problem::new(
                        dir,
                        None,
                        format!(
                            "more than {MAX_FOLDER_ENTRIES} entries: no dictionary in it is read"
                        ),
                    ));
                }
                return (Vec::new(), Vec::new());
            }
            // The entry's type comes with its name (no system call): a
            // glossary folder's entries are term folders, not one of which
            // is a dictionary, and their names are not even copied.
            let folder = entry.file_type().is_ok_and(|t| t.is_dir());
            if folder {
                if nested {
                    folders.push(entry.path());
                }
            } else if is_source(Path::new(&entry.file_name())) {
                found.push(entry.path());
            } else if nested {
                // A link (or a type the file system does not say) may
                // lead to a folder.
                folders.push(entry.path());
            }
        }
        (found, folders)
    };
    let (mut found, folders) = list(dir, nested);
    for folder in folders.into_iter().filter(|path| path.is_dir()) {
        found.extend(list(&folder, false).0);
    }
    found.sort();
    found
}

/// Opens the sources `data_dirs` and `GLOSS_DATA_DIRS` name (a source's
/// file, or those directly in a folder: a glossary folder's term folders
/// are not searched) and then those in the folders their tools keep them
/// in (`paths::dictionary_folders`), in order; of two with one name the
/// first is kept, as a higher folder's article hides a lower one's. One
/// that cannot be opened is announced in one line naming it, and the rest
/// are served.
pub(crate) fn open_all(data_dirs: &[PathBuf]) -> Vec<Box<dyn Source>> {
    // GLOSS_DATA_DIRS names them as --data-dir does (the preview of --pick
    // hands its --data-dirs over that way).
    let env: Vec<PathBuf> = std::env::var_os("GLOSS_DATA_DIRS")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let folders = paths::dictionary_folders();
    let places = data_dirs
        .iter()
        .chain(&env)
        .map(|place| (place, false))
        .chain(folders.iter().map(|(_, folder)| (folder, true)));
    let mut opened: Vec<Box<dyn Source>> = Vec::new();
    // Names already read: a FreeDict install is a couple of hundred.
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (place, nested) in places {
        // Told apart by name, not by asking the file system: a call on a
        // watched folder makes no system call per place it need not.
        let candidates = match is_source(place) {
            true => vec![place.clone()],
            false => discover(place, nested),
        };
        for path in candidates {
            match open(&path) {
                Ok(source)
                    if source
                        .name()
                        .is_none_or(|name| names.insert(name.to_string())) =>
                {
                    opened.push(source)
                }
                Ok(_) => {}
                Err(problem) => crate::store::read::announce(&problem),
            }
        }
    }
    opened
}
