//! Shared test helpers: the built binary in a clean, predictable environment.

use assert_cmd::Command;

/// Environment variables that change what gloss shows; tests start without them.
const AMBIENT: &[&str] = &[
    "GLOSS_LANG",
    "GLOSS_DATA_DIRS",
    "GLOSS_CONFIG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "FZF_PREVIEW_COLUMNS",
    "TERM",
    "GLOSS_PAGER",
    "PAGER",
    "LESS",
    // A watcher socket of the user's: tests' watchers live in their caches.
    "XDG_RUNTIME_DIR",
    // The user's StarDict folder.
    "STARDICT_DATA_DIR",
];

/// `gloss` as a new user runs it, with no locale, no colour settings, and
/// empty config, data and cache directories of its own.
pub fn gloss() -> Command {
    Command::from_std(gloss_std())
}

/// The same as a `std::process::Command`, for wiring stdout by hand.
pub fn gloss_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("gloss"));
    for var in AMBIENT {
        cmd.env_remove(var);
    }
    let home = fresh_home();
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("HOME", &home)
        // Not the machine's installed dictionaries (/usr/share/dictd):
        // a test that wants some names them.
        .env("GLOSS_SYSTEM_DICTIONARIES", "");
    cmd
}

/// A home folder no other run of gloss has seen: every command gets its own
/// (config, data, cache and the watcher's socket under it), so tests running
/// in parallel, or a run after an earlier one, share nothing. It lives under
/// Cargo's temporary folder for integration tests, not in `/tmp`, and is
/// kept after the command, for a test that looks at what gloss left there
/// through the paths it set itself.
fn fresh_home() -> std::path::PathBuf {
    tempfile::Builder::new()
        .prefix("home-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a temporary home")
        .keep()
}

/// A program a test drives (a shell, a terminal, a pager, an editor), or
/// `None` after saying the test is skipped. Under CI (`CI=true`), whose
/// `.ci/run` installs every such program, a missing one fails the test: the
/// same rule for every test that needs a program.
pub fn program(name: &str) -> Option<std::path::PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(name))
        .find(|path| path.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    }
    found
}

/// Every program in `names`, or false after saying which is missing (and
/// failing under CI, as [`program`] does).
pub fn programs(names: &[&str]) -> bool {
    names.iter().all(|name| program(name).is_some())
}

/// Writes `text` to `relative` under `root`, making the folders on the way.
pub fn write(root: &std::path::Path, relative: &str, text: &(impl AsRef<[u8]> + ?Sized)) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text.as_ref()).unwrap();
}

/// An article file: front matter with this title and description, a blank
/// line, then `body`.
pub fn article(title: &str, description: &str, body: &str) -> String {
    format!("{}\n{body}\n", front_matter(title, description))
}

/// An article file whose body opens with the title as a heading, right
/// under the front matter, as authors often write one.
pub fn article_with_heading(title: &str, description: &str, body: &str) -> String {
    format!("{}# {title}\n\n{body}\n", front_matter(title, description))
}

/// The front matter of a test article. The values stand in YAML double
/// quotes, so a test can write a YAML escape (`\\e`, `\\u202e`) to put any
/// character in them.
fn front_matter(title: &str, description: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndescription: \"{description}\"\n---\n")
}

/// Runs gloss and returns its stdout, asserting success.
pub fn stdout_of(args: &[&str]) -> String {
    let output = gloss().args(args).output().expect("gloss runs");
    assert!(
        output.status.success(),
        "gloss {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Runs gloss expecting failure with `code`; returns its stderr.
pub fn stderr_of(args: &[&str], code: i32) -> String {
    let output = gloss().args(args).output().expect("gloss runs");
    assert_eq!(
        output.status.code(),
        Some(code),
        "gloss {args:?}: {output:?}"
    );
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 errors");
    assert_one_line_error(&stderr);
    stderr
}

/// Errors are one line, prefixed `gloss:`.
pub fn assert_one_line_error(stderr: &str) {
    assert!(stderr.starts_with("gloss: "), "not prefixed: {stderr:?}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr:?}"
    );
}

/// Removes ANSI escape sequences, to measure what a terminal shows.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

pub const SEED_LANGS: [&str; 5] = ["sv", "nb", "fi", "pl", "ru"];

/// The seed articles as a folder the tests own: the golden files render it,
/// so that editing an article in `data/` never rewrites a golden file.
pub const SEED_GLOSSARY: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed-glossary");

/// [`stdout_of`] over the seed glossary folder: what a golden file holds,
/// the folder's path (which names where the repository is checked out)
/// written as `<seed-glossary>`.
pub fn golden_of(args: &[&str]) -> String {
    stdout_of(&[&["--data-dir", SEED_GLOSSARY], args].concat())
        .replace(SEED_GLOSSARY, "<seed-glossary>")
}

/// A finished run's exit status, stdout and stderr, as text.
pub fn outcome(output: std::process::Output) -> (Option<i32>, String, String) {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

/// Runs gloss over the folder `root` with `envs`: its exit status, stdout
/// and stderr. Not a speed test: a hang (a FIFO read) must fail, not stall CI.
pub fn run_on_folder(
    root: &std::path::Path,
    envs: &[(&str, &std::path::Path)],
    args: &[&str],
) -> (Option<i32>, String, String) {
    let output = gloss()
        .arg("--data-dir")
        .arg(root)
        .envs(envs.iter().copied())
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    outcome(output)
}

/// `--list` of a folder, which must succeed and print no escape or bell.
pub fn list_of(run: (Option<i32>, String, String)) -> String {
    let (code, out, err) = run;
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains(['\x1b', '\x07']), "{out:?}");
    out
}

/// The folder cache file of one kind (`titles` or `full`) under `cache`
/// (an `XDG_CACHE_HOME`).
pub fn cache_file(cache: &std::path::Path, kind: &str) -> std::path::PathBuf {
    let dir = cache.join("gloss");
    let found = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().ends_with(&format!("-{kind}.idx")));
    found.unwrap_or_else(|| panic!("no {kind} cache in {dir:?}"))
}
