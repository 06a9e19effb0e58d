//! Input no one should type, which must never make gloss panic or reach
//! beyond the glossary.

use crate::common::*;

#[test]
fn path_like_terms_are_just_unknown() {
    for term in [
        "../../etc/passwd",
        "/etc/passwd",
        "soft-sell/../soft-sell",
        ".",
        "..",
        "~",
    ] {
        gloss().arg(term).assert().code(1);
    }
}

#[test]
fn control_characters_never_echo() {
    let output = gloss().arg("\x1b]0;pwned\x07\x1b[2Jsoft").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr:?}"
    );
    assert_one_line_error(&stderr);
}

#[test]
fn huge_terms_are_handled() {
    // Close to the 128 KiB the kernel allows for one argument.
    let huge = "ä".repeat(60_000);
    let output = gloss().arg(&huge).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_one_line_error(&String::from_utf8(output.stderr).unwrap());
}

#[test]
fn whitespace_only_is_a_usage_error() {
    stderr_of(&["   "], 2);
    stderr_of(&["\t\n"], 2);
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_do_not_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let bad = OsString::from_vec(vec![b's', 0xff, 0xfe, b'x']);
    let output = gloss().arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let output = gloss()
        .args(["soft-sell", "--lang"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_one_line_error(&String::from_utf8(output.stderr).unwrap());
}
