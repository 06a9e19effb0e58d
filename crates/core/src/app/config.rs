//! The config file (`gloss/config.yaml` under the config directory, or the
//! file `GLOSS_CONFIG` names) and the standard directories, honouring
//! `XDG_CONFIG_HOME`, `XDG_DATA_HOME` and `XDG_CACHE_HOME` on every platform.

use crate::app::cli::{ColorWhen, PagingWhen};
use crate::store::paths::expand_home;
use crate::store::read::{self, Problem, MAX_CONFIG_BYTES};
use clap::ValueEnum;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// What the config file says; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Config {
    pub(crate) lang: Vec<String>,
    pub(crate) color: Option<ColorWhen>,
    pub(crate) paging: Option<PagingWhen>,
    pub(crate) width: Option<usize>,
    pub(crate) data_dirs: Vec<PathBuf>,
    /// `project: false` turns the project folder off.
    pub(crate) project: Option<bool>,
    /// `watch: false` never starts or asks the folder watcher.
    pub(crate) watch: Option<bool>,
    /// `dictionaries: false` reads no dictd or StarDict dictionary.
    pub(crate) dictionaries: Option<bool>,
    /// `dictionary_langs: {NAME: "en sv"}`: the languages of a dictionary's
    /// headwords and definitions, where its files do not say.
    pub(crate) dictionary_langs: Vec<(String, crate::model::dictionary::Langs)>,
    /// `watch_project: true` lets the watcher watch the project folder too.
    pub(crate) watch_project: bool,
}

impl Config {
    /// Whether large folders are watched (on unless the file says not).
    pub(crate) fn watch(&self) -> bool {
        self.watch != Some(false)
    }
}

/// Reads the config file. A missing file is an empty config; a broken one
/// is a problem (the caller warns and goes on without it).
pub(crate) fn load(path: &Path) -> Result<Config, Problem> {
    if !path.exists() {
        // The default file is optional; one named by GLOSS_CONFIG was meant to be there.
        if std::env::var_os("GLOSS_CONFIG").is_some_and(|named| !named.is_empty()) {
            return Err(Problem::new(
                path,
                None,
                "no such file (named by GLOSS_CONFIG)",
            ));
        }
        return Ok(Config::default());
    }
    let text = read::read_prefix(path, MAX_CONFIG_BYTES, true)?;
    parse(&text, path)
}

/// `"en sv"` (or `en,sv`, `en -> sv`): headwords in English, definitions in
/// Swedish; one tag is both.
fn dictionary_langs(text: &str) -> Result<crate::model::dictionary::Langs, String> {
    let tags: Vec<String> = text
        .split([' ', ',', '>', '→'])
        .map(|tag| tag.trim().trim_end_matches('-'))
        .filter(|tag| !tag.is_empty())
        .map(|tag| {
            crate::model::lang::canonical(tag)
                .ok_or_else(|| crate::model::lang::not_a_tag(&crate::model::error::shown(tag)))
        })
        .collect::<Result<_, _>>()?;
    match tags.as_slice() {
        [one] => Ok((Some(one.clone()), Some(one.clone()))),
        [from, to] => Ok((Some(from.clone()), Some(to.clone()))),
        _ => Err(format!(
            "'{}' is not one or two language tags",
            crate::model::error::shown(text)
        )),
    }
}

