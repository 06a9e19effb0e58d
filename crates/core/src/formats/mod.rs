//! File formats gloss reads that are not its own articles: documents to
//! check against the glossary (PO, XLIFF, TMX, TSV, markdown, plain text),
//! dictionaries (dictd, StarDict) and term bases (TBX, CSV, PO glossaries,
//! read into entries and written out). A reader takes bytes (or a
//! file it maps) and returns model-level values; it knows nothing of the
//! glossary, and it trusts nothing it reads: every limit it applies is
//! named in the error or warning it returns.

pub(crate) mod alternatives;
pub(crate) mod dict;
pub(crate) mod document;
pub(crate) mod termbase;
