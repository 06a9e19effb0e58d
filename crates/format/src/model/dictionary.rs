//! A dictionary entry as shown: the dictionary it is from (its name and
//! languages), the headword, the definition as readable text and the
//! headwords it refers to. Every renderer reads this one model.

use super::page::Related;

/// The languages of a dictionary's headwords and of its definitions,
/// each where known.
pub type Langs = (Option<String>, Option<String>);

/// One entry of one dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryEntry {
    /// The name `--dict` takes (`freedict-eng-swe`).
    pub dictionary: String,
    /// What the dictionary calls itself.
    pub title: String,
    /// The language of its headwords, where known.
    pub headword_lang: Option<String>,
    /// The language of its definitions, where known.
    pub definition_lang: Option<String>,
    pub headword: String,
    /// The definition, sanitised, its lines as the dictionary set them.
    pub text: String,
    /// Headwords it refers to; `in_glossary` when the glossary or the
    /// dictionary has them.
    pub related: Vec<Related>,
}

impl DictionaryEntry {
    /// The first line of the definition that says something: not blank,
    /// and not only a pronunciation (FreeDict's `/haus/`).
    pub fn first_line(&self) -> &str {
        let pronunciation = |line: &str| {
            line.len() > 1 && (line.starts_with('/') && line.ends_with('/'))
                || (line.starts_with('[') && line.ends_with(']'))
        };
        let mut lines = self.text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.clone().next().unwrap_or_default();
        lines.find(|line| !pronunciation(line)).unwrap_or(first)
    }
}
