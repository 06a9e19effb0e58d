//! Hostile glossary folders, round two: no control or direction-changing
//! character reaches any output, markdown output cannot be broken out of,
//! invisible characters cannot make look-alike titles, every limit is told,
//! and the process boundary (completion variable, closed stdout) holds.

use crate::common::*;
use std::fs;
use std::path::Path;

fn with_dir(dir: &Path) -> assert_cmd::Command {
    let mut cmd = gloss();
    cmd.arg("--data-dir").arg(dir);
    cmd
}

const FORMATS: [&str; 4] = ["terminal", "plain", "markdown", "json"];

/// What a terminal receives apart from gloss's own SGR styling
/// (`ESC [ digits ; … m`): any other escape byte stays, to be caught.
fn without_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// A character no output may carry: C0/C1 controls but newline and tab,
/// DEL, and the bidirectional embeddings, overrides and isolates.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, text: &str) {
    let seen = without_sgr(text);
    let bad: Vec<String> = seen
        .chars()
        .filter(|&c| forbidden(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in {text:?}");
}

/// Every format of `slug` from `dir`, with colour forced on.
fn every_format(dir: &Path, slug: &str) -> Vec<(&'static str, String)> {
    FORMATS
        .iter()
        .map(|&format| {
            let output = with_dir(dir)
                .args([slug, "--format", format, "--color", "always", "-w", "60"])
                .output()
                .unwrap();
            assert!(output.status.success(), "{format}: {output:?}");
            (format, String::from_utf8(output.stdout).unwrap())
        })
        .collect()
}

#[test]
fn link_targets_carry_no_control_characters_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let target = "http://x/&#27;]2;PWNED&#7;&#27;[2J&#x9b;31m&#x202E;";
    let body = format!(
        "Inline [docs]({target}) and [reference][r] and <{target}>.\n\n\
         ## Head&#27;[2Jing &#x2066;x\n\n`co&#27;de` [t&#x9b;ext](/other)\n\n\
         ```\nfenced \x1b[31m\x07\n```\n\n[r]: {target}"
    );
    write(
        dir.path(),
        "evil/en.md",
        &article("Ev\\e[2Jil\\u202E", "Desc\\x9b31m\\u2067", &body),
    );
    for (format, text) in every_format(dir.path(), "evil") {
        assert_clean(format, &text);
        // The JSON string contents too: an escaped `\u001b` is still one.
        if format == "json" {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_clean("json strings", &value.to_string().replace("\\n", "\n"));
            assert!(
                !text.contains("\\u001b") && !text.contains("\\u0007"),
                "{text}"
            );
        }
    }
    let markdown = &every_format(dir.path(), "evil")[2].1;
    assert!(
        markdown.contains("(<http://x/]2;PWNED[2J31m>)"),
        "{markdown}"
    );
}

