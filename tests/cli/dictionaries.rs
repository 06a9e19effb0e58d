//! Dictionaries as sources: dictd and StarDict dictionaries the tests build
//! (`dict_fixtures`), found where their tools keep them or named with
//! `--data-dir`, looked up after the glossary, in every format; damaged
//! ones told in one line while the rest serve; and, where installed (CI
//! installs them), the real FreeDict, FOLDOC and Jargon packages.

use crate::common::{article_with_heading as article, write};
use crate::common::{gloss, outcome};
use crate::dict_fixtures::{b64, dictd, dictzip, stardict};
use std::path::Path;

const FOO: (&str, &str) = (
    "foo",
    "   <jargon> A sample name for absolutely anything, see {bar} and\n   {metasyntactic variable}.",
);
const BAR: (&str, &str) = (
    "bar",
    "   The second {metasyntactic variable}, after {foo}.",
);

/// gloss with only the given dictionaries (files or folders) and no others.
fn run(places: &[&Path], args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = gloss();
    for place in places {
        cmd.arg("--data-dir").arg(place);
    }
    outcome(
        cmd.args(args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap(),
    )
}

pub(crate) fn ok(run: (Option<i32>, String, String)) -> String {
    let (code, out, err) = run;
    assert_eq!(code, Some(0), "stdout: {out}\nstderr: {err}");
    assert!(err.is_empty(), "{err}");
    out
}

#[test]
fn a_term_only_a_dictd_dictionary_has_shows_its_entry() {
    for zip in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let index = dictd(
            dir.path(),
            "jargonish",
            "The Jargonish File",
            &[FOO, BAR],
            zip,
        );
        let out = ok(run(&[&index], &["foo"]));
        assert!(
            out.starts_with("foo\n[jargonish: The Jargonish File]\n\n"),
            "{out}"
        );
        assert!(
            out.contains("A sample name for absolutely anything, see bar and"),
            "{out}"
        );
        assert!(!out.contains('{'), "braces are references: {out}");
        // Cross references are related terms; one the dictionary lacks says so.
        assert!(
            out.contains("Related terms\n- bar\n- metasyntactic variable (not in the glossary)\n"),
            "{out}"
        );
        // A folder of dictionaries is read as well as the file.
        assert_eq!(ok(run(&[dir.path()], &["foo"])), out);
    }
}

