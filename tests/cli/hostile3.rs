//! Hostile input, round three: another local user who can write where gloss
//! writes (a shared team folder, a cache under `/tmp`), imports that stop
//! half-way or overfill a folder. Where the attack is another user's, it is
//! played by `nobody` (setpriv), which needs root: such a test fails under
//! `CI=true` when it cannot run and says it is skipped elsewhere.

use crate::common::*;
use crate::common::{article_with_heading as article, write};
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `script` with `sh -c` as the user `nobody`: the attacker. `None`
/// (after saying so) where that cannot be done; under CI it must be.
pub(crate) fn as_attacker(script: &str) -> Option<std::process::Output> {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .expect("id runs")
        .stdout;
    let root = String::from_utf8_lossy(&uid).trim() == "0";
    let setpriv = Path::new("/usr/bin/setpriv").exists() || which("setpriv");
    if !root || !setpriv {
        let why = if root {
            "setpriv is missing"
        } else {
            "it needs root"
        };
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "this test plays another user, and {why}"
        );
        eprintln!("skipped: this test plays another user, and {why}");
        return None;
    }
    let output = Command::new("setpriv")
        .args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "sh",
            "-c",
            script,
        ])
        .output()
        .expect("setpriv runs");
    assert!(output.status.success(), "as nobody: {script}: {output:?}");
    Some(output)
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A temporary folder others can reach (its own tempdir is private).
pub(crate) fn open_tempdir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    tmp
}

/// A folder like `/tmp`: everyone may create in it, only owners remove.
fn shared_folder(parent: &Path, name: &str) -> PathBuf {
    let dir = parent.join(name);
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    dir
}

/// Makes everything in `dir` (links included, not followed) `nobody`'s.
fn give_to_attacker(dir: &Path) {
    let done = Command::new("chown")
        .args(["-R", "-h", "nobody:nogroup"])
        .arg(dir)
        .status()
        .unwrap();
    assert!(done.success());
    // The shared folder itself stays root's, as /tmp is.
    std::os::unix::fs::lchown(dir, Some(0), Some(0)).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o1777)).unwrap();
}

fn quoted(path: &Path) -> String {
    format!("'{}'", path.display())
}

/// A temporary folder in memory where there is one: the tests that fill a
/// folder to its 200,000-entry limit would otherwise spend minutes on a
/// busy disk.
fn memory_tempdir() -> tempfile::TempDir {
    match Path::new("/dev/shm").is_dir() {
        true => tempfile::tempdir_in("/dev/shm").unwrap(),
        false => tempfile::tempdir().unwrap(),
    }
}

fn csv_of(rows: &[(&str, &str)]) -> String {
    let mut text = String::from("slug,lang,title\n");
    for (slug, title) in rows {
        text.push_str(&format!("{slug},en,{title}\n"));
    }
    text
}

fn import(file: &Path, into: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let output = gloss()
        .arg("--import")
        .arg(file)
        .arg("--into")
        .arg(into)
        .args(extra)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    outcome(output)
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn import_never_writes_through_a_link_another_user_planted_in_a_shared_folder() {
    let tmp = open_tempdir();
    let team = shared_folder(tmp.path(), "team");
    let victim = tmp.path().join("bashrc");
    fs::write(&victim, "# the victim's own\n").unwrap();
    if as_attacker("true").is_none() {
        return;
    }
    // Stages as the old code named them, for the next few hundred pids,
    // each with a link to the victim's file where an article is staged.
    // Planted here and then given to the attacker, so that planting takes
    // none of those pids.
    let next = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|pid| pid.trim().parse::<u32>().ok())
        .unwrap_or(1);
    for pid in next..next + 300 {
        let term = team.join(format!(".gloss-import-{pid}/aaa"));
        fs::create_dir_all(&term).unwrap();
        symlink(&victim, term.join("en.md")).unwrap();
    }
    give_to_attacker(&team.join("."));
    let file = tmp.path().join("terms.csv");
    fs::write(&file, csv_of(&[("aaa", "Echo pwned >> ~/.bashrc")])).unwrap();
    let (code, out, err) = import(&file, &team, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), team.join("aaa/en.md").display().to_string());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "# the victim's own\n");
    assert!(fs::read_to_string(team.join("aaa/en.md"))
        .unwrap()
        .contains("Echo pwned"));
    // The attacker's folders are theirs: left as they are, none of ours left.
    let stages = names(&team);
    assert_eq!(stages.len(), 301, "{stages:?}");

    // A term folder the attacker made a link: refused, even with --force.
    as_attacker(&format!(
        "ln -s {} {}/bbb",
        quoted(tmp.path()),
        quoted(&team)
    ));
    fs::write(&file, csv_of(&[("bbb", "Bee")])).unwrap();
    for force in [&[][..], &["--force"][..]] {
        let (code, _, err) = import(&file, &team, force);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("symbolic link") && err.contains("nothing was written"),
            "{err}"
        );
        assert!(!tmp.path().join("en.md").exists());
    }
}

