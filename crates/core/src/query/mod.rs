//! Queries: the questions asked of the store. A lookup (slug, title, folded
//! title, did-you-mean), the page around an article (related terms), full-
//! text search and its snippets, and the lists (terms, languages,
//! translations, paths). Answers are model types: pages and records.

#[cfg(test)]
mod bench;
pub(crate) mod compare;
pub(crate) mod coverage;
pub(crate) mod lint;
pub(crate) mod lists;
pub(crate) mod lookup;
pub(crate) mod matching;
pub(crate) mod page;
pub(crate) mod search;
pub(crate) mod snippet;
