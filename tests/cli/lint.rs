//! `--lint` and `--scan` as a translator or writer runs them: goldens of
//! the line and JSON output, positions after multi-byte text, stdin, the
//! exit codes, suppression, markdown's code and links, unreadable files of
//! every kind (each one line, the others still checked), sanitised output,
//! SARIF checked against the official 2.1.0 schema, and `avoid:` in
//! `--check` and JSON.

use crate::common::*;
use std::fs;
use std::path::Path;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A glossary folder (`terms/`) and the place documents go, owned by one test.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "terms/directory/en.md",
        "---\ntitle: directory\ndescription: A collection of files.\naliases: [folder]\n---\nText.\n",
    );
    write(
        root,
        "terms/directory/sv.md",
        "---\ntitle: katalog\ndescription: En samling filer.\naliases: [filkatalog]\navoid: [mapp, folder]\n---\nText.\n",
    );
    write(
        root,
        "terms/invoice/sv.md",
        "---\ntitle: faktura\ndescription: Ett krav på betalning.\n---\nText.\n",
    );
    write(
        root,
        "terms/crm/sv.md",
        "---\ntitle: CRM\ndescription: Kundhantering.\n---\nText.\n",
    );
    dir
}

/// gloss in the test's folder, with its own cache, reading its glossary.
fn gloss_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = gloss();
    cmd.current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .args(["--data-dir", "terms"])
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut cmd = gloss_in(dir);
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    outcome(cmd.output().unwrap())
}

const GUIDE: &str = "\
# Öppna en 📁 mapp

Flytta fakturan till mappen. En `mapp` i kod och [en länk](https://mapp.example/mapp) räknas inte.

```
mapp
```

<!-- gloss-ignore directory -->
Här får mappen stå.

Vår crm och vårt CRM, folder-fel.
";

fn documents(dir: &Path) {
    write(dir, "guide.md", GUIDE);
    write(
        dir,
        "notes.txt",
        "Ärende: skicka fakturorna\n# gloss-ignore\nmapp\nsen en mapp till\n",
    );
}

#[test]
fn lint_lines_golden() {
    let dir = setup();
    documents(dir.path());
    let (code, out, err) = run(
        dir.path(),
        &["--lint", "guide.md", "notes.txt", "--lang", "sv"],
        None,
    );
    assert_eq!(code, Some(1), "{err}");
    insta::assert_snapshot!("lint_lines", out);
    assert_eq!(
        err,
        "gloss: 2 file(s) checked, 4 error(s), 0 warning(s), 0 note(s)\n"
    );
}

#[test]
fn lint_json_golden() {
    let dir = setup();
    documents(dir.path());
    let (code, out, err) = run(
        dir.path(),
        &["--lint", "guide.md", "--lang", "sv", "--format", "json"],
        None,
    );
    assert_eq!(code, Some(1), "{err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(parsed.is_array());
    insta::assert_snapshot!("lint_json", out);
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    let dir = setup();
    // Four-byte, two-byte and combining characters before the term.
    let text = "𝔘ñï 📁 e\u{301} mapp\n";
    let (code, out, _) = run(dir.path(), &["--lint", "-", "--lang", "sv"], Some(text));
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "<stdin>:1:10: error: `mapp` is to be avoided; use `katalog` [directory]\n"
    );
    let (_, json, _) = run(
        dir.path(),
        &["--lint", "-", "--lang", "sv", "-f", "json"],
        Some(text),
    );
    let finding = &serde_json::from_str::<serde_json::Value>(&json).unwrap()[0];
    assert_eq!(
        (finding["column"].as_u64(), finding["end_column"].as_u64()),
        (Some(10), Some(14))
    );
}

#[test]
fn a_clean_text_exits_0_with_nothing_on_stdout() {
    let dir = setup();
    let (code, out, err) = run(
        dir.path(),
        &["--lint", "-", "--lang", "sv"],
        Some("Öppna katalogen och skicka fakturan.\n"),
    );
    assert_eq!((code, out.as_str()), (Some(0), ""));
    assert_eq!(
        err,
        "gloss: 1 file(s) checked, 0 error(s), 0 warning(s), 0 note(s)\n"
    );
}

#[test]
fn a_suppression_comment_silences_only_the_next_line() {
    let dir = setup();
    let text = "// gloss-ignore invoice\nen mapp\n<!-- gloss-ignore directory -->\nen mapp\n# gloss-ignore\nen mapp\nen mapp\n";
    let (code, out, _) = run(dir.path(), &["--lint", "-", "--lang", "sv"], Some(text));
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out
        .lines()
        .map(|l| l.split(": error").next().unwrap())
        .collect();
    // The comment naming another term silences nothing here.
    assert_eq!(lines, ["<stdin>:2:4", "<stdin>:7:4"]);
}

#[test]
fn unreadable_files_are_one_line_each_and_the_rest_is_checked() {
    let dir = setup();
    let root = dir.path();
    write(root, "ok.txt", "en mapp\n");
    write(root, "folder/x.txt", "");
    fs::write(root.join("binary.txt"), b"mapp\0\x01\x02").unwrap();
    fs::write(root.join("latin1.txt"), b"en mapp \xe5\n").unwrap();
    // Larger than the limit, without writing 64 MB.
    let big = fs::File::create(root.join("big.txt")).unwrap();
    big.set_len(65 << 20).unwrap();
    let fifo = root.join("fifo.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let args = [
        "--lint",
        "missing.txt",
        "/dev/zero",
        "folder",
        "binary.txt",
        "latin1.txt",
        "big.txt",
        "fifo.txt",
        "ok.txt",
        "--lang",
        "sv",
    ];
    let (code, out, err) = run(root, &args, None);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        out,
        "ok.txt:1:4: error: `mapp` is to be avoided; use `katalog` [directory]\n"
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 8, "{err}");
    for (line, (name, why)) in lines.iter().zip([
        ("missing.txt", "cannot read"),
        ("/dev/zero", "not a regular file"),
        ("folder", "is a folder"),
        ("binary.txt", "binary"),
        ("latin1.txt", "not valid UTF-8 text (at line 1, column 9)"),
        ("big.txt", "larger than the 67108864-byte limit"),
        ("fifo.txt", "not a regular file"),
    ]) {
        assert!(line.starts_with(&format!("gloss: {name}: ")), "{line}");
        assert!(line.contains(why), "{line}");
    }
    assert!(lines[7].ends_with("7 file(s) not readable"), "{err}");
}