#[test]
fn import_checks_every_destination_before_the_first_move() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("glossary");
    write(&into, "keep/en.md", &article("Keep", "Mine.", ""));
    // A plain file where a term folder goes, late in the file.
    fs::write(into.join("ccc"), "a file").unwrap();
    let file = tmp.path().join("terms.csv");
    fs::write(&file, csv_of(&[("aaa", "A"), ("bbb", "B"), ("ccc", "C")])).unwrap();
    let (code, out, err) = import(&file, &into, &[]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("ccc: is not a folder; nothing was written"),
        "{err}"
    );
    assert_eq!(names(&into), ["ccc", "keep"]);

    // A dangling link where an article goes: never replaced, with or without --force.
    fs::remove_file(into.join("ccc")).unwrap();
    fs::create_dir(into.join("ccc")).unwrap();
    symlink(tmp.path().join("nowhere"), into.join("ccc/en.md")).unwrap();
    for force in [&[][..], &["--force"][..]] {
        let (code, _, err) = import(&file, &into, force);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("ccc/en.md: is a symbolic link"), "{err}");
        assert_eq!(names(&into), ["ccc", "keep"]);
        assert!(!tmp.path().join("nowhere").exists());
    }
}

#[test]
fn a_stage_left_by_a_killed_import_is_removed_and_another_users_is_not() {
    let tmp = open_tempdir();
    let into = shared_folder(tmp.path(), "glossary");
    let dead = into.join(".gloss-import-0123456789abcdef");
    write(&dead, "zzz/en.md", &article("Left", "Behind.", ""));
    fs::set_permissions(&dead, fs::Permissions::from_mode(0o700)).unwrap();
    let theirs = as_attacker(&format!(
        "mkdir -m 700 {}/.gloss-import-theirs",
        quoted(&into)
    ))
    .is_some();
    let file = tmp.path().join("terms.csv");
    fs::write(&file, csv_of(&[("aaa", "A")])).unwrap();
    let (code, _, err) = import(&file, &into, &[]);
    assert_eq!(code, Some(0), "{err}");
    let expected: &[&str] = match theirs {
        true => &[".gloss-import-theirs", "aaa"],
        false => &["aaa"],
    };
    assert_eq!(names(&into), expected);
}

