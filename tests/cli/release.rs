//! The release files as a user installs them: the archive and the `.deb`
//! that `scripts/release.sh` puts in `dist/`, unpacked into a temporary root,
//! the static binary run with no environment, real bash, zsh and fish given
//! only those completion files and that binary, and the man page read by
//! `man -l`. Building the release takes minutes, so without `dist/` these
//! tests say so and pass.

use crate::completion::{bash_complete_with, fish_complete_with, shell, zsh_complete_with};
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn dist() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("dist")
}

/// A release file, or None after saying why the test is skipped.
fn artifact(file: Option<PathBuf>, what: &str) -> Option<PathBuf> {
    let found = file.filter(|path| path.is_file());
    if found.is_none() {
        eprintln!("SKIPPED: no {what} in dist/ (run scripts/release.sh to build the release)");
    }
    found
}

fn archive() -> Option<PathBuf> {
    let name = format!("gloss-{}-{TARGET}.tar.gz", env!("CARGO_PKG_VERSION"));
    artifact(Some(dist().join(name)), "release archive")
}

fn deb() -> Option<PathBuf> {
    let prefix = format!("gloss_{}", env!("CARGO_PKG_VERSION"));
    let found = std::fs::read_dir(dist()).ok().and_then(|entries| {
        entries.flatten().map(|entry| entry.path()).find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with("_amd64.deb")
        })
    });
    artifact(found, ".deb")
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    out
}

/// A shell with `bin` first on PATH (then the system's, for the `expr`
/// clap's zsh script calls; no gloss is found there, as the callers check)
/// and an empty home.
fn shell_in(shell: &Path, bin: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(shell);
    cmd.env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    cmd
}

/// Completion in the three shells, each with only `bin` (holding the
/// released gloss) and the completion file as installed.
fn complete_in_shells(bin: &Path, bash: &Path, zsh: &Path, fish: &Path) {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    for name in ["bash", "zsh", "fish"] {
        let Some(shell) = shell(name) else { continue };
        let which = run(shell_in(&shell, bin, home).args(["-c", "command -v gloss"]));
        let which = String::from_utf8(which.stdout).unwrap();
        assert_eq!(Path::new(which.trim()), bin.join("gloss"), "{name}");
    }
    if let Some(shell) = shell("bash") {
        let cmd = shell_in(&shell, bin, home);
        assert_eq!(bash_complete_with(cmd, bash, "gloss so"), ["soft-sell"]);
        let cmd = shell_in(&shell, bin, home);
        assert_eq!(
            bash_complete_with(cmd, bash, "gloss --paging "),
            ["auto", "always", "never"]
        );
    }
    if let Some(shell) = shell("zsh") {
        let cmd = shell_in(&shell, bin, home);
        assert_eq!(
            zsh_complete_with(cmd, zsh, "gloss so"),
            ["soft-sell:Pehmeä myynti"]
        );
    }
    if let Some(shell) = shell("fish") {
        let cmd = shell_in(&shell, bin, home);
        assert_eq!(
            fish_complete_with(cmd, fish, "gloss so"),
            ["soft-sell\tPehmeä myynti"]
        );
    }
}

/// The binary needs no shared library and runs with no environment at all
/// (no HOME, no PATH, no locale).
fn assert_static_and_self_contained(binary: &Path) {
    if crate::common::program("ldd").is_some() {
        let out = Command::new("ldd").arg(binary).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("not a dynamic executable") || said.contains("statically linked"),
            "ldd: {said}"
        );
    }
    let out = run(Command::new(binary)
        .env_clear()
        .args(["soft-sell", "--lang", "sv"]));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Mjuk sälj\n"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(Command::new(binary).env_clear().arg("--show-paths"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A user the system does not know, with no HOME: a static glibc asked
    // for that user's home would load NSS modules and crash.
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root && crate::common::program("setpriv").is_some() {
        let out = run(Command::new("setpriv")
            .args([
                "--reuid=54321",
                "--regid=54321",
                "--clear-groups",
                "env",
                "-i",
            ])
            .arg(binary)
            .args(["soft-sell", "--lang", "sv"]));
        assert!(String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Mjuk sälj\n"));
    } else {
        eprintln!("SKIPPED in part: running as an unknown user needs root and setpriv");
    }
}

#[test]
fn release_archive_has_a_static_binary_and_its_files() {
    let Some(archive) = archive() else { return };
    let root = tempfile::tempdir().unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(root.path()));
    let top = root
        .path()
        .join(format!("gloss-{}-{TARGET}", env!("CARGO_PKG_VERSION")));
    for file in [
        "gloss",
        "README.md",
        "GUIDE.md",
        "LICENSE",
        "doc/gloss.1",
        "completions/gloss.bash",
        "completions/_gloss",
        "completions/gloss.fish",
        "completions/gloss.elv",
        "completions/_gloss.ps1",
    ] {
        assert!(top.join(file).is_file(), "{file} missing from the archive");
    }
    assert_static_and_self_contained(&top.join("gloss"));
    let completions = top.join("completions");
    complete_in_shells(
        &top,
        &completions.join("gloss.bash"),
        &completions.join("_gloss"),
        &completions.join("gloss.fish"),
    );
}

#[test]
fn deb_puts_each_file_where_debian_looks() {
    let Some(deb) = deb() else { return };
    if crate::common::program("dpkg-deb").is_none() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    run(Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(root.path()));
    let at = |path: &str| root.path().join(path);
    for path in [
        "usr/bin/gloss",
        "usr/share/man/man1/gloss.1.gz",
        "usr/share/bash-completion/completions/gloss",
        "usr/share/zsh/vendor-completions/_gloss",
        "usr/share/fish/vendor_completions.d/gloss.fish",
        "usr/share/doc/gloss/copyright",
    ] {
        assert!(at(path).is_file(), "{path} missing from the .deb");
    }
    let copyright = std::fs::read_to_string(at("usr/share/doc/gloss/copyright")).unwrap();
    assert!(copyright.contains("MIT"), "{copyright}");
    assert_static_and_self_contained(&at("usr/bin/gloss"));
    complete_in_shells(
        &at("usr/bin"),
        &at("usr/share/bash-completion/completions/gloss"),
        &at("usr/share/zsh/vendor-completions/_gloss"),
        &at("usr/share/fish/vendor_completions.d/gloss.fish"),
    );
    if crate::common::program("man").is_some() {
        let out = run(Command::new("man")
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("MAN_KEEP_FORMATTING", "")
            .args(["-P", "cat", "-l"])
            .arg(at("usr/share/man/man1/gloss.1.gz")));
        // Justified text: compare words, not spacing.
        let page = String::from_utf8_lossy(&out.stdout);
        let words = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("NAME gloss - A multilingual glossary"),
            "{page}"
        );
        assert!(page.contains("GLOSS_PAGER"), "{page}");
    }
}