#[test]
fn the_glossary_article_comes_first_then_each_dictionary() {
    let glossary = tempfile::tempdir().unwrap();
    write(
        glossary.path(),
        "foo/en.md",
        &article("Foo", "The glossary's own foo.", "Body."),
    );
    let dicts = tempfile::tempdir().unwrap();
    let one = dictd(dicts.path(), "one", "One", &[FOO], false);
    let two = stardict(
        dicts.path(),
        "two",
        &[("foo", "foo from two")],
        &[],
        "m",
        None,
    );
    let out = ok(run(&[glossary.path(), &one, &two], &["foo"]));
    let article = out.find("The glossary's own foo.").unwrap();
    let first = out.find("[one: One]").unwrap();
    let second = out.find("[two: two dictionary]").unwrap();
    assert!(article < first && first < second, "{out}");
    // --short: the article's line, then each entry's first line.
    let short = ok(run(&[glossary.path(), &one, &two], &["foo", "--short"]));
    assert_eq!(
        short,
        "The glossary's own foo.\nfoo: <jargon> A sample name for absolutely anything, see bar and\nfoo: foo from two\n"
    );
    // A term in neither: the glossary's miss, with headwords suggested.
    let (code, _, err) = run(&[glossary.path(), &one], &["fooo"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("did you mean") && err.contains("foo"), "{err}");
}

#[test]
fn folded_spellings_find_headwords() {
    let dir = tempfile::tempdir().unwrap();
    let index = dictd(
        dir.path(),
        "cafes",
        "Cafés",
        &[("café", "A place for coffee."), ("Zürich", "A city.")],
        true,
    );
    assert!(ok(run(&[&index], &["CAFE"])).contains("A place for coffee."));
    assert!(ok(run(&[&index], &["zurich"])).contains("A city."));
    let (code, _, err) = run(&[&index], &["zurch"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("zürich"), "{err}");
}

#[test]
fn every_format_names_the_dictionary_and_its_languages() {
    let dir = tempfile::tempdir().unwrap();
    let index = dictd(
        dir.path(),
        "freedict-eng-swe",
        "English-Swedish",
        &[("house", "hus")],
        false,
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&[&index], &["house", "--format", "json"]))).unwrap();
    assert_eq!(json["term"], "house");
    let entry = &json["dictionary_entries"][0];
    assert_eq!(entry["dictionary"], "freedict-eng-swe");
    assert_eq!(entry["title"], "English-Swedish");
    assert_eq!(entry["headword_lang"], "en");
    assert_eq!(entry["definition_lang"], "sv");
    assert_eq!(entry["headword"], "house");
    assert_eq!(entry["text"], "hus");
    let short: serde_json::Value = serde_json::from_str(&ok(run(
        &[&index],
        &["house", "--format", "json", "--short"],
    )))
    .unwrap();
    assert_eq!(short["dictionary_entries"][0]["first_line"], "hus");
    let markdown = ok(run(&[&index], &["house", "--format", "markdown"]));
    assert_eq!(
        markdown,
        "## house\n\n*freedict-eng-swe (en → sv): English-Swedish*\n\n```text\nhus\n```\n"
    );
    let terminal = ok(run(&[&index], &["house", "--color", "always"]));
    assert_eq!(
        terminal,
        "\x1b[1mhouse\x1b[0m\n\x1b[2mfreedict-eng-swe (en → sv): English-Swedish\x1b[0m\n\nhus\n"
    );
    // --lang picks among dictionaries by their languages.
    assert!(ok(run(&[&index], &["house", "--lang", "sv"])).contains("hus"));
    let (code, _, _) = run(&[&index], &["house", "--lang", "fi"]);
    assert_eq!(code, Some(1));
    // With a glossary article, the entries are a list beside its fields.
    let glossary = tempfile::tempdir().unwrap();
    write(
        glossary.path(),
        "house/en.md",
        &article("House", "A building.", "Body."),
    );
    let both: serde_json::Value = serde_json::from_str(&ok(run(
        &[glossary.path(), &index],
        &["house", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(both["slug"], "house");
    assert_eq!(both["dictionary_entries"][0]["text"], "hus");
}

#[test]
fn terminal_entries_wrap_to_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let long = "   word ".repeat(30);
    let index = dictd(
        dir.path(),
        "long",
        "Long",
        &[("long", long.trim_end())],
        false,
    );
    let out = ok(run(
        &[&index],
        &["long", "--format", "terminal", "--width", "40"],
    ));
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 40,
            "{line:?}"
        );
    }
    assert!(
        out.lines()
            .filter(|l| l.starts_with("   word word"))
            .count()
            > 3,
        "{out}"
    );
}

#[test]
fn stardict_types_synonyms_and_markup() {
    let dir = tempfile::tempdir().unwrap();
    let html = stardict(
        dir.path(),
        "webby",
        &[
            ("cat", "<b>A pet</b> &amp; friend.<br>See <a href=\"bword://dog\">dog</a>.<ul><li>one</li><li>two</li></ul><script>evil()</script>"),
            ("dog", "Another <i>pet</i>."),
        ],
        &[("kitty", "cat")],
        "h",
        Some("en"),
    );
    let out = ok(run(&[&html], &["cat"]));
    assert!(
        out.contains("A pet & friend.\nSee dog.\n• one\n• two\n"),
        "{out}"
    );
    assert!(!out.contains("evil") && !out.contains('<'), "{out}");
    assert!(out.contains("Related terms\n- dog\n"), "{out}");
    // A synonym finds its entry.
    assert!(ok(run(&[&html], &["kitty"])).contains("A pet & friend."));
    // XDXF, and per-entry types without a sametypesequence.
    let xdxf = stardict(
        dir.path(),
        "xdxfy",
        &[("sun", "<k>sun</k> the star, see <kref>moon</kref>")],
        &[],
        "x",
        None,
    );
    let out = ok(run(&[&xdxf], &["sun"]));
    assert!(
        out.contains("the star, see moon") && out.contains("- moon (not in the glossary)"),
        "{out}"
    );
    let typed = stardict(
        dir.path(),
        "typed",
        &[("tree", "mA tall plant.")],
        &[],
        "",
        None,
    );
    assert!(ok(run(&[&typed], &["tree"])).contains("A tall plant."));
    // Languages from the .ifo.
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&[&html], &["dog", "--format", "json"]))).unwrap();
    assert_eq!(json["dictionary_entries"][0]["headword_lang"], "en");
}