#[test]
fn a_move_that_fails_half_way_takes_back_what_it_moved() {
    let tmp = open_tempdir();
    let into = tmp.path().join("glossary");
    fs::create_dir(&into).unwrap();
    // The importer is `nobody`, and the last term folder is root's.
    fs::create_dir(into.join("ccc")).unwrap();
    let file = tmp.path().join("terms.csv");
    fs::write(&file, csv_of(&[("aaa", "A"), ("bbb", "B"), ("ccc", "C")])).unwrap();
    let Some(_) = as_attacker("true") else {
        return;
    };
    let chown = Command::new("chown")
        .args(["nobody:nogroup"])
        .arg(&into)
        .status()
        .unwrap();
    assert!(chown.success());
    let gloss = assert_cmd::cargo::cargo_bin("gloss");
    let output = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(&gloss)
        .arg("--import")
        .arg(&file)
        .arg("--into")
        .arg(&into)
        .env("HOME", tmp.path())
        .env("XDG_CACHE_HOME", tmp.path().join("cache"))
        .output()
        .unwrap();
    let (code, out, err) = outcome(output);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(err.contains("ccc/en.md: cannot write"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(names(&into), ["ccc"]);
}

#[test]
fn an_import_told_to_stop_while_moving_leaves_nothing_behind() {
    let tmp = memory_tempdir();
    let into = tmp.path().join("glossary");
    fs::create_dir(&into).unwrap();
    let file = tmp.path().join("terms.csv");
    let rows: Vec<(String, String)> = (0..20_000)
        .map(|i| (format!("term-{i:05}"), format!("Term {i}")))
        .collect();
    let rows: Vec<(&str, &str)> = rows.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
    fs::write(&file, csv_of(&rows)).unwrap();
    let mut child = crate::common::gloss_std()
        .arg("--import")
        .arg(&file)
        .arg("--into")
        .arg(&into)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The first term folder appears when the moves begin.
    let first = into.join("term-00000");
    let started = std::time::Instant::now();
    while !first.exists() {
        assert!(
            started.elapsed().as_secs() < 120,
            "the import never started moving"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before moving"
        );
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let output = child.wait_with_output().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(output.status.signal(), Some(15), "{output:?}");
    assert!(
        names(&into).is_empty(),
        "{:?}",
        &names(&into)[..3.min(names(&into).len())]
    );
}

/// A folder of two articles, to be listed through a cache.
fn small_folder(parent: &Path) -> PathBuf {
    let dir = parent.join("terms");
    write(
        &dir,
        "gizmo/en.md",
        &article("Gizmo", "A small thing.", "Body."),
    );
    write(
        &dir,
        "widget/en.md",
        &article("Widget", "A control.", "Body."),
    );
    dir
}

/// `--list --long` of `dir` with `cache` as `XDG_CACHE_HOME`.
fn listed(dir: &Path, cache: &Path) -> (Option<i32>, String, String) {
    run_on_folder(dir, &[("XDG_CACHE_HOME", cache)], &["--list", "--long"])
}

#[test]
fn a_cache_folder_another_user_can_write_is_not_used() {
    let tmp = open_tempdir();
    let dir = small_folder(tmp.path());
    // The names the cache files take, learnt from a private cache.
    let private = tmp.path().join("private");
    let (code, _, err) = listed(&dir, &private);
    assert_eq!(code, Some(0), "{err}");
    let hash = names(&private.join("gloss"))[0][..16].to_string();
    if as_attacker("true").is_none() {
        return;
    }
    let shared = shared_folder(tmp.path(), "cache");
    let planted = shared.join("gloss");
    fs::create_dir(&planted).unwrap();
    let victim = tmp.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    let next = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|pid| pid.trim().parse::<u32>().ok())
        .unwrap_or(1);
    for pid in next..next + 100 {
        for kind in ["titles", "full"] {
            symlink(&victim, planted.join(format!("{hash}-{kind}.{pid}.tmp"))).unwrap();
        }
    }
    give_to_attacker(&shared.join("."));
    fs::set_permissions(&planted, fs::Permissions::from_mode(0o777)).unwrap();
    let before = names(&planted);
    for _ in 0..2 {
        let (code, out, err) = listed(&dir, &shared);
        assert_eq!(code, Some(0), "{err}");
        assert!(out.contains("Gizmo") && out.contains("Widget"), "{out}");
        assert!(
            err.contains("not using the cache folder") && err.contains("belongs to another user"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "told once: {err}");
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(names(&planted), before, "nothing written in their folder");
}

#[test]
fn a_planted_cache_with_a_recomputed_checksum_is_not_believed() {
    let tmp = open_tempdir();
    let dir = small_folder(tmp.path());
    let cache = tmp.path().join("cache");
    let (code, _, err) = listed(&dir, &cache);
    assert_eq!(code, Some(0), "{err}");
    // The attacker's version of the cache: another title, resealed.
    let file = cache_file(&cache, "titles");
    let mut bytes = fs::read(&file).unwrap();
    let at = bytes.windows(5).position(|w| w == b"Gizmo").unwrap();
    bytes[at..at + 5].copy_from_slice(b"EVILZ");
    let end = bytes.len() - 16;
    let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[..end]);
    bytes[end..end + 8].copy_from_slice(&checksum.to_le_bytes());
    fs::write(&file, &bytes).unwrap();
    if as_attacker("true").is_none() {
        return;
    }
    // Planted by another user, or in a folder anyone may write: not read.
    for owner in ["nobody", "root"] {
        let folder = cache.join("gloss");
        let chown = Command::new("chown")
            .args(["-R", owner])
            .arg(&folder)
            .status();
        assert!(chown.unwrap().success());
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).unwrap();
        let (code, out, err) = listed(&dir, &cache);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            out.contains("Gizmo") && !out.contains("EVILZ"),
            "{owner}: {out}"
        );
        assert!(err.contains("not using the cache folder"), "{err}");
    }
}

#[test]
fn two_versions_keep_a_cache_each() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = small_folder(tmp.path());
    let cache = tmp.path().join("cache");
    // Listed twice, the second time with the files old enough to be
    // checked by their times alone: the copy is then final.
    let (code, _, err) = listed(&dir, &cache);
    assert_eq!(code, Some(0), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (code, _, err) = listed(&dir, &cache);
    assert_eq!(code, Some(0), "{err}");
    let ours = cache_file(&cache, "titles");
    let name = ours.file_name().unwrap().to_string_lossy().into_owned();
    let parts: Vec<&str> = name.split('-').collect();
    assert_eq!(parts.len(), 3, "hash, version, kind: {name}");
    assert!(parts[1].len() == 8 && parts[1].chars().all(|c| c.is_ascii_hexdigit()));
    // Another version's copy of the same folder: its own name, its own
    // version word. Neither call replaces the other's.
    let mut theirs_bytes = fs::read(&ours).unwrap();
    let word = theirs_bytes.len() - 8 - 8 * 4;
    theirs_bytes[word] ^= 0xff;
    let theirs = ours.with_file_name(format!("{}-00000000-titles.idx", parts[0]));
    fs::write(&theirs, &theirs_bytes).unwrap();
    let stamp = |path: &Path| {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).unwrap();
        (meta.ino(), meta.mtime_nsec(), meta.mtime())
    };
    let (before_ours, before_theirs) = (stamp(&ours), stamp(&theirs));
    for _ in 0..2 {
        let (code, _, err) = listed(&dir, &cache);
        assert_eq!(code, Some(0), "{err}");
    }
    assert_eq!(
        stamp(&theirs),
        before_theirs,
        "the other version's copy is kept"
    );
    assert_eq!(fs::read(&theirs).unwrap(), theirs_bytes);
    assert_eq!(stamp(&ours), before_ours, "ours is read, not rewritten");
}

