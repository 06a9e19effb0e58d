//! Project glossaries: the nearest `.gloss/` above the working directory,
//! found as git finds `.git`, and every way it is refused.

use crate::common::*;
use std::fs;
use std::path::Path;

/// A repository with a project glossary and a folder three levels down.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".gloss/build-cache/en.md",
        &article("Build cache", "Where builds keep results.", "Fast."),
    );
    fs::create_dir_all(dir.path().join("src/deep/er")).unwrap();
    dir
}

#[test]
fn the_nearest_gloss_folder_above_is_read() {
    let repo = repository();
    let deep = repo.path().join("src/deep/er");
    let out = gloss()
        .current_dir(&deep)
        .args(["build-cache", "--short"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Where builds keep results.\n"
    );
    let paths = gloss()
        .current_dir(&deep)
        .arg("--show-paths")
        .output()
        .unwrap();
    let paths = String::from_utf8(paths.stdout).unwrap();
    let line = format!(
        "project folder\t{}\texists",
        repo.path().join(".gloss").display()
    );
    assert!(paths.lines().any(|l| l == line), "{paths}");
    // It comes after --data-dir and before the user folder.
    let kinds: Vec<&str> = paths
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["config file", "project folder", "user folder", "bundle"]
    );
}

#[test]
fn no_project_and_the_config_turn_it_off() {
    let repo = repository();
    let deep = repo.path().join("src");
    gloss()
        .current_dir(&deep)
        .args(["build-cache", "--no-project"])
        .assert()
        .code(1);
    let config = repo.path().join("config.yaml");
    fs::write(&config, "project: false\n").unwrap();
    gloss()
        .current_dir(&deep)
        .env("GLOSS_CONFIG", &config)
        .arg("build-cache")
        .assert()
        .code(1);
    // Without either, it is there.
    gloss()
        .current_dir(&deep)
        .arg("build-cache")
        .assert()
        .success();
}

#[test]
fn a_project_folder_is_as_untrusted_as_any() {
    let repo = tempfile::tempdir().unwrap();
    write(
        repo.path(),
        ".gloss/trap/en.md",
        "---\ntitle: \"Trap\\e]52;c;ZXZpbA==\\a\"\ndescription: Clears \\e[2J the screen.\n---\n\n\x1b[31mred\x1b[0m\n",
    );
    write(repo.path(), ".gloss/huge/en.md", &"x".repeat(2 << 20));
    for format in ["terminal", "plain", "json"] {
        let out = gloss()
            .current_dir(repo.path())
            .args(["trap", "--color", "never", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{format}"
        );
    }
    let huge = gloss()
        .current_dir(repo.path())
        .arg("huge")
        .output()
        .unwrap();
    assert_eq!(huge.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&huge.stderr).contains("larger than the 1048576-byte limit"));
}

#[test]
fn the_walk_stops_at_the_root_with_nothing_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = gloss()
        .current_dir(dir.path())
        .arg("--show-paths")
        .output()
        .unwrap();
    let paths = String::from_utf8(out.stdout).unwrap();
    assert!(!paths.contains("project folder"), "{paths}");
    assert!(out.stderr.is_empty());
}

#[test]
fn a_symlinked_or_file_gloss_is_refused_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    write(
        elsewhere.path(),
        "secret/en.md",
        &article("Secret", "Read through a link.", ""),
    );
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(".gloss")).unwrap();
    let out = gloss()
        .current_dir(dir.path())
        .arg("secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("gloss: warning: ignoring the project folder")
            && stderr.contains("it is a symbolic link"),
        "{stderr}"
    );
    fs::remove_file(dir.path().join(".gloss")).unwrap();
    fs::write(dir.path().join(".gloss"), "a file").unwrap();
    let stderr = stderr_of_in(dir.path(), &["--list"]);
    assert!(stderr.contains("it is not a directory"), "{stderr}");
}

fn stderr_of_in(dir: &Path, args: &[&str]) -> String {
    let out = gloss().current_dir(dir).args(args).output().unwrap();
    String::from_utf8(out.stderr).unwrap()
}

/// As root, a folder given to another user stops the walk: the `.gloss`
/// above it is not read. (Unprivileged runs cannot give a folder away; the
/// same rule is unit-tested in `store/paths.rs` with an injected owner.)
#[test]
fn the_walk_does_not_cross_another_users_folder() {
    let repo = repository();
    let foreign = repo.path().join("src");
    if std::os::unix::fs::chown(&foreign, Some(54321), None).is_err() {
        eprintln!("skipped: giving a folder to another user needs root");
        return;
    }
    let deep = repo.path().join("src/deep/er");
    gloss()
        .current_dir(&deep)
        .arg("build-cache")
        .assert()
        .code(1);
    // From the repository's top, which is ours, it is found.
    gloss()
        .current_dir(repo.path())
        .arg("build-cache")
        .assert()
        .success();
    // A .gloss that another user owns is refused, and said so.
    std::os::unix::fs::chown(repo.path().join(".gloss"), Some(54321), None).unwrap();
    let stderr = stderr_of_in(repo.path(), &["build-cache"]);
    assert!(stderr.contains("it belongs to another user"), "{stderr}");
}