#[test]
fn escapes_in_definitions_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let index = dictd(
        dir.path(),
        "evil",
        "Evil\x1b]52;c;eA==\x07",
        &[("evil", "bell\x07 \x1b[2J clear \u{202e}rtl")],
        false,
    );
    for format in ["terminal", "plain", "markdown", "json"] {
        let out = ok(run(&[&index], &["evil", "--format", format]));
        let stripped = out
            .replace("\x1b[1m", "")
            .replace("\x1b[2m", "")
            .replace("\x1b[0m", "");
        assert!(
            !stripped.contains(['\x1b', '\x07', '\u{202e}']),
            "{format}: {out:?}"
        );
    }
}

#[test]
fn dict_limits_a_call_to_named_dictionaries() {
    let dir = tempfile::tempdir().unwrap();
    dictd(dir.path(), "one", "One", &[("foo", "from one")], false);
    dictd(dir.path(), "two", "Two", &[("foo", "from two")], false);
    let both = ok(run(&[dir.path()], &["foo"]));
    assert!(
        both.contains("from one") && both.contains("from two"),
        "{both}"
    );
    let only = ok(run(&[dir.path()], &["foo", "--dict", "two"]));
    assert!(
        !only.contains("from one") && only.contains("from two"),
        "{only}"
    );
    let (code, _, err) = run(&[dir.path()], &["foo", "--dict", "three"]);
    assert_eq!(code, Some(2));
    crate::common::assert_one_line_error(&err);
    assert!(
        err.contains("no dictionary named 'three' (dictionaries: one, two)"),
        "{err}"
    );
    // Off with a flag, or in the config file unless one is named.
    let (code, _, _) = run(&[dir.path()], &["foo", "--no-dictionaries"]);
    assert_eq!(code, Some(1));
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(config.path(), "dictionaries: false\n").unwrap();
    let off = gloss()
        .env("GLOSS_CONFIG", config.path())
        .arg("--data-dir")
        .arg(dir.path())
        .arg("foo")
        .output()
        .unwrap();
    assert_eq!(off.status.code(), Some(1));
    let named = gloss()
        .env("GLOSS_CONFIG", config.path())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["foo", "--dict", "one"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&named.stdout).contains("from one"));
}

#[test]
fn dictionaries_are_found_where_their_tools_look() {
    let home = tempfile::tempdir().unwrap();
    let (data, system, env) = (
        home.path().join("data"),
        home.path().join("system"),
        home.path().join("sdcv"),
    );
    for dir in [
        data.join("stardict/dic"),
        home.path().join(".stardict/dic"),
        system.clone(),
        env.join("dic"),
    ] {
        std::fs::create_dir_all(dir).unwrap();
    }
    stardict(
        &data.join("stardict/dic"),
        "xdg",
        &[("alpha", "from xdg")],
        &[],
        "m",
        None,
    );
    stardict(
        &home.path().join(".stardict/dic"),
        "dot",
        &[("alpha", "from dot")],
        &[],
        "m",
        None,
    );
    stardict(
        &env.join("dic"),
        "sdcv",
        &[("alpha", "from env")],
        &[],
        "m",
        None,
    );
    dictd(&system, "sys", "System", &[("alpha", "from system")], true);
    let with = |cmd: &mut assert_cmd::Command| {
        cmd.env("HOME", home.path())
            .env("XDG_DATA_HOME", &data)
            .env("STARDICT_DATA_DIR", &env)
            .env("GLOSS_SYSTEM_DICTIONARIES", &system);
    };
    let mut cmd = gloss();
    with(&mut cmd);
    let out = String::from_utf8(cmd.arg("alpha").output().unwrap().stdout).unwrap();
    let order: Vec<usize> = ["from env", "from xdg", "from dot", "from system"]
        .iter()
        .map(|text| out.find(text).unwrap_or_else(|| panic!("{text}: {out}")))
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{out}");
    let mut cmd = gloss();
    with(&mut cmd);
    let paths = String::from_utf8(cmd.arg("--show-paths").output().unwrap().stdout).unwrap();
    for line in [
        format!("STARDICT_DATA_DIR\t{}\texists", env.join("dic").display()),
        format!(
            "stardict folder\t{}\texists",
            data.join("stardict/dic").display()
        ),
        format!("system dictionaries\t{}\texists", system.display()),
        format!(
            "dictionary sys\t{}\texists",
            system.join("sys.index").display()
        ),
    ] {
        assert!(paths.lines().any(|l| l == line), "{line}\n{paths}");
    }
    // The tests' own environment sees no installed dictionary.
    let paths = String::from_utf8(gloss().arg("--show-paths").output().unwrap().stdout).unwrap();
    assert!(!paths.contains("/usr/share/dictd"), "{paths}");
}

