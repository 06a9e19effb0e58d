//! What a dictd database's headers say (`00-database-short`, `-info`, or
//! the older `00databaseshort`): its title and, as FreeDict's titles name
//! them, its languages, between the FreeDict name rule and the config
//! file; read once per version of the dictionary and kept, a damaged or
//! forged copy never shown.

use crate::common::{gloss, outcome};
use crate::dict_fixtures::dictd_with;
use std::path::{Path, PathBuf};

fn json(cache: &Path, config: Option<&Path>, index: &Path, word: &str) -> serde_json::Value {
    let mut cmd = gloss();
    if let Some(config) = config {
        cmd.env("GLOSS_CONFIG", config);
    }
    let (code, out, err) = outcome(
        cmd.env("XDG_CACHE_HOME", cache)
            .arg("--data-dir")
            .arg(index)
            .args([word, "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["dictionary_entries"][0].clone()
}

fn langs(entry: &serde_json::Value) -> (String, String) {
    let tag = |key: &str| entry[key].as_str().unwrap_or("none").to_string();
    (tag("headword_lang"), tag("definition_lang"))
}

fn kept(cache: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(cache.join("gloss"))
        .map(|entries| {
            let paths = entries.flatten().map(|e| e.path());
            paths
                .filter(|p| p.extension().is_some_and(|e| e == "head"))
                .collect()
        })
        .unwrap_or_default()
}

const OLD_FREEDICT: &[(&str, &str)] = &[
    (
        "00databaseinfo",
        "Swedish-English FreeDict Dictionary\n\nMaintainer: [up for grabs]\n",
    ),
    (
        "00databaseshort",
        "Swedish-English FreeDict Dictionary ver. 0.2\n",
    ),
    ("00databaseurl", "unknown\n"),
];

#[test]
fn old_style_headers_give_title_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    // A name that says nothing: the languages come from the title.
    let index = dictd_with(dir.path(), "words", OLD_FREEDICT, &[("hus", "house")], true);
    let entry = json(cache.path(), None, &index, "hus");
    assert_eq!(
        entry["title"],
        "Swedish-English FreeDict Dictionary ver. 0.2"
    );
    assert_eq!(langs(&entry), ("sv".into(), "en".into()));
    assert_eq!(kept(cache.path()).len(), 1);
    // --lang picks by them.
    let (code, ..) = outcome(
        gloss()
            .env("XDG_CACHE_HOME", cache.path())
            .arg("--data-dir")
            .arg(&index)
            .args(["hus", "--lang", "fi"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, Some(1));
}

#[test]
fn the_info_names_languages_a_short_title_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let headers = [
        ("00-database-info", "German-English FreeDict Dictionary\n"),
        ("00-database-short", "00-database-short\n     Wörter\n"),
    ];
    let index = dictd_with(dir.path(), "woerter", &headers, &[("haus", "house")], false);
    let entry = json(cache.path(), None, &index, "haus");
    assert_eq!(entry["title"], "Wörter");
    assert_eq!(langs(&entry), ("de".into(), "en".into()));
    // Without headers: the name, and no languages.
    let bare = dictd_with(dir.path(), "bare", &[], &[("haus", "house")], false);
    let entry = json(cache.path(), None, &bare, "haus");
    assert_eq!(entry["title"], "bare");
    assert_eq!(langs(&entry), ("none".into(), "none".into()));
}

#[test]
fn headers_come_after_the_name_and_before_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd_with(
        dir.path(),
        "freedict-eng-swe",
        &[("00-database-short", "German-French FreeDict Dictionary\n")],
        &[("haus", "maison")],
        false,
    );
    let entry = json(cache.path(), None, &index, "haus");
    assert_eq!(langs(&entry), ("de".into(), "fr".into()));
    let config = dir.path().join("config.yaml");
    std::fs::write(
        &config,
        "dictionary_langs:\n  freedict-eng-swe: \"it es\"\n",
    )
    .unwrap();
    let entry = json(cache.path(), Some(&config), &index, "haus");
    assert_eq!(langs(&entry), ("it".into(), "es".into()));
    // Without headers that say them, the name's.
    let named = dictd_with(
        dir.path(),
        "freedict-fin-swe",
        &[],
        &[("talo", "hus")],
        false,
    );
    let entry = json(cache.path(), None, &named, "talo");
    assert_eq!(langs(&entry), ("fi".into(), "sv".into()));
}

#[test]
fn a_damaged_or_forged_copy_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd_with(dir.path(), "words", OLD_FREEDICT, &[("hus", "house")], true);
    let first = json(cache.path(), None, &index, "hus");
    let head = kept(cache.path()).remove(0);
    let whole = std::fs::read(&head).unwrap();
    let with_sum = |body: &[u8]| {
        let mut file = body.to_vec();
        file.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(body).to_le_bytes());
        file.extend_from_slice(&whole[whole.len() - 8..]);
        file
    };
    let damages = [
        b"garbage".to_vec(),
        whole[..whole.len() - 3].to_vec(),
        // Checksums that hold over what gloss never writes.
        with_sum(b"Title\nnot a tag\nen\n"),
        with_sum(b"Title\nsv\n"),
        with_sum(&[b'x'; 5000]),
    ];
    for damaged in damages {
        std::fs::write(&head, &damaged).unwrap();
        assert_eq!(json(cache.path(), None, &index, "hus"), first);
        assert_eq!(std::fs::read(&head).unwrap(), whole);
    }
    // A forged title that reads is still one sanitised line.
    std::fs::write(&head, with_sum(b"Evil\x1b[2J title\nsv\nen\n")).unwrap();
    let entry = json(cache.path(), None, &index, "hus");
    assert!(
        !entry["title"].as_str().unwrap().contains('\x1b'),
        "{entry}"
    );
}
