//! Front matter: the YAML block at the head of a file, cut from its body,
//! parsed within a budget and read into `FrontMatter`, each field checked.

use super::{ArticleError, FrontMatter};
use crate::model::text::{one_line, sanitize};
use serde_json::{Map, Value};

/// Front matter deeper than this is not read: a file whose front matter is
/// longer is broken for every command alike (lookups, lists, completion).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Front-matter keys gloss understands; `--check` reports any other.
pub const KNOWN_KEYS: &[&str] = &["title", "description", "keywords", "aliases", "avoid"];

/// Reads only the front matter, for listing a folder without parsing bodies.
pub fn front_matter(text: &str) -> Result<FrontMatter, ArticleError> {
    let text = sanitize(text);
    let (yaml, _) = split(&text)?;
    front_matter_yaml(yaml)
}

/// Splits a file into its front matter and its body. The front matter opens
/// on the first line with `---` and closes with a `---` (or `...`) line.
pub fn split(text: &str) -> Result<(&str, &str), ArticleError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .ok_or_else(|| {
            ArticleError::new(
                Some(1),
                "no front matter: the file must start with a '---' line",
            )
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if offset > MAX_FRONT_MATTER_BYTES {
            break;
        }
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    let message = if offset > MAX_FRONT_MATTER_BYTES {
        format!("front matter is longer than the {MAX_FRONT_MATTER_BYTES}-byte limit")
    } else {
        "front matter is not closed: add a '---' line after it".to_string()
    };
    Err(ArticleError::new(Some(1), message))
}

pub(super) fn front_matter_yaml(yaml: &str) -> Result<FrontMatter, ArticleError> {
    // Line 1 of the file is the opening `---`, so YAML line n is file line n + 1.
    let map: Map<String, Value> = if yaml.trim().is_empty() {
        Map::new()
    } else {
        parse_yaml_map(yaml)
            .map_err(|error| yaml_error(&error))?
            .unwrap_or_default()
    };
    let title = required_line(&map, "title")?;
    let description = required_line(&map, "description")?;
    let keywords = list_field(&map, "keywords")?;
    let aliases = list_field(&map, "aliases")?;
    let avoid = list_field(&map, "avoid")?;
    let unknown_keys = map
        .keys()
        .filter(|key| !KNOWN_KEYS.contains(&key.as_str()))
        .cloned()
        .collect();
    Ok(FrontMatter {
        title,
        description,
        keywords,
        aliases,
        avoid,
        unknown_keys,
    })
}

/// A list of one-line texts: a comma-separated string or a YAML list.
fn list_field(map: &Map<String, Value>, key: &str) -> Result<Vec<String>, ArticleError> {
    let items: Vec<String> = match map.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(list)) => list.split(',').map(one_line).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|k| one_line(&k))
            .collect(),
        Some(_) => {
            return Err(ArticleError::new(
                None,
                format!("'{key}' must be a string or a list"),
            ))
        }
    };
    Ok(items.into_iter().filter(|k| !k.is_empty()).collect())
}

/// Parses a YAML mapping (front matter, the config file) within a budget
/// sized for a few short keys: an "alias bomb" of a few hundred bytes would
/// otherwise expand to millions of nodes on every read of the file.
pub fn parse_yaml_map(yaml: &str) -> Result<Option<Map<String, Value>>, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_nodes: 10_000,
            max_aliases: 100,
            max_anchors: 100,
            max_recorded_anchor_events: 10_000,
            max_depth: 32,
        },
    };
    serde_saphyr::from_str_with_options(yaml, options)
}

fn yaml_error(error: &serde_saphyr::Error) -> ArticleError {
    let line = error.location().map(|at| at.line() as usize + 1);
    ArticleError::new(
        line,
        format!("invalid front matter: {}", yaml_message(error)),
    )
}

/// The parser's message without its snippet and its own location suffix,
/// which counts lines from the front matter rather than the file.
pub fn yaml_message(error: &serde_saphyr::Error) -> String {
    let message = error.without_snippet().to_string();
    if message.starts_with("budget breached") {
        return "too many nodes, aliases or levels (the YAML budget for front matter)".into();
    }
    let first = message.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.split(" at line ").next().unwrap_or(first);
    // Advice meant for the parser's caller, not for whoever wrote the file.
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    first.to_string()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn required_line(map: &Map<String, Value>, key: &str) -> Result<String, ArticleError> {
    let value = map
        .get(key)
        .and_then(scalar)
        .map(|v| one_line(&v))
        .unwrap_or_default();
    if value.is_empty() {
        return Err(ArticleError::new(
            None,
            format!("front matter has no '{key}' (a non-empty text is required)"),
        ));
    }
    Ok(value)
}
