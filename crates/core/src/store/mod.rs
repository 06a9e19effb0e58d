//! The store: where articles come from. The embedded bundle and its index
//! format, glossary folders and their on-disk cache, every path gloss uses,
//! bounded reading of untrusted files, and validation (`--check`, also run
//! by `build.rs`), and creating article files for `--new` and `--edit`. It
//! never decides what to show.

pub(crate) mod bundle;
pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod exchange;
pub(crate) mod folders;
pub(crate) mod glossary;
pub(crate) mod index;
pub(crate) mod parallel;
pub(crate) mod paths;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod watch;
pub(crate) mod write;
