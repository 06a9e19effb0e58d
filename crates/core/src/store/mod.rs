//! The store: where articles come from. The embedded bundle and its index
//! format, glossary folders and their on-disk cache, every path gloss uses,
//! bounded reading of untrusted files, and validation (`--check`, also run
//! by `build.rs`), and creating article files for `--new` and `--edit`. It
//! never decides what to show.

// Reading, checking and the index format are gloss-format's, shared with
// the build script; they are used here under the store's names.
pub(crate) use gloss_format::{check, index, parallel, read, report};

pub(crate) mod bundle;
pub(crate) mod cache;
pub(crate) mod exclusive;
pub(crate) mod folders;
pub(crate) mod glossary;
pub(crate) mod local;
pub(crate) mod paths;
pub(crate) mod source;
pub(crate) mod watch;
pub(crate) mod write;
