//! Writing an import into a glossary folder, all or nothing, safely where
//! others can write (a team folder of mode 1777 or shared by a group):
//! every destination is checked before the first file moves, files are
//! staged in a fresh private folder and created there exclusively (see
//! `store::exclusive`), moved in without replacing anything unless
//! `--force` (and then only regular files, kept aside until the end), and
//! taken back if a move fails or the process is told to stop. A stage an
//! earlier import left behind (killed outright) is removed by the next.

use super::{article_text, slug_of};
use crate::formats::termbase::{bad, Entry};
use crate::model::error::Error;
use crate::model::text::one_line;
use crate::store::exclusive::{Dir, Entry as Kind, Replace};
use crate::store::read::{Problem, MAX_ENTRIES};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The name every stage starts with; hidden, and not a slug, so no listing
/// of the folder ever reads one.
const STAGE_PREFIX: &str = ".gloss-import-";
/// Where, inside the stage, the articles `--force` replaces wait until the
/// import is complete.
const REPLACED: &str = ".replaced";

/// One article file to write.
struct File {
    slug: String,
    lang: String,
    text: String,
}

impl File {
    fn name(&self) -> String {
        format!("{}.md", self.lang)
    }
}

/// Writes the entries into `into` as `<slug>/<lang>.md`: all of them or,
/// when anything is wrong (a slug, a clash, an existing file without
/// `force`, a link or a folder where a file goes, the folder's entry
/// limit, a problem `--check` finds), none. Returns the files written.
pub(crate) fn write(
    path: &Path,
    entries: &[Entry],
    into: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, Error> {
    let files = articles(path, entries)?;
    if into.exists() && !into.is_dir() {
        return Err(bad(into, None, "is not a folder"));
    }
    std::fs::create_dir_all(into).map_err(|e| cannot(into, e))?;
    let root = Dir::open(into).map_err(|e| cannot(into, e))?;
    remove_stale_stages(&root);
    preflight(&root, &files, force)?;
    let (stage, stage_name) = root
        .private(STAGE_PREFIX)
        .map_err(|e| cannot(&into.join(STAGE_PREFIX), e))?;
    // Held until the stage is gone: an import finding a stage it can lock
    // knows its writer is dead (see `remove_stale_stages`).
    stage.lock(false);
    let result =
        stage_and_check(&stage, &files, into).and_then(|()| move_in(&root, &stage, &files, force));
    let _ = std::fs::remove_dir_all(into.join(&stage_name));
    result
}

/// The files the entries make, each checked to be unique.
fn articles(path: &Path, entries: &[Entry]) -> Result<Vec<File>, Error> {
    let mut files = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    for entry in entries {
        let slug = slug_of(path, entry)?;
        for term in &entry.terms {
            if let Some(first) = seen.insert((slug.clone(), term.lang.clone()), entry.line) {
                return Err(bad(
                    path,
                    Some(entry.line),
                    format!("'{slug}' in {} again (first at line {first})", term.lang),
                ));
            }
            files.push(File {
                slug: slug.clone(),
                lang: term.lang.clone(),
                text: article_text(term),
            });
        }
    }
    if files.is_empty() {
        return Err(bad(path, None, "no terms to import"));
    }
    Ok(files)
}

/// Every destination, checked before anything is written: a term folder
/// must be a real folder (or not there yet), an article must not be there
/// (with `force`, it may be a regular file, never a link or a folder), and
/// the folder, and each term folder, must stay within `MAX_ENTRIES`.
fn preflight(root: &Dir, files: &[File], force: bool) -> Result<(), Error> {
    let into = root.path();
    let refuse = |path: &Path, why: &str| {
        Err(Error::Usage(format!(
            "{}: {why}; nothing was written",
            one_line(&path.display().to_string())
        )))
    };
    let existing = count_entries(into);
    let mut new_terms = std::collections::HashSet::new();
    let mut at = 0;
    while at < files.len() {
        let slug = &files[at].slug;
        let group = files[at..].iter().take_while(|f| &f.slug == slug).count();
        let term = into.join(slug);
        match root.entry(slug) {
            None => {
                new_terms.insert(slug);
            }
            Some(Kind::Dir) => {
                let dir = root.open_sub(slug).map_err(|e| cannot(&term, e))?;
                let mut new_files = 0;
                for file in &files[at..at + group] {
                    let name = file.name();
                    match dir.entry(&name) {
                        None => new_files += 1,
                        Some(Kind::File) if force => {}
                        Some(Kind::File) => {
                            return Err(Error::Usage(format!(
                            "{} exists; nothing was written (--force replaces existing articles)",
                            one_line(&term.join(&name).display().to_string())
                        )))
                        }
                        Some(Kind::Link) => {
                            return refuse(
                                &term.join(&name),
                                "is a symbolic link, never written through",
                            )
                        }
                        Some(_) => return refuse(&term.join(&name), "is not a regular file"),
                    }
                }
                if new_files > 0 && count_entries(&term) + new_files > MAX_ENTRIES {
                    return refuse(&term, &limit_message(count_entries(&term), new_files));
                }
            }
            Some(Kind::Link) => {
                return refuse(&term, "is a symbolic link, never written through");
            }
            Some(_) => return refuse(&term, "is not a folder"),
        }
        at += group;
    }
    if existing + new_terms.len() > MAX_ENTRIES {
        return refuse(into, &limit_message(existing, new_terms.len()));
    }
    Ok(())
}

fn limit_message(existing: usize, new: usize) -> String {
    format!(
        "has {existing} entries and the import adds {new}: more than the {MAX_ENTRIES}-entry limit of a folder"
    )
}

/// A file or folder the import could not write, named.
fn cannot(path: &Path, error: std::io::Error) -> Error {
    bad(path, None, format!("cannot write: {error}"))
}

/// A folder's entries, counted up to one past the limit.
fn count_entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| entries.take(MAX_ENTRIES + 1).count())
}

