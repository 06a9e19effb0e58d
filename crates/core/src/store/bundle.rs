//! The glossary compiled into the binary: the index blob `build.rs` makes
//! from `data/`, which the binary embeds and hands over before anything else.
//!
//! The blob is embedded by the binary's package, not by this library, so a
//! change to the articles rebuilds the binary's few lines and relinks; this
//! crate, the largest thing rustc compiles for gloss, is untouched
//! (ARCHITECTURE.md, "Crates"). One blob with integer offsets rather than a
//! table of `&str` slices: every pointer in a static table costs a relocation
//! at start-up, which at 20,000 articles doubles the time of a lookup.

use std::sync::OnceLock;

static BLOB: OnceLock<&'static [u8]> = OnceLock::new();

/// Hands over the embedded index; the first call wins.
pub(crate) fn set(blob: &'static [u8]) {
    let _ = BLOB.set(blob);
}

/// The embedded index: empty when none was handed over (the fuzz targets and
/// unit tests, which link this library without a binary's bundle).
pub(crate) fn blob() -> &'static [u8] {
    BLOB.get().copied().unwrap_or_default()
}
