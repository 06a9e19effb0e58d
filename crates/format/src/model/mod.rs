//! The model: what an article is, with no I/O. Front matter and markdown
//! into `Article`, language tags and preference lists, text helpers (match
//! keys, widths, sanitising), the page every renderer reads, the records
//! every list answers with, and the errors gloss reports. Every other layer
//! builds on these types; this layer imports none of them.

pub mod article;
pub mod dictionary;
pub mod error;
pub mod finding;
pub mod lang;
pub mod memo;
pub mod page;
pub mod records;
pub mod structure;
pub mod text;
