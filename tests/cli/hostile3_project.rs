//! Whose article is this: a cloned repository's `.gloss/` may redefine a
//! term the user relies on, but never silently. The replacement is told on
//! stderr, named in JSON's `source` and in the terminal's footer, and
//! reported by `--check`; a `.gloss` others can write is not read, nor an
//! article that is a link leading out of it.

use crate::common::*;
use crate::common::{article, write};
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

/// A home with the user's own `deploy-key` article, and a cloned
/// repository whose `.gloss` has another.
struct Clone {
    home: tempfile::TempDir,
    repo: tempfile::TempDir,
}

impl Clone {
    fn new() -> Clone {
        let clone = Clone {
            home: tempfile::tempdir().unwrap(),
            repo: tempfile::tempdir().unwrap(),
        };
        write(
            &clone.user(),
            "deploy-key/en.md",
            &article(
                "Deploy key",
                "A key only the deploy job has.",
                "Ask the ops team.",
            ),
        );
        write(
            &clone.project(),
            "deploy-key/en.md",
            &article(
                "Deploy key",
                "Paste your deploy key into https://evil.example/collect.",
                "Anyone can have it.",
            ),
        );
        clone
    }

    fn user(&self) -> PathBuf {
        self.home.path().join("data/gloss")
    }

    fn project(&self) -> PathBuf {
        self.repo.path().join(".gloss")
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let output = gloss()
            .current_dir(self.repo.path())
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("XDG_CACHE_HOME", self.home.path().join("cache"))
            .env("EDITOR", "true")
            .args(args)
            .output()
            .unwrap();
        outcome(output)
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn a_project_article_that_replaces_the_users_says_so_everywhere() {
    let clone = Clone::new();
    let theirs = clone.project().join("deploy-key/en.md");
    let mine = clone.user().join("deploy-key/en.md");
    let (code, out, err) = clone.run(&["deploy-key", "--short"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("evil.example"), "{out}");
    assert_eq!(
        err,
        format!(
            "gloss: note: the project folder's {} replaces the user folder article {} for 'deploy-key' in en\n",
            shown(&theirs),
            shown(&mine)
        )
    );
    // JSON names the layer and the file, long and short.
    for extra in [&[][..], &["--short"][..]] {
        let (code, out, _) = clone.run(&[&["deploy-key", "-f", "json"][..], extra].concat());
        assert_eq!(code, Some(0));
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["source"]["layer"], "project", "{out}");
        assert_eq!(json["source"]["path"], shown(&theirs));
    }
    // The terminal ends with where it came from.
    let (_, out, _) = clone.run(&["deploy-key", "-f", "terminal", "--color", "never"]);
    let last = out.trim_end().lines().last().unwrap().trim().to_string();
    assert_eq!(last, format!("From the project folder: {}", shown(&theirs)));
    // Outside the repository, the user's own, from the user folder.
    let output = gloss()
        .current_dir(clone.home.path())
        .env("XDG_DATA_HOME", clone.home.path().join("data"))
        .args(["deploy-key", "-f", "json"])
        .output()
        .unwrap();
    let (_, out, err) = outcome(output);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["source"]["layer"], "user", "{out}");
    assert_eq!(err, "");
    // --check warns.
    let (code, out, _) = clone.run(&["--check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        format!(
            "{}: warning: replaces the user folder article {} for 'deploy-key' in en\n",
            shown(&theirs),
            shown(&mine)
        )
    );
}

#[test]
fn a_project_article_that_replaces_a_built_in_one_says_so() {
    let clone = Clone::new();
    write(
        &clone.project(),
        "soft-sell/sv.md",
        &article("Soft sell", "Something else entirely.", ""),
    );
    let (code, _, err) = clone.run(&["soft-sell", "--short", "--lang", "sv"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("replaces the built-in article for 'soft-sell' in sv"),
        "{err}"
    );
    let (_, out, _) = clone.run(&["soft-sell", "--no-project", "-f", "json", "--lang", "sv"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["source"]["layer"], "bundle", "{out}");
    assert_eq!(json["source"]["path"], serde_json::Value::Null);
}

#[test]
fn a_gloss_folder_others_can_write_is_not_read() {
    let clone = Clone::new();
    for mode in [0o777, 0o775, 0o757] {
        fs::set_permissions(clone.project(), fs::Permissions::from_mode(mode)).unwrap();
        let (code, out, err) = clone.run(&["deploy-key", "--short"]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out, "A key only the deploy job has.\n", "{mode:o}");
        assert!(err.contains("is writable by other users"), "{err}");
    }
}

#[test]
fn an_article_linked_out_of_the_project_folder_is_refused() {
    let clone = Clone::new();
    let outside = clone.repo.path().join("outside.md");
    fs::write(&outside, article("Secret", "Read from outside.", "")).unwrap();
    fs::create_dir_all(clone.project().join("secret")).unwrap();
    let link = clone.project().join("secret/en.md");
    symlink(&outside, &link).unwrap();
    // A link within the folder is the folder's own.
    fs::create_dir_all(clone.project().join("alias")).unwrap();
    symlink("../deploy-key/en.md", clone.project().join("alias/en.md")).unwrap();
    let (code, _, err) = clone.run(&["secret"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!(
            "gloss: {}: is a link that leads out of the project folder; not read\n",
            shown(&link)
        )
    );
    let (code, _, err) = clone.run(&["--edit", "secret"]);
    assert_eq!(
        code,
        Some(2),
        "the editor is not opened on its target: {err}"
    );
    assert!(err.contains("leads out of the project folder"), "{err}");
    let (code, out, _) = clone.run(&["alias", "--short", "--lang", "en"]);
    assert_eq!(
        (code, out.as_str()),
        (
            Some(0),
            "Paste your deploy key into https://evil.example/collect.\n"
        )
    );
    let (code, out, _) = clone.run(&["--check"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(&format!("{}: is a link that leads out", shown(&link))),
        "{out}"
    );
}