#[test]
fn document_text_reaches_the_terminal_sanitised() {
    let dir = setup();
    let text = "en \u{1b}]0;owned\u{7}mapp\u{1b}[2J och \u{202e}mapp\n";
    for format in ["plain", "terminal"] {
        let (code, out, _) = run(
            dir.path(),
            &[
                "--lint", "-", "--lang", "sv", "-f", format, "--color", "always",
            ],
            Some(text),
        );
        assert_eq!(code, Some(1));
        let shown = strip_ansi(&out);
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{shown:?}"
        );
        assert_eq!(shown.lines().count(), 2, "{shown:?}");
    }
}

#[test]
fn colour_on_a_terminal_only() {
    let dir = setup();
    let args = ["--lint", "-", "--lang", "sv"];
    let (_, piped, _) = run(dir.path(), &args, Some("mapp\n"));
    assert!(!piped.contains('\u{1b}'));
    let mut coloured = args.to_vec();
    coloured.extend(["--color", "always"]);
    let (_, out, _) = run(dir.path(), &coloured, Some("mapp\n"));
    assert!(out.contains("\u{1b}[1m\u{1b}[31merror:"), "{out:?}");
    assert_eq!(strip_ansi(&out), piped);
}

#[test]
fn capitals_and_compounds_as_a_writer_meets_them() {
    let dir = setup();
    let (_, out, _) = run(
        dir.path(),
        &["--scan", "-", "--lang", "sv"],
        Some("crm är inte CRM; skattefakturan och mappen\n"),
    );
    let found: Vec<&str> = out.lines().map(|l| l.split('\t').nth(4).unwrap()).collect();
    assert_eq!(found, ["CRM", "skattefakturan", "mappen"]);
}

