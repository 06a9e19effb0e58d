//! End-to-end lookups on the embedded bundle: how a user finds an article,
//! and in which language it comes.

use crate::common::*;
use predicates::prelude::*;

fn title_of(args: &[&str]) -> String {
    stdout_of(args)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn slug_with_lang() {
    assert_eq!(title_of(&["soft-sell", "--lang", "sv"]), "Mjuk sälj");
    assert_eq!(title_of(&["soft-sell", "--lang", "ru"]), "Мягкая продажа");
}

#[test]
fn lang_accepts_locale_spellings() {
    for lang in ["sv", "SV", "sv-SE", "sv_SE.UTF-8", "sv_SE", "sv-se"] {
        assert_eq!(
            title_of(&["soft-sell", "--lang", lang]),
            "Mjuk sälj",
            "{lang}"
        );
    }
    for lang in ["nb", "no", "nb-NO", "no_NO.UTF-8"] {
        assert_eq!(
            title_of(&["soft-sell", "--lang", lang]),
            "Mykt salg",
            "{lang}"
        );
    }
    assert_eq!(title_of(&["soft-sell", "-l", "fi"]), "Pehmeä myynti");
}

#[test]
fn lang_list_is_tried_in_order() {
    assert_eq!(
        title_of(&["soft-sell", "--lang", "de,pl"]),
        "Miękka sprzedaż"
    );
}

#[test]
fn title_in_any_language_shows_that_language() {
    assert_eq!(title_of(&["Мягкая продажа"]), "Мягкая продажа");
    assert_eq!(title_of(&["Pehmeä myynti"]), "Pehmeä myynti");
    assert_eq!(title_of(&["mjuk", "sälj"]), "Mjuk sälj");
    assert_eq!(title_of(&["MYKT", "SALG"]), "Mykt salg");
}

#[test]
fn title_with_lang_shows_the_other_language() {
    assert_eq!(title_of(&["Mjuk sälj", "--lang", "fi"]), "Pehmeä myynti");
    assert_eq!(title_of(&["мягкая продажа", "-l", "sv"]), "Mjuk sälj");
}

#[test]
fn matching_ignores_normalization_form_and_diacritics() {
    // Decomposed ä (a + U+0308) matches the composed title.
    assert_eq!(title_of(&["Mjuk sa\u{308}lj"]), "Mjuk sälj");
    assert_eq!(title_of(&["mjuk salj"]), "Mjuk sälj");
    assert_eq!(title_of(&["miekka", "sprzedaz"]), "Miękka sprzedaż");
    assert_eq!(title_of(&["pehmea myynti"]), "Pehmeä myynti");
    assert_eq!(title_of(&["Soft_Sell", "--lang", "fi"]), "Pehmeä myynti");
    assert_eq!(title_of(&["soft", "sell", "--lang", "fi"]), "Pehmeä myynti");
}

#[test]
fn environment_preferences_follow_gettext_order() {
    let title = |vars: &[(&str, &str)]| {
        let mut cmd = gloss();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.arg("soft-sell").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(title(&[("LANG", "fi_FI.UTF-8")]), "Pehmeä myynti");
    assert_eq!(
        title(&[("LANG", "fi_FI.UTF-8"), ("LC_MESSAGES", "pl_PL.UTF-8")]),
        "Miękka sprzedaż"
    );
    assert_eq!(
        title(&[("LANG", "fi_FI.UTF-8"), ("LC_ALL", "ru_RU.UTF-8")]),
        "Мягкая продажа"
    );
    assert_eq!(
        title(&[("LC_ALL", "ru_RU.UTF-8"), ("LANGUAGE", "de:nb")]),
        "Mykt salg"
    );
    assert_eq!(
        title(&[("LANGUAGE", "sv"), ("GLOSS_LANG", "pl")]),
        "Miękka sprzedaż"
    );
    // C and POSIX say nothing about language: the next variable decides.
    assert_eq!(
        title(&[("LC_ALL", "C.UTF-8"), ("LANG", "sv_SE.UTF-8")]),
        "Mjuk sälj"
    );
    assert_eq!(
        title(&[("LC_ALL", "POSIX"), ("LANG", "nb_NO")]),
        "Mykt salg"
    );
}

#[test]
fn missing_preferred_language_falls_back_with_a_note() {
    gloss()
        .env("LANG", "de_DE.UTF-8")
        .arg("soft-sell")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Pehmeä myynti\n"))
        .stderr(predicate::str::is_match("^gloss: note: .*de-DE.*showing fi.*\n$").unwrap());
    gloss()
        .env("LANGUAGE", "de:ru")
        .arg("soft-sell")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Мягкая продажа\n"))
        .stderr("");
}

#[test]
fn explicit_missing_language_is_not_found() {
    let stderr = stderr_of(&["soft-sell", "--lang", "de"], 1);
    assert!(stderr.contains("fi, nb, pl, ru, sv"), "{stderr}");
}

#[test]
fn near_misses_are_suggested() {
    let stderr = stderr_of(&["sotf-sell"], 1);
    assert!(stderr.contains("did you mean soft-sell"), "{stderr}");
    let stderr = stderr_of(&["mjuk salg"], 1);
    assert!(stderr.contains("soft-sell"), "{stderr}");
}

#[test]
fn linked_but_unwritten_terms_say_so() {
    let stderr = stderr_of(&["hard-sell"], 1);
    assert!(
        stderr.contains("'hard-sell' has no article yet"),
        "{stderr}"
    );
    assert!(stderr.contains("soft-sell"), "{stderr}");
}

#[test]
fn unknown_terms_exit_1() {
    let stderr = stderr_of(&["quantum-flapdoodle"], 1);
    assert!(
        stderr.contains("no term matches 'quantum-flapdoodle'"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2_in_one_line() {
    stderr_of(&[], 2);
    stderr_of(&[""], 2);
    stderr_of(&["soft-sell", "--format", "bogus"], 2);
    stderr_of(&["soft-sell", "--color", "sometimes"], 2);
    stderr_of(&["soft-sell", "--width", "-3"], 2);
    stderr_of(&["soft-sell", "--no-such-flag"], 2);
    let stderr = stderr_of(&["soft-sell", "--lang", "english"], 2);
    assert!(
        stderr.contains("'english' is not a language tag"),
        "{stderr}"
    );
}

#[test]
fn help_and_version_succeed() {
    gloss()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--lang").and(predicate::str::contains("Examples:")));
    gloss()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("gloss "));
}
