//! Records: the rows every list answers with (terms, languages, translations,
//! search hits and their snippets), before any renderer lays them out.

use serde::ser::{Serialize, Serializer};
use std::borrow::Cow;

/// One field of a record: text borrowed from the glossary where it can be,
/// a number, or a list of them (a JSON array; a column joins them with
/// commas).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Count(u64),
    Score(f64),
    List(Vec<Cell<'a>>),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Cell::Text(Cow::Owned(text))
    }
}

impl From<u64> for Cell<'_> {
    fn from(count: u64) -> Self {
        Cell::Count(count)
    }
}

impl From<f64> for Cell<'_> {
    fn from(score: f64) -> Self {
        Cell::Score(score)
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Count(count) => serializer.serialize_u64(*count),
            Cell::Score(score) => serializer.serialize_f64(*score),
            Cell::List(cells) => serializer.collect_seq(cells),
        }
    }
}

/// Rows of named fields. The first `shown` fields are printed as columns;
/// JSON has them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<'a> {
    pub fields: Vec<&'static str>,
    pub shown: usize,
    pub rows: Vec<Vec<Cell<'a>>>,
    /// On a terminal, a line of context under each row (search).
    pub snippets: Vec<Option<Snippet>>,
    /// Rows left out of a terminal listing.
    pub omitted: usize,
}

/// A line of article text around a match, in parts, each marked when it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub parts: Vec<Part>,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// A word of a snippet, or a character of a script written without spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub marked: bool,
    pub space_before: bool,
}

impl<'a> Records<'a> {
    pub fn new(fields: &[&'static str], shown: usize, rows: Vec<Vec<Cell<'a>>>) -> Records<'a> {
        Records {
            fields: fields.to_vec(),
            shown,
            rows,
            snippets: Vec::new(),
            omitted: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
