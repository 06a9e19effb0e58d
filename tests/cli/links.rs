//! Aliases (other names a lookup finds) and backlinks ("Referenced by"),
//! with real folders above the real bundle.

use crate::common::*;
use std::path::Path;

fn front(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: About {title}.\n{extra}---\n\n{body}\n")
}

fn with_dirs(dirs: &[&Path], args: &[&str]) -> std::process::Output {
    let mut cmd = gloss();
    for dir in dirs {
        cmd.arg("--data-dir").arg(dir);
    }
    cmd.args(args).output().unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A folder whose term has aliases in two languages.
fn aliased() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "customer-relationship-management/en.md",
        &front(
            "Customer relationship management",
            "aliases: [CRM, Client management]\n",
            "Keeping track of customers.",
        ),
    );
    write(
        dir.path(),
        "customer-relationship-management/sv.md",
        &front(
            "Kundvård",
            "aliases: Kundrelationshantering\n",
            "Om kunder.",
        ),
    );
    dir
}

#[test]
fn aliases_are_found_by_lookup_search_and_suggestions() {
    let dir = aliased();
    let d = dir.path();
    let out = stdout(&with_dirs(&[d], &["crm", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["slug"], "customer-relationship-management");
    assert_eq!(
        json["aliases"],
        serde_json::json!(["CRM", "Client management"])
    );
    // An alias shows its own language, as a title does.
    let out = stdout(&with_dirs(&[d], &["kundrelationshantering", "--short"]));
    assert_eq!(out, "About Kundvård.\n");
    let out = stdout(&with_dirs(&[d], &["--search", "client"]));
    assert!(
        out.starts_with("customer-relationship-management\ten\t"),
        "{out}"
    );
    let miss = with_dirs(&[d], &["client managment"]);
    assert_eq!(miss.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&miss.stderr);
    assert!(
        stderr.contains("customer-relationship-management"),
        "{stderr}"
    );
}

#[test]
fn aliases_show_under_the_title_in_every_format() {
    let dir = aliased();
    let d = dir.path();
    let plain = stdout(&with_dirs(&[d], &["crm", "--format", "plain"]));
    assert!(
        plain.starts_with("Customer relationship management\nAlso: CRM, Client management\nAbout "),
        "{plain}"
    );
    let md = stdout(&with_dirs(&[d], &["crm", "--format", "markdown"]));
    assert!(
        md.starts_with(
            "# Customer relationship management\n\nAlso: CRM, Client management\n\n*About"
        ),
        "{md}"
    );
    let sv = stdout(&with_dirs(
        &[d],
        &["kundvård", "--format", "terminal", "--color", "never"],
    ));
    let lines: Vec<&str> = sv
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines[1], "Även: Kundrelationshantering", "{sv}");
}

#[test]
fn check_reports_aliases_that_name_another_term() {
    let dir = aliased();
    let d = dir.path();
    write(
        d,
        "crm/en.md",
        &article("Crm", "Clashes with the alias.", ""),
    );
    write(
        d,
        "client-care/en.md",
        &front("Client care", "aliases:\n  - client management\n", ""),
    );
    write(
        d,
        "pitch/en.md",
        &front("Pitch", "aliases: [Soft sell]\n", ""),
    );
    write(
        d,
        "fine/en.md",
        &front("Fine", "aliases: [Okay, Mjuk sälj]\n", ""),
    );
    write(
        d,
        "gentle/sv.md",
        &front("Varsam", "aliases: [mjuk salj, Mjuk sälj]\n", ""),
    );
    let out = with_dirs(&[], &["--check", &d.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    let crm = format!(
        "{}:4: alias 'CRM' is the slug of another term, crm",
        d.join("customer-relationship-management/en.md").display()
    );
    assert!(report.lines().any(|l| l == crm), "{report}");
    assert!(
        report.contains("alias 'CRM' is also the title of"),
        "{report}"
    );
    assert!(
        report.contains("alias 'client management' is also an alias of"),
        "{report}"
    );
    // The bundle's slug soft-sell is another term's too.
    assert!(
        report.contains("alias 'Soft sell' is the slug of another term, soft-sell"),
        "{report}"
    );
    // The bundle's Swedish title, in Swedish only. Without its diacritics
    // it is another key (a lookup finds the exact one first): no clash.
    let gentle = d.join("gentle/sv.md").display().to_string();
    let line =
        format!("{gentle}:4: alias 'Mjuk sälj' is also the title or an alias of soft-sell in sv");
    assert!(report.lines().any(|l| l == line), "{report}");
    assert!(!report.contains("'mjuk salj'"), "{report}");
    assert!(
        !report.contains("Okay") && !report.contains("fine/en.md"),
        "{report}"
    );
}

#[test]
fn a_folder_term_linking_to_a_bundled_one_is_listed_under_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "hard-sell/en.md",
        &front(
            "Hard sell",
            "",
            "The opposite of [soft selling](/soft-sell).",
        ),
    );
    let out = stdout(&with_dirs(
        &[dir.path()],
        &["soft-sell", "--lang", "sv", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // hard-sell has no Swedish article, so no Swedish title.
    assert_eq!(
        json["referenced_by"],
        serde_json::json!([{ "slug": "hard-sell", "title": null }])
    );
    let plain = stdout(&with_dirs(&[dir.path()], &["soft-sell", "--lang", "sv"]));
    assert!(plain.ends_with("\nHänvisas från\n- hard-sell\n"), "{plain}");
    // The bundle's links count too: soft-sell links to hard-sell.
    let out = stdout(&with_dirs(
        &[dir.path()],
        &["hard-sell", "--format", "plain"],
    ));
    assert!(out.ends_with("\nReferenced by\n- soft-sell\n"), "{out}");
}

#[test]
fn backlinks_cross_folders_and_follow_what_is_shown() {
    let team = tempfile::tempdir().unwrap();
    let mine = tempfile::tempdir().unwrap();
    write(
        team.path(),
        "gadget/en.md",
        &front("Gadget", "", "A device."),
    );
    write(
        team.path(),
        "widget/en.md",
        &front("Widget", "", "Part of a [gadget](/gadget)."),
    );
    write(
        mine.path(),
        "sprocket/en.md",
        &front("Sprocket", "", "Fits a [gadget](/gadget)."),
    );
    let md = stdout(&with_dirs(
        &[mine.path(), team.path()],
        &["gadget", "--format", "markdown"],
    ));
    assert!(
        md.ends_with("\n## Referenced by\n\n- [Sprocket](/sprocket)\n- [Widget](/widget)\n"),
        "{md}"
    );
    // My widget replaces the team's and does not link: it is no longer a backlink.
    write(
        mine.path(),
        "widget/en.md",
        &front("Widget", "", "Unrelated."),
    );
    let plain = stdout(&with_dirs(&[mine.path(), team.path()], &["gadget"]));
    assert!(
        plain.ends_with("\nReferenced by\n- sprocket: Sprocket\n"),
        "{plain}"
    );
    let term = stdout(&with_dirs(
        &[mine.path(), team.path()],
        &["gadget", "--format", "terminal", "--color", "never"],
    ));
    assert!(
        term.contains("Referenced by") && term.contains("sprocket — Sprocket"),
        "{term}"
    );
}

/// Aliases and backlinks as each format lays them out, in the article's
/// language (Swedish labels), reviewed once and kept.
#[test]
fn golden_aliases_and_backlinks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gadget/sv.md",
        &front(
            "Pryl",
            "aliases: [Manick, Grej]\n",
            "En liten apparat, såld med [mjuk sälj](/soft-sell).",
        ),
    );
    write(
        dir.path(),
        "widget/sv.md",
        &front("Detalj", "", "Del av en [pryl](/gadget)."),
    );
    write(
        dir.path(),
        "sprocket/en.md",
        &front("Sprocket", "", "Fits a [gadget](/gadget)."),
    );
    let d = dir.path();
    for (name, format) in [
        ("plain", &["--format", "plain"][..]),
        ("markdown", &["--format", "markdown"]),
        ("json", &["--format", "json"]),
        (
            "terminal",
            &["--format", "terminal", "--color", "always", "--width", "60"],
        ),
    ] {
        let mut args = vec!["manick"];
        args.extend_from_slice(format);
        // JSON names the file: the folder is a new one each run.
        let out = stdout(&with_dirs(&[d], &args)).replace(&d.display().to_string(), "DIR");
        insta::assert_snapshot!(format!("gadget_{name}"), out);
    }
}
