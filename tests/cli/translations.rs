//! `--translations` over bilingual dictionaries read both ways: a pair the
//! tests build (`dict_fixtures`), FreeDict-style `eng-swe` and `swe-eng`,
//! where the second answers by the headwords whose translations are the
//! term; each row naming its dictionaries and directions in every format,
//! one row per title and language; the first call building the reverse
//! dictionary's full-text index and later ones reading it; and, where
//! installed (CI installs them), the real FreeDict pair.

use crate::common::{run_on_folder, SEED_GLOSSARY};
use crate::dict_fixtures::dictd;
use crate::dictionaries::{installed, ok};
use std::path::{Path, PathBuf};

/// English headwords, Swedish translations.
const ENG_SWE: &[(&str, &str)] = &[
    ("house", "/haus/\nhus"),
    ("home", "hem"),
    ("fly", "1. flyga\n2. fluga"),
];

/// Swedish headwords, English translations: `hus` and `kåk` give `house`
/// (one in another case), `stuga` and `husnummer` only mention it.
const SWE_ENG: &[(&str, &str)] = &[
    ("hus", "/hʉːs/\nhouse"),
    ("kåk", "shack, House (colloquial)"),
    ("stuga", "cottage, small house"),
    ("husnummer", "number, number of the house"),
    ("husockupant", "squatter"),
    ("hem", "home"),
    ("rymma", "/rʏma/\nflee, run away"),
];

