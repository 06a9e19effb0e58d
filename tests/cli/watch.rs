//! The folder watcher (Linux): a large folder's warm calls are answered
//! without a `stat` per file, and yet never stale: in-place edits that keep
//! size and time, added, removed and renamed terms all show on the next
//! call. A cache patched behind the watcher's back is still caught, `watch:
//! false` starts nothing, and the watcher leaves when its directory goes.
#![cfg(target_os = "linux")]

use crate::common::{article, cache_file, gloss, list_of, run_on_folder, write};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Enough article files for gloss to start a watcher (`WATCH_FROM`, 1,000),
/// with some to spare for the tests that remove a term.
pub(crate) const TERMS: usize = 210;
const LANGS: [&str; 5] = ["en", "sv", "fi", "pl", "ru"];

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) cache: tempfile::TempDir,
    /// `XDG_RUNTIME_DIR`: the watcher's socket, private to this test.
    pub(crate) run: tempfile::TempDir,
    pub(crate) config: tempfile::TempDir,
}

impl Fixture {
    pub(crate) fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            run: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
        };
        for term in 0..TERMS {
            for lang in LANGS {
                fixture.put(&format!("term-{term:03}/{lang}.md"), &title(term, lang));
            }
        }
        fixture
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    fn put(&self, relative: &str, title: &str) {
        write(
            self.root(),
            relative,
            &article(title, "A test term.", "Some body text."),
        );
    }

    /// The fixture's directories: its cache, its watcher's socket, its config.
    pub(crate) fn environment(&self) -> [(&str, &Path); 3] {
        [
            ("XDG_CACHE_HOME", self.cache.path()),
            ("XDG_RUNTIME_DIR", self.run.path()),
            ("XDG_CONFIG_HOME", self.config.path()),
        ]
    }

    pub(crate) fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        run_on_folder(self.root(), &self.environment(), args)
    }

    pub(crate) fn list(&self) -> String {
        list_of(self.run(&["--list"]))
    }

    fn titles_cache(&self) -> PathBuf {
        cache_file(self.cache.path(), "titles")
    }

    /// The watcher's token in the titles cache's trailer (instance,
    /// counter; see `store/cache/file.rs`), if the cache was checked under one.
    pub(crate) fn token(&self) -> Option<(u64, u64)> {
        let bytes = fs::read(self.titles_cache()).ok()?;
        let word = |from_end: usize| {
            let at = bytes.len() - from_end;
            u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
        };
        let (instance, counter) = (word(32), word(24));
        (instance != 0).then_some((instance, counter))
    }

    /// Lists until the watcher runs and two calls in a row were answered
    /// under the same token, then once more, by when the watcher has
    /// validated the cache file that call found.
    pub(crate) fn settle(&self) {
        let start = Instant::now();
        let mut last = None;
        loop {
            self.list();
            let token = self.token();
            if token.is_some() && token == last {
                self.list();
                std::thread::sleep(Duration::from_millis(100));
                return;
            }
            last = token;
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no watcher answered"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn title(term: usize, lang: &str) -> String {
    format!("Term {term:03} {lang}")
}

#[test]
fn a_warm_call_on_a_watched_folder_stats_no_article() {
    if crate::common::program("strace").is_none() {
        return;
    }
    let fixture = Fixture::new();
    fixture.settle();
    let files = TERMS * LANGS.len();
    let watched = stat_calls(&fixture);
    assert!(watched < 100, "{watched} stat calls for {files} files");
    // The same call with the watcher off checks every file.
    write(
        fixture.config.path(),
        "gloss/config.yaml",
        b"watch: false\n",
    );
    let unwatched = stat_calls(&fixture);
    assert!(
        unwatched >= files,
        "{unwatched} stat calls for {files} files"
    );
}

/// The `stat` calls of one `--list` over the fixture's folder, by strace.
fn stat_calls(fixture: &Fixture) -> usize {
    let output = std::process::Command::new("strace")
        .args(["-f", "-c", "-e", "trace=%stat,%lstat,%fstat,execve"])
        .arg(assert_cmd::cargo::cargo_bin("gloss"))
        .arg("--data-dir")
        .arg(fixture.root())
        .arg("--list")
        .envs(fixture.environment())
        // The machine's dictionaries are not this test's (common::gloss_std).
        .env("GLOSS_SYSTEM_DICTIONARIES", "")
        .env_remove("STARDICT_DATA_DIR")
        .output()
        .unwrap();
    assert!(output.status.success());
    let listed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(listed.matches("term-").count(), TERMS, "{listed}");
    // strace -c's rows: % time, seconds, usecs/call, calls, [errors],
    // syscall. execve is traced so that the table is never empty.
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.contains("execve"), "{summary}");
    summary
        .lines()
        .filter_map(|row| {
            let words: Vec<&str> = row.split_whitespace().collect();
            let name = *words.last()?;
            let calls = words.get(3)?.parse::<usize>().ok()?;
            (name != "execve" && name != "total").then_some(calls)
        })
        .sum()
}

