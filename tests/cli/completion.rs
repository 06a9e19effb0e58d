//! Completion in real shells (bash, zsh, fish), the committed scripts and
//! man page kept identical to what the binary produces.
//!
//! `GLOSS_REGENERATE=1 cargo test --test cli completion` rewrites `completions/`
//! and `doc/gloss.1` (generated in `man/mod.rs`) after a change to the
//! command line.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "gloss.bash"),
    ("zsh", "_gloss"),
    ("fish", "gloss.fish"),
    ("elvish", "gloss.elv"),
    ("powershell", "_gloss.ps1"),
];

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Compares a committed file with what it should be; rewrites it when asked.
fn assert_fresh(path: &Path, expected: &[u8]) {
    let committed = std::fs::read(path).unwrap_or_default();
    if std::env::var_os("GLOSS_REGENERATE").is_some() {
        // Only what changed, and by rename: the shell tests running beside
        // this one source these scripts and must never see half a file.
        if committed != expected {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let partial = path.with_extension("regenerating");
            std::fs::write(&partial, expected).unwrap();
            std::fs::rename(&partial, path).unwrap();
        }
        return;
    }
    assert!(
        committed == expected,
        "{} is stale: run GLOSS_REGENERATE=1 cargo test --test cli completion",
        path.display()
    );
}

