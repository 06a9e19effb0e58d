//! gloss-format: what the `gloss` build script and the library share. The
//! article model (front matter, markdown, language tags, text helpers), the
//! index format the bundle and the folder caches are written in, bounded
//! reading of untrusted files, the checker that `--check` and the build
//! script run, and the one sink every warning goes to. It does no more I/O than reading the files it is pointed at,
//! and it knows nothing of folders, caches, queries or output: the crate
//! boundary keeps those layers above it.

pub mod check;
pub mod index;
pub mod model;
pub mod parallel;
pub mod read;
pub mod report;
