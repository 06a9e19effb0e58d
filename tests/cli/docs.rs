//! The documents a user reads say what the command line does: every flag
//! `gloss --help` shows is explained in GUIDE.md (the man page is generated
//! from the same definition, and tests/cli/man.rs keeps it fresh).

/// The long flags of the command line that `--help` shows.
fn shown_flags() -> Vec<String> {
    let mut cmd = gloss_core::command();
    cmd.build();
    cmd.get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
        .collect()
}

/// Whether `text` names `flag` as a whole flag (`--lang`, not `--language`).
fn names(text: &str, flag: &str) -> bool {
    text.match_indices(flag).any(|(at, _)| {
        let next = text[at + flag.len()..].chars().next();
        next.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-')
    })
}

#[test]
fn every_flag_in_help_is_in_the_guide() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/GUIDE.md"))
        .expect("GUIDE.md");
    let flags = shown_flags();
    assert!(flags.len() > 20, "too few flags read: {flags:?}");
    let missing: Vec<&String> = flags.iter().filter(|flag| !names(&guide, flag)).collect();
    assert!(
        missing.is_empty(),
        "flags GUIDE.md does not explain: {missing:?}"
    );
}

#[test]
fn a_flag_is_named_whole() {
    assert!(names("use `--lang sv`", "--lang"));
    assert!(!names("use `--language`", "--lang"));
    assert!(!names("nothing here", "--lang"));
}
