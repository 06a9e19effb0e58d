//! Inputs the fuzzers found or started from, replayed through the same code
//! the fuzz targets run (`fuzz/fuzz_targets/exercise.rs`): crashes found by
//! fuzzing live in `tests/cli/fuzz_regressions/<target>/`, the seeds in
//! `fuzz/seeds/<target>/`.

#[path = "../../fuzz/fuzz_targets/exercise.rs"]
mod exercise;

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in [
        root.join("fuzz/seeds").join(target),
        root.join("tests/cli/fuzz_regressions").join(target),
    ] {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                found.push((name, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    assert!(!found.is_empty(), "no inputs for {target}");
    found
}

#[test]
fn article_inputs_parse_and_render_cleanly() {
    for (name, data) in inputs("article") {
        eprintln!("article input {name}");
        exercise::article(&data);
    }
}

#[test]
fn lang_inputs_keep_their_invariants() {
    for (name, data) in inputs("lang") {
        eprintln!("lang input {name}");
        exercise::lang(&String::from_utf8_lossy(&data));
    }
}

#[test]
fn cache_inputs_are_read_without_panics() {
    for (name, data) in inputs("cache") {
        eprintln!("cache input {name}");
        exercise::cache(&data);
    }
}

#[test]
fn po_inputs_are_read_without_panics() {
    for (name, data) in inputs("po") {
        eprintln!("po input {name}");
        exercise::po(&data);
    }
}

#[test]
fn xliff_inputs_are_read_without_panics() {
    for (name, data) in inputs("xliff") {
        eprintln!("xliff input {name}");
        exercise::xliff(&data);
    }
}

#[test]
fn the_output_check_itself_catches_foreign_escapes() {
    exercise::assert_only_own_escapes("plain \x1b[1;33mstyled\x1b[0m\n");
    for bad in ["\x1b]52;c;x\x07", "bell \x07", "\x1b[2J", "c1 \u{9b}"] {
        let caught = std::panic::catch_unwind(|| exercise::assert_only_own_escapes(bad));
        assert!(caught.is_err(), "{bad:?} slipped through");
    }
}
