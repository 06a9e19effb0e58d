//! Every path gloss uses, in one place: the config file, the user data
//! folder, the cache, the glossary folders in precedence order, and `~/`
//! expansion. XDG variables win on every platform.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// An XDG variable wins when set to an absolute path, on every platform;
/// otherwise the platform's own directory.
fn xdg_or(var: &str, platform: fn() -> Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(platform)
}

pub(crate) fn config_dir() -> Option<PathBuf> {
    xdg_or("XDG_CONFIG_HOME", platform::config_dir)
}

pub(crate) fn data_dir() -> Option<PathBuf> {
    xdg_or("XDG_DATA_HOME", platform::data_dir)
}

pub(crate) fn cache_dir() -> Option<PathBuf> {
    xdg_or("XDG_CACHE_HOME", platform::cache_dir)
}

/// A folder's absolute path with every symlink resolved: what names its
/// cache files and what the folder watcher is asked about. Remembered for
/// the call: a call asks it for each cache file and the watcher, and each
/// answer takes a system call per path component.
pub(crate) fn canonical(path: &Path) -> Option<PathBuf> {
    static KNOWN: std::sync::Mutex<Vec<(PathBuf, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, canonical)) = known.iter().find(|(given, _)| given == path) {
        return Some(canonical.clone());
    }
    let canonical = std::fs::canonicalize(path).ok()?;
    known.push((path.to_path_buf(), canonical.clone()));
    Some(canonical)
}

/// Where the folder watcher's socket lives: `$XDG_RUNTIME_DIR/gloss/`, or
/// `gloss/run/` in the cache where there is no runtime directory.
#[cfg(target_os = "linux")]
pub(crate) fn watch_dir() -> Option<PathBuf> {
    xdg_or("XDG_RUNTIME_DIR", || None)
        .map(|run| run.join("gloss"))
        .or_else(|| cache_dir().map(|cache| cache.join("gloss").join("run")))
}

/// The platform's directories, as the `dirs` crate finds them.
#[cfg(not(all(target_os = "linux", target_feature = "crt-static")))]
mod platform {
    pub(super) use dirs::{cache_dir, config_dir, data_dir, home_dir};
}

/// The static Linux release: the home directory is `HOME` or none. `dirs`
/// asks the user database when `HOME` is unset, and a static glibc answers
/// that by loading the system's NSS modules, built for the shared C
/// library: for a user with no `/etc/passwd` entry the process crashes.
/// Without a home, gloss reads no user folder or config file.
#[cfg(all(target_os = "linux", target_feature = "crt-static"))]
mod platform {
    use std::path::PathBuf;

    pub(super) fn home_dir() -> Option<PathBuf> {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|home| home.is_absolute())
    }

    pub(super) fn config_dir() -> Option<PathBuf> {
        Some(home_dir()?.join(".config"))
    }

    pub(super) fn data_dir() -> Option<PathBuf> {
        Some(home_dir()?.join(".local/share"))
    }

    pub(super) fn cache_dir() -> Option<PathBuf> {
        Some(home_dir()?.join(".cache"))
    }
}

/// The config file gloss reads: `GLOSS_CONFIG`, or `gloss/config.yaml` in the config directory.
pub(crate) fn config_path() -> Option<PathBuf> {
    match std::env::var_os("GLOSS_CONFIG").filter(|value| !value.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => Some(config_dir()?.join("gloss").join("config.yaml")),
    }
}

/// A path with a leading `~/` in the home directory, as a shell would have
/// expanded it; anything else is relative to `base`.
pub(crate) fn expand_home(base: &Path, path: OsString) -> PathBuf {
    let rest = path.to_str().and_then(|path| path.strip_prefix("~/"));
    match rest.zip(platform::home_dir()) {
        Some((rest, home)) => home.join(rest),
        None => base.join(path),
    }
}

/// Why a folder is read, for `--show-paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    DataDir,
    Env,
    Project,
    Config,
    User,
    /// `$STARDICT_DATA_DIR/dic`, where sdcv looks first.
    StarDictEnv,
    /// `$XDG_DATA_HOME/stardict/dic` and `~/.stardict/dic`.
    StarDictUser,
    /// `/usr/share/dictd` and `/usr/share/stardict/dic`, or what
    /// `GLOSS_SYSTEM_DICTIONARIES` says instead.
    SystemDictionaries,
}

