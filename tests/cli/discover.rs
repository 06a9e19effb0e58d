//! Discovery: --list, --langs, --translations and --search, in plain text
//! (golden files) and JSON, including misses, non-Latin scripts and
//! diacritics.

use crate::common::*;

fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(args)).expect("valid JSON")
}

#[test]
fn list_golden() {
    insta::assert_snapshot!("list_plain", golden_of(&["--list"]));
    insta::assert_snapshot!("list_ru", golden_of(&["--list", "--lang", "ru"]));
    insta::assert_snapshot!("langs_plain", golden_of(&["--langs"]));
    insta::assert_snapshot!(
        "translations_plain",
        golden_of(&["soft-sell", "--translations"])
    );
}

#[test]
fn list_uses_the_preferred_language() {
    assert_eq!(
        stdout_of(&["--list", "--lang", "pl"]),
        "soft-sell\tMiękka sprzedaż\n"
    );
    let out = gloss()
        .env("LANG", "sv_SE.UTF-8")
        .arg("--list")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "soft-sell\tMjuk sälj\n"
    );
    // A language no term has falls back like a lookup does.
    assert_eq!(
        stdout_of(&["--list", "--lang", "de"]),
        "soft-sell\tPehmeä myynti\n"
    );
}

#[test]
fn list_json() {
    let value = json_of(&["--list", "--format", "json", "--lang", "nb"]);
    assert_eq!(
        value,
        serde_json::json!([{"slug": "soft-sell", "title": "Mykt salg", "lang": "nb"}])
    );
}

#[test]
fn list_takes_no_term() {
    stderr_of(&["--list", "soft"], 2);
}

#[test]
fn langs_of_the_glossary_and_of_a_term() {
    assert_eq!(
        stdout_of(&["--langs"]),
        "fi\t1\nnb\t1\npl\t1\nru\t1\nsv\t1\n"
    );
    assert_eq!(stdout_of(&["soft-sell", "--langs"]), "fi\nnb\npl\nru\nsv\n");
    assert_eq!(
        stdout_of(&["Мягкая продажа", "--langs"]),
        "fi\nnb\npl\nru\nsv\n"
    );
    let value = json_of(&["--langs", "--format", "json"]);
    assert_eq!(value[0], serde_json::json!({"lang": "fi", "articles": 1}));
    stderr_of(&["no-such-term", "--langs"], 1);
}

#[test]
fn translations_by_slug_or_title() {
    let by_title = stdout_of(&["pehmea myynti", "--translations"]);
    assert_eq!(by_title, stdout_of(&["soft-sell", "--translations"]));
    assert!(by_title.contains("pl\tMiękka sprzedaż\n"));
    let value = json_of(&["soft-sell", "--translations", "--format", "json"]);
    assert_eq!(
        value[3],
        serde_json::json!({"lang": "ru", "title": "Мягкая продажа"})
    );
    let stderr = stderr_of(&["sotf-sell", "--translations"], 1);
    assert!(stderr.contains("did you mean soft-sell"), "{stderr}");
    stderr_of(&["--translations"], 2);
}

#[test]
fn search_finds_words_in_every_script() {
    assert_eq!(
        stdout_of(&["--search", "e-postmeddelande"]),
        "soft-sell\tsv\tMjuk sälj\n"
    );
    assert_eq!(
        stdout_of(&["--search", "корзины"]),
        "soft-sell\tru\tМягкая продажа\n"
    );
    // Case and diacritics are ignored, as in lookups.
    assert_eq!(
        stdout_of(&["--search", "КОРЗИНЫ"]),
        "soft-sell\tru\tМягкая продажа\n"
    );
    assert_eq!(
        stdout_of(&["--search", "kopare", "--lang", "sv"]),
        "soft-sell\tsv\tMjuk sälj\n"
    );
    assert_eq!(
        stdout_of(&["--search", "Sprzedaz", "nachalnego"]),
        "soft-sell\tpl\tMiękka sprzedaż\n"
    );
}

#[test]
fn search_matches_the_last_word_as_a_prefix() {
    assert_eq!(
        stdout_of(&["--search", "handlekur"]),
        "soft-sell\tnb\tMykt salg\n"
    );
    // Only the last word: an earlier partial word must match whole.
    gloss()
        .args(["--search", "handlekur", "nettforhandler"])
        .assert()
        .code(1);
}

