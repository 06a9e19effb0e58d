//! What a dictd database says of itself in its header entries
//! (`00-database-short` and `00-database-info`, or `00databaseshort` in
//! older files): its title and, where its title names them as FreeDict's
//! do, its languages. Reading them inflates a dictzip chunk, so they are
//! read once per version of the dictionary and kept in the cache folder
//! (`dictionary_cache.rs`); a lookup then maps a few bytes instead. What is
//! read back is input: bounded, a title made one sanitised line, languages
//! accepted only as canonical tags, anything else read from the entries
//! again.

use super::dictionary_cache;
use crate::formats::dict::{self, dictd, Data};
use crate::model::dictionary::Langs;
use std::path::Path;

/// Larger than any header gloss writes: past it the file is not one.
const MAX_KEPT: usize = 4096;

/// How much of a header entry is read: the title and languages are on its
/// first lines.
const MAX_READ: u64 = 4096;

/// A dictd database's title and languages, where its headers say them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) title: Option<String>,
    pub(crate) langs: Langs,
}

/// The headers of the dictd database whose index file is `path`, with its
/// `index` and `data` mapped: kept ones if this version's are, else read
/// from its entries (and kept).
pub(crate) fn read(path: &Path, index: &[u8], data: &[u8]) -> Head {
    let cache = dictionary_cache::path(path, "head");
    let kept = cache.as_deref().and_then(dictionary_cache::read);
    if let Some(head) = kept.as_deref().and_then(decode) {
        return head;
    }
    let head = from_entries(index, data);
    if let Some(cache) = cache {
        dictionary_cache::write(&cache, encode(&head).as_bytes());
    }
    head
}

/// The header entries' text, read from the data.
fn from_entries(index: &[u8], data: &[u8]) -> Head {
    let headers = dictd::Index::new(index).headers();
    let Ok(data) = Data::open(data) else {
        return Head::default();
    };
    let text = |name: &[u8]| {
        let line = headers
            .iter()
            .find(|line| dictd::header_name(line.headword) == Some(name))?;
        let bytes = data.read(line.offset, line.len.min(MAX_READ)).ok()?;
        Some(dict::text(&bytes))
    };
    let short = text(b"short");
    let title = short
        .as_deref()
        .and_then(dictd::header_title)
        .map(crate::model::text::one_line);
    let langs = short
        .as_deref()
        .and_then(dictd::header_langs)
        .or_else(|| text(b"info").as_deref().and_then(dictd::header_langs))
        .map_or((None, None), |(from, to)| (Some(from), Some(to)));
    Head { title, langs }
}

/// Three lines: the title, the headwords' language, the definitions'
/// (each empty when unknown).
fn encode(head: &Head) -> String {
    let or_empty = |value: &Option<String>| value.clone().unwrap_or_default();
    format!(
        "{}\n{}\n{}\n",
        or_empty(&head.title),
        or_empty(&head.langs.0),
        or_empty(&head.langs.1)
    )
}

fn decode(bytes: &[u8]) -> Option<Head> {
    if bytes.len() > MAX_KEPT {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.split('\n');
    let (title, from, to) = (lines.next()?, lines.next()?, lines.next()?);
    if lines.ne([""]) {
        return None;
    }
    let tag = |text: &str| match text {
        "" => Some(None),
        tag => crate::model::lang::canonical(tag)
            .filter(|canonical| canonical == tag)
            .map(Some),
    };
    let title = crate::model::text::one_line(title);
    Some(Head {
        title: (!title.is_empty()).then_some(title),
        langs: (tag(from)?, tag(to)?),
    })
}

/// Arbitrary bytes as kept headers (for the fuzz target): a title read
/// back is one line and languages are canonical tags.
pub(crate) fn exercise(data: &[u8]) {
    if let Some(head) = decode(data) {
        assert!(head.title.is_none_or(|title| !title.contains('\n')));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_headers_read_back_and_damaged_ones_do_not() {
        let head = Head {
            title: Some("English-Swedish FreeDict Dictionary".into()),
            langs: (Some("en".into()), Some("sv".into())),
        };
        assert_eq!(decode(encode(&head).as_bytes()), Some(head));
        let none = Head::default();
        assert_eq!(decode(encode(&none).as_bytes()), Some(none));
        for damaged in [
            &b""[..],
            b"title\nen\n",
            b"title\nen\nsv\nmore\n",
            b"title\nnot a tag\nsv\n",
            b"title\nEN\nsv\n",
            b"\xff\nen\nsv\n",
        ] {
            assert_eq!(decode(damaged), None, "{damaged:?}");
        }
        assert_eq!(decode(&vec![b'a'; MAX_KEPT + 1]), None);
        // A title is one sanitised line whatever the file holds.
        let shown = decode(b"a\x1b[31mred\nen\nsv\n").unwrap().title.unwrap();
        assert!(!shown.contains('\x1b'), "{shown:?}");
    }
}