#[test]
fn edits_added_removed_and_renamed_terms_show_through_the_watcher() {
    let fixture = Fixture::new();
    fixture.settle();

    // In place, same size, same times: what git calls racily clean.
    let path = fixture.root().join("term-007/en.md");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    fixture.put("term-007/en.md", "Xerm 007 en");
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let listed = fixture.list();
    assert!(listed.contains("term-007\tXerm 007 en"), "{listed}");
    fixture.settle();

    fixture.put("zeta/en.md", "Zeta");
    assert!(fixture.list().contains("zeta\tZeta"));
    fixture.settle();

    fs::remove_dir_all(fixture.root().join("term-003")).unwrap();
    assert!(!fixture.list().contains("term-003"));
    fixture.settle();

    fs::rename(
        fixture.root().join("term-004"),
        fixture.root().join("renamed"),
    )
    .unwrap();
    let listed = fixture.list();
    assert!(
        listed.contains("renamed\tTerm 004 en") && !listed.contains("term-004"),
        "{listed}"
    );
    fixture.settle();

    // The whole folder replaced under the same path.
    let root = fixture.root();
    let other = root.with_extension("old");
    fs::rename(root, &other).unwrap();
    write(root, "only/en.md", &article("Only", "The one.", "Text."));
    let listed = fixture.list();
    fs::remove_dir_all(&other).unwrap();
    assert!(
        listed.contains("only\tOnly") && !listed.contains("term-"),
        "{listed}"
    );
}

#[test]
fn a_cache_patched_and_resealed_behind_the_watcher_is_caught() {
    let fixture = Fixture::new();
    fixture.settle();
    let cache = fixture.titles_cache();
    let mut bytes = fs::read(&cache).unwrap();
    let at = bytes
        .windows(11)
        .position(|w| w == b"Term 010 en")
        .expect("the title is in the cache");
    bytes[at..at + 5].copy_from_slice(b"\x1b[2J\x07");
    // The checksum, as an attacker who knows the format would.
    let end = bytes.len() - 16;
    let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[..end]);
    bytes[end..end + 8].copy_from_slice(&checksum.to_le_bytes());
    fs::write(&cache, &bytes).unwrap();
    let listed = fixture.list(); // asserts no ESC or BEL
    assert!(listed.contains("term-010\tTerm 010 en"), "{listed}");
}

#[test]
fn watch_false_in_the_config_starts_no_watcher() {
    let fixture = Fixture::new();
    write(
        fixture.config.path(),
        "gloss/config.yaml",
        b"watch: false\n",
    );
    for _ in 0..3 {
        fixture.list();
        std::thread::sleep(Duration::from_millis(200));
    }
    let sockets = fs::read_dir(fixture.run.path().join("gloss"))
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert_eq!(sockets, 0, "the watcher's directory was made");
    assert_eq!(fixture.token(), None);
}

