//! Output formats: golden files (of the seed glossary fixture) for every seed language in plain, terminal
//! (`--color always --width 80`), markdown and JSON, and the properties
//! scripts rely on.

use crate::common::*;

#[test]
fn golden_outputs() {
    for lang in SEED_LANGS {
        let plain = golden_of(&["soft-sell", "--lang", lang, "--format", "plain"]);
        insta::assert_snapshot!(format!("plain_{lang}"), plain);
        let terminal = golden_of(&[
            "soft-sell",
            "--lang",
            lang,
            "--format",
            "terminal",
            "--color",
            "always",
            "--width",
            "80",
        ]);
        insta::assert_snapshot!(format!("terminal_{lang}"), terminal);
        let markdown = golden_of(&["soft-sell", "--lang", lang, "--format", "markdown"]);
        insta::assert_snapshot!(format!("markdown_{lang}"), markdown);
        let json = golden_of(&["soft-sell", "--lang", lang, "--format", "json"]);
        insta::assert_snapshot!(format!("json_{lang}"), json);
    }
}

#[test]
fn piped_output_is_plain() {
    let auto = stdout_of(&["soft-sell", "--lang", "sv"]);
    let plain = stdout_of(&["soft-sell", "--lang", "sv", "--format", "plain"]);
    assert_eq!(auto, plain);
    assert!(!auto.contains('\x1b'));
    assert!(!auto.contains("]("), "link markup leaked");
    assert_eq!(auto.lines().next(), Some("Mjuk sälj"));
    // Whole sentences stay on one line for grep.
    assert!(auto
        .lines()
        .any(|line| line.contains("mjukförsäljning när en onlineåterförsäljare känner igen")));
}

#[test]
fn title_prints_once() {
    for format in ["plain", "terminal", "markdown"] {
        let out = stdout_of(&[
            "soft-sell",
            "--lang",
            "fi",
            "--format",
            format,
            "--color",
            "never",
        ]);
        assert_eq!(out.matches("Pehmeä myynti\n").count(), 1, "{format}: {out}");
    }
}

