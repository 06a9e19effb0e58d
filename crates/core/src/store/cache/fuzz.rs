//! The `cache` fuzz target's entry: every decoder of a cache file run on
//! arbitrary bytes.

use super::file::decode;
use super::manifest::{decode_manifest, Reader};
use crate::store::index::Index;

/// What the `cache` fuzz target runs: arbitrary bytes as a cache file, as a
/// manifest without the checksum that would stop a fuzzer at the door, and
/// as an index blob read through every accessor. It must never panic, hang
/// or allocate more than the input's size suggests.
pub(crate) fn exercise(data: &[u8]) {
    let _ = decode(data.to_vec());
    let _ = decode_manifest(&mut Reader { bytes: data, at: 0 });
    let Some(index) = Index::open(data) else {
        return;
    };
    index.is_sound();
    for term in 0..index.term_count() as u32 + 1 {
        let found = index.term(term);
        index.find_slug(found.slug);
        index.first_term_from(found.slug);
        index.articles(term).for_each(drop);
    }
    for row in 0..index.article_count() as u32 + 1 {
        let article = index.article(row);
        let _ = (index.lang_place(row), index.description(row));
        let _ = (index.keywords(row), index.payload(row), index.body_len(row));
        for folded in [false, true] {
            index.find_key(article.title, folded);
        }
        index.linking_articles(article.lang);
        let _ = index.aliases(row);
        index.aliases_from(article.title);
    }
    for key in index.folded_keys() {
        let text = index.folded_key(key.row);
        for prefix in [false, true] {
            for row in index.tokens_matching(text, prefix) {
                index.postings(row);
            }
        }
    }
    index
        .tokens_matching("", true)
        .for_each(|row| drop(index.postings(row)));
}