#[test]
fn an_import_that_would_overfill_the_folder_is_refused_before_anything_is_written() {
    const LIMIT: usize = 200_000;
    let tmp = memory_tempdir();
    let into = tmp.path().join("glossary");
    fs::create_dir(&into).unwrap();
    for i in 0..LIMIT - 1 {
        fs::create_dir(into.join(format!("t{i}"))).unwrap();
    }
    let file = tmp.path().join("terms.csv");
    fs::write(&file, csv_of(&[("aaa", "A"), ("bbb", "B")])).unwrap();
    let (code, out, err) = import(&file, &into, &[]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("has 199999 entries and the import adds 2: more than the 200000-entry limit"),
        "{err}"
    );
    assert!(!into.join("aaa").exists() && !into.join("bbb").exists());
    // One more fits.
    fs::write(&file, csv_of(&[("aaa", "A")])).unwrap();
    let (code, _, err) = import(&file, &into, &[]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_file_of_more_terms_than_a_folder_holds_is_refused_while_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("huge.csv");
    let mut text = String::from("lang,title\n");
    for i in 0..200_001 {
        text.push_str(&format!("en,Term {i}\n"));
    }
    fs::write(&file, text).unwrap();
    let into = tmp.path().join("glossary");
    let (code, out, err) = import(&file, &into, &[]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert_eq!(
        err,
        format!(
            "gloss: {}:200002: more than 200000 terms, more than a folder holds; nothing was written\n",
            file.display()
        )
    );
    assert!(!into.exists() || names(&into).is_empty());
}