#[test]
fn related_terms_are_listed_and_marked() {
    let plain = stdout_of(&["soft-sell", "--lang", "sv"]);
    let tail: Vec<&str> = plain.lines().rev().take(5).collect();
    assert!(tail.contains(&"Relaterade termer"), "{tail:?}");
    assert!(plain.contains("- hard-sell: hårdförsäljningen (saknas i ordlistan)"));
    assert!(plain.contains("- ecommerce: e-handel (saknas i ordlistan)"));
    let json = stdout_of(&["soft-sell", "--lang", "fi", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let related = value["related"].as_array().unwrap();
    let slugs: Vec<&str> = related
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["repeat-sales", "hard-sell", "consumer-theory", "ecommerce"]
    );
    assert!(related.iter().all(|r| r["in_glossary"] == false));
}

#[test]
fn json_has_the_documented_fields() {
    let json = stdout_of(&["soft-sell", "--lang", "pl", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for field in [
        "slug",
        "lang",
        "title",
        "description",
        "keywords",
        "sections",
        "related",
        "langs",
    ] {
        assert!(value.get(field).is_some(), "missing {field}");
    }
    assert_eq!(
        value["keywords"],
        serde_json::json!(["Business", "Marketing Essentials"])
    );
    assert_eq!(
        value["langs"],
        serde_json::json!(["fi", "nb", "pl", "ru", "sv"])
    );
    assert_eq!(
        value["sections"][0]["heading"],
        "Co to jest miękka sprzedaż?"
    );
}

#[test]
fn short_is_one_line_in_every_format() {
    for format in ["plain", "terminal", "markdown"] {
        let out = stdout_of(&[
            "soft-sell",
            "--lang",
            "ru",
            "--short",
            "--format",
            format,
            "--color",
            "never",
            "--width",
            "400",
        ]);
        assert_eq!(out.lines().count(), 1, "{format}: {out:?}");
        assert!(
            out.starts_with("Мягкая продажа относится"),
            "{format}: {out:?}"
        );
    }
    let json = stdout_of(&["soft-sell", "--lang", "ru", "--short", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value["description"]
        .as_str()
        .unwrap()
        .starts_with("Мягкая продажа относится"));
}

#[test]
fn terminal_output_fits_the_width() {
    for width in [8, 9, 13, 20, 33, 47, 80, 121] {
        let out = stdout_of(&[
            "soft-sell",
            "--lang",
            "ru",
            "--format",
            "terminal",
            "--width",
            &width.to_string(),
        ]);
        for line in strip_ansi(&out).lines() {
            let columns = unicode_width::UnicodeWidthStr::width(line);
            assert!(
                columns <= width,
                "width {width}: {columns} columns: {line:?}"
            );
        }
    }
}

#[test]
fn narrow_terminals_fit_nested_lists_of_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    let term = dir.path().join("lst");
    std::fs::create_dir_all(&term).unwrap();
    let text = "---\ntitle: 清單\ndescription: 一個很長的描述文字\n---\n\
                - 第一項 [連結](/soft-sell)\n  - 巢狀項目很長\n    - 第三層項目\n\n\
                > 引用文字很長很長\n";
    std::fs::write(term.join("zh-TW.md"), text).unwrap();
    for width in 8..=12 {
        let output = gloss()
            .arg("--data-dir")
            .arg(dir.path())
            .args(["lst", "--format", "terminal", "--color", "always"])
            .args(["--width", &width.to_string()])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        for line in strip_ansi(&String::from_utf8(output.stdout).unwrap()).lines() {
            let columns = unicode_width::UnicodeWidthStr::width(line);
            assert!(columns <= width, "width {width}: {line:?}");
        }
    }
}

#[test]
fn unusable_widths_do_not_panic() {
    for width in ["0", "1", "5", "19", "100000", "18446744073709551615"] {
        stdout_of(&["soft-sell", "--format", "terminal", "--width", width]);
    }
}

#[test]
fn colour_follows_flags_and_environment() {
    let has_escapes = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        out.stdout.contains(&0x1b)
    };
    let terminal = ["soft-sell", "--format", "terminal"];
    assert!(!has_escapes(gloss().args(terminal)), "auto, piped");
    assert!(has_escapes(
        gloss().args(terminal).args(["--color", "always"])
    ));
    assert!(!has_escapes(
        gloss().args(terminal).args(["--color", "never"])
    ));
    assert!(has_escapes(
        gloss().args(terminal).env("CLICOLOR_FORCE", "1")
    ));
    assert!(!has_escapes(
        gloss()
            .args(terminal)
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
    ));
    // Only a set value other than 0 forces colour (bixense.com/clicolors).
    for not_forced in ["0", ""] {
        assert!(
            !has_escapes(gloss().args(terminal).env("CLICOLOR_FORCE", not_forced)),
            "CLICOLOR_FORCE={not_forced:?}"
        );
    }
    // Plain output never carries escapes, whatever is asked.
    assert!(!has_escapes(gloss().args([
        "soft-sell",
        "--format",
        "plain",
        "--color",
        "always"
    ])));
}

#[test]
fn markdown_drops_front_matter() {
    let md = stdout_of(&["soft-sell", "--lang", "nb", "--format", "markdown"]);
    assert!(md.starts_with("# Mykt salg\n"));
    assert!(!md.contains("keywords:"));
    assert!(md.contains("\n## Hva er et mykt salg?\n"));
    assert!(md.contains("[hardt salg](/hard-sell)"));
}

#[test]
fn closed_pipe_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = gloss_std()
        .args(["soft-sell", "--format", "json"])
        .stdout(writer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(output.stderr, b"");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} soft-sell --lang ru | head -c 1 >/dev/null",
            assert_cmd::cargo::cargo_bin("gloss").display()
        ))
        .status()
        .map(|status| assert!(status.success()))
        .unwrap();
}

#[test]
fn full_disk_is_an_error() {
    if std::path::Path::new("/dev/full").exists() {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = gloss_std().arg("soft-sell").stdout(file).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_one_line_error(&String::from_utf8(output.stderr).unwrap());
    }
}