#[test]
fn scan_lists_terms_with_descriptions_and_exits_by_what_it_found() {
    let dir = setup();
    let (code, out, err) = run(
        dir.path(),
        &["--scan", "-", "--lang", "sv"],
        Some("Skicka fakturan till kunden"),
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "<stdin>\t1\t8\tinvoice\tfakturan\tEtt krav på betalning.\n"
    );
    assert_eq!(err, "gloss: 1 file(s) scanned, 1 term occurrence(s)\n");
    let (code, out, _) = run(
        dir.path(),
        &["--scan", "-", "--lang", "sv"],
        Some("Inget här"),
    );
    assert_eq!((code, out.as_str()), (Some(1), ""));
    let (_, json, _) = run(
        dir.path(),
        &["--scan", "-", "--lang", "sv", "--format", "json"],
        Some("en faktura"),
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[0]["slug"], "invoice");
    assert_eq!(parsed[0]["title"], "faktura");
    assert_eq!(parsed[0]["description"], "Ett krav på betalning.");
    let (code, _, _) = run(dir.path(), &["--scan", "nothere.txt", "--lang", "sv"], None);
    assert_eq!(code, Some(2));
}

#[test]
fn scan_on_a_terminal_highlights_the_text_then_defines_the_terms() {
    let dir = setup();
    documents(dir.path());
    let (code, out, _) = run(
        dir.path(),
        &[
            "--scan",
            "notes.txt",
            "--lang",
            "sv",
            "-f",
            "terminal",
            "--color",
            "always",
        ],
        None,
    );
    assert_eq!(code, Some(0));
    assert!(
        out.contains("\u{1b}[1m\u{1b}[33mfakturorna\u{1b}[0m"),
        "{out:?}"
    );
    let shown = strip_ansi(&out);
    assert!(
        shown.starts_with("notes.txt\n    1: Ärende: skicka fakturorna\n"),
        "{shown}"
    );
    assert!(
        shown.contains("  faktura (invoice, sv) Ett krav på betalning.\n"),
        "{shown}"
    );
    assert!(
        shown.contains("  katalog (directory, sv) En samling filer.\n"),
        "{shown}"
    );
}

#[test]
fn a_language_without_terms_is_announced() {
    let dir = setup();
    let (code, out, err) = run(
        dir.path(),
        &["--lint", "-", "--lang", "de"],
        Some("eine Mappe"),
    );
    assert_eq!((code, out.as_str()), (Some(0), ""));
    assert_eq!(
        err,
        "gloss: warning: the glossary has no terms in de: nothing in it is checked\n\
         gloss: 1 file(s) checked, 0 error(s), 0 warning(s), 0 note(s)\n"
    );
}

#[test]
fn sarif_is_for_lint_only() {
    let dir = setup();
    let (code, _, err) = run(dir.path(), &["directory", "--format", "sarif"], None);
    assert_eq!(code, Some(2));
    assert_eq!(err, "gloss: --format sarif is for --lint\n");
    let (code, _, _) = run(dir.path(), &["--list", "--fuzzy"], None);
    assert_eq!(code, Some(2));
}

/// Python's `jsonschema` (Debian's python3-jsonschema), which .ci/run installs.
fn has_jsonschema() -> bool {
    let found = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|status| status.success());
    if !found && std::env::var_os("CI").is_some_and(|v| v == "true") {
        panic!("python3 with jsonschema is needed under CI (apt-get install python3-jsonschema)");
    }
    found
}

#[test]
fn sarif_validates_against_the_official_schema() {
    if !has_jsonschema() {
        eprintln!("skipped: python3 jsonschema is not installed");
        return;
    }
    let dir = setup();
    documents(dir.path());
    let (code, out, _) = run(
        dir.path(),
        &[
            "--lint",
            "guide.md",
            "notes.txt",
            "missing.txt",
            "--lang",
            "sv",
            "-f",
            "sarif",
        ],
        None,
    );
    assert_eq!(code, Some(2));
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["ruleId"], "avoided-term");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(14))
    );
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let sarif = dir.path().join("out.sarif");
    fs::write(&sarif, &out).unwrap();
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures/sarif-schema-2.1.0.json");
    let check = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             jsonschema.Draft4Validator(schema).validate(json.load(open(sys.argv[2])))",
        ])
        .arg(&schema)
        .arg(&sarif)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // A log the schema refuses is refused: the check can fail.
    fs::write(&sarif, out.replace("\"2.1.0\"", "\"9\"")).unwrap();
    let refused = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             jsonschema.Draft4Validator(schema).validate(json.load(open(sys.argv[2])))",
        ])
        .arg(&schema)
        .arg(&sarif)
        .output()
        .unwrap();
    assert!(!refused.status.success());
}

