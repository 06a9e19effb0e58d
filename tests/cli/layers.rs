//! The layers import one way (ARCHITECTURE.md): model ← formats ← store ←
//! exchange ← query ← render ← app. The model (with the index format, bounded reading and the
//! checker) is the gloss-format crate, which cannot import the library at
//! all; for the layers inside gloss-core, this reads every source file and
//! fails on an import of a higher layer, so the shape stays true as the code
//! grows.

use std::path::{Path, PathBuf};

/// The layers, lowest first; a module may use its own layer and those below.
/// `crate::model` is gloss-format's model, re-exported by gloss-core.
/// `exchange` (term bases in and out of the glossary) reads the glossary and
/// writes folders through the store, and asks no query: it is the layer just
/// above the store, so that nothing of it can reach the queries or the output.
const LAYERS: [&str; 7] = [
    "model", "formats", "store", "exchange", "query", "render", "app",
];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The layers `text` names as `crate::LAYER`, or as `super::super::LAYER`
/// and similar from a layer's own modules.
fn layers_used(text: &str) -> Vec<&'static str> {
    LAYERS
        .into_iter()
        .filter(|layer| {
            text.contains(&format!("crate::{layer}")) || text.contains(&format!("super::{layer}"))
        })
        .collect()
}

fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let Some(layer) = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .and_then(|name| LAYERS.iter().position(|l| *l == name))
        else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for used in layers_used(&text) {
            let rank = LAYERS.iter().position(|l| *l == used).unwrap();
            if rank > layer {
                wrong.push(format!(
                    "{} ({}) imports {used}",
                    relative.display(),
                    LAYERS[layer]
                ));
            }
        }
    }
    wrong
}

#[test]
fn layers_import_only_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src");
    let wrong = violations(&src);
    assert!(wrong.is_empty(), "imports against the layers: {wrong:#?}");
}

#[test]
fn the_check_catches_an_upward_import() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir_all(&model).unwrap();
    std::fs::write(model.join("a.rs"), "use crate::store::read;\n").unwrap();
    std::fs::create_dir_all(dir.path().join("app")).unwrap();
    std::fs::write(dir.path().join("app/b.rs"), "use crate::model::text;\n").unwrap();
    assert_eq!(violations(dir.path()), ["model/a.rs (model) imports store"]);
}

/// What the command line's definition may name: the layers that know nothing
/// of the glossary, where the values `--export` and `--format` take are
/// defined with the formats they name.
const CLI_MAY_USE: [&str; 3] = ["crate::model::", "crate::formats::", "crate::render::"];

/// The paths `text` names that the command line's definition may not: any
/// `crate::` path outside `CLI_MAY_USE`, and any `super::` (the rest of the
/// app, where the glossary is opened).
fn glossary_named(text: &str) -> Vec<String> {
    let path = |rest: &str| {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_'))
            .unwrap_or(rest.len());
        rest[..end].to_string()
    };
    ["crate::", "super::"]
        .into_iter()
        .flat_map(|prefix| text.match_indices(prefix).map(|(at, _)| &text[at..]))
        .filter(|rest| !CLI_MAY_USE.iter().any(|ok| rest.starts_with(ok)))
        .map(path)
        .collect()
}

#[test]
fn the_command_line_definition_knows_nothing_of_the_glossary() {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src/app/cli.rs");
    let text = std::fs::read_to_string(cli).unwrap();
    let named = glossary_named(&text);
    assert!(named.is_empty(), "cli.rs names {named:?}");
    assert_eq!(
        glossary_named(
            "use crate::render::Format;\nuse crate::store::glossary::Glossary;\n\
             use super::session::Session;\nuse crate::formats::termbase::Exchange;\n"
        ),
        [
            "crate::store::glossary::Glossary",
            "super::session::Session"
        ]
    );
}

/// The bundle is embedded by the binary's package, never by the library: a
/// change to the articles must not rebuild the library (ARCHITECTURE.md,
/// "Crates"), which a build script or an embedded file there would do.
#[test]
fn the_library_does_not_embed_the_bundle() {
    for (krate, least) in [("crates/core", 20), ("crates/format", 8)] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(krate);
        assert!(!dir.join("build.rs").exists(), "{krate} has a build script");
        let mut files = Vec::new();
        sources(&dir.join("src"), &mut files);
        assert!(files.len() > least, "{krate}/src not found: {files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for sign in ["OUT_DIR", "include_bytes!", ".incbin"] {
                assert!(!text.contains(sign), "{} uses {sign}", file.display());
            }
        }
    }
}

/// The build script shares code with the library through gloss-format
/// alone: no module of the library compiled a second time by path.
#[test]
fn the_build_script_compiles_no_library_file() {
    let build = Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs");
    let text = std::fs::read_to_string(build).unwrap();
    assert!(!text.contains("#[path"), "build.rs includes files by path");
    assert!(
        text.contains("gloss_format"),
        "build.rs no longer uses gloss-format"
    );
}