/// Writes the files into the private stage and runs `--check`'s validation
/// over it: nothing reaches `into` unless all pass.
fn stage_and_check(stage: &Dir, files: &[File], into: &Path) -> Result<(), Error> {
    let mut term: Option<Dir> = None;
    for file in files {
        if term
            .as_ref()
            .is_none_or(|dir| !dir.path().ends_with(&file.slug))
        {
            let folder = stage.path().join(&file.slug);
            term = Some(
                stage
                    .sub(&file.slug, 0o755)
                    .map_err(|e| cannot(&folder, e))?,
            );
        }
        let dir = term.as_ref().expect("opened above");
        let path = dir.path().join(file.name());
        dir.create(&file.name())
            .and_then(|mut out| out.write_all(file.text.as_bytes()))
            .map_err(|e| cannot(&path, e))?;
    }
    let staged = stage.path();
    // Nothing of the checked articles is kept: only the problems.
    let (_, problems) = crate::store::check::check_folder_with(staged, drop);
    match problems.first() {
        None => Ok(()),
        Some(problem) => {
            // Named where they were to go, not in the folder they were staged in.
            let shown = problem.path.strip_prefix(staged).unwrap_or(&problem.path);
            let message = (problem.message)
                .replace(&staged.display().to_string(), &into.display().to_string());
            let message = format!("{message}; nothing was written");
            Err(Error::Data(
                Problem::new(&into.join(shown), problem.line, message).to_string(),
            ))
        }
    }
}

/// What a move did, so that it can be taken back.
enum Moved {
    /// A term folder this import made.
    Folder(String),
    /// An article that was not there before.
    New(String, String),
    /// An article that replaced one, which waits in the stage.
    Replaced(String, String),
}

