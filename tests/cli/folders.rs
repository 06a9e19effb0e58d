//! Glossary folders, the config file, and hostile or broken files: a team's
//! own terms beside the bundled ones, and nothing a file contains can stop
//! gloss from serving the rest or reach the terminal.

use crate::common::*;
use std::fs;
use std::path::Path;

/// A folder with good articles and one of every kind of broken file.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "widget/en.md",
        &article_with_heading(
            "Widget",
            "A small thing.",
            "See [soft sell](/soft-sell) and [gadget](/gadget).",
        ),
    );
    write(
        root,
        "widget/zh-TW.md",
        &article_with_heading("小工具", "一個小東西。", "軟銷售的例子。"),
    );
    write(
        root,
        "widget/ar.md",
        &article_with_heading("أداة", "شيء صغير.", "نص عربي عن الأداة."),
    );
    write(
        root,
        "soft-sell/sv.md",
        &article_with_heading(
            "Mjukförsäljning",
            "Teamets egen definition.",
            "Vår text om [widgets](/widget).",
        ),
    );
    write(
        root,
        "bad-yaml/en.md",
        b"---\ntitle: [unclosed\ndescription: x\n---\nbody\n",
    );
    write(
        root,
        "no-title/en.md",
        b"---\ndescription: only this\n---\nbody\n",
    );
    write(root, "no-front/en.md", b"# Just markdown\n");
    write(
        root,
        "not-utf8/en.md",
        b"---\ntitle: caf\xe9\ndescription: x\n---\n",
    );
    write(root, "huge/en.md", &vec![b'a'; 2 * 1024 * 1024]);
    write(root, "widget/xx_yy.md", &article_with_heading("X", "Y", ""));
    write(
        root,
        "Bad Folder/en.md",
        &article_with_heading("Bad", "Folder", ""),
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.md", root.join("widget/fi.md")).unwrap();
        fs::create_dir_all(root.join("fifo")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("fifo/en.md"))
            .status();
        assert!(status.is_ok_and(|s| s.success()), "mkfifo");
    }
    dir
}

fn with_dir(dir: &Path) -> assert_cmd::Command {
    let mut cmd = gloss();
    cmd.arg("--data-dir").arg(dir);
    cmd
}

fn out(cmd: &mut assert_cmd::Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn folder_articles_are_found_by_slug_title_and_script() {
    let dir = mixed_folder();
    assert!(out(with_dir(dir.path()).arg("widget")).starts_with("Widget\nA small thing.\n"));
    assert!(out(with_dir(dir.path()).args(["小工具"])).starts_with("小工具\n"));
    assert!(out(with_dir(dir.path()).args(["widget", "--lang", "zh-TW"])).starts_with("小工具\n"));
    assert!(out(with_dir(dir.path()).args(["widget", "--lang", "zh"])).starts_with("小工具\n"));
    assert!(out(with_dir(dir.path()).args(["أداة"])).starts_with("أداة\n"));
}

#[test]
fn a_folder_replaces_only_its_own_languages() {
    let dir = mixed_folder();
    let sv = out(with_dir(dir.path()).args(["soft-sell", "--lang", "sv"]));
    assert!(
        sv.starts_with("Mjukförsäljning\nTeamets egen definition.\n"),
        "{sv}"
    );
    assert!(
        sv.contains("- widget: widgets\n"),
        "related marking knows folder terms: {sv}"
    );
    let fi = out(with_dir(dir.path()).args(["soft-sell", "--lang", "fi"]));
    assert!(fi.starts_with("Pehmeä myynti\n"));
    let translations = out(with_dir(dir.path()).args(["soft-sell", "--translations"]));
    assert!(
        translations.contains("sv\tMjukförsäljning\n")
            && translations.contains("fi\tPehmeä myynti\n")
    );
}

#[test]
fn file_names_may_spell_tags_loosely() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "thing/pt_br.md",
        &article_with_heading("Coisa", "Uma coisa.", ""),
    );
    write(
        dir.path(),
        "thing/ZH-tw.md",
        &article_with_heading("東西", "一個東西。", ""),
    );
    assert!(out(with_dir(dir.path()).args(["thing", "--lang", "pt-BR"])).starts_with("Coisa\n"));
    assert!(out(with_dir(dir.path()).args(["thing", "--lang", "zh-TW"])).starts_with("東西\n"));
    assert_eq!(
        out(with_dir(dir.path()).args(["thing", "--langs"])),
        "pt-BR\nzh-TW\n"
    );
    gloss().arg("--check").arg(dir.path()).assert().success();
}