#[test]
fn avoid_is_checked_and_shown_in_json() {
    let dir = setup();
    let (code, out, _) = run(
        dir.path(),
        &["directory", "--lang", "sv", "-f", "json"],
        None,
    );
    assert_eq!(code, Some(0));
    let page: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(page["avoid"], serde_json::json!(["mapp", "folder"]));
    write(
        dir.path(),
        "terms/directory/fi.md",
        "---\ntitle: hakemisto\ndescription: Kokoelma.\navoid: [Hakemisto, kansio]\n---\nText.\n",
    );
    let (code, out, _) = run(dir.path(), &["--check", "terms"], None);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("fi.md:4: 'Hakemisto' is both avoided and a name of this term"),
        "{out}"
    );
}

#[test]
fn a_po_file_gets_each_severity_at_its_place_in_the_string() {
    let dir = setup();
    write(
        dir.path(),
        "terms/ledger/en.md",
        "---\ntitle: ledger\ndescription: The book of accounts.\n---\nText.\n",
    );
    write(
        dir.path(),
        "sv.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: sv\\n\"\n\n\
         msgid \"Open the _directory in the ledger\"\nmsgstr \"Öppna &mappen i huvudboken\"\n\n\
         msgid \"Move the directory\"\nmsgstr \"Flytta katalogen\"\n\n\
         # gloss-ignore\nmsgid \"the directory\"\nmsgstr \"mappen\"\n",
    );
    let (code, out, err) = run(dir.path(), &["--lint", "sv.po"], None);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        out,
        "sv.po:5:18: warning: `directory` should be translated `katalog` or `filkatalog` [directory]\n\
         sv.po:5:35: note: `ledger` has no article in sv [ledger]\n\
         sv.po:6:16: error: `mappen` is to be avoided; use `katalog` [directory]\n"
    );
    assert_eq!(
        err,
        "gloss: 1 file(s) checked, 1 error(s), 1 warning(s), 1 note(s)\n"
    );
    // The flags win over the file's Language: header.
    let (_, out, _) = run(
        dir.path(),
        &["--lint", "sv.po", "--lang", "fi", "--source-lang", "sv"],
        None,
    );
    assert!(out.is_empty(), "{out}");
}