/// Moves the staged files in. A signal to stop (SIGINT, SIGTERM, SIGHUP)
/// waits for the move in hand, then everything moved is taken back and the
/// signal does what it would have; a failed move is taken back too.
fn move_in(root: &Dir, stage: &Dir, files: &[File], force: bool) -> Result<Vec<PathBuf>, Error> {
    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let hooks = STOPPING
        .iter()
        .filter_map(|&sig| {
            let (stop, signal) = (stop.clone(), signal.clone());
            // SAFETY: the handler only stores to atomics.
            unsafe {
                signal_hook::low_level::register(sig, move || {
                    signal.store(sig as usize, Ordering::SeqCst);
                    stop.store(true, Ordering::SeqCst);
                })
            }
            .ok()
        })
        .collect::<Vec<_>>();
    let mut done: Vec<Moved> = Vec::new();
    let outcome = move_all(root, stage, files, force, &stop, &mut done);
    let result = match outcome {
        Ok(()) if !stop.load(Ordering::SeqCst) => {
            let written = files
                .iter()
                .map(|f| root.path().join(&f.slug).join(f.name()))
                .collect();
            Ok(written)
        }
        failed => {
            let why = match failed {
                Err(error) => error,
                Ok(()) => "interrupted".to_string(),
            };
            let kept = take_back(root, stage, &done);
            Err(Error::Data(match kept.as_slice() {
                [] => format!("{why}; nothing was written"),
                kept => format!(
                    "{why}; these could not be taken back: {}",
                    kept.iter()
                        .map(|p| one_line(&p.display().to_string()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }))
        }
    };
    for hook in hooks {
        signal_hook::low_level::unregister(hook);
    }
    let sig = signal.load(Ordering::SeqCst);
    if sig != 0 {
        // Cleaned up: now the signal ends the process as it was meant to.
        let _ = std::fs::remove_dir_all(stage.path());
        let _ = signal_hook::low_level::emulate_default_handler(sig as i32);
    }
    result
}

/// The signals that ask a process to stop.
const STOPPING: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

fn move_all(
    root: &Dir,
    stage: &Dir,
    files: &[File],
    force: bool,
    stop: &AtomicBool,
    done: &mut Vec<Moved>,
) -> Result<(), String> {
    let into = root.path();
    let failed = |path: &Path, e: std::io::Error| {
        format!(
            "{}: cannot write: {e}",
            one_line(&path.display().to_string())
        )
    };
    let replaced = match force {
        true => Some(
            stage
                .sub(REPLACED, 0o700)
                .map_err(|e| failed(stage.path(), e))?,
        ),
        false => None,
    };
    let mut at = 0;
    while at < files.len() {
        let slug = &files[at].slug;
        let group = files[at..].iter().take_while(|f| &f.slug == slug).count();
        let term = into.join(slug);
        let made = root.entry(slug).is_none();
        // Made, or opened, without following a link planted since the check.
        let target = root.sub(slug, 0o755).map_err(|e| failed(&term, e))?;
        if made {
            done.push(Moved::Folder(slug.clone()));
        }
        let from = stage.sub(slug, 0o755).map_err(|e| failed(&term, e))?;
        for file in &files[at..at + group] {
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            let name = file.name();
            let to = term.join(&name);
            let aside = format!("{slug}.{name}");
            if let (Some(replaced), Some(Kind::File)) = (&replaced, target.entry(&name)) {
                target
                    .rename(&name, replaced, &aside, Replace::Never)
                    .map_err(|e| failed(&to, e))?;
                done.push(Moved::Replaced(slug.clone(), name.clone()));
            }
            match from.rename(&name, &target, &name, Replace::Never) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let message = format!(
                        "{}: created by someone else during the import",
                        one_line(&to.display().to_string())
                    );
                    return Err(message);
                }
                Err(e) => return Err(failed(&to, e)),
            }
            if !matches!(done.last(), Some(Moved::Replaced(s, n)) if *s == *slug && *n == name) {
                done.push(Moved::New(slug.clone(), name));
            }
        }
        at += group;
    }
    Ok(())
}

/// Undoes `done`, last first; returns what could not be undone.
fn take_back(root: &Dir, stage: &Dir, done: &[Moved]) -> Vec<PathBuf> {
    let into = root.path();
    let mut kept = Vec::new();
    let replaced = Dir::open(&stage.path().join(REPLACED));
    for moved in done.iter().rev() {
        let undone = match moved {
            Moved::Folder(slug) => root.remove_dir(slug).map(|()| into.join(slug)),
            Moved::New(slug, name) => root
                .open_sub(slug)
                .and_then(|dir| dir.remove(name))
                .map(|()| into.join(slug).join(name)),
            Moved::Replaced(slug, name) => {
                let aside = format!("{slug}.{name}");
                let back = |dir: Dir| {
                    let _ = dir.remove(name);
                    replaced
                        .as_ref()
                        .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))?
                        .rename(&aside, &dir, name, Replace::Never)
                };
                root.open_sub(slug)
                    .and_then(back)
                    .map(|()| into.join(slug).join(name))
            }
        };
        if undone.is_err() {
            kept.push(match moved {
                Moved::Folder(slug) => into.join(slug),
                Moved::New(slug, name) | Moved::Replaced(slug, name) => into.join(slug).join(name),
            });
        }
    }
    kept
}

/// Removes the stages of imports that died (killed before they could clean
/// up): folders of this user named as stages that no living import holds
/// locked. Another user's are left alone (and are not this import's).
fn remove_stale_stages(root: &Dir) {
    let Ok(entries) = std::fs::read_dir(root.path()) else {
        return;
    };
    for entry in entries.flatten().take(MAX_ENTRIES) {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| n.starts_with(STAGE_PREFIX)) else {
            continue;
        };
        let Ok(stage) = root.open_sub(name) else {
            continue;
        };
        if stage.is_trusted(true) && stage.lock(true) {
            let _ = std::fs::remove_dir_all(root.path().join(name));
        }
    }
}