#[test]
fn markdown_fences_and_html_cannot_break_out() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Before.\n\n````\n```\n<img src=x onerror=alert(1)>\n````\n\n\
                Text <b>bold</b> &lt;script&gt; and `` a`b `` code.\n\n\\- not a list";
    write(dir.path(), "fence/en.md", &article("Fence", "D", body));
    let output = with_dir(dir.path())
        .args(["fence", "-f", "markdown"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let markdown = String::from_utf8(output.stdout).unwrap();
    // The fence is longer than the backtick run inside it.
    assert!(
        markdown.contains("````\n```\n<img src=x onerror=alert(1)>\n````"),
        "{markdown}"
    );
    // Outside code, `<` is text, never a tag.
    let outside: String = markdown.split("````").step_by(2).collect();
    assert!(
        !outside.contains("<img") && !outside.contains("<b>"),
        "{markdown}"
    );
    assert!(
        outside.contains("\\&lt;script\\&gt;") || outside.contains("\\<script\\>"),
        "{markdown}"
    );
    assert!(outside.contains("``a`b``"), "{markdown}");
    assert!(outside.contains("\\- not a list"), "{markdown}");
    // Read back by gloss itself, the markdown is the same article.
    write(
        dir.path(),
        "again/en.md",
        &format!("---\ntitle: Fence\ndescription: D\n---\n{markdown}"),
    );
    let plain = |slug: &str| {
        let output = with_dir(dir.path())
            .args([slug, "-f", "plain"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // (The italic description comes back as a first paragraph.)
    assert_eq!(
        plain("again"),
        plain("fence").replacen("D\n\n", "D\n\nD\n", 1)
    );
}

#[test]
fn bidi_controls_are_removed_and_joiners_kept() {
    let dir = tempfile::tempdir().unwrap();
    // Real Persian (ZWNJ inside «می‌خواهم») and an emoji ZWJ sequence.
    let persian = "می\u{200C}خواهم";
    let emoji = "👩\u{200D}💻";
    write(
        dir.path(),
        "khastan/fa.md",
        &article(
            persian,
            &format!("{persian} {emoji}"),
            &format!("## {persian}\n\nمن {persian} بروم. {emoji} [{persian}](/trojan)"),
        ),
    );
    write(
        dir.path(),
        "trojan/en.md",
        &article(
            "Tro\u{202E}jan",
            "a\u{2066}b\u{2069}",
            "access \u{202E}\u{2066}level\u{2069}\u{2066} admin [x](http://y/\u{202D})",
        ),
    );
    for (format, text) in every_format(dir.path(), "khastan") {
        assert_clean(format, &text);
        assert!(text.contains(persian), "{format}: {text}");
        if format != "json" {
            assert!(text.contains(emoji), "{format}: {text}");
        }
    }
    for (format, text) in every_format(dir.path(), "trojan") {
        assert_clean(format, &text);
        assert!(text.contains("Trojan"), "{format}: {text}");
    }
    // The Persian title is found with or without the joiner, and --check is content.
    let plain = stdout_with(dir.path(), &["میخواهم", "--short"]);
    assert!(plain.contains(persian), "{plain}");
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    let problems = String::from_utf8(output.stdout).unwrap();
    assert!(!problems.contains("khastan"), "{problems}");
}

fn stdout_with(dir: &Path, args: &[&str]) -> String {
    let output = with_dir(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn invisible_characters_do_not_make_titles_distinct() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "refund/en.md",
        &article("Refund", "Money back.", "Text."),
    );
    write(
        dir.path(),
        "fake-refund/en.md",
        &article("Re\u{200B}fund", "Not money back.", "Text."),
    );
    fs::create_dir_all(dir.path().join("re\u{200B}fund")).unwrap();
    // A lookup of the plain title finds two terms, not one silently.
    let output = with_dir(dir.path())
        .args(["Refund", "--short", "-f", "plain"])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        found.contains("Money back") || stderr.contains("refund"),
        "{output:?}"
    );
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let problems = String::from_utf8(output.stdout).unwrap();
    assert!(
        problems.contains("fake-refund/en.md:2: title has an invisible character (U+200B)"),
        "{problems}"
    );
    assert!(problems.contains("is also the title of"), "{problems}");
    assert!(
        problems.contains("folder name has an invisible character (U+200B)"),
        "{problems}"
    );
    assert_clean("check", &problems);
}

#[test]
fn another_programs_complete_variable_does_not_hijack_gloss() {
    let plain = gloss().args(["soft-sell", "-f", "plain"]).output().unwrap();
    for var in ["COMPLETE", "_CLAP_COMPLETE_INDEX"] {
        let output = gloss()
            .env(var, "bash")
            .args(["soft-sell", "-f", "plain"])
            .output()
            .unwrap();
        assert_eq!(output, plain, "{var}");
    }
    // gloss's own variable is what its scripts set.
    let script = stdout_of(&["--completions", "bash"]);
    assert!(script.contains("GLOSS_COMPLETE=\"bash\""), "{script}");
    assert!(!script.contains(" COMPLETE="), "{script}");
}

/// Runs gloss through bash with `redirect` applied to its stdout.
fn gloss_redirected(redirect: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["-c", &format!("\"$0\" soft-sell {redirect}")])
        .arg(assert_cmd::cargo::cargo_bin("gloss"))
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error_but_dev_null_is_not() {
    let closed = gloss_redirected(">&-");
    assert_eq!(closed.status.code(), Some(2), "{closed:?}");
    let stderr = String::from_utf8(closed.stderr).unwrap();
    assert_one_line_error(&stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    let null = gloss_redirected(">/dev/null");
    assert_eq!(null.status.code(), Some(0), "{null:?}");
    assert!(null.stderr.is_empty(), "{null:?}");
}

#[test]
fn check_into_a_closed_pipe_still_reports_problems() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    // Far more than a pipe holds, so gloss writes into a closed pipe.
    let body: String = (0..4000).map(|i| format!("[l](/missing-{i}) ")).collect();
    write(dir.path(), "links/en.md", &article("Links", "D", &body));
    let mut child = gloss_std()
        .arg("--check")
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader has gone (`| head -c1`).
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("4000 problem(s)"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn completion_never_offers_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["evil\x1b]0;x\x07dir", "bidi\u{202E}dir", "plain-dir"] {
        fs::create_dir(dir.path().join(name)).unwrap();
    }
    fs::write(dir.path().join("f\x1b[2Jile"), "").unwrap();
    write(
        dir.path(),
        "plain-dir/term-x/en.md",
        &article("Ti\\e[31mtle", "D", "Body."),
    );
    for flag in ["--data-dir", "--check"] {
        let output = gloss()
            .current_dir(dir.path())
            .env("GLOSS_COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", "2")
            .args(["--", "gloss", flag, ""])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let offered = String::from_utf8(output.stdout).unwrap();
        assert!(
            offered.lines().any(|line| line == "plain-dir/"),
            "{offered:?}"
        );
        assert_clean(flag, &offered);
    }
    // Terms from a folder, with their titles (zsh and fish show them).
    let output = gloss()
        .env("GLOSS_COMPLETE", "fish")
        .env("_CLAP_COMPLETE_INDEX", "3")
        .args(["--", "gloss", "--data-dir"])
        .arg(dir.path().join("plain-dir"))
        .arg("term")
        .output()
        .unwrap();
    let offered = String::from_utf8(output.stdout).unwrap();
    assert!(offered.starts_with("term-x\tTi[31mtle"), "{offered:?}");
    assert_clean("terms", &offered.replace('\t', " "));
}

#[test]
fn search_queries_are_bounded_with_a_clear_error() {
    let many: Vec<String> = (0..65).map(|i| format!("w{i}")).collect();
    let mut args = vec!["--search".to_string()];
    args.extend(many);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let stderr = stderr_of(&args, 2);
    assert!(
        stderr.contains("--search takes at most 64 words and 4096 bytes; this has 65 words"),
        "{stderr}"
    );
    let long = "a".repeat(5000);
    let stderr = stderr_of(&["--search", &long], 2);
    assert!(stderr.contains("this has 5000 bytes"), "{stderr}");
    // Repeated words count once: 100,000 of them is still one word, but
    // too many bytes.
    let repeated = "soft ".repeat(100);
    let output = gloss().args(["--search", &repeated]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // At the limit, a query is answered.
    let sixty_four: Vec<String> = (0..63)
        .map(|i| format!("w{i}"))
        .chain(["soft".into()])
        .collect();
    let output = gloss().arg("--search").args(&sixty_four).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

/// A temporary folder in memory where there is one (`/dev/shm`), so that
/// hundreds of thousands of entries cost little.
fn memory_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir().unwrap()
}

#[test]
fn the_entry_limit_is_told_and_checked() {
    // The real limit, 200,000 entries, passed by one: empty files beside a term.
    let dir = memory_tempdir();
    for i in 0..200_001 {
        fs::File::create(dir.path().join(format!("n{i}"))).unwrap();
    }
    write(
        dir.path(),
        "kept-term/en.md",
        &article("Kept", "D", "Text."),
    );
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let problems = String::from_utf8(output.stdout).unwrap();
    let expected = format!(
        "{}: folder has more than 200000 entries (the limit); only 200000 of them are read, the rest are skipped",
        dir.path().display()
    );
    assert!(problems.lines().any(|line| line == expected), "{problems}");
    // Every other command says so once on stderr, and still serves.
    for args in [&["--list"][..], &["soft-sell", "--short"]] {
        let output = with_dir(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let told = format!("gloss: warning: {expected}\n");
        if args[0] == "soft-sell" {
            // A lookup by slug does not list the folder: nothing was skipped.
            assert!(stderr.is_empty(), "{stderr}");
        } else {
            assert_eq!(stderr, told, "{args:?}");
        }
    }
    // Completion stays quiet: a message would land on the command line.
    let output = gloss()
        .env("GLOSS_COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "3")
        .args(["--", "gloss", "--data-dir"])
        .arg(dir.path())
        .arg("so")
        .output()
        .unwrap();
    assert!(output.stderr.is_empty(), "{output:?}");
}

/// Every command's view of one term: whether lookup, `--list`, completion,
/// `--translations` and `--langs` serve it, and what `--check` says.
fn views(dir: &Path, slug: &str) -> [(bool, String); 5] {
    let run = |args: &[&str]| {
        let output = with_dir(dir).args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let code = output.status.code();
        // Never a silent failure: no output means a message says why.
        assert!(
            code == Some(0) || !stderr.is_empty(),
            "{args:?} failed silently"
        );
        (code, String::from_utf8(output.stdout).unwrap(), stderr)
    };
    let (lookup, _, lookup_err) = run(&[slug, "--short"]);
    let (_, list, _) = run(&["--list"]);
    let completion = gloss()
        .env("GLOSS_COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "3")
        .args(["--", "gloss", "--data-dir"])
        .arg(dir)
        .arg(&slug[..3])
        .output()
        .unwrap();
    let offered = String::from_utf8(completion.stdout).unwrap();
    let (translations, _, translations_err) = run(&[slug, "--translations"]);
    let (langs, _, langs_err) = run(&[slug, "--langs"]);
    [
        (lookup == Some(0), lookup_err),
        (
            list.lines().any(|line| line.starts_with(slug)),
            String::new(),
        ),
        (offered.lines().any(|line| line == slug), String::new()),
        (translations == Some(0), translations_err),
        (langs == Some(0), langs_err),
    ]
}

#[test]
fn long_front_matter_is_served_everywhere_or_reported_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let long = |bytes: usize| {
        format!(
            "---\ntitle: T\ndescription: {}\n---\nBody.\n",
            "d".repeat(bytes)
        )
    };
    // Just under the 64 KiB front-matter limit, and just over it.
    write(dir.path(), "under-limit/en.md", &long(65_000));
    write(dir.path(), "over-limit/en.md", &long(66_000));
    for (served, message) in views(dir.path(), "under-limit") {
        assert!(served, "under the limit: {message}");
    }
    for (i, (served, message)) in views(dir.path(), "over-limit").into_iter().enumerate() {
        assert!(!served, "view {i} serves what the others refuse");
        // Lookup, --translations and --langs name the file; lists pass it over.
        assert_eq!(message.is_empty(), i == 1 || i == 2, "view {i}: {message}");
        if !message.is_empty() {
            assert!(
                message.contains(
                    "over-limit/en.md:1: front matter is longer than the 65536-byte limit"
                ),
                "view {i}: {message}"
            );
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }
    let output = gloss().arg("--check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let problems = String::from_utf8(output.stdout).unwrap();
    assert_eq!(problems.lines().count(), 1, "{problems}");
    assert!(
        problems.contains("over-limit/en.md:1: front matter is longer than the 65536-byte limit"),
        "{problems}"
    );
}