/// The watcher processes started for this fixture (by their environment).
pub(crate) fn watchers(fixture: &Fixture) -> Vec<u32> {
    let marker = format!("XDG_RUNTIME_DIR={}", fixture.run.path().display());
    fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let read = |what: &str| fs::read(format!("/proc/{pid}/{what}")).unwrap_or_default();
            let cmdline = read("cmdline");
            let running = !String::from_utf8_lossy(&read("stat")).contains(") Z ");
            running
                && cmdline
                    .split(|&b| b == 0)
                    .any(|arg| arg == b"--serve-folder-watcher")
                && read("environ")
                    .split(|&b| b == 0)
                    .any(|var| var == marker.as_bytes())
        })
        .collect()
}

#[test]
fn the_watcher_leaves_when_its_directory_goes() {
    let fixture = Fixture::new();
    fixture.settle();
    assert_eq!(watchers(&fixture).len(), 1, "one watcher runs");
    fs::remove_dir_all(fixture.run.path().join("gloss")).unwrap();
    let start = Instant::now();
    while !watchers(&fixture).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the watcher stayed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_broken_file_in_a_watched_folder_is_told_and_never_stands_in_the_way() {
    let fixture = Fixture::new();
    write(
        fixture.root(),
        "term-001/de.md",
        b"---\n- a list\n---\nbody\n",
    );
    fixture.settle();
    let (code, _, err) = fixture.run(&["term-001", "--lang", "de"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("term-001/de.md:2: invalid front matter"),
        "{err}"
    );
    // Preferred, not asked for: the healthy English one is shown.
    let output = gloss()
        .arg("--data-dir")
        .arg(fixture.root())
        .envs(fixture.environment())
        .env("GLOSS_LANG", "de")
        .arg("term-001")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    assert!(out.starts_with("Term 001 en"), "{out}");
    // Mended, it shows on the next call.
    fixture.put("term-001/de.md", "Begriff 001");
    let (code, out, err) = fixture.run(&["term-001", "--lang", "de"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Begriff 001"), "{out}");
}

#[test]
fn a_symlinked_term_folder_is_never_vouched_for_and_never_stale() {
    let fixture = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "linked/en.md",
        &article("Linked", "Elsewhere.", "Text."),
    );
    std::os::unix::fs::symlink(outside.path().join("linked"), fixture.root().join("linked"))
        .unwrap();
    for _ in 0..6 {
        assert!(fixture.list().contains("linked\tLinked"));
        std::thread::sleep(Duration::from_millis(150));
    }
    assert_eq!(fixture.token(), None, "a watcher vouched for it");
    // The target replaced: no event in the folder, yet the next call sees it.
    let target = outside.path().join("linked");
    fs::rename(&target, outside.path().join("old")).unwrap();
    write(
        outside.path(),
        "linked/en.md",
        &article("Relinked", "Elsewhere.", "Text."),
    );
    assert!(fixture.list().contains("linked\tRelinked"));
}

#[test]
fn a_watched_lookup_shows_what_reading_the_file_shows() {
    let fixture = Fixture::new();
    write(
        fixture.root(),
        "rich/en.md",
        "---\ntitle: Rich term\ndescription: With everything.\nkeywords: [alpha, beta]\n\
         aliases: [wealthy]\n---\n# Rich term\n\nSee [term 1](term-001).\n\n## More\n\nText.\n"
            .as_bytes(),
    );
    fixture.settle();
    // Twice: the first call after `settle` may still find its cache unsealed.
    let mut watched = String::new();
    for _ in 0..2 {
        let (code, out, err) = fixture.run(&["rich", "--format", "json"]);
        assert_eq!(code, Some(0), "{err}");
        watched = out;
    }
    assert!(
        watched.contains("\"alpha\"") && watched.contains("wealthy"),
        "{watched}"
    );
    write(
        fixture.config.path(),
        "gloss/config.yaml",
        b"watch: false\n",
    );
    let (code, read, err) = fixture.run(&["rich", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(watched, read);
}
