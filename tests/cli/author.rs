//! Writing glossaries: `--render` of a file or stdin, `--new` and `--edit`
//! with a fake editor script, `--pick` with a fake finder script, and the
//! `--list --long` records the picker uses.

use crate::common::*;
use crate::project::write;
use std::fs;
use std::path::{Path, PathBuf};

const DRAFT: &str = "---\ntitle: Solar panel\ndescription: Makes power from light.\n---\n\n\
                     # Solar panel\n\nSold with a [soft sell](/soft-sell).\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn render_reads_stdin_through_the_same_pipeline() {
    let out = gloss()
        .args(["--render", "-", "--format", "plain"])
        .write_stdin(DRAFT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout),
        "Solar panel\nMakes power from light.\n\nSold with a soft sell.\n\n\
         Related terms\n- soft-sell: soft sell\n"
    );
    assert!(out.stderr.is_empty());
    let json = gloss()
        .args(["--render", "-", "--format", "json", "--lang", "sv"])
        .write_stdin(DRAFT)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (json["slug"].as_str(), json["lang"].as_str()),
        (Some("untitled"), Some("sv"))
    );
}

#[test]
fn render_reports_problems_as_check_does_and_exits_1() {
    let draft = DRAFT.replace("title:", "colour: red\ntitle:") + "See [nothing](/no-such-term).\n";
    let out = gloss()
        .args(["--render", "-"])
        .write_stdin(draft)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("Solar panel\n"),
        "still rendered"
    );
    assert_eq!(
        text(&out.stderr),
        "gloss: <stdin>:2: unknown front-matter key 'colour' (known: title, description, keywords, aliases, avoid)\n\
         gloss: <stdin>:10: links to 'no-such-term', which is not in the glossary\n"
    );
    // Nothing read reaches the terminal as a control sequence.
    let hostile = DRAFT.replace("Sold", "\x1b]0;owned\x07\x1b[2JSold");
    let out = gloss()
        .args(["--render", "-", "--format", "terminal", "--color", "always"])
        .write_stdin(hostile)
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("Sold with a"));
    assert!(!text(&out.stdout).contains("\x1b]") && !text(&out.stdout).contains("\x1b[2J"));
    // An article that does not parse is not shown: exit 2, one line.
    let broken = gloss()
        .args(["--render", "-"])
        .write_stdin("---\ntitle: [unclosed\n---\n")
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(2));
    assert_one_line_error(&text(&broken.stderr));
    assert!(text(&broken.stderr).starts_with("gloss: <stdin>:"));
}

#[test]
fn render_takes_slug_and_language_from_the_path() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "solar-panel/sv.md", DRAFT);
    write(dir.path(), "wind-turbine.md", DRAFT);
    let json = |path: PathBuf, extra: &[&str]| -> serde_json::Value {
        let out = gloss()
            .arg("--render")
            .arg(path)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let placed = json(dir.path().join("solar-panel/sv.md"), &[]);
    assert_eq!(
        (placed["slug"].as_str(), placed["lang"].as_str()),
        (Some("solar-panel"), Some("sv"))
    );
    let loose = json(dir.path().join("wind-turbine.md"), &["--lang", "fi"]);
    assert_eq!(
        (loose["slug"].as_str(), loose["lang"].as_str()),
        (Some("wind-turbine"), Some("fi"))
    );
    let missing = stderr_of(&["--render", "/no/such/file.md"], 2);
    assert!(missing.contains("/no/such/file.md"), "{missing}");
}

/// A user with an empty data folder, and editor scripts.
struct Desk {
    home: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn user_folder(&self) -> PathBuf {
        self.home.path().join("data/gloss")
    }

    /// A script that runs `body` with the file as `$1`.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.home.path().join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        let mut perms = fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        fs::set_permissions(&path, perms).unwrap();
        path
    }

    fn gloss(&self, editor: &Path, args: &[&str]) -> std::process::Output {
        gloss()
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("XDG_CACHE_HOME", self.home.path().join("cache"))
            .env("VISUAL", editor)
            .env_remove("EDITOR")
            .args(args)
            .output()
            .unwrap()
    }
}