#[test]
fn search_ranks_title_hits_first_and_filters_language() {
    let hits = stdout_of(&["--search", "myynti"]);
    assert_eq!(hits, "soft-sell\tfi\tPehmeä myynti\n");
    // Keywords are metadata, not text.
    gloss().args(["--search", "Business"]).assert().code(1);
    let shared = stdout_of(&["--search", "e"]);
    assert!(shared.lines().count() >= 2, "{shared}");
    let only_ru = stdout_of(&["--search", "продажа", "--lang", "ru"]);
    assert_eq!(only_ru, "soft-sell\tru\tМягкая продажа\n");
}

#[test]
fn search_json_and_terminal() {
    let value = json_of(&["--search", "корзин", "--format", "json"]);
    assert_eq!(value[0]["slug"], "soft-sell");
    assert!(value[0]["score"].as_f64().unwrap() > 0.0);
    let terminal = stdout_of(&[
        "--search",
        "корзины",
        "--format",
        "terminal",
        "--color",
        "always",
        "--width",
        "60",
    ]);
    assert!(
        terminal.contains("\x1b[1m\x1b[33mкорзины\x1b[0m"),
        "{terminal:?}"
    );
    for line in strip_ansi(&terminal).lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 60, "{line}");
    }
}

/// A terminal search with colour forced, as a user sees it at 80 columns.
fn terminal_search(args: &[&str]) -> String {
    let mut all = vec!["--search", "--format", "terminal", "--color", "always"];
    all.extend_from_slice(&["--width", "80"]);
    all.extend_from_slice(args);
    stdout_of(&all)
}

/// The highlighted spans of a terminal search, in order.
fn highlighted(terminal: &str) -> Vec<&str> {
    terminal
        .split("\x1b[1m\x1b[33m")
        .skip(1)
        .filter_map(|rest| rest.split("\x1b[0m").next())
        .collect()
}

#[test]
fn snippets_show_the_words_searched_for() {
    // `e-postmeddelande` is searched as `e` and `postmeddelande`; the earlier
    // `e-handel` matches only the `e`, which says next to nothing.
    let swedish = terminal_search(&["e-postmeddelande"]);
    assert_eq!(highlighted(&swedish), ["e-postmeddelande"], "{swedish:?}");
    let russian = terminal_search(&["корзины"]);
    assert_eq!(highlighted(&russian), ["корзины"], "{russian:?}");
}

#[test]
fn snippets_mark_the_matched_characters_of_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("soft-sell")).unwrap();
    std::fs::write(
        dir.path().join("soft-sell/zh-TW.md"),
        "---\ntitle: 軟銷售\ndescription: 一種低壓力的銷售方式。\n---\n\n\
         軟銷售是一種廣告和銷售策略，使用微妙的語言和非攻擊性的技巧。\
         在電子商務中，當線上零售商發現購物者放棄了購物車時，會發送電子郵件給買家，\
         詢問是否遇到問題。\n",
    )
    .unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let terminal = terminal_search(&["--data-dir", data_dir, "--lang", "zh-TW", "電子郵件"]);
    assert_eq!(highlighted(&terminal), ["電子郵件"], "{terminal:?}");
    for line in strip_ansi(&terminal).lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn search_misses_exit_1() {
    let stderr = stderr_of(&["--search", "zzzyzzy"], 1);
    assert!(stderr.contains("no article contains 'zzzyzzy'"), "{stderr}");
    stderr_of(&["--search"], 2);
    stderr_of(&["--search", "!!!"], 2);
}

/// A list that matches nothing is still valid JSON for scripts: `[]` on
/// stdout, the reason on stderr, exit 1.
fn assert_empty_json(args: &[&str]) {
    let output = gloss()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value, serde_json::json!([]), "{args:?}");
    assert_one_line_error(&String::from_utf8(output.stderr).unwrap());
}

#[test]
fn lists_that_match_nothing_are_empty_json_arrays() {
    assert_empty_json(&["--search", "zzzyzzy"]);
    assert_empty_json(&["--search", "e-postmeddelande", "--lang", "fi"]);
    assert_empty_json(&["no-such-term", "--langs"]);
    assert_empty_json(&["sotf-sell", "--translations"]);
    assert_empty_json(&["hard-sell", "--translations"]);
}

#[test]
fn usage_errors_print_no_json() {
    for args in [&["--search", "!!!"][..], &["--translations"]] {
        let output = gloss()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(output.stdout, b"", "{args:?}");
    }
}
