//! Colour where asked: `--color always` and `CLICOLOR_FORCE` give the
//! terminal rendering even when piped (golden files), and web links become
//! OSC 8 hyperlinks with addresses that cannot break out of the sequence.

use crate::common::*;

#[test]
fn color_always_piped_is_the_terminal_rendering() {
    for lang in SEED_LANGS {
        // No --format and no --width: COLUMNS is unset, so 80 columns.
        let coloured = golden_of(&["soft-sell", "--lang", lang, "--color", "always"]);
        insta::assert_snapshot!(format!("piped_color_always_{lang}"), coloured);
        let forced = gloss()
            .args(["--data-dir", SEED_GLOSSARY, "soft-sell", "--lang", lang])
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(forced.stdout).unwrap(), coloured);
    }
    let list = golden_of(&["--list", "--color", "always"]);
    insta::assert_snapshot!("piped_color_always_list", list);
}

#[test]
fn color_always_wraps_to_width_then_columns() {
    let fits = |text: &str, width: usize| {
        text.lines()
            .all(|line| unicode_columns(&strip_ansi(line)) <= width)
    };
    let narrow = stdout_of(&["soft-sell", "--color", "always", "--width", "40"]);
    assert!(narrow.contains('\x1b') && fits(&narrow, 40));
    let out = gloss()
        .args(["soft-sell", "--color", "always"])
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    let columns = String::from_utf8(out.stdout).unwrap();
    assert!(fits(&columns, 50) && !fits(&columns, 45), "{columns}");
    assert!(fits(&stdout_of(&["soft-sell", "--color", "always"]), 80));
}

/// Display columns, counting every character as one: the seed articles'
/// scripts (Latin, Cyrillic) are all one column wide.
fn unicode_columns(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn plain_stays_plain_unless_colour_is_asked() {
    let plain = stdout_of(&["soft-sell"]);
    assert!(!plain.contains('\x1b'));
    assert_eq!(plain, stdout_of(&["soft-sell", "--color", "never"]));
    let no_color = gloss()
        .args(["soft-sell", "--color", "auto"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(no_color.stdout).unwrap(), plain);
    // --format wins over colour.
    for format in ["plain", "markdown", "json"] {
        let out = stdout_of(&["soft-sell", "--color", "always", "--format", format]);
        assert!(!out.contains('\x1b'), "{format}");
    }
}

/// A folder with one article linking out to hostile addresses.
fn linking_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let term = dir.path().join("web-link");
    std::fs::create_dir(&term).unwrap();
    std::fs::write(
        term.join("en.md"),
        "---\ntitle: Web link\ndescription: Links out.\n---\n\
         See [the site](https://example.com/a?b=c#d), \
         [https://bücher.example/ä](https://bücher.example/ä) and \
         [odd](<https://x.example/a b\\>c>).\n",
    )
    .unwrap();
    dir
}

fn with_links(extra: &[&str], env: &[(&str, &str)]) -> String {
    let dir = linking_folder();
    let mut cmd = gloss();
    cmd.arg("--data-dir")
        .arg(dir.path())
        .args(["web-link", "--lang", "en", "--format", "terminal"])
        .args(extra);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn web_links_are_listed_and_hyperlinked_when_asked() {
    let plain = with_links(&[], &[]);
    assert!(!plain.contains("\x1b]8"), "auto, piped: no hyperlinks");
    assert!(
        plain.contains("the site — https://example.com/a?b=c#d"),
        "{plain}"
    );
    assert!(
        plain.contains("https://b%C3%BCcher.example/%C3%A4"),
        "{plain}"
    );
    let linked = with_links(&["--hyperlink", "always"], &[]);
    assert!(linked.contains(
        "\x1b]8;;https://example.com/a?b=c#d\x1b\\https://example.com/a?b=c#d\x1b]8;;\x1b\\"
    ));
    // Every sequence opened is closed, and nothing but printable ASCII sits
    // between `ESC ] 8 ; ;` and its terminator.
    let opened = linked.matches("\x1b]8;;").count();
    assert_eq!(opened, 6, "{linked:?}");
    for piece in linked.split("\x1b]8;;").skip(1) {
        let target = piece.split("\x1b\\").next().unwrap();
        assert!(target.bytes().all(|b| b.is_ascii_graphic()), "{target:?}");
    }
    // The links take no room: the layout is the one without them.
    assert_eq!(strip_osc(&linked), plain);
    for never in [
        with_links(&["--hyperlink", "never"], &[]),
        with_links(&["--hyperlink", "auto"], &[("TERM", "xterm")]),
    ] {
        assert!(!never.contains("\x1b]8"));
    }
}

/// `text` without its OSC 8 sequences (the address and both terminators).
fn strip_osc(text: &str) -> String {
    let mut out = String::new();
    for (at, piece) in text.split("\x1b]8;;").enumerate() {
        out.push_str(if at == 0 {
            piece
        } else {
            piece.split_once("\x1b\\").unwrap().1
        });
    }
    out
}

#[test]
fn hyperlinks_do_not_change_the_wrapping() {
    for width in ["30", "44", "80"] {
        let args = ["--width", width, "--color", "always"];
        let plain = with_links(&args, &[]);
        let linked = with_links(&[&args[..], &["--hyperlink", "always"]].concat(), &[]);
        assert_eq!(strip_osc(&linked), plain, "width {width}");
    }
}

/// `--hyperlink auto` on a real terminal (a pty from util-linux `script`):
/// links unless TERM is dumb.
#[test]
fn hyperlinks_by_default_on_a_terminal_unless_dumb() {
    let found = std::process::Command::new("sh")
        .args(["-c", "command -v script"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !found {
        eprintln!("SKIPPED: util-linux script (a pty) is not installed");
        return;
    }
    let dir = linking_folder();
    let home = tempfile::tempdir().unwrap();
    let on_terminal = |term: &str| {
        let command = format!(
            "{} --data-dir {} web-link --lang en -P",
            assert_cmd::cargo::cargo_bin("gloss").display(),
            dir.path().display()
        );
        let out = std::process::Command::new("script")
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("SHELL", "/bin/sh")
            .env("TERM", term)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .args(["-qec", &command, "/dev/null"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let linked = on_terminal("xterm-256color");
    assert!(
        linked.contains("\x1b]8;;https://example.com/a?b=c#d\x1b\\"),
        "{linked:?}"
    );
    assert!(!on_terminal("dumb").contains("\x1b]8"));
}
