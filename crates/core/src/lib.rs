//! gloss: a multilingual glossary for the terminal. The binary (the `gloss`
//! package) is a thin shell over [`run`] that embeds the bundle and hands it
//! over with [`set_bundle`]; the library's public surface is those two
//! functions, the exit codes, the command-line definition (for the man page),
//! and the article model with its renderers (for the fuzz targets).
//!
//! The code is in layers that import one way (ARCHITECTURE.md):
//! `model` ← `formats` ← `store` ← `exchange` ← `query` ← `render` ← `app`.

/// The article model lives in gloss-format, shared with the build script.
pub use gloss_format::model;
pub mod render;

pub(crate) mod app;
pub(crate) mod exchange;
pub(crate) mod formats;
pub(crate) mod query;
pub(crate) mod store;

pub use app::complete::answer_shell as answer_completion;
pub use app::output::stdout_open;
pub use app::run::run;
pub use model::error::{Error, ExitCode};

/// Hands over the embedded bundle's index blob (written by the `gloss`
/// package's `build.rs`); call it before anything else. Without it the
/// bundle reads as empty.
pub fn set_bundle(blob: &'static [u8]) {
    store::bundle::set(blob)
}

/// The command-line definition, for the man page and completion scripts.
pub fn command() -> clap::Command {
    app::cli::command()
}

/// Arbitrary bytes read as a folder cache file and an index blob through
/// every accessor: the `cache` fuzz target and its regression tests.
#[doc(hidden)]
pub fn exercise_cache(data: &[u8]) {
    store::cache::exercise(data)
}

/// Arbitrary bytes read as a dictd `.index` or a StarDict `.idx`, `.syn`
/// and definition (the first byte chooses), and as the files gloss keeps
/// per dictionary (its table of folded keys, its headers): the
/// `dict_index` fuzz target and its regression tests.
#[doc(hidden)]
pub fn exercise_dict_index(data: &[u8]) {
    formats::dict::exercise_index(data);
    store::source::exercise_dictionary_caches(data);
}

/// Arbitrary bytes read as a dictzip file, entries read from it at offsets
/// the first bytes choose: the `dictzip` fuzz target and its regression
/// tests.
#[doc(hidden)]
pub fn exercise_dictzip(data: &[u8]) {
    formats::dict::exercise_dictzip(data)
}

/// Arbitrary bytes read as a PO file, for checking and as a term list:
/// the `po` fuzz target and its regression tests.
#[doc(hidden)]
pub fn exercise_po(data: &[u8]) {
    formats::document::exercise::po(data)
}

/// Arbitrary bytes read as XLIFF, TMX, TSV and CSV documents: the `xliff`
/// fuzz target and its regression tests.
#[doc(hidden)]
pub fn exercise_xliff(data: &[u8]) {
    formats::document::exercise::xml(data)
}
