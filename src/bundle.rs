//! The glossary compiled into the binary: the index blob `build.rs` writes
//! from `data/`, embedded whole and handed to the library at start-up.
//!
//! It is embedded here, in the binary's package, rather than in the library:
//! a change to the articles then recompiles this file and relinks, and the
//! library, the largest compile in the build, is not rebuilt.

/// The embedded index.
#[cfg(not(gloss_incbin))]
pub(crate) fn blob() -> &'static [u8] {
    include_bytes!(concat!(env!("OUT_DIR"), "/bundle.idx"))
}

/// The embedded index, from the object `build.rs` assembled with `.incbin`
/// and linked as a static library (it says why).
#[cfg(gloss_incbin)]
pub(crate) fn blob() -> &'static [u8] {
    extern "C" {
        static gloss_bundle_start: u8;
        static gloss_bundle_end: u8;
    }
    // SAFETY: the two symbols (build.rs) enclose the bytes `.incbin` placed
    // in a read-only section of this binary, which live as long as the process
    // and are never written.
    unsafe {
        let start = &raw const gloss_bundle_start;
        let end = &raw const gloss_bundle_end;
        std::slice::from_raw_parts(start, end.offset_from(start) as usize)
    }
}
