//! Round trips, search lists across cores, and damaged blobs.

use super::postings::{idf, Postings};
use super::*;

fn entry(slug: &str, lang: &str, title: &str, links: &[&str]) -> Entry {
    Entry {
        slug: slug.into(),
        lang: lang.into(),
        title: title.into(),
        description: format!("{title}."),
        payload: compress(&format!("text of {slug}/{lang}")),
        links: links.iter().map(|l| l.to_string()).collect(),
        body: format!("{title} body text, body again"),
        keywords: vec!["k1".into(), "k2".into()],
        aliases: vec![format!("{slug} alias")],
        avoid: vec![format!("{slug} rival"), "old".into()],
    }
}

#[test]
fn round_trip() {
    let blob = write(vec![
        entry("soft-sell", "sv", "Mjuk sälj", &["hard-sell"]),
        entry(
            "soft-sell",
            "fi",
            "Pehmeä myynti",
            &["hard-sell", "ecommerce"],
        ),
        entry("ecommerce", "fi", "Verkkokauppa", &[]),
    ]);
    let index = Index::open(&blob).unwrap();
    assert_eq!(index.term_count(), 2);
    let soft = index.find_slug("soft-sell").unwrap();
    let langs: Vec<_> = index.articles(soft).map(|(_, a)| a.lang).collect();
    assert_eq!(langs, ["fi", "sv"]);
    assert_eq!(index.find_slug("hard-sell"), None);
    let hits = index.find_key("mjuk sälj", false);
    assert_eq!(hits.len(), 1);
    let row = hits[0].article.unwrap();
    assert_eq!(index.article(row).title, "Mjuk sälj");
    assert_eq!(index.article(row).lang, "sv");
    assert_eq!(index.keywords(row), ["k1", "k2"]);
    assert_eq!(index.payload(row), "text of soft-sell/sv");
    assert_eq!(index.find_key("mjuk salj", true).len(), 1);
    assert_eq!(index.find_key("soft sell", false)[0].article, None);
    assert_eq!(index.linking_articles("hard-sell"), [1, 2]); // fi, sv
    assert_eq!(index.linking_articles("ecommerce"), [1]);
    assert!(index.linking_articles("soft-sell").is_empty());
    // An alias is a key of its article, and is kept with it.
    let alias = index.find_key("soft sell alias", false);
    assert_eq!(alias.len(), 2);
    assert!(alias
        .iter()
        .all(|hit| hit.term == soft && hit.article.is_some()));
    assert_eq!(index.aliases(row), ["soft-sell alias"]);
    assert_eq!(index.avoid(row), ["soft-sell rival", "old"]);
}

#[test]
fn search_postings() {
    let blob = write(vec![
        entry("a", "en", "Soft sell", &[]),
        entry("b", "en", "Hard sell", &[]),
    ]);
    let index = Index::open(&blob).unwrap();
    let rows = index.tokens_matching("sell", false);
    assert_eq!(rows.len(), 1);
    let (idf, postings) = index.postings(rows.start);
    assert!(idf > 0.0 && idf == self::idf(2, 2));
    assert_eq!(postings.len(), 2);
    assert!(postings.iter().all(|p| p.in_title && p.body_count == 1));
    assert_eq!(index.tokens_matching("bod", true).len(), 1);
    assert_eq!(index.tokens_matching("s", true).len(), 2); // sell, soft
    assert_eq!(index.body_len(0), 6);
}

/// Lists made on several cores are joined into one list in article
/// order, with gaps that span the joins (on a machine of one core, one
/// run: `appended_lists_are_one_list` tests the join itself).
#[test]
fn postings_across_cores() {
    let n = 9_000u32;
    let entries = (0..n)
        .map(|i| Entry {
            body: match i % 1000 == 999 {
                true => "rare common".into(),
                false => "common".into(),
            },
            ..entry(&format!("t{i:05}"), "en", "Term", &[])
        })
        .collect();
    let index_blob = write(entries);
    let index = Index::open(&index_blob).unwrap();
    let articles = |token: &str| {
        let rows = index.tokens_matching(token, false);
        assert_eq!(rows.len(), 1, "{token}");
        let (_, postings) = index.postings(rows.start);
        postings.iter().map(|p| p.article).collect::<Vec<u32>>()
    };
    assert_eq!(articles("common"), (0..n).collect::<Vec<_>>());
    let rare: Vec<u32> = (0..n).filter(|i| i % 1000 == 999).collect();
    assert_eq!(articles("rare"), rare);
}