impl Kind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::DataDir => "--data-dir",
            Kind::Env => "GLOSS_DATA_DIRS",
            Kind::Project => "project folder",
            Kind::Config => "config data_dirs",
            Kind::User => "user folder",
            Kind::StarDictEnv => "STARDICT_DATA_DIR",
            Kind::StarDictUser => "stardict folder",
            Kind::SystemDictionaries => "system dictionaries",
        }
    }
}

/// The glossary folders in precedence order: `--data-dir` (in the order
/// given), `GLOSS_DATA_DIRS`, the project folder, the config file's
/// `data_dirs`, the user folder.
pub(crate) fn locate(
    data_dirs: &[PathBuf],
    project: Option<PathBuf>,
    config_dirs: &[PathBuf],
) -> Vec<(Kind, PathBuf)> {
    let mut folders: Vec<(Kind, PathBuf)> = Vec::new();
    let env_dirs: Vec<PathBuf> = std::env::var_os("GLOSS_DATA_DIRS")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let user = data_dir().map(|dir| dir.join("gloss"));
    let all = data_dirs
        .iter()
        .map(|d| (Kind::DataDir, d.clone()))
        .chain(env_dirs.into_iter().map(|d| (Kind::Env, d)))
        .chain(project.map(|d| (Kind::Project, d)))
        .chain(config_dirs.iter().map(|d| (Kind::Config, d.clone())))
        .chain(user.map(|d| (Kind::User, d)));
    for (kind, path) in all {
        if !folders.iter().any(|(_, p)| *p == path) {
            folders.push((kind, path));
        }
    }
    folders
}

/// Replaces the system's dictionary folders (colon-separated; empty for
/// none): for tests, which must not see what the machine has installed,
/// and for packagers who keep dictionaries elsewhere.
pub(crate) const SYSTEM_DICTIONARIES_VAR: &str = "GLOSS_SYSTEM_DICTIONARIES";

/// Where dictd and StarDict install dictionaries.
const SYSTEM_DICTIONARIES: &[&str] = &["/usr/share/dictd", "/usr/share/stardict/dic"];

/// Where dictionaries are looked for, where their own tools look:
/// `STARDICT_DATA_DIR/dic`, the user's StarDict folders, then the system's.
/// (`--data-dir` may also name dictionaries; those come first.)
pub(crate) fn dictionary_folders() -> Vec<(Kind, PathBuf)> {
    let mut found: Vec<(Kind, PathBuf)> = Vec::with_capacity(5);
    if let Some(dir) = std::env::var_os("STARDICT_DATA_DIR").filter(|d| !d.is_empty()) {
        add_new(
            &mut found,
            Kind::StarDictEnv,
            PathBuf::from(dir).join("dic"),
        );
    }
    if let Some(data) = data_dir() {
        add_new(&mut found, Kind::StarDictUser, data.join("stardict/dic"));
    }
    if let Some(home) = platform::home_dir() {
        add_new(&mut found, Kind::StarDictUser, home.join(".stardict/dic"));
    }
    match std::env::var_os(SYSTEM_DICTIONARIES_VAR) {
        Some(value) => std::env::split_paths(&value)
            .filter(|p| !p.as_os_str().is_empty())
            .for_each(|dir| add_new(&mut found, Kind::SystemDictionaries, dir)),
        None => SYSTEM_DICTIONARIES
            .iter()
            .for_each(|dir| add_new(&mut found, Kind::SystemDictionaries, PathBuf::from(dir))),
    }
    found
}

/// Adds a folder not already there: two places may name one folder
/// (`XDG_DATA_HOME/stardict` and `~/.stardict` when they coincide).
fn add_new(found: &mut Vec<(Kind, PathBuf)>, kind: Kind, path: PathBuf) {
    if !found.iter().any(|(_, p)| *p == path) {
        found.push((kind, path));
    }
}

/// The project folder's name, looked for in the working directory and each
/// directory above it, as git looks for `.git`.
pub(crate) const PROJECT_DIR: &str = ".gloss";

/// What the walk up to a project folder found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Project {
    None,
    Found(PathBuf),
    /// The nearest `.gloss` cannot be used safely; the walk stops there,
    /// since reading a folder further up would not be what that project meant.
    Refused(PathBuf, &'static str),
}

impl Project {
    pub(crate) fn folder(self) -> Option<PathBuf> {
        match self {
            Project::Found(folder) => Some(folder),
            Project::None | Project::Refused(..) => None,
        }
    }
}