/// A folder with the pair, and a cache folder of its own.
struct Pair {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Pair {
    fn new() -> Pair {
        let dir = tempfile::tempdir().unwrap();
        dictd(
            dir.path(),
            "freedict-eng-swe",
            "English-Swedish",
            ENG_SWE,
            true,
        );
        dictd(
            dir.path(),
            "freedict-swe-eng",
            "Swedish-English",
            SWE_ENG,
            false,
        );
        Pair {
            dir,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    /// gloss over these dictionaries only, with this pair's cache.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let cache = ("XDG_CACHE_HOME", self.cache.path());
        run_on_folder(self.dir.path(), &[cache], args)
    }

    /// The dictionaries' full-text indexes kept in the cache.
    fn kept(&self) -> Vec<PathBuf> {
        kept(self.cache.path())
    }
}

fn kept(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache.join("gloss"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|path| {
        let name = path.file_name().unwrap().to_string_lossy();
        name.starts_with("dict-") && name.ends_with(".idx")
    });
    found
}

/// The note of a first call that builds a dictionary's index: told only
/// when the build runs for a second, which a loaded machine may take.
fn is_building(line: &str) -> bool {
    line.starts_with("gloss: freedict-")
        && line.ends_with(": building its full-text index for --translations, once for this version of the dictionary")
}

/// Succeeded, saying at most that it built an index.
fn built(run: (Option<i32>, String, String)) -> String {
    let (code, out, err) = run;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.lines().all(is_building), "{err}");
    out
}

#[test]
fn a_reverse_dictionary_answers_with_the_headwords_that_translate_the_term() {
    let pair = Pair::new();
    let out = ok(pair.run(&["house", "--translations"]));
    assert_eq!(
        out,
        "sv\thus\tfreedict-eng-swe, freedict-swe-eng (reversed)\n\
         sv\tkåk\tfreedict-swe-eng (reversed)\n"
    );
    // A word only the reverse dictionary's text has.
    let out = ok(pair.run(&["Squatter", "--translations"]));
    assert_eq!(out, "sv\thusockupant\tfreedict-swe-eng (reversed)\n");
    // From Swedish: swe-eng forward, eng-swe reversed, one row.
    let out = ok(pair.run(&["hem", "--translations"]));
    assert_eq!(
        out,
        "en\thome\tfreedict-swe-eng, freedict-eng-swe (reversed)\n"
    );
    // A translation of several words is found by all of them.
    let out = ok(pair.run(&["run  Away", "--translations"]));
    assert_eq!(out, "sv\trymma\tfreedict-swe-eng (reversed)\n");
    let (code, out, _) = pair.run(&["run far away", "--translations"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    // Sense numbers are not part of a translation.
    let out = ok(pair.run(&["fluga", "--translations"]));
    assert_eq!(out, "en\tfly\tfreedict-eng-swe (reversed)\n");
    // A passing mention is not a translation: no dictionary gives `small`.
    let (code, out, _) = pair.run(&["small", "--translations"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
}

#[test]
fn every_format_names_each_dictionary_and_direction() {
    let pair = Pair::new();
    for format in ["plain", "markdown", "json"] {
        let out = ok(pair.run(&["house", "--translations", "--format", format]));
        insta::assert_snapshot!(format!("translations_house_{format}"), out);
    }
    let out = ok(pair.run(&[
        "house",
        "--translations",
        "--format",
        "terminal",
        "--color",
        "always",
    ]));
    insta::assert_snapshot!("translations_house_terminal", out);
    let json: serde_json::Value = serde_json::from_str(&ok(pair.run(&[
        "house",
        "--translations",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        json[0]["dictionaries"],
        serde_json::json!(["freedict-eng-swe", "freedict-swe-eng"])
    );
    assert_eq!(
        json[0]["directions"],
        serde_json::json!(["forward", "reverse"])
    );
}

#[test]
fn the_glossarys_title_and_a_dictionarys_are_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let pair = dictd(
        dir.path(),
        "freedict-eng-swe",
        "English-Swedish",
        &[("soft sell", "mjuk sälj")],
        false,
    );
    let cache = tempfile::tempdir().unwrap();
    let envs = [
        ("GLOSS_DATA_DIRS", pair.as_path()),
        ("XDG_CACHE_HOME", cache.path()),
    ];
    let out = ok(run_on_folder(
        Path::new(SEED_GLOSSARY),
        &envs,
        &["soft sell", "--translations"],
    ));
    let sv: Vec<&str> = out.lines().filter(|l| l.starts_with("sv\t")).collect();
    assert_eq!(sv, ["sv\tMjuk sälj\tglossary, freedict-eng-swe"], "{out}");
    assert!(out.lines().all(|l| l.contains("\tglossary")), "{out}");
}

#[test]
fn the_first_call_builds_the_reverse_index_and_later_calls_read_it() {
    let pair = Pair::new();
    let first = ok(pair.run(&["house", "--translations"]));
    // `house` is an English headword: only the dictionary translating into
    // English is read in reverse, so only its index is built.
    let kept = pair.kept();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let before = std::fs::metadata(&kept[0]).unwrap().modified().unwrap();
    assert_eq!(ok(pair.run(&["house", "--translations"])), first);
    let after = std::fs::metadata(&kept[0]).unwrap().modified().unwrap();
    assert_eq!(before, after, "the kept index was rebuilt");
    // A damaged copy is not used: rebuilt, same answer, nothing said.
    std::fs::write(&kept[0], b"not an index").unwrap();
    assert_eq!(ok(pair.run(&["house", "--translations"])), first);
    // A word no dictionary has as a headword: every pair is read in reverse.
    ok(pair.run(&["squatter", "--translations"]));
    assert_eq!(pair.kept().len(), 2, "{:?}", pair.kept());
    drop(pair.dir);
}

#[test]
fn a_stardict_dictionary_that_says_its_languages_is_read_in_reverse_too() {
    let dir = tempfile::tempdir().unwrap();
    crate::dict_fixtures::stardict(
        dir.path(),
        "svenska",
        &[("hus", "<b>house</b>, building"), ("hem", "home")],
        &[],
        "h",
        Some("sv-en"),
    );
    let envs = [("XDG_CACHE_HOME", dir.path())];
    let out = ok(run_on_folder(
        &dir.path().join("svenska"),
        &envs,
        &["building", "--translations", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "lang": "sv",
            "title": "hus",
            "source": ["svenska (reversed)"],
            "dictionaries": ["svenska"],
            "directions": ["reverse"],
        }])
    );
}

#[test]
fn a_word_in_too_many_entries_is_told_and_the_shortest_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries: Vec<(String, String)> = (0..300)
        .map(|n| {
            (
                format!("ord{n:03}"),
                format!("a long sentence {n} that goes to the end"),
            )
        })
        .collect();
    entries.push(("till".into(), "to".into()));
    let entries: Vec<(&str, &str)> = entries
        .iter()
        .map(|(h, t)| (h.as_str(), t.as_str()))
        .collect();
    let index = dictd(
        dir.path(),
        "freedict-swe-eng",
        "Swedish-English",
        &entries,
        true,
    );
    let cache = tempfile::tempdir().unwrap();
    let envs = [("XDG_CACHE_HOME", cache.path())];
    let (code, out, err) = run_on_folder(&index, &envs, &["to", "--translations"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "sv\ttill\tfreedict-swe-eng (reversed)\n");
    let told: Vec<&str> = err.lines().filter(|l| !is_building(l)).collect();
    assert_eq!(told.len(), 1, "{err}");
    assert!(
        told[0].ends_with(
            "freedict-swe-eng.index: 'to' is in 301 entries; --translations reads the 256 shortest"
        ),
        "{err}"
    );
}

#[test]
fn the_real_freedict_pair_answers_both_ways() {
    let (Some(eng_swe), Some(swe_eng)) =
        (installed("freedict-eng-swe"), installed("freedict-swe-eng"))
    else {
        return;
    };
    let cache = tempfile::tempdir().unwrap();
    let envs = [
        ("GLOSS_DATA_DIRS", swe_eng.as_path()),
        ("XDG_CACHE_HOME", cache.path()),
    ];
    let run = |args: &[&str]| run_on_folder(&eng_swe, &envs, args);
    let out = built(run(&["house", "--translations"]));
    assert!(
        out.lines()
            .any(|l| l == "sv\thus\tfreedict-eng-swe, freedict-swe-eng (reversed)"),
        "{out}"
    );
    // `zoology` is in swe-eng's text only.
    let out = built(run(&["zoology", "--translations"]));
    assert_eq!(out, "sv\tzoologi\tfreedict-swe-eng (reversed)\n");
    // `number of the house` mentions `house`; `husnummer` is not its
    // translation. Both indexes are kept now: nothing is built or said.
    let out = ok(run(&["house", "--translations"]));
    assert!(!out.contains("husnummer"), "{out}");
}