fn parse(text: &str, path: &Path) -> Result<Config, Problem> {
    let fail = |line: Option<usize>, message: String| Problem::new(path, line, message);
    let map: Map<String, Value> = if text.trim().is_empty() {
        Map::new()
    } else {
        crate::model::article::parse_yaml_map(text)
            .map_err(|error| {
                let line = error.location().map(|at| at.line() as usize);
                fail(
                    line,
                    format!(
                        "invalid YAML: {}",
                        crate::model::article::yaml_message(&error)
                    ),
                )
            })?
            .unwrap_or_default()
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut config = Config::default();
    for (key, value) in &map {
        match (key.as_str(), value) {
            ("lang", Value::String(list)) => {
                config.lang = list.split([',', ':']).map(str::to_string).collect()
            }
            ("lang", Value::Array(items)) => config.lang = strings(items),
            ("color", Value::String(when)) => {
                config.color = Some(when_value(key, when).map_err(|m| fail(None, m))?)
            }
            ("paging", Value::String(when)) => {
                config.paging = Some(when_value(key, when).map_err(|m| fail(None, m))?)
            }
            ("width", Value::Number(n)) if n.as_u64().is_some() => {
                config.width = n.as_u64().map(|n| n as usize)
            }
            ("data_dirs", Value::Array(items)) => {
                config.data_dirs = strings(items)
                    .iter()
                    .map(|dir| expand_home(base, dir.into()))
                    .collect()
            }
            ("data_dirs", Value::String(dir)) => {
                config.data_dirs = vec![expand_home(base, dir.into())]
            }
            ("project", Value::Bool(on)) => config.project = Some(*on),
            ("watch", Value::Bool(on)) => config.watch = Some(*on),
            ("dictionaries", Value::Bool(on)) => config.dictionaries = Some(*on),
            ("dictionary_langs", Value::Object(names)) => {
                for (name, value) in names {
                    let Value::String(langs) = value else {
                        return Err(fail(None, format!("dictionary_langs: '{}' is not a string like \"en sv\"", crate::model::error::shown(name))));
                    };
                    let langs = dictionary_langs(langs).map_err(|m| fail(None, format!("dictionary_langs: {m}")))?;
                    config.dictionary_langs.push((name.clone(), langs));
                }
            }
            ("watch_project", Value::Bool(on)) => config.watch_project = *on,
            (
                "lang" | "color" | "paging" | "width" | "data_dirs" | "project" | "watch"
                | "watch_project" | "dictionaries" | "dictionary_langs",
                _,
            ) => {
                return Err(fail(None, format!("'{key}' has a value of the wrong kind")))
            }
            _ => {
                return Err(fail(
                    None,
                    format!(
                        "unknown key '{}' (known: lang, color, paging, width, data_dirs, project, watch, watch_project, dictionaries, dictionary_langs)",
                        crate::model::error::shown(key)
                    ),
                ))
            }
        }
    }
    Ok(config)
}

/// A `color` or `paging` value: auto, always or never.
fn when_value<T: ValueEnum>(key: &str, when: &str) -> Result<T, String> {
    T::from_str(when, true).map_err(|_| {
        format!(
            "'{key}' must be auto, always or never, not '{}'",
            crate::model::error::shown(when)
        )
    })
}

fn strings(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| item.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let text =
            "lang: [sv, fi]\ncolor: never\npaging: always\nwidth: 72\ndata_dirs: [team, /abs]\n";
        let config = parse(text, Path::new("/etc/gloss/config.yaml")).unwrap();
        assert_eq!(config.lang, ["sv", "fi"]);
        assert_eq!(config.color, Some(ColorWhen::Never));
        assert_eq!(config.paging, Some(PagingWhen::Always));
        assert_eq!(config.width, Some(72));
        assert_eq!(
            config.data_dirs,
            [PathBuf::from("/etc/gloss/team"), PathBuf::from("/abs")]
        );
        assert_eq!(
            parse("lang: pl\n", Path::new("c.yaml")).unwrap().lang,
            ["pl"]
        );
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        let path = Path::new("c.yaml");
        assert!(parse("colour: never\n", path)
            .unwrap_err()
            .message
            .contains("unknown key 'colour'"));
        assert!(parse("color: pink\n", path).is_err());
        assert!(parse("paging: sometimes\n", path).is_err());
        assert!(parse("width: wide\n", path).is_err());
        assert!(parse("lang: [unclosed\n", path).is_err());
        assert_eq!(parse("", path).unwrap(), Config::default());
    }
}