#[test]
fn appended_lists_are_one_list() {
    let pushed = |articles: &[u32]| {
        let mut list = Postings::default();
        for &article in articles {
            list.push(article, IN_TITLE | 3);
        }
        list
    };
    let mut joined = pushed(&[1, 5]);
    joined.append(pushed(&[300, 70_000]));
    joined.append(Postings::default());
    let whole = pushed(&[1, 5, 300, 70_000]);
    assert_eq!(joined.bytes, whole.bytes);
    assert_eq!((joined.previous, joined.count), (70_000, 4));
}

#[test]
fn damaged_blobs_do_not_panic() {
    assert!(Index::open(b"nonsense").is_none());
    let mut blob = write(vec![entry("a", "en", "A", &[])]);
    blob.truncate(blob.len() - 3);
    assert!(Index::open(&blob).is_none());
}

/// `write`'s own blobs are sound; a blob whose text was patched after it
/// (a control character, a line break in a title, a field that starts or
/// ends inside a character its neighbour holds) is not, whichever field of
/// a run of fields the patch is in.
#[test]
fn soundness_checks_every_text_field_in_its_run() {
    let entries = || {
        vec![
            entry("ecommerce", "fi", "Verkkokauppa", &[]),
            entry("soft-sell", "fi", "Pehmeä myynti", &["hard-sell"]),
            entry("soft-sell", "sv", "Mjuk sälj", &[]),
        ]
    };
    let blob = write(entries());
    assert!(Index::open(&blob).unwrap().is_sound());
    assert!(Index::open(&write_titles(entries())).unwrap().is_sound());
    let strings = |blob: &[u8]| {
        let at = |i: usize| u32::from_le_bytes(blob[i..i + 4].try_into().unwrap()) as usize;
        at(MAGIC.len())
    };
    let patched = |needle: &str, with: &str| {
        assert_eq!(needle.len(), with.len());
        let mut bad = blob.clone();
        let start = strings(&bad);
        let at = start
            + bad[start..]
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap_or_else(|| panic!("{needle} is in the blob"));
        bad[at..at + with.len()].copy_from_slice(with.as_bytes());
        Index::open(&bad).unwrap().is_sound()
    };
    assert!(patched("Mjuk", "Mjuk"), "an unchanged copy is sound");
    assert!(!patched("Mjuk", "Mj\x1bk"), "an escape in a title");
    assert!(
        !patched("Verkkokauppa", "Verkko\nauppa"),
        "a line break in a title"
    );
    assert!(
        !patched("Verkkokauppa.", "Verkkokauppa\n"),
        "a line break in a description"
    );
    assert!(!patched("k1\nk2", "k1\x07k2"), "a bell in keywords");
    assert!(!patched("rival", "riva\u{7f}"), "DEL in avoided terms");
    assert!(
        !patched("alias", "al\u{202e}"),
        "a bidirectional override in an alias"
    );
    assert!(
        patched("k1\nk2", "k1\nk3"),
        "keywords are joined by line breaks"
    );
    // A title moved to start one byte into "ä": its run is valid UTF-8,
    // the field alone is not.
    let index = Index::open(&blob).unwrap();
    let row = index.find_key("pehmeä myynti", false)[0].article.unwrap() as usize;
    let table = |i: usize| {
        let at = MAGIC.len() + i * 8;
        u32::from_le_bytes(blob[at..at + 4].try_into().unwrap()) as usize
    };
    let title =
        table(Table::Articles as usize) + (row * article_row::WIDTH + article_row::TITLE) * 4;
    let shifted = |by: usize, shorter: usize| {
        let mut bad = blob.clone();
        let offset = u32::from_le_bytes(bad[title..title + 4].try_into().unwrap()) as usize;
        let len = u32::from_le_bytes(bad[title + 4..title + 8].try_into().unwrap()) as usize;
        bad[title..title + 4].copy_from_slice(&((offset + by) as u32).to_le_bytes());
        bad[title + 4..title + 8].copy_from_slice(&((len - shorter) as u32).to_le_bytes());
        Index::open(&bad).unwrap().is_sound()
    };
    let into_a = "Pehme".len() + 1;
    assert!(
        !shifted(into_a, into_a),
        "a title starting inside a character"
    );
    assert!(
        !shifted(0, "ä myynti".len() - 1),
        "a title ending inside a character"
    );
    assert!(
        shifted(0, 1),
        "a title cut on a character boundary is still text"
    );
}
