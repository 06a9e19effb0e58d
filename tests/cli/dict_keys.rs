//! A dictionary's table of folded keys (`store/source/dictionary_keys.rs`):
//! built on the first folded lookup or did-you-mean, kept per version of the
//! dictionary, and distrusted when read back: a damaged, truncated or forged
//! table never changes what a lookup answers.

use crate::common::{gloss, outcome};
use crate::dict_fixtures::dictd;
use std::path::{Path, PathBuf};

/// Two headwords of the same length in bytes, so one's text can stand in
/// for the other's in a forged table.
const ENTRIES: &[(&str, &str)] = &[
    ("café", "A place for coffee."),
    ("naïf", "Artless."),
    ("zebra", "A striped horse."),
];

fn look(cache: &Path, index: &Path, word: &str) -> (Option<i32>, String, String) {
    outcome(
        gloss()
            .env("XDG_CACHE_HOME", cache)
            .arg("--data-dir")
            .arg(index)
            .arg(word)
            .output()
            .unwrap(),
    )
}

fn kept(cache: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(cache.join("gloss"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "keys"))
                .collect()
        })
        .unwrap_or_default()
}

/// The lookups whose answers must not change whatever the table holds.
fn assert_answers(cache: &Path, index: &Path) {
    let (code, out, err) = look(cache, index, "CAFE");
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    assert!(
        out.contains("A place for coffee.") && !out.contains("Artless"),
        "{out}"
    );
    let (code, out, err) = look(cache, index, "naif");
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    assert!(out.contains("Artless.") && !out.contains("coffee"), "{out}");
    let (code, _, err) = look(cache, index, "zebrx");
    assert_eq!(code, Some(1));
    assert!(err.contains("did you mean zebra?"), "{err}");
}

#[test]
fn the_table_is_built_once_and_kept_per_version() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd(dir.path(), "keys", "Keys", ENTRIES, true);
    // An exact hit needs no table.
    assert!(look(cache.path(), &index, "zebra").1.contains("striped"));
    assert!(kept(cache.path()).is_empty());
    assert_answers(cache.path(), &index);
    let first = kept(cache.path());
    assert_eq!(first.len(), 1);
    let written = std::fs::metadata(&first[0]).unwrap().modified().unwrap();
    assert_answers(cache.path(), &index);
    assert_eq!(
        std::fs::metadata(&first[0]).unwrap().modified().unwrap(),
        written
    );
    // A new version of the dictionary has its own table; the old one goes.
    let mut more = ENTRIES.to_vec();
    more.push(("Zürich", "A city."));
    dictd(dir.path(), "keys", "Keys", &more, true);
    assert!(look(cache.path(), &index, "zurich").1.contains("A city."));
    let second = kept(cache.path());
    assert_eq!(second.len(), 1);
    assert_ne!(second, first);
}

#[test]
fn a_damaged_or_truncated_table_is_built_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd(dir.path(), "keys", "Keys", ENTRIES, false);
    assert_answers(cache.path(), &index);
    let table = kept(cache.path()).remove(0);
    let whole = std::fs::read(&table).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        b"garbage".to_vec(),
        Vec::new(),
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        {
            let mut flipped = whole.clone();
            flipped[20] ^= 0x40;
            flipped
        },
    ];
    for damaged in damages {
        std::fs::write(&table, &damaged).unwrap();
        assert_answers(cache.path(), &index);
        // Written whole again for the next call.
        assert_eq!(std::fs::read(&table).unwrap(), whole);
    }
}

/// A table whose checksum holds but whose rows lie: `café`'s key pointing
/// at `naïf`, and the other way round.
#[test]
fn a_forged_table_gives_no_wrong_entries() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd(dir.path(), "keys", "Keys", ENTRIES, true);
    assert_answers(cache.path(), &index);
    let table = kept(cache.path()).remove(0);
    let bytes = std::fs::read(&table).unwrap();
    let (body, trailer) = bytes.split_at(bytes.len() - 16);
    let swap = |body: &[u8], a: &str, b: &str| -> Vec<u8> {
        let mut out = body.to_vec();
        let at = |needle: &str| {
            body.windows(needle.len())
                .rposition(|w| w == needle.as_bytes())
                .unwrap()
        };
        let (i, j) = (at(a), at(b));
        out[i..i + a.len()].copy_from_slice(b.as_bytes());
        out[j..j + b.len()].copy_from_slice(a.as_bytes());
        out
    };
    let forged = swap(body, "café", "naïf");
    let mut file = forged.clone();
    file.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&forged).to_le_bytes());
    file.extend_from_slice(&trailer[8..]);
    std::fs::write(&table, &file).unwrap();
    assert_answers(cache.path(), &index);
}
