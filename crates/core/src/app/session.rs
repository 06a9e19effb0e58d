//! One session: the config file read once, the glossary's folders located
//! once and opened behind one type that the command line (`run`), shell
//! completion and the language server all ask.

use crate::app::config::{self, Config};
use crate::model::text;
use crate::store::glossary::Glossary;
use crate::store::paths::{self, Kind};
use crate::store::report;
use crate::store::source::{places, Source};
use std::path::{Path, PathBuf};

/// The config file and where it is.
pub(crate) struct Settings {
    pub(crate) path: Option<PathBuf>,
    pub(crate) config: Config,
}

impl Settings {
    /// The config file; one that cannot be read is announced and ignored.
    pub(crate) fn load() -> Settings {
        let path = paths::config_path();
        let config = match path.as_deref().map(config::load) {
            Some(Ok(config)) => config,
            Some(Err(problem)) => {
                report::warn(&format!("ignoring the config file: {problem}"));
                Config::default()
            }
            None => Config::default(),
        };
        Settings { path, config }
    }
}

/// The glossary opened once, with what it was opened from.
pub(crate) struct Session {
    pub(crate) settings: Settings,
    /// Every folder gloss would read, in precedence order, whether or not
    /// it exists (`--show-paths` lists them all).
    pub(crate) folders: Vec<(Kind, PathBuf)>,
    glossary: Glossary,
}

impl Session {
    /// The bundle and the folders of `data_dirs`, `GLOSS_DATA_DIRS`, the
    /// config file, the user folder and (with `project`) the project
    /// folder; a named folder that is missing is announced.
    pub(crate) fn open(settings: Settings, data_dirs: &[PathBuf], project: bool) -> Session {
        let project = project.then(project_folder).flatten();
        let folders = paths::locate(data_dirs, project, &settings.config.data_dirs);
        let (kinds, readable): (Vec<Kind>, Vec<PathBuf>) =
            readable_folders(&folders).into_iter().unzip();
        let glossary = Glossary::with_folders(readable, settings.config.watch())
            .with_kinds(&kinds, settings.config.watch_project);
        Session {
            settings,
            folders,
            glossary,
        }
    }

    /// A session over these folders alone, for tests that own them.
    #[cfg(test)]
    pub(crate) fn of_folders(folders: Vec<PathBuf>) -> Session {
        Session {
            settings: Settings {
                path: None,
                config: Config::default(),
            },
            folders: folders.iter().map(|f| (Kind::DataDir, f.clone())).collect(),
            glossary: Glossary::with_folders(folders, false),
        }
    }

    /// The same session with these dictionaries below its articles.
    pub(crate) fn with_sources(self, sources: Vec<Box<dyn Source>>) -> Session {
        Session {
            glossary: self.glossary.with_sources(sources),
            ..self
        }
    }

    pub(crate) fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    pub(crate) fn config_path(&self) -> Option<&Path> {
        self.settings.path.as_deref()
    }

    /// Reopens the folders that changed since the glossary read them and
    /// returns them; the others keep what they hold. For a session that
    /// outlives one question (the language server).
    pub(crate) fn refresh(&mut self) -> Vec<PathBuf> {
        self.glossary.refresh()
    }
}

/// The project folder; one that is there but unsafe to read is announced.
fn project_folder() -> Option<PathBuf> {
    let project = paths::project();
    if let paths::Project::Refused(path, why) = &project {
        let shown = text::one_line(&path.display().to_string());
        report::warn(&format!("ignoring the project folder {shown}: it {why}"));
    }
    project.folder()
}

/// The folders that exist, with why each is read; a folder named
/// explicitly that does not is worth a warning, the default user folder is
/// not, and a `--data-dir` that names a dictionary is opened with the other
/// dictionaries.
fn readable_folders(folders: &[(Kind, PathBuf)]) -> Vec<(Kind, PathBuf)> {
    let mut readable = Vec::new();
    for (kind, path) in folders {
        if path.is_dir() {
            readable.push((*kind, path.clone()));
        } else if matches!(kind, Kind::DataDir | Kind::Env) && places::is_source(path) {
            // A dictionary, opened with the others.
        } else if *kind != Kind::User {
            // Asked only on the way to a warning: a file or a device is
            // there, it is just not a folder gloss reads.
            let why = match path.exists() {
                true => "not a folder (nor a dictionary's .index or .ifo)",
                false => "no such folder",
            };
            report::warn(&format!(
                "{} {}: {why}",
                kind.label(),
                text::one_line(&path.display().to_string())
            ));
        }
    }
    readable
}