#[test]
fn committed_scripts_match_the_binary() {
    for (shell, file) in SCRIPTS {
        let output = gloss().args(["--completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        assert!(!output.stdout.is_empty(), "{shell}");
        assert_fresh(&repo("completions").join(file), &output.stdout);
    }
}

#[test]
fn man_page_matches_the_command_line() {
    let page = crate::man::page();
    let text = String::from_utf8(page.clone()).unwrap();
    for section in [
        "SYNOPSIS",
        "OPTIONS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
    ] {
        let heading = |line: &str| line.starts_with(".SH") && line.contains(section);
        assert!(text.lines().any(heading), "{section}");
    }
    assert!(!text.contains(".SH EXTRA"), "examples are not reflowed");
    assert!(text.contains("[\\fITERM\\fR]..."), "TERM repeats");
    assert!(
        text.contains("\\fB\\-\\-lang\\fR \\fILANG\\fR]"),
        "placeholders"
    );
    assert_fresh(&repo("doc/gloss.1"), &page);
}

#[test]
fn unknown_shells_are_usage_errors() {
    stderr_of(&["--completions", "tcsh"], 2);
    stderr_of(&["--completions"], 2);
}

/// A shell, or `None` (with a note) when it is not installed; under CI a
/// missing shell fails the test.
pub(crate) fn shell(name: &str) -> Option<PathBuf> {
    crate::common::program(name)
}

/// A shell command with the built gloss first on PATH and a clean environment.
fn shell_command(shell: &Path) -> Command {
    let bin_dir = assert_cmd::cargo::cargo_bin("gloss")
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = gloss_std();
    let program = std::mem::replace(&mut cmd, Command::new(shell));
    // Keep the clean environment gloss_std() set up, on the shell.
    for (key, value) in program.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.env("PATH", path);
    cmd
}

fn lines_of(output: std::process::Output) -> Vec<String> {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn bash_complete(bash: &Path, line: &str) -> Vec<String> {
    bash_complete_in(shell_command(bash), line)
}

fn bash_complete_in(bash: Command, line: &str) -> Vec<String> {
    bash_complete_with(bash, &repo("completions/gloss.bash"), line)
}

/// Completes `line` the way bash does on TAB: the registered function is
/// called with `COMP_WORDS` and `COMP_CWORD` set, and `COMPREPLY` is read.
/// `script` is the completion file sourced (committed, or as installed).
pub(crate) fn bash_complete_with(mut bash: Command, script: &Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let script = format!(
        "source {script}\n\
         COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}; COMP_TYPE=9\n\
         _clap_complete_gloss gloss '{current}' '{previous}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script = script.display(),
        words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        cword = words.len() - 1,
        point = line.len(),
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    lines_of(
        bash.args(["--norc", "--noprofile", "-c", &script])
            .output()
            .unwrap(),
    )
}

#[test]
fn bash_completes_terms_flags_and_values() {
    let Some(bash) = shell("bash") else { return };
    assert_eq!(bash_complete(&bash, "gloss so"), ["soft-sell"]);
    assert_eq!(bash_complete(&bash, "gloss --form"), ["--format"]);
    assert_eq!(
        bash_complete(&bash, "gloss --format "),
        ["auto", "terminal", "plain", "markdown", "json", "sarif"]
    );
    assert_eq!(
        bash_complete(&bash, "gloss --lang "),
        ["fi", "nb", "pl", "ru", "sv"]
    );
    assert_eq!(
        bash_complete(&bash, "gloss --completions "),
        ["bash", "zsh", "fish", "elvish", "powershell"]
    );
    assert_eq!(bash_complete(&bash, "gloss --color a"), ["auto", "always"]);
}

fn fish_complete(fish: &Path, line: &str) -> Vec<String> {
    fish_complete_with(shell_command(fish), &repo("completions/gloss.fish"), line)
}

/// What fish offers for `line` after sourcing `script`.
pub(crate) fn fish_complete_with(mut fish: Command, script: &Path, line: &str) -> Vec<String> {
    let script = format!("source {}; complete -C '{line}'", script.display());
    lines_of(fish.args(["--no-config", "-c", &script]).output().unwrap())
}

#[test]
fn fish_completes_with_titles() {
    let Some(fish) = shell("fish") else { return };
    assert_eq!(
        fish_complete(&fish, "gloss so"),
        ["soft-sell\tPehmeä myynti"]
    );
    let with_lang = shell_command(&fish)
        .env("LANG", "ru_RU.UTF-8")
        .args([
            "--no-config",
            "-c",
            &format!(
                "source {}; complete -C 'gloss so'",
                repo("completions/gloss.fish").display()
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(lines_of(with_lang), ["soft-sell\tМягкая продажа"]);
    let formats: Vec<String> = fish_complete(&fish, "gloss --format ")
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(
        formats,
        ["auto", "terminal", "plain", "markdown", "json", "sarif"]
    );
    let langs: Vec<String> = fish_complete(&fish, "gloss -l ").into_iter().collect();
    assert_eq!(langs[0], "fi\t1 article");
    assert!(fish_complete(&fish, "gloss --for")[0].starts_with("--format\t"));
}

/// Runs zsh's real completion system on a line: the registered completion
/// function is called as compinit would, with `_describe` and `compadd`
/// recording what would be offered.
fn zsh_complete(zsh: &Path, line: &str) -> Vec<String> {
    zsh_complete_with(shell_command(zsh), &repo("completions/_gloss"), line)
}

pub(crate) fn zsh_complete_with(mut zsh: Command, script: &Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let script = format!(
        "source {script}\n\
         _describe() {{ local name=$3; print -rl -- ${{(P)name}} }}\n\
         compdef() {{ }}\n\
         words=({words}); CURRENT={current}\n\
         _clap_dynamic_completer_gloss",
        script = script.display(),
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        current = words.len(),
    );
    lines_of(zsh.args(["-f", "-c", &script]).output().unwrap())
}

#[test]
fn zsh_completes_with_titles() {
    let Some(zsh) = shell("zsh") else { return };
    assert_eq!(zsh_complete(&zsh, "gloss so"), ["soft-sell:Pehmeä myynti"]);
    let formats: Vec<String> = zsh_complete(&zsh, "gloss --format ")
        .iter()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(
        formats,
        ["auto", "terminal", "plain", "markdown", "json", "sarif"]
    );
    assert!(zsh_complete(&zsh, "gloss --lang ").contains(&"sv:1 article".to_string()));
}

#[test]
fn folder_terms_complete_at_once() {
    let Some(bash) = shell("bash") else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("solar-panel")).unwrap();
    std::fs::write(
        dir.path().join("solar-panel/en.md"),
        "---\ntitle: Solar panel\ndescription: Makes power.\n---\n",
    )
    .unwrap();
    let mut with_folder = shell_command(&bash);
    with_folder.env("GLOSS_DATA_DIRS", dir.path());
    let found = bash_complete_in(with_folder, "gloss so");
    assert_eq!(found, ["soft-sell", "solar-panel"]);
}

#[test]
fn project_folder_terms_complete() {
    let Some(bash) = shell("bash") else { return };
    let dir = team_folder();
    let repo = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path(), repo.path().join(".gloss")).unwrap();
    std::fs::create_dir_all(repo.path().join("sub")).unwrap();
    let mut in_repo = shell_command(&bash);
    in_repo.current_dir(repo.path().join("sub"));
    assert_eq!(bash_complete_in(in_repo, "gloss te"), ["team-term"]);
}

#[test]
fn aliases_complete_as_one_word() {
    let Some(bash) = shell("bash") else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("customer-care")).unwrap();
    std::fs::write(
        dir.path().join("customer-care/en.md"),
        "---\ntitle: Customer care\ndescription: Care.\naliases: [Client management, CRM]\n---\n",
    )
    .unwrap();
    let mut with_folder = shell_command(&bash);
    with_folder.env("GLOSS_DATA_DIRS", dir.path());
    assert_eq!(
        bash_complete_in(with_folder, "gloss cl"),
        ["client-management"]
    );
    let mut with_folder = shell_command(&bash);
    with_folder.env("GLOSS_DATA_DIRS", dir.path());
    assert_eq!(
        bash_complete_in(with_folder, "gloss c"),
        ["customer-care", "client-management", "crm"]
    );
}

/// A glossary folder with one term, `team-term`, not in the bundle.
fn team_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("team-term")).unwrap();
    std::fs::write(
        dir.path().join("team-term/en.md"),
        "---\ntitle: Team term\ndescription: Only the team has it.\n---\n",
    )
    .unwrap();
    dir
}

#[test]
fn bash_completes_terms_from_a_data_dir_on_the_line() {
    let Some(bash) = shell("bash") else { return };
    let dir = team_folder();
    let dir = dir.path().display();
    assert_eq!(
        bash_complete(&bash, &format!("gloss --data-dir {dir} te")),
        ["team-term"]
    );
    // bash splits `--data-dir=DIR` at the `=` (it is in COMP_WORDBREAKS).
    assert_eq!(
        bash_complete(&bash, &format!("gloss --data-dir = {dir} --lang en te")),
        ["team-term"]
    );
    // Folders from the environment still count, and a missing one is skipped.
    let other = team_folder();
    let mut with_env = shell_command(&bash);
    with_env.env("GLOSS_DATA_DIRS", other.path());
    let line = format!("gloss --data-dir {dir}/missing te");
    assert_eq!(bash_complete_in(with_env, &line), ["team-term"]);
}

#[test]
fn fish_completes_terms_from_a_data_dir_on_the_line() {
    let Some(fish) = shell("fish") else { return };
    let dir = team_folder();
    let line = format!("gloss --data-dir {} te", dir.path().display());
    assert_eq!(fish_complete(&fish, &line), ["team-term\tTeam term"]);
}