#[test]
fn tbx_carries_titles_aliases_and_avoided_terms_by_status() {
    let dir = setup();
    let (code, tbx, err) = run(dir.path(), &["--export", "tbx", "--lang", "sv"], None);
    assert_eq!(code, Some(0), "{err}");
    let statuses = |term: &str, status: &str| {
        tbx.contains(&format!(
            "<term>{term}</term>\n            <termNote type=\"administrativeStatus\">{status}</termNote>"
        ))
    };
    assert!(statuses("katalog", "preferredTerm-admn-sts"), "{tbx}");
    assert!(statuses("filkatalog", "admittedTerm-admn-sts"), "{tbx}");
    assert!(statuses("mapp", "deprecatedTerm-admn-sts"), "{tbx}");
    assert!(statuses("folder", "deprecatedTerm-admn-sts"), "{tbx}");
    write(dir.path(), "terms.tbx", &tbx);
    let (code, _, err) = run(
        dir.path(),
        &["--import", "terms.tbx", "--into", "back"],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let article = fs::read_to_string(dir.path().join("back/directory/sv.md")).unwrap();
    assert!(
        article.contains("aliases: [\"filkatalog\"]\navoid: [\"mapp\", \"folder\"]\n"),
        "{article}"
    );
    // Exported again, the imported folder is the same term base.
    let (_, again, _) = run(
        dir.path(),
        &["--export", "tbx", "--lang", "sv", "--data-dir", "back"],
        None,
    );
    assert_eq!(again, tbx);
    // A term base that says nothing of status: the first term is the title.
    write(
        dir.path(),
        "other.tbx",
        "<tbx type=\"TBX-Basic\"><text><body><conceptEntry id=\"c1\"><langSec xml:lang=\"sv\">\
         <termSec><term>konto</term></termSec>\
         <termSec><term>räkning</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec>\
         <termSec><term>bankkonto</term></termSec></langSec></conceptEntry></body></text></tbx>",
    );
    let (code, _, err) = run(
        dir.path(),
        &["--import", "other.tbx", "--into", "other"],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let article = fs::read_to_string(dir.path().join("other/konto/sv.md")).unwrap();
    assert!(article.contains("title: \"konto\""), "{article}");
    assert!(
        article.contains("aliases: [\"bankkonto\"]\navoid: [\"räkning\"]"),
        "{article}"
    );
}

/// Where the system's gettext catalogues and GnuCash's are: the test needs
/// msgunfmt (gettext) and gnucash-common's catalogues, which .ci/run
/// installs (GLOSS_GNUCASH_LOCALE names an unpacked copy's locale folder).
fn real_catalogues() -> Option<std::path::PathBuf> {
    let locale = std::env::var_os("GLOSS_GNUCASH_LOCALE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/share/locale".into());
    let msgunfmt = std::process::Command::new("msgunfmt")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let found = msgunfmt && locale.join("de/LC_MESSAGES/gnucash.mo").is_file();
    if !found && std::env::var_os("CI").is_some_and(|v| v == "true") {
        panic!(
            "msgunfmt and gnucash-common's catalogues are needed under CI (.ci/run installs them)"
        );
    }
    found.then_some(locale)
}

/// Each finding's line and column point at the text found, in the file.
fn assert_positions_hold(dir: &Path, json: &str) -> usize {
    let findings: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let mut files: std::collections::HashMap<String, Vec<String>> = Default::default();
    for finding in &findings {
        let path = finding["path"].as_str().unwrap().to_string();
        let lines = files.entry(path.clone()).or_insert_with(|| {
            let text = fs::read(dir.join(&path)).unwrap();
            String::from_utf8_lossy(&text)
                .lines()
                .map(str::to_string)
                .collect()
        });
        let line = &lines[finding["line"].as_u64().unwrap() as usize - 1];
        let column = finding["column"].as_u64().unwrap() as usize - 1;
        let at: String = line
            .chars()
            .skip(column)
            .take(1)
            .collect::<String>()
            .to_lowercase();
        let first: String = finding["found"]
            .as_str()
            .unwrap()
            .chars()
            .take(1)
            .collect::<String>()
            .to_lowercase();
        assert_eq!(at, first, "{finding} in {line:?}");
    }
    findings.len()
}

#[test]
fn real_translations_by_others_are_checked_at_the_right_places() {
    let Some(locale) = real_catalogues() else {
        eprintln!("skipped: needs msgunfmt and gnucash-common's catalogues");
        return;
    };
    let dir = setup();
    let root = dir.path();
    for (slug, en, de) in [
        ("account", "account", "Konto"),
        ("transaction", "transaction", "Buchung"),
        ("invoice", "invoice", "Rechnung"),
        ("budget", "budget", "Budget"),
    ] {
        write(
            root,
            &format!("terms/{slug}/en.md"),
            &format!("---\ntitle: {en}\ndescription: {en}.\n---\n"),
        );
        write(
            root,
            &format!("terms/{slug}/de.md"),
            &format!("---\ntitle: {de}\ndescription: {de}.\n---\n"),
        );
    }
    let unpack = |mo: &Path, po: &str| {
        let status = std::process::Command::new("msgunfmt")
            .arg(mo)
            .arg("-o")
            .arg(root.join(po))
            .status()
            .unwrap();
        assert!(status.success(), "msgunfmt {}", mo.display());
    };
    unpack(&locale.join("de/LC_MESSAGES/gnucash.mo"), "gnucash-de.po");
    // GnuCash's German translation, by its translators.
    let (code, json, err) = run(root, &["--lint", "gnucash-de.po", "-f", "json"], None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(", 0 error(s), "), "{err}");
    let checked = assert_positions_hold(root, &json);
    assert!(checked > 100, "{checked} findings");
    // The system's own Swedish catalogues, every one of them.
    let mut names = Vec::new();
    for entry in fs::read_dir("/usr/share/locale/sv/LC_MESSAGES")
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().replace(".mo", ".po");
        unpack(&entry.path(), &name);
        names.push(name);
    }
    names.sort();
    assert!(!names.is_empty());
    let mut args = vec!["--lint"];
    args.extend(names.iter().map(String::as_str));
    args.extend(["-f", "json", "--lang", "sv"]);
    let (code, json, err) = run(root, &args, None);
    assert_ne!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!("gloss: {} file(s) checked", names.len())),
        "{err}"
    );
    assert_positions_hold(root, &json);
}