#[test]
fn headwords_complete_from_the_sorted_index() {
    let dir = tempfile::tempdir().unwrap();
    let words: Vec<(String, String)> = (0..3000)
        .map(|i| (format!("word{i:04}"), format!("def {i}")))
        .collect();
    let entries: Vec<(&str, &str)> = words
        .iter()
        .map(|(w, d)| (w.as_str(), d.as_str()))
        .collect();
    dictd(dir.path(), "many", "Many", &entries, true);
    let data_dir = format!("--data-dir={}", dir.path().display());
    let out = gloss()
        .env("GLOSS_COMPLETE", "fish")
        .args(["--", "gloss", &data_dir, "word299"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let words: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(
        words,
        (2990..3000).map(|i| format!("word{i}")).collect::<Vec<_>>()
    );
    assert!(out.lines().all(|l| l.ends_with("\tmany")), "{out}");
}

/// A dictionary that is fine, to show the others keep serving.
fn healthy(dir: &Path) -> std::path::PathBuf {
    dictd(dir, "healthy", "Healthy", &[("foo", "still served")], false)
}

/// Runs a lookup over a damaged dictionary and a healthy one: the healthy
/// one answers, and the damage is one line naming the damaged one.
fn assert_told(damaged: &Path, dir: &Path, what: &str) {
    let good = healthy(dir);
    let (code, out, err) = run(&[damaged, &good], &["foo"]);
    assert_eq!(code, Some(0), "{what}: {out} {err}");
    assert!(out.contains("still served"), "{what}: {out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: {err}");
    assert!(
        lines[0].starts_with("gloss: warning: ")
            && lines[0].contains(&damaged.display().to_string()),
        "{what}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn damaged_dictd_dictionaries_are_told_in_one_line() {
    // An offset past the data.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("past.index");
    std::fs::write(&index, format!("foo\t{}\t{}\n", b64(1 << 30), b64(10))).unwrap();
    std::fs::write(dir.path().join("past.dict"), "foo\nshort\n").unwrap();
    assert_told(&index, dir.path(), "offset past the data");
    // The same inside a dictzip file, and a length past any definition.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("pastz.index");
    std::fs::write(&index, format!("foo\t{}\t{}\n", b64(3), b64(100_000_000))).unwrap();
    std::fs::write(
        dir.path().join("pastz.dict.dz"),
        dictzip(b"foo\nbar\n", 4096),
    )
    .unwrap();
    assert_told(&index, dir.path(), "length past any definition");
    // A chunk table that counts more than the file has, and a truncated member.
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..2000).map(|i| format!("foo line {i}\n")).collect();
    let whole = dictzip(text.as_bytes(), 1024);
    let index = dir.path().join("cut.index");
    std::fs::write(&index, format!("foo\t{}\t{}\n", b64(0), b64(20))).unwrap();
    std::fs::write(dir.path().join("cut.dict.dz"), &whole[..whole.len() / 2]).unwrap();
    assert_told(&index, dir.path(), "truncated member");
    let dir = tempfile::tempdir().unwrap();
    let mut garbled = whole.clone();
    // The first chunk's compressed bytes, replaced with noise.
    for byte in garbled[60..400].iter_mut() {
        *byte = 0xff;
    }
    let index = dir.path().join("noise.index");
    std::fs::write(&index, format!("foo\t{}\t{}\n", b64(0), b64(20))).unwrap();
    std::fs::write(dir.path().join("noise.dict.dz"), &garbled).unwrap();
    assert_told(&index, dir.path(), "corrupt chunk");
    // A gzip file that is not dictzip.
    let dir = tempfile::tempdir().unwrap();
    let mut plain = whole.clone();
    plain[3] = 0;
    let index = dir.path().join("gz.index");
    std::fs::write(&index, "foo\tA\tB\n").unwrap();
    std::fs::write(dir.path().join("gz.dict.dz"), &plain[..20]).unwrap();
    assert_told(&index, dir.path(), "not dictzip");
    // No data file at all.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("lonely.index");
    std::fs::write(&index, "foo\tA\tB\n").unwrap();
    assert_told(&index, dir.path(), "no data");
}

#[test]
fn odd_bytes_in_dictionaries_are_survived() {
    let dir = tempfile::tempdir().unwrap();
    // A 1 MB headword, NUL bytes and Latin-1 text.
    let mut index = vec![b'a'; 1 << 20];
    index.extend(b"\tA\tB\nfoo\0\tA\tN\nfoo\tA\tN\n");
    std::fs::write(dir.path().join("odd.index"), &index).unwrap();
    std::fs::write(dir.path().join("odd.dict"), b"foo\ncaf\xe9 \0ok\n").unwrap();
    let (code, out, err) = run(&[&dir.path().join("odd.index")], &["foo"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("café ok"), "{out:?}");
    assert!(!out.contains('\0'));
    // --check names the bad lines.
    let (code, out, _) = run(
        &[],
        &[
            "--check",
            &dir.path().join("odd.index").display().to_string(),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        out.contains("odd.index:1: a headword longer than 1024 bytes"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.index");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::fs::write(dir.path().join("fifo.dict"), "x").unwrap();
    assert_told(&fifo, dir.path(), "a FIFO");
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.index");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    assert_told(&zero, dir.path(), "/dev/zero");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("zerodata.index");
    std::fs::write(&index, "foo\tA\tB\n").unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zerodata.dict")).unwrap();
    assert_told(&index, dir.path(), "/dev/zero data");
}

#[test]
fn damaged_stardict_dictionaries_are_told_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let ifo = stardict(
        dir.path(),
        "sized",
        &[("foo", "x"), ("bar", "y")],
        &[],
        "m",
        None,
    );
    let idx = ifo.with_extension("idx");
    let bytes = std::fs::read(&idx).unwrap();
    std::fs::write(&idx, &bytes[..bytes.len() - 3]).unwrap();
    assert_told(&ifo, dir.path(), "idx disagrees with idxfilesize");
    let (_, _, err) = run(&[&ifo], &["foo"]);
    assert!(err.contains("but the .ifo says idxfilesize="), "{err}");
    // Offsets past the .dict, a 64-bit index in a 2.4.2 file, a bad magic.
    let dir = tempfile::tempdir().unwrap();
    let ifo = stardict(dir.path(), "past", &[("foo", "x")], &[], "m", None);
    std::fs::write(ifo.with_extension("dict"), "").unwrap();
    let (code, out, err) = run(&[&ifo, &healthy(dir.path())], &["foo"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("still served"));
    assert!(
        err.contains("past.ifo: an entry at byte 0 (1 bytes) lies past the end of the data"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let ifo = stardict(dir.path(), "wide", &[("foo", "x")], &[], "m", None);
    let text = std::fs::read_to_string(&ifo).unwrap();
    std::fs::write(&ifo, format!("{text}idxoffsetbits=64\n")).unwrap();
    assert_told(&ifo, dir.path(), "64 bits in 2.4.2");
    std::fs::write(&ifo, "Not StarDict\nversion=2.4.2\n").unwrap();
    assert_told(&ifo, dir.path(), "bad magic");
}

#[test]
fn check_validates_dictionaries() {
    let dir = tempfile::tempdir().unwrap();
    let good = dictd(dir.path(), "good", "Good", &[FOO, BAR], true);
    let (code, out, err) = run(&[], &["--check", &good.display().to_string()]);
    assert_eq!(code, Some(0), "{out} {err}");
    assert!(err.contains("1 dictionary(ies), 0 problem(s)"), "{err}");
    let bad = dir.path().join("bad.index");
    std::fs::write(&bad, format!("foo\tA\tB\nbar\t{}\tB\n", b64(1 << 20))).unwrap();
    std::fs::write(dir.path().join("bad.dict"), "foo\nx\n").unwrap();
    let (code, out, _) = run(&[], &["--check", &dir.path().display().to_string()]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("bad.index:2: an entry at byte 1048576"),
        "{out}"
    );
    assert!(!out.contains("good.index"), "{out}");
    // With no folder named, every dictionary read is checked.
    let (code, out, _) = run(&[&bad], &["--check"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("bad.index:2:"), "{out}");
}

#[test]
fn glossary_lists_and_search_hold_articles_only() {
    let dir = tempfile::tempdir().unwrap();
    let index = dictd(dir.path(), "one", "One", &[FOO], false);
    let list = ok(run(&[&index], &["--list"]));
    assert!(!list.lines().any(|l| l.starts_with("foo")), "{list}");
}

#[test]
fn golden_foldoc_and_html_entries() {
    let dir = tempfile::tempdir().unwrap();
    let foldoc = dictd(
        dir.path(),
        "foldoc",
        "The Free On-line Dictionary of Computing (test)",
        &[(
            "abstract data type",
            "ADT\n\n   <programming> (ADT) A kind of {data abstraction} where a\n   type's internal form is hidden behind a set of {access\n   functions}.\n\n   (2003-07-03)",
        )],
        true,
    );
    let html = stardict(
        dir.path(),
        "html",
        &[("tea", "<p><b>tea</b> <i>n.</i></p><ol><li>A drink.</li><li>A meal, see <a href=\"bword://supper\">supper</a>.</li></ol>")],
        &[],
        "h",
        Some("en-sv"),
    );
    for (name, path, word) in [
        ("foldoc", &foldoc, "abstract data type"),
        ("html", &html, "tea"),
    ] {
        for format in ["plain", "markdown", "json"] {
            let out = ok(run(&[path], &[word, "--format", format]));
            insta::assert_snapshot!(format!("dictionary_{name}_{format}"), out);
        }
        let out = ok(run(
            &[path],
            &[
                word, "--format", "terminal", "--color", "always", "--width", "50",
            ],
        ));
        insta::assert_snapshot!(format!("dictionary_{name}_terminal"), out);
    }
}

/// The real packages' dictionaries, where installed; under CI they must be.
pub(crate) fn installed(name: &str) -> Option<std::path::PathBuf> {
    let path = Path::new("/usr/share/dictd").join(format!("{name}.index"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{name} is not installed (CI installs it)"
    );
    eprintln!("skipped: {name} is not installed");
    None
}

#[test]
fn real_foldoc_jargon_and_freedict() {
    let (Some(foldoc), Some(jargon), Some(freedict)) = (
        installed("foldoc"),
        installed("jargon"),
        installed("freedict-eng-swe"),
    ) else {
        return;
    };
    let out = ok(run(&[&foldoc], &["abstract data type"]));
    assert!(out.contains("A kind of data abstraction where a"), "{out}");
    assert!(out.contains("Related terms\n- data abstraction\n"), "{out}");
    let out = ok(run(&[&jargon], &["hacker", "--short"]));
    assert!(out.starts_with("hacker: "), "{out}");
    let out = ok(run(&[&freedict], &["house", "--short"]));
    assert!(out.lines().any(|l| l == "house: hus"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&[&freedict], &["house", "--format", "json"]))).unwrap();
    assert_eq!(json["dictionary_entries"][0]["definition_lang"], "sv");
    // The whole of each checks clean.
    let (code, out, err) = run(&[], &["--check", "/usr/share/dictd"]);
    assert_eq!(code, Some(0), "{out} {err}");
}

#[test]
fn list_translations_and_configured_languages() {
    let dir = tempfile::tempdir().unwrap();
    let pair = dictd(
        dir.path(),
        "freedict-eng-swe",
        "English-Swedish",
        &[("house", "/haus/\nhus"), ("home", "hem")],
        false,
    );
    let other = dictd(
        dir.path(),
        "plain",
        "Plain",
        &[("house", "A building.")],
        false,
    );
    // --list names dictionaries to list; without --dict it lists articles.
    let list = ok(run(
        &[&pair, &other],
        &["--list", "--dict", "freedict-eng-swe"],
    ));
    assert_eq!(list, "home\tfreedict-eng-swe\nhouse\tfreedict-eng-swe\n");
    // --translations: what bilingual dictionaries say, a line each.
    let out = ok(run(&[&pair, &other], &["--translations", "house"]));
    assert_eq!(out, "sv\thus\tfreedict-eng-swe\n");
    let (code, _, err) = run(&[&pair], &["--translations", "hose"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("house"), "{err}");
    // Languages a dictionary does not say come from the config file.
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "dictionary_langs:\n  plain: \"en -> de\"\n").unwrap();
    let out = gloss()
        .env("GLOSS_CONFIG", &config)
        .args(["--data-dir"])
        .arg(&other)
        .args(["house", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["dictionary_entries"][0]["definition_lang"], "de",
        "{out:?}"
    );
    std::fs::write(&config, "dictionary_langs:\n  plain: \"xx-!!\"\n").unwrap();
    let out = gloss()
        .env("GLOSS_CONFIG", &config)
        .arg("--data-dir")
        .arg(&other)
        .arg("house")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("ignoring the config file") && err.contains("dictionary_langs"),
        "{err}"
    );
}

#[test]
fn search_builds_a_dictionary_index_once_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = dictd(
        dir.path(),
        "jargonish",
        "Jargonish",
        &[FOO, BAR, ("baz", "   Nothing to see.")],
        true,
    );
    let search = |words: &str| {
        outcome(
            gloss()
                .env("XDG_CACHE_HOME", cache.path())
                .arg("--data-dir")
                .arg(&index)
                .args(["--search", words, "--dict", "jargonish"])
                .output()
                .unwrap(),
        )
    };
    let (code, out, err) = search("metasyntactic variable");
    assert_eq!(code, Some(0), "{err}");
    let words: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(words.len(), 2, "{out}");
    assert!(words.contains(&"foo") && words.contains(&"bar"), "{out}");
    let kept: Vec<_> = std::fs::read_dir(cache.path().join("gloss"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    // The kept index answers the next search; a damaged one is rebuilt.
    let (code, again, _) = search("metasyntactic variable");
    assert_eq!((code, again.as_str()), (Some(0), out.as_str()));
    std::fs::write(&kept[0], b"not an index").unwrap();
    let (code, rebuilt, err) = search("metasyntactic variable");
    assert_eq!(
        (code, rebuilt.as_str(), err.as_str()),
        (Some(0), out.as_str(), "")
    );
    // No hits is the search's own miss; without --dict, dictionaries are not searched.
    assert_eq!(search("absent").0, Some(1));
    let (code, _, _) = outcome(
        gloss()
            .arg("--data-dir")
            .arg(&index)
            .args(["--search", "metasyntactic"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, Some(1));
}

#[test]
fn dict_completes_the_dictionaries_there_are() {
    let dir = tempfile::tempdir().unwrap();
    dictd(dir.path(), "foldocish", "Computing", &[FOO], false);
    stardict(dir.path(), "webby", &[("cat", "a pet")], &[], "m", None);
    let data_dir = format!("--data-dir={}", dir.path().display());
    let out = gloss()
        .env("GLOSS_COMPLETE", "fish")
        .env(
            "STARDICT_DATA_DIR",
            dir.path().parent().unwrap().join("none"),
        )
        .args(["--", "gloss", &data_dir, "--dict", ""])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out, "foldocish\tComputing\n",
        "the StarDict one is a folder down: {out}"
    );
}

#[cfg(unix)]
#[test]
fn pick_offers_a_named_dictionarys_headwords() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let index = dictd(dir.path(), "jargonish", "Jargonish", &[FOO, BAR], true);
    // A finder that records its arguments and picks `bar`.
    let args_file = dir.path().join("args");
    let finder = dir.path().join("finder");
    std::fs::write(
        &finder,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\ngrep '^bar\t'\n",
            args_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&finder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = gloss()
        .env("GLOSS_FINDER", &finder)
        .arg("--data-dir")
        .arg(&index)
        .args(["--pick", "--dict", "jargonish", "--short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "bar: The second metasyntactic variable, after foo.\n"
    );
    // The preview shows the entry under the cursor from the same dictionary.
    let args = std::fs::read_to_string(&args_file).unwrap();
    let preview = args
        .lines()
        .skip_while(|l| *l != "--preview")
        .nth(1)
        .unwrap()
        .replace("{1}", "'foo'");
    assert!(preview.contains("--dict jargonish"), "{preview}");
    let shown = std::process::Command::new("sh")
        .args(["-c", &preview])
        .env("GLOSS_DATA_DIRS", &index)
        .env("GLOSS_SYSTEM_DICTIONARIES", "")
        .output()
        .unwrap();
    let shown = crate::common::strip_ansi(&String::from_utf8_lossy(&shown.stdout));
    assert!(
        shown.contains("A sample name for absolutely anything"),
        "{shown}"
    );
}

#[test]
fn a_stardict_index_is_listed_once_per_version() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let ifo = stardict(
        dir.path(),
        "rows",
        &[("alpha", "first"), ("beta", "second")],
        &[],
        "m",
        None,
    );
    let look = |word: &str| {
        outcome(
            gloss()
                .env("XDG_CACHE_HOME", cache.path())
                .arg("--data-dir")
                .arg(&ifo)
                .arg(word)
                .output()
                .unwrap(),
        )
    };
    assert!(look("beta").1.contains("second"));
    let kept = |ext: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(cache.path().join("gloss"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect()
    };
    let rows = kept("rows");
    assert_eq!(rows.len(), 1);
    // The kept table answers the next call; a damaged one is listed again.
    assert!(look("alpha").1.contains("first"));
    std::fs::write(&rows[0], b"garbage").unwrap();
    let (code, out, err) = look("alpha");
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(out.contains("first"), "{out}");
    // A new version of the dictionary has its own table, the old one goes.
    stardict(
        dir.path(),
        "rows",
        &[("alpha", "first"), ("beta", "second"), ("gamma", "third")],
        &[],
        "m",
        None,
    );
    assert!(look("gamma").1.contains("third"));
    assert_eq!(kept("rows").len(), 1);
    assert_ne!(kept("rows"), rows);
}

#[test]
fn modes_that_answer_from_articles_alone_do_not_open_dictionaries() {
    // A dictionary that cannot be opened is told by the calls that read
    // dictionaries, and not looked for by those that answer from glossary
    // articles only (`--list`, `--search` and `--langs` without `--dict`).
    let dir = tempfile::tempdir().unwrap();
    let ifo = stardict(dir.path(), "sized", &[("foo", "x")], &[], "m", None);
    let idx = ifo.with_extension("idx");
    let bytes = std::fs::read(&idx).unwrap();
    std::fs::write(&idx, &bytes[..bytes.len() - 3]).unwrap();
    let (_, _, err) = run(&[&ifo], &["soft-sell", "--lang", "sv"]);
    assert!(
        err.contains("idxfilesize="),
        "a lookup reads dictionaries: {err}"
    );
    let (_, out, err) = run(&[&ifo], &["--check"]);
    assert!(format!("{out}{err}").contains("idxfilesize="), "{out}{err}");
    for args in [&["--list"][..], &["--search", "soft"], &["--langs"]] {
        let (code, out, err) = run(&[&ifo], args);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{args:?}: {out}");
        assert!(
            out.contains("soft") || out.contains("sv\t1"),
            "{args:?}: {out}"
        );
    }
    let (code, _, err) = run(&[&ifo], &["--list", "--dict", "sized"]);
    assert_ne!(code, Some(0), "a named dictionary is opened: {err}");
}

#[test]
fn a_dictionary_folder_too_full_to_look_through_is_told() {
    // Past its bound a folder where dictionaries are kept is not listed
    // whole; the dictionaries in it go unread, and the user is told so.
    let env = tempfile::tempdir().unwrap();
    let dic = env.path().join("dic");
    std::fs::create_dir(&dic).unwrap();
    for n in 0..1_001 {
        std::fs::write(dic.join(format!("note-{n}.txt")), "").unwrap();
    }
    let out = gloss()
        .env("STARDICT_DATA_DIR", env.path())
        .args(["soft-sell", "--lang", "sv"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    let told: Vec<&str> = err.lines().collect();
    assert_eq!(told.len(), 1, "{err}");
    assert!(
        told[0].contains(&dic.display().to_string()) && told[0].contains("more than 1000 entries"),
        "{err}"
    );
    // A --data-dir glossary folder that large is a glossary folder: quiet.
    let folder = tempfile::tempdir().unwrap();
    for n in 0..1_001 {
        std::fs::create_dir(folder.path().join(format!("term-{n}"))).unwrap();
    }
    let out = gloss()
        .arg("--data-dir")
        .arg(folder.path())
        .args(["soft-sell", "--lang", "sv"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}
