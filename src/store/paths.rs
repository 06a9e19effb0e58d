//! Every path gloss uses, in one place: the config file, the user data
//! folder, the cache, the glossary folders in precedence order, and `~/`
//! expansion. XDG variables win on every platform.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// An XDG variable wins when set to an absolute path, on every platform;
/// otherwise the platform's own directory.
fn xdg_or(var: &str, platform: Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or(platform)
}

pub(crate) fn config_dir() -> Option<PathBuf> {
    xdg_or("XDG_CONFIG_HOME", platform::config_dir())
}

pub(crate) fn data_dir() -> Option<PathBuf> {
    xdg_or("XDG_DATA_HOME", platform::data_dir())
}

pub(crate) fn cache_dir() -> Option<PathBuf> {
    xdg_or("XDG_CACHE_HOME", platform::cache_dir())
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
    Config,
    User,
}

impl Kind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::DataDir => "--data-dir",
            Kind::Env => "GLOSS_DATA_DIRS",
            Kind::Config => "config data_dirs",
            Kind::User => "user folder",
        }
    }
}

/// The glossary folders in precedence order: `--data-dir` (in the order
/// given), `GLOSS_DATA_DIRS`, the config file's `data_dirs`, the user folder.
pub(crate) fn locate(data_dirs: &[PathBuf], config_dirs: &[PathBuf]) -> Vec<(Kind, PathBuf)> {
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
        .chain(config_dirs.iter().map(|d| (Kind::Config, d.clone())))
        .chain(user.map(|d| (Kind::User, d)));
    for (kind, path) in all {
        if !folders.iter().any(|(_, p)| *p == path) {
            folders.push((kind, path));
        }
    }
    folders
}