#[test]
fn first_data_dir_wins() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    write(
        first.path(),
        "thing/en.md",
        &article_with_heading("First", "1", ""),
    );
    write(
        second.path(),
        "thing/en.md",
        &article_with_heading("Second", "2", ""),
    );
    let shown = out(gloss()
        .arg("--data-dir")
        .arg(first.path())
        .arg("--data-dir")
        .arg(second.path())
        .arg("thing"));
    assert!(shown.starts_with("First\n"));
    // GLOSS_DATA_DIRS is read after --data-dir.
    let shown = out(gloss()
        .env("GLOSS_DATA_DIRS", second.path())
        .arg("--data-dir")
        .arg(first.path())
        .arg("thing"));
    assert!(shown.starts_with("First\n"));
    let shown = out(gloss()
        .env(
            "GLOSS_DATA_DIRS",
            format!("{}:{}", second.path().display(), first.path().display()),
        )
        .arg("thing"));
    assert!(shown.starts_with("Second\n"));
}

#[test]
fn user_folder_and_config_are_read_from_xdg_dirs() {
    let home = tempfile::tempdir().unwrap();
    let team = tempfile::tempdir().unwrap();
    write(
        home.path(),
        "data/gloss/mine/en.md",
        &article_with_heading("Mine", "From the user folder.", ""),
    );
    write(
        team.path(),
        "theirs/en.md",
        &article_with_heading("Theirs", "From a config folder.", ""),
    );
    let config = format!("lang: pl\ndata_dirs:\n  - {}\n", team.path().display());
    write(home.path(), "config/gloss/config.yaml", config.as_bytes());
    let gloss_home = || {
        let mut cmd = gloss();
        cmd.env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd
    };
    assert!(out(gloss_home().arg("mine")).starts_with("Mine\n"));
    assert!(out(gloss_home().arg("theirs")).starts_with("Theirs\n"));
    assert!(
        out(gloss_home().arg("soft-sell")).starts_with("Miękka sprzedaż\n"),
        "config lang"
    );
    assert!(
        out(gloss_home().env("LANG", "fi_FI.UTF-8").arg("soft-sell"))
            .starts_with("Miękka sprzedaż\n"),
        "config beats the locale"
    );
    assert!(
        out(gloss_home().args(["soft-sell", "--lang", "ru"])).starts_with("Мягкая продажа\n"),
        "flags beat config"
    );
    let list = out(gloss_home().arg("--list"));
    assert_eq!(
        list,
        "mine\tMine\nsoft-sell\tMiękka sprzedaż\ntheirs\tTheirs\n"
    );
    let paths = out(gloss_home().arg("--show-paths"));
    assert!(
        paths.contains(&format!(
            "config file\t{}\texists",
            home.path().join("config/gloss/config.yaml").display()
        )),
        "{paths}"
    );
    assert!(
        paths.contains(&format!(
            "user folder\t{}\texists",
            home.path().join("data/gloss").display()
        )),
        "{paths}"
    );
    assert!(paths.contains("config data_dirs\t"), "{paths}");
}

#[test]
fn gloss_config_names_another_file_and_a_broken_one_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.yaml", b"color: always\nwidth: 30\n");
    let shown = out(gloss()
        .env("GLOSS_CONFIG", dir.path().join("c.yaml"))
        .args(["soft-sell", "--format", "terminal"]));
    assert!(shown.contains('\x1b'));
    assert!(strip_ansi(&shown)
        .lines()
        .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 30));
    write(dir.path(), "bad.yaml", b"colour: [\n");
    let output = gloss()
        .env("GLOSS_CONFIG", dir.path().join("bad.yaml"))
        .arg("soft-sell")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_one_line_error(&stderr);
    assert!(stderr.contains("bad.yaml"), "{stderr}");
    let output = gloss()
        .env("GLOSS_CONFIG", dir.path().join("typo.yaml"))
        .arg("soft-sell")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("typo.yaml: no such file"), "{stderr}");
}