#[test]
fn new_creates_from_the_template_opens_the_editor_then_shows_it() {
    let desk = Desk::new();
    let editor = desk.script(
        "editor",
        "printf '%s\\n' 'Panels on a [roof](/soft-sell).' >> \"$1\"",
    );
    let out = desk.gloss(
        &editor,
        &["--new", "solar-panel", "--lang", "en", "--format", "plain"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let path = desk.user_folder().join("solar-panel/en.md");
    let written = fs::read_to_string(&path).unwrap();
    assert!(
        written.starts_with("---\ntitle: \"Solar panel\"\ndescription: "),
        "{written}"
    );
    assert!(written.ends_with("Panels on a [roof](/soft-sell).\n"));
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("Solar panel\n") && shown.contains("- soft-sell: roof"),
        "{shown}"
    );
    assert_eq!(
        text(&out.stderr),
        format!("gloss: created {}\n", path.display())
    );
    // The new term is in the glossary now.
    let found = desk.gloss(&editor, &["solar-panel", "--short"]);
    assert!(found.status.success());
}

#[test]
fn new_refuses_an_existing_file_a_bad_slug_and_a_failing_editor() {
    let desk = Desk::new();
    let ok = desk.script("ok", "true");
    let failing = desk.script("failing", "exit 3");
    assert!(desk
        .gloss(&ok, &["--new", "solar-panel", "--lang", "en"])
        .status
        .success());
    let again = desk.gloss(&ok, &["--new", "solar-panel", "--lang", "en"]);
    assert_eq!(again.status.code(), Some(2));
    let stderr = text(&again.stderr);
    assert_one_line_error(&stderr);
    assert!(
        stderr.contains("solar-panel/en.md: already exists"),
        "{stderr}"
    );
    for bad in ["Solar_Panel", "../up", "a--b"] {
        let out = desk.gloss(&ok, &["--new", bad, "--lang", "en"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(text(&out.stderr).contains("is not a valid slug"), "{bad}");
    }
    let out = desk.gloss(&failing, &["--new", "wind-turbine", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    let kept = desk.user_folder().join("wind-turbine/en.md");
    assert!(kept.is_file(), "the file is kept");
    let stderr = text(&out.stderr);
    assert!(
        stderr.ends_with(&format!(
            "failed (exit status: 3); the file is kept at {}\n",
            kept.display()
        )),
        "{stderr}"
    );
}

#[test]
fn new_from_another_language_starts_a_translation() {
    let desk = Desk::new();
    let ok = desk.script("ok", "true");
    let out = desk.gloss(&ok, &["--new", "soft-sell", "--lang", "de", "--from", "sv"]);
    // The Swedish original links to terms the bundle does not have: reported, exit 1.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let copy = fs::read_to_string(desk.user_folder().join("soft-sell/de.md")).unwrap();
    assert!(copy.starts_with("---\ntitle: \"Mjuk sälj\"\n"), "{copy}");
    assert!(
        copy.contains("keywords: [\"Business\",\"Marketing Essentials\"]\n---\n\n# Mjuk sälj\n")
    );
    let json = desk.gloss(&ok, &["soft-sell", "--lang", "de", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["keywords"],
        serde_json::json!(["Business", "Marketing Essentials"])
    );
    let none = desk.gloss(
        &ok,
        &["--new", "soft-sell", "--lang", "it", "--from", "de-AT"],
    );
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn new_in_the_project_folder() {
    let desk = Desk::new();
    let ok = desk.script("ok", "true");
    let repo = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        gloss()
            .current_dir(repo.path())
            .env("XDG_DATA_HOME", desk.home.path().join("data"))
            .env("VISUAL", &ok)
            .args(args)
            .output()
            .unwrap()
    };
    let none = run(&["--new", "build-cache", "--lang", "en", "--project"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("no project folder"));
    fs::create_dir(repo.path().join(".gloss")).unwrap();
    assert!(run(&["--new", "build-cache", "--lang", "en", "--project"])
        .status
        .success());
    assert!(repo.path().join(".gloss/build-cache/en.md").is_file());
}

#[test]
fn edit_copies_a_bundled_article_once_then_edits_the_copy() {
    let desk = Desk::new();
    let editor = desk.script(
        "editor",
        "sed -i 's/^title: .*/title: \"Mjuk försäljning\"/' \"$1\"",
    );
    let out = desk.gloss(&editor, &["--edit", "soft-sell", "--lang", "sv", "--short"]);
    let copy = desk.user_folder().join("soft-sell/sv.md");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "gloss: copied the built-in article to {}; it replaces",
            copy.display()
        )),
        "{stderr}"
    );
    let title = |out: std::process::Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["title"].as_str().unwrap().to_string()
    };
    assert_eq!(
        title(desk.gloss(&editor, &["soft-sell", "--lang", "sv", "--format", "json"])),
        "Mjuk försäljning"
    );
    // The second time, the copy is what a lookup shows: it is edited in place.
    let again = desk.gloss(&editor, &["--edit", "mjuk försäljning", "--short"]);
    assert!(!text(&again.stderr).contains("copied"), "{again:?}");
    // Other languages still come from the bundle.
    assert_eq!(
        title(desk.gloss(&editor, &["soft-sell", "--lang", "fi", "--format", "json"])),
        "Pehmeä myynti"
    );
    let failing = desk.script("failing", "exit 1");
    let out = desk.gloss(&failing, &["--edit", "soft-sell", "--lang", "sv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&format!("the file is kept at {}", copy.display())));
    let missing = desk.gloss(&editor, &["--edit", "no-such-term"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn list_long_prints_what_the_picker_shows() {
    let out = stdout_of(&["--list", "--long", "--lang", "sv"]);
    let fields: Vec<&str> = out.trim_end().split('\t').collect();
    assert_eq!(fields[0], "soft-sell");
    assert_eq!(fields[1], "Mjuk sälj");
    assert!(fields[2].starts_with("Soft sell hänvisar"));
    assert_eq!(fields[3], "fi,nb,pl,ru,sv");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--list", "--long", "--format", "json"])).unwrap();
    let keys: Vec<&String> = json[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["slug", "title", "description", "langs", "lang"]);
}

#[test]
fn pick_runs_the_finder_and_shows_the_chosen_article() {
    let desk = Desk::new();
    let args_file = desk.home.path().join("args");
    let finder = desk.script(
        "finder",
        &format!(
            "printf '%s\\n' \"$@\" > {}\necho \"$GLOSS_LANG\" > {}.lang\ngrep '^soft-sell\t'",
            args_file.display(),
            args_file.display()
        ),
    );
    let out = gloss()
        .env("GLOSS_FINDER", &finder)
        .args(["--pick", "--lang", "sv", "--short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout),
        "Soft sell hänvisar till en reklam- och försäljningsstrategi som har ett subtilt språk \
         och en icke-aggressiv teknik.\n"
    );
    // The finder was given a preview of the article under the cursor:
    // running it as the finder would shows the article.
    let args = fs::read_to_string(&args_file).unwrap();
    let preview = args
        .lines()
        .skip_while(|line| *line != "--preview")
        .nth(1)
        .unwrap()
        .replace("{1}", "'soft-sell'");
    // --lang reaches it as a preference, in the finder's environment.
    let lang = fs::read_to_string(args_file.with_extension("lang")).unwrap();
    assert_eq!(lang, "sv\n");
    let shown = std::process::Command::new("sh")
        .args(["-c", &preview])
        .env("FZF_PREVIEW_COLUMNS", "40")
        .env("GLOSS_LANG", lang.trim())
        .output()
        .unwrap();
    let shown = strip_ansi(&text(&shown.stdout));
    assert!(shown.starts_with("Mjuk sälj"), "{preview}: {shown}");
    assert!(
        shown.lines().all(|line| line.chars().count() <= 40),
        "{shown}"
    );
}

#[test]
fn pick_without_a_finder_or_a_choice() {
    let out = gloss()
        .env("PATH", "/nonexistent")
        .arg("--pick")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_one_line_error(&stderr);
    assert!(stderr.contains("fzf") && stderr.contains("sk") && stderr.contains("GLOSS_FINDER"));
    let desk = Desk::new();
    let escape = desk.script("escape", "cat > /dev/null; exit 130");
    let out = gloss()
        .env("GLOSS_FINDER", &escape)
        .arg("--pick")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "gloss: nothing picked\n");
}

/// Runs `tmux` on a server of this test's own.
fn tmux(socket: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new("tmux")
        .args(["-L", socket])
        .args(args)
        .output()
        .unwrap()
}

/// Polls the pane until it shows `wanted`; the pane's text either way.
fn wait_for(socket: &str, wanted: &str) -> String {
    let mut screen = String::new();
    for _ in 0..200 {
        screen = text(&tmux(socket, &["capture-pane", "-p", "-t", "pick"]).stdout);
        if screen.contains(wanted) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    screen
}

/// The real thing: fzf in a terminal (tmux), the preview it runs, a choice
/// typed, and the article gloss shows after it.
#[test]
fn pick_with_fzf_in_a_terminal() {
    let has = |tool: &str, flag: &str| {
        std::process::Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|out| out.status.success())
    };
    if !has("tmux", "-V") || !has("fzf", "--version") {
        eprintln!("skipped: needs tmux and fzf (.ci/run installs them)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("terms");
    write(
        &folder,
        "solar-panel/en.md",
        "---\ntitle: Solar panel\ndescription: Makes power from light.\n---\n\nPanels.\n",
    );
    let socket = format!("gloss-pick-{}", std::process::id());
    let gloss = assert_cmd::cargo::cargo_bin("gloss");
    let command = format!(
        "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={home} XDG_DATA_HOME={home}/data \
         XDG_CACHE_HOME={home}/cache XDG_CONFIG_HOME={home}/config {gloss} --pick --lang sv \
         --data-dir {folder} --format plain; echo EXIT=$?; sleep 60",
        home = home.path().display(),
        gloss = gloss.display(),
        folder = folder.display(),
    );
    let started = tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-x",
            "140",
            "-y",
            "30",
            "-s",
            "pick",
            &command,
        ],
    );
    assert!(started.status.success(), "{started:?}");
    // The list, and the preview of the term under the cursor: a heading
    // of its Swedish article, which only the preview shows.
    let screen = wait_for(&socket, "Vad är en mjuk försäljning?");
    assert!(screen.contains("Vad är en mjuk försäljning?"), "{screen}");
    assert!(
        screen.contains("solar-panel") && screen.contains("soft-sell"),
        "{screen}"
    );
    // `^solar`: fzf's prefix match, so one term is left, then Enter.
    tmux(&socket, &["send-keys", "-t", "pick", "^solar"]);
    let screen = wait_for(&socket, "1/2");
    assert!(screen.contains("1/2"), "{screen}");
    tmux(&socket, &["send-keys", "-t", "pick", "Enter"]);
    let screen = wait_for(&socket, "EXIT=");
    tmux(&socket, &["kill-server"]);
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("Solar panel\nMakes power from light.\n\nPanels."),
        "{screen}"
    );
}

/// `VISUAL` is a command line: words split as a shell would, quotes kept
/// together (a path with a space), the file last.
#[test]
fn the_editor_command_is_split_as_a_shell_would() {
    let desk = Desk::new();
    let dir = desk.home.path().join("my editors");
    fs::create_dir_all(&dir).unwrap();
    let editor = dir.join("ed it");
    fs::write(&editor, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$2\"\n").unwrap();
    let mut perms = fs::metadata(&editor).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&editor, perms).unwrap();
    let visual = format!("'{}' 'Two words.'", editor.display());
    let out = gloss()
        .env("XDG_DATA_HOME", desk.home.path().join("data"))
        .env("VISUAL", &visual)
        .env("EDITOR", "false")
        .args(["--new", "solar-panel", "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let written = fs::read_to_string(desk.user_folder().join("solar-panel/en.md")).unwrap();
    assert!(written.ends_with("\nTwo words.\n"), "{written}");
    // Without VISUAL, EDITOR; a command that cannot start is an error naming it.
    let out = gloss()
        .env("XDG_DATA_HOME", desk.home.path().join("data"))
        .env_remove("VISUAL")
        .env("EDITOR", "/no/such/editor --wait")
        .args(["--edit", "solar-panel"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot start the editor '/no/such/editor --wait'"),
        "{stderr}"
    );
    assert!(stderr.contains("solar-panel/en.md"), "{stderr}");
}