/// The project folder for the working directory (see `find_project`).
pub(crate) fn project() -> Project {
    let Ok(start) = std::env::current_dir() else {
        return Project::None;
    };
    find_project(&start, owner, current_user())
}

/// The nearest `.gloss/` walking up from `start` to the filesystem root. A
/// repository is written by others, so the walk is as careful as git's
/// `safe.directory`: it stops at the first directory that belongs to another
/// user, neither looking in it nor above it (so it never leaves the user's
/// own tree: `/home` and `/` belong to root, and a checkout someone else
/// owns is not trusted), and it takes a `.gloss` only when it is a real
/// directory the user owns that no one else may write in. A symlink could point the glossary anywhere, at
/// a huge or endless tree (`/proc`), so it is refused rather than followed.
/// `owner` and `me` are injected for tests; `me` is `None` where ownership
/// has no meaning (not Unix), and then no directory stops the walk.
pub(crate) fn find_project(
    start: &Path,
    owner: impl Fn(&std::fs::Metadata) -> Option<u32>,
    me: Option<u32>,
) -> Project {
    let ours = |meta: &std::fs::Metadata| me.is_none() || owner(meta) == me;
    for dir in start.ancestors() {
        if !std::fs::metadata(dir).is_ok_and(|meta| ours(&meta)) {
            return Project::None;
        }
        let candidate = dir.join(PROJECT_DIR);
        let meta = match std::fs::symlink_metadata(&candidate) {
            Ok(meta) => meta,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return Project::Refused(candidate, "cannot be read"),
        };
        return if meta.file_type().is_symlink() {
            Project::Refused(candidate, "is a symbolic link")
        } else if !meta.is_dir() {
            Project::Refused(candidate, "is not a directory")
        } else if !ours(&meta) {
            Project::Refused(candidate, "belongs to another user")
        } else if writable_by_others(&meta) {
            Project::Refused(candidate, "is writable by other users")
        } else {
            Project::Found(candidate)
        };
    }
    Project::None
}

/// Whether users other than its owner may write in a directory.
#[cfg(unix)]
fn writable_by_others(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.mode() & 0o022 != 0
}

#[cfg(not(unix))]
fn writable_by_others(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn owner(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.uid())
}

#[cfg(not(unix))]
fn owner(_: &std::fs::Metadata) -> Option<u32> {
    None
}

#[cfg(unix)]
pub(crate) fn current_user() -> Option<u32> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    Some(unsafe { libc::geteuid() })
}

#[cfg(not(unix))]
pub(crate) fn current_user() -> Option<u32> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// Pretends the directories whose inode is in `foreign` belong to uid 1.
    fn walk(start: &Path, foreign: &[&Path]) -> Project {
        let inodes: Vec<u64> = foreign
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().ino())
            .collect();
        find_project(
            start,
            |meta| Some(if inodes.contains(&meta.ino()) { 1 } else { 0 }),
            Some(0),
        )
    }

    #[test]
    fn finds_the_nearest_and_stops_at_other_users() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        let deep = top.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(top.join(".gloss")).unwrap();
        std::fs::create_dir_all(top.join("a/.gloss")).unwrap();
        assert_eq!(walk(&deep, &[]), Project::Found(top.join("a/.gloss")));
        // `b` belongs to someone else: nothing at or above it is read.
        assert_eq!(walk(&deep, &[&top.join("a/b")]), Project::None);
        // A `.gloss` someone else owns is refused, and the walk ends there.
        assert_eq!(
            walk(&deep, &[&top.join("a/.gloss")]),
            Project::Refused(top.join("a/.gloss"), "belongs to another user")
        );
    }

    #[test]
    fn refuses_symlinks_and_files() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        std::fs::create_dir_all(top.join("real")).unwrap();
        std::fs::create_dir_all(top.join("x/y")).unwrap();
        std::os::unix::fs::symlink(top.join("real"), top.join("x/.gloss")).unwrap();
        std::fs::write(top.join("x/y/.gloss"), "not a folder").unwrap();
        assert_eq!(
            walk(&top.join("x/y"), &[]),
            Project::Refused(top.join("x/y/.gloss"), "is not a directory")
        );
        std::fs::remove_file(top.join("x/y/.gloss")).unwrap();
        assert_eq!(
            walk(&top.join("x/y"), &[]),
            Project::Refused(top.join("x/.gloss"), "is a symbolic link")
        );
    }
}