#[test]
fn broken_files_never_stop_the_rest() {
    let dir = mixed_folder();
    let list = out(with_dir(dir.path()).arg("--list"));
    assert_eq!(list, "soft-sell\tPehmeä myynti\nwidget\tWidget\n");
    assert_eq!(
        out(with_dir(dir.path()).args(["--search", "thing"])),
        "widget\ten\tWidget\n"
    );
    assert!(out(with_dir(dir.path()).args(["pehmea myynti"])).starts_with("Pehmeä myynti\n"));
}

#[test]
fn looking_up_a_broken_article_names_the_file_and_problem() {
    let dir = mixed_folder();
    let cases = [
        ("bad-yaml", "bad-yaml/en.md:3: invalid front matter"),
        ("no-title", "no-title/en.md: front matter has no 'title'"),
        ("no-front", "no-front/en.md:1: no front matter"),
        ("not-utf8", "not-utf8/en.md:2: not valid UTF-8"),
        ("huge", "huge/en.md: file is 2097152 bytes, larger than"),
        ("fifo", "fifo/en.md: not a regular file"),
    ];
    for (slug, message) in cases {
        let output = with_dir(dir.path()).arg(slug).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{slug}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_one_line_error(&stderr);
        assert!(stderr.contains(message), "{slug}: {stderr}");
    }
    let output = with_dir(dir.path())
        .args(["widget", "--lang", "fi"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "symlink loop");
}

#[test]
fn escape_sequences_in_files_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "---\ntitle: \"Evil\\e]0;title\\a\"\ndescription: \"clear\\e[2J and bell\\a\"\n---\n\
        # Evil\n\nEntity &#27;[2J and &#x9b;31m and OSC 52 \x1b]52;c;SGVsbG8=\x07 and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ and \u{9b}31m C1 and \x07 bell.\n";
    write(dir.path(), "evil/en.md", evil.as_bytes());
    for format in ["terminal", "plain", "markdown", "json"] {
        let output = gloss()
            .arg("--data-dir")
            .arg(dir.path())
            .args(["evil", "--format", format, "--color", "always"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        let foreign = strip_ansi(&text);
        assert!(
            !foreign.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {foreign:?}"
        );
        if format != "terminal" {
            assert!(!text.contains('\x1b'), "{format}: {text:?}");
        }
    }
    let list = out(gloss()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--list", "--format", "terminal", "--color", "always"]));
    assert!(
        !strip_ansi(&list)
            .chars()
            .any(|c| c.is_control() && c != '\n'),
        "{list:?}"
    );
}

#[test]
fn check_reports_every_problem_once_per_line() {
    let dir = mixed_folder();
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let root = dir.path().display().to_string();
    for expected in [
        "/Bad Folder: folder name is not a slug",
        "/bad-yaml/en.md:3: invalid front matter",
        "/no-title/en.md: front matter has no 'title'",
        "/no-front/en.md:1: no front matter",
        "/not-utf8/en.md:2: not valid UTF-8 text",
        "/huge/en.md: file is 2097152 bytes",
        "/fifo/en.md: not a regular file",
        "/widget/fi.md: cannot read:",
        "/widget/en.md:7: links to 'gadget', which is not in the glossary",
    ] {
        assert!(
            stdout.contains(&format!("{root}{expected}")),
            "missing {expected}:\n{stdout}"
        );
    }
    assert!(
        !stdout.contains("'soft-sell', which"),
        "bundle terms exist: {stdout}"
    );
    assert!(
        stdout.lines().all(|line| line.starts_with(&root)),
        "{stdout}"
    );
}

#[test]
fn check_finds_unknown_keys_duplicates_and_bad_tags() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "one/en.md",
        b"---\ntitle: Same\ndescription: d\nauthor: me\n---\n",
    );
    write(
        dir.path(),
        "two/en.md",
        b"---\ntitle: same\ndescription: d\n---\n",
    );
    write(
        dir.path(),
        "two/english.md",
        b"---\ntitle: T\ndescription: d\n---\n",
    );
    write(dir.path(), "two/notes.txt", b"hello");
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("one/en.md:4: unknown front-matter key 'author'"),
        "{stdout}"
    );
    assert!(
        stdout.contains("two/en.md:2: title 'same' is also the title of"),
        "{stdout}"
    );
    assert!(
        stdout.contains("two/english.md: 'english' is not a language tag"),
        "{stdout}"
    );
    assert!(stdout.contains("two/notes.txt: not an article"), "{stdout}");
}

