//! A page: one article with what is shown around it (the terms it links to,
//! the languages its term has). Every renderer reads this one model.

use super::article::Article;

/// Everything a renderer shows.
#[derive(Debug, Clone)]
pub struct Page {
    pub article: Article,
    pub related: Vec<Related>,
    /// The terms whose articles link to this one, by slug.
    pub referenced_by: Vec<Backlink>,
    /// Every language the term has.
    pub langs: Vec<String>,
    /// Where the article came from, when it came from the glossary.
    pub source: Option<Source>,
}

/// The layer an article came from and its file: who wrote what is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `bundle`, `project`, `user`, `data-dir`, `env` or `config`.
    pub layer: &'static str,
    /// The article's file; none for the bundle.
    pub path: Option<String>,
}

/// A term the article links to, and whether the glossary has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub slug: String,
    pub text: String,
    pub in_glossary: bool,
}

/// A term that links to the article, with its title in the article's
/// language when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub slug: String,
    pub title: Option<String>,
}