#[test]
fn check_of_a_clean_folder_and_defaults() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fine/en.md",
        &article_with_heading("Fine", "All good.", "Links to [soft sell](/soft-sell)."),
    );
    gloss()
        .arg("--check")
        .arg(dir.path())
        .assert()
        .success()
        .stdout("");
    // Without DIR: the folders gloss reads.
    gloss()
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--check")
        .assert()
        .success()
        .stdout("");
    gloss().arg("--check").assert().code(2);
    gloss()
        .arg("--check")
        .arg(dir.path().join("missing"))
        .assert()
        .code(1);
}

#[test]
fn the_bundle_passes_its_own_checker() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let output = gloss().arg("--check").arg(&data).output().unwrap();
    // Its links to terms not written yet are what --check reports, and no more.
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 20, "{stdout}");
    assert!(stdout
        .lines()
        .all(|line| line.contains("which is not in the glossary")));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("5 article(s) in 1 folder(s), 20 problem(s)"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn path_like_slugs_never_leave_the_folder() {
    let dir = mixed_folder();
    let outside = dir.path().join("widget");
    for term in [
        "../widget",
        "widget/../widget",
        "/etc/passwd",
        "..",
        "widget/en.md",
    ] {
        let output = gloss()
            .arg("--data-dir")
            .arg(&outside)
            .arg(term)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{term}");
    }
}

#[test]
fn missing_named_folders_warn_but_serve() {
    let output = gloss()
        .args(["--data-dir", "/nonexistent/gloss", "soft-sell", "--short"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_one_line_error(&stderr);
    assert!(stderr.contains("/nonexistent/gloss: no such folder"));
}

#[test]
fn a_named_file_or_device_is_not_a_folder_but_serves() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a glossary").unwrap();
    for place in [notes.as_path(), std::path::Path::new("/dev/zero")] {
        let output = gloss()
            .arg("--data-dir")
            .arg(place)
            .args(["soft-sell", "--short"])
            .output()
            .unwrap();
        assert!(output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_one_line_error(&stderr);
        assert!(
            stderr.contains(&format!("{}: not a folder", place.display())),
            "{stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn unreadable_folders_are_problems() {
    use std::os::unix::fs::PermissionsExt;
    let dir = mixed_folder();
    let locked = dir.path().join("locked");
    write(
        dir.path(),
        "locked/en.md",
        &article_with_heading("Locked", "x", ""),
    );
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read_dir(&locked).is_ok() {
        eprintln!("skipped: permissions do not apply to this user (root)");
    } else {
        let stdout = out(with_dir(dir.path()).arg("--list"));
        assert!(stdout.contains("widget\tWidget"));
        let lookup = with_dir(dir.path()).arg("locked").output().unwrap();
        assert_eq!(lookup.status.code(), Some(2), "{lookup:?}");
        let check = gloss().arg("--check").arg(dir.path()).output().unwrap();
        assert!(String::from_utf8(check.stdout)
            .unwrap()
            .contains("locked: cannot read folder"));
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn file_names_with_escape_sequences_are_reported_clean() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok/e\x1b[2Jn.md",
        &article_with_heading("O", "e", "b"),
    );
    write(dir.path(), "ok/en.md", &article_with_heading("O", "e", "b"));
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("is not a language tag"), "{report}");
    assert!(!report.contains('\x1b'), "{report:?}");
    let named = dir.path().join("dir\x1b]52;c;eA==\x07");
    let paths = out(gloss().arg("--show-paths").arg("--data-dir").arg(&named));
    assert!(paths.contains("dir]52;c;eA=="), "{paths}");
    assert!(!paths.contains(['\x1b', '\x07']), "{paths:?}");
}

/// Backdates every file under `root` (their change times stay recent, so
/// gloss still compares them by content).
fn settle(root: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in fs::read_dir(root).unwrap().flatten() {
        for file in fs::read_dir(entry.path()).unwrap().flatten() {
            let handle = fs::File::options().write(true).open(file.path()).unwrap();
            handle.set_modified(past).unwrap();
        }
    }
}

#[test]
fn folder_indexes_are_cached_until_a_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gizmo/en.md",
        &article_with_heading("Gizmo", "A thing.", "Body."),
    );
    write(
        dir.path(),
        "gizmo/sv.md",
        &article_with_heading("Grej", "En sak.", "Text."),
    );
    settle(dir.path());
    let list = || {
        out(with_dir(dir.path())
            .env("XDG_CACHE_HOME", cache.path())
            .arg("--list"))
    };
    assert!(list().contains("gizmo\tGizmo"));
    let cached = || {
        let entries = fs::read_dir(cache.path().join("gloss")).unwrap();
        let files: Vec<_> = entries.flatten().collect();
        assert_eq!(files.len(), 1, "one titles index for the folder");
    };
    cached();

    // The same folder by another name (relative here) uses the same copy.
    let parent = dir.path().parent().unwrap();
    let relative = dir.path().file_name().unwrap();
    let mut again = gloss();
    again.current_dir(parent).arg("--data-dir").arg(relative);
    again.env("XDG_CACHE_HOME", cache.path()).arg("--list");
    assert!(out(&mut again).contains("gizmo\tGizmo"));
    cached(); // the same copy: a warm call may refresh it, never add a second

    // Same size, new title: the modification and change times give it away.
    write(
        dir.path(),
        "gizmo/en.md",
        &article_with_heading("Gadgy", "A thing.", "Body."),
    );
    assert!(list().contains("gizmo\tGadgy"));
    fs::remove_file(dir.path().join("gizmo/en.md")).unwrap();
    assert!(list().contains("gizmo\tGrej"));

    // A damaged cache file is rebuilt, never believed.
    for entry in fs::read_dir(cache.path().join("gloss")).unwrap().flatten() {
        fs::write(entry.path(), b"GLOSSFC1garbage").unwrap();
    }
    assert!(list().contains("gizmo\tGrej"));
}

#[test]
fn a_broken_language_never_blocks_the_healthy_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "duo/fi.md",
        b"---\ntitle: T\ndescription: D\nkeywords: 5\n---\nx\n",
    );
    write(dir.path(), "duo/nb.md", b"---\ntitle: [unclosed\n");
    write(
        dir.path(),
        "duo/pt-BR.md",
        &article_with_heading("Dupla", "Um par.", "Texto."),
    );
    let shown = out(with_dir(dir.path()).args(["duo", "--format", "plain"]));
    assert!(shown.starts_with("Dupla\n"), "{shown}");
    let translations = out(with_dir(dir.path()).args(["duo", "--translations"]));
    assert_eq!(translations, "pt-BR\tDupla\n");
    // Asked for by language, the broken file is the answer: its error.
    let output = with_dir(dir.path())
        .args(["duo", "--lang", "fi"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("fi.md"));
}

#[test]
fn another_region_or_script_is_no_answer_to_an_explicit_lang() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cjk/zh-TW.md",
        &article_with_heading("軟性銷售", "溫和的推銷。", "正文。"),
    );
    let stderr = |cmd: &mut assert_cmd::Command, code| {
        let output = cmd.output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let refused = stderr(with_dir(dir.path()).args(["cjk", "--lang", "zh-CN"]), 1);
    assert!(refused.contains("zh-TW"), "{refused}");
    // From the locale, the other script is shown, with a note saying so.
    let noted = stderr(
        with_dir(dir.path()).arg("cjk").env("LANG", "zh_CN.UTF-8"),
        0,
    );
    assert!(noted.contains("showing zh-TW"), "{noted}");
    assert!(out(with_dir(dir.path()).args(["cjk", "--lang", "zh"])).contains("軟性銷售"));
}

#[test]
fn check_reports_two_files_for_one_language_and_takes_dirs_after_flags() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "duo/pt-BR.md",
        &article_with_heading("Dupla", "Um par.", "Texto."),
    );
    write(
        dir.path(),
        "duo/pt_br.md",
        &article_with_heading("Outra", "Um par.", "Texto."),
    );
    let output = gloss()
        .args(["--check", "--format", "plain"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("pt_br.md: another file of this term is also pt-BR: pt-BR.md"),
        "{report}"
    );
    let shown = out(with_dir(dir.path()).args(["duo", "--format", "plain"]));
    assert!(shown.starts_with("Dupla\n"), "{shown}");
}

#[test]
fn a_term_folder_that_cannot_be_read_is_an_error_not_a_miss() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fine/en.md",
        &article_with_heading("Fine", "x", ""),
    );
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    fs::write(dir.path().join("readme"), "not a term").unwrap();
    let output = with_dir(dir.path()).arg("loop").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("loop: cannot read folder"), "{stderr}");
    with_dir(dir.path()).arg("readme").assert().code(1);
    with_dir(dir.path()).arg("fine").assert().success();
}
