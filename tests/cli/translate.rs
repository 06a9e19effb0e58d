//! The translator's commands: `--compare` (goldens at three widths with
//! Latin, Cyrillic and CJK text), `--coverage` on a folder with missing and
//! drifted translations, `--export` parsed back with real parsers, and
//! `--import` with every kind of bad input and the TBX round trip.

use crate::common::*;
use std::fs;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn article(title: &str, description: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: {description}\n---\n# {title}\n\n{body}\n")
}

/// Chinese and Japanese articles for the bundled `soft-sell`: the Chinese
/// one has a section fewer, so the comparison notes the difference.
fn cjk_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "soft-sell/zh.md",
        &article(
            "软销售",
            "软销售是一种语言含蓄、手法温和的广告和销售策略。",
            "## 什么是软销售？\n\n软销售是一种语言含蓄、手法温和的广告和销售策略，旨在避免激怒潜在客户，有助于促进[重复销售](/repeat-sales)。\n\n## 理解软销售\n\n使用软销售技巧并不意味着销售人员是被动的；相反，这种技巧旨在推销产品而不显得咄咄逼人。\n\n## 软销售技巧\n\n软销售比硬销售更具咨询性，通常从询问潜在买家开始。",
        ),
    );
    write(
        dir.path(),
        "soft-sell/ja.md",
        &article(
            "ソフトセル",
            "ソフトセルとは、控えめな言葉と押し付けがましくない手法による広告・販売戦略です。",
            "## ソフトセルとは？\n\nソフトセルは、見込み客を怒らせたり遠ざけたりしないように設計された販売手法で、[リピート販売](/repeat-sales)を促します。\n\n## ソフトセルを理解する\n\nソフトセルの手法を使うことは、販売員が受け身であることを意味しません。\n\n## ソフトセル対ハードセル\n\nハードセルは直接的で執拗な言葉を使います。\n\n## ソフトセルの手法\n\nソフトセルはハードセルよりも相談的です。",
        ),
    );
    dir
}

fn compare(folder: &Path, langs: &str, width: usize) -> String {
    let width = width.to_string();
    let dir = folder.to_str().unwrap();
    stdout_of(&[
        "soft-sell",
        "--compare",
        langs,
        "--data-dir",
        dir,
        "-f",
        "terminal",
        "-w",
        &width,
    ])
}

#[test]
fn compare_goldens_at_three_widths() {
    let cjk = cjk_folder();
    for (name, langs, width) in [
        ("compare_60", "sv,ru,zh", 60),
        ("compare_100", "sv,ru,zh", 100),
        ("compare_160", "fi,ru,zh,ja", 160),
    ] {
        let out = compare(cjk.path(), langs, width);
        for line in out.lines() {
            assert!(
                line.width() <= width,
                "{name}: {line:?} is wider than {width}"
            );
        }
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn sections_start_on_the_same_row_and_columns_never_overflow() {
    let cjk = cjk_folder();
    for width in [64, 97, 100, 131, 160, 233] {
        let out = compare(cjk.path(), "sv,fi,ja", width);
        // The note on the structure comes first, then a blank line.
        let (note, columns_text) = out.split_once("\n\n").unwrap();
        assert!(note.starts_with("the languages differ in links"), "{note}");
        let rows: Vec<&str> = columns_text.lines().collect();
        let row_of = |heading: &str| {
            (rows.iter()).position(|row| row.split(" │ ").any(|cell| cell.trim() == heading))
        };
        let columns = (width - 6) / 3;
        if columns < 30 {
            let sv = row_of("Förstå Soft Selling");
            let fi = row_of("Pehmeän myynnin ymmärtäminen");
            assert!(sv.is_some() && sv < fi, "{width}: stacked");
            continue;
        }
        for (sv, other) in [
            ("Förstå Soft Selling", "Pehmeän myynnin ymmärtäminen"),
            ("Förstå Soft Selling", "ソフトセルを理解する"),
            ("Mjuka försäljningstekniker", "ソフトセルの手法"),
        ] {
            assert!(row_of(sv).is_some(), "{width}: {sv} missing");
            assert_eq!(row_of(sv), row_of(other), "{width}: {sv} / {other}");
        }
        for row in &rows {
            // Trailing blanks are trimmed, the separator's included.
            let row = if row.ends_with('│') {
                format!("{row} ")
            } else {
                row.to_string()
            };
            let cells: Vec<&str> = row.split(" │ ").collect();
            assert_eq!(cells.len(), 3, "{width}: {row:?}");
            for cell in &cells[..2] {
                assert_eq!(cell.width(), columns, "{width}: {row:?}");
            }
            assert!(cells[2].width() <= columns, "{width}: {row:?}");
        }
    }
}

#[test]
fn colour_does_not_change_the_layout() {
    let cjk = cjk_folder();
    let dir = cjk.path().to_str().unwrap();
    let args = [
        "soft-sell",
        "--compare",
        "sv,zh",
        "--data-dir",
        dir,
        "-f",
        "terminal",
        "-w",
        "90",
    ];
    let plain = stdout_of(&args);
    let coloured = stdout_of(&[&args[..], &["--color", "always"]].concat());
    assert!(coloured.contains('\x1b'));
    assert_eq!(strip_ansi(&coloured), plain);
}

#[test]
fn differing_structure_is_noted() {
    let cjk = cjk_folder();
    let out = compare(cjk.path(), "sv,zh", 120);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "the languages differ in sections: sv 4, zh 3; links: sv 4, zh 1"
    );
    let same = compare(cjk.path(), "sv,fi", 120);
    assert!(!same.contains("differ"), "{same}");
    // Piped, the note is on stderr, out of a script's way.
    let dir = cjk.path().to_str().unwrap();
    let output = gloss()
        .args(["soft-sell", "--compare", "sv,zh", "--data-dir", dir])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("gloss: note: the languages differ in sections"));
}

#[test]
fn piped_compare_prefixes_every_line_with_its_language() {
    let out = stdout_of(&["Мягкая продажа", "--compare", "sv,ru"]);
    let sv = stdout_of(&["soft-sell", "--lang", "sv"]);
    let ru = stdout_of(&["soft-sell", "--lang", "ru"]);
    let mut expected = String::new();
    for (lang, text) in [("sv", &sv), ("ru", &ru)] {
        for line in text.lines() {
            expected.push_str(&format!("{lang}\t{line}\n"));
        }
    }
    assert_eq!(out, expected);
}

#[test]
fn markdown_compare_heads_each_article_with_its_language() {
    let out = stdout_of(&["soft-sell", "--compare", "nb,pl", "-f", "markdown"]);
    let nb = stdout_of(&["soft-sell", "--lang", "nb", "-f", "markdown"]);
    let pl = stdout_of(&["soft-sell", "--lang", "pl", "-f", "markdown"]);
    assert_eq!(
        out,
        format!("<!-- lang: nb -->\n{nb}\n<!-- lang: pl -->\n{pl}")
    );
}

#[test]
fn an_import_whose_titles_clash_is_refused_naming_the_destination() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("twice.csv");
    fs::write(&file, "slug,lang,title\none,en,Same\ntwo,en,Same\n").unwrap();
    let into = work.path().join("out");
    let stderr = stderr_of(
        &[
            "--import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
        2,
    );
    let expected = format!(
        "gloss: {}:2: title 'Same' is also the title of {}; nothing was written\n",
        into.join("two/en.md").display(),
        into.join("one/en.md").display()
    );
    assert_eq!(stderr, expected);
    assert_eq!(files_under(&into), Vec::<String>::new());
}

#[test]
fn json_compare_is_an_array_of_lookups() {
    let out = stdout_of(&["soft-sell", "--compare", "fi,pl", "-f", "json"]);
    let array: serde_json::Value = serde_json::from_str(&out).unwrap();
    let single: serde_json::Value =
        serde_json::from_str(&stdout_of(&["soft-sell", "--lang", "pl", "-f", "json"])).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 2);
    assert_eq!(array[0]["lang"], "fi");
    assert_eq!(array[1], single);
    let all = stdout_of(&["soft-sell", "--compare", "all", "-f", "json"]);
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 5);
}

#[test]
fn a_language_the_term_lacks_lists_those_it_has() {
    let stderr = stderr_of(&["soft-sell", "--compare", "sv,de"], 1);
    assert_eq!(
        stderr,
        "gloss: 'soft-sell' has no article in de; it is available in fi, nb, pl, ru, sv\n"
    );
    stderr_of(&["--compare", "sv"], 2);
    stderr_of(&["soft-sell", "--compare", "s v"], 2);
}

/// Terms with missing and drifted translations: `widget` has English, and
/// its Swedish lost a section; `gadget` lacks Finnish; `gizmo` has no
/// English and its Norwegian has a link the others lack.
fn coverage_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let two = "## One\n\nText.\n\n## Two\n\nMore.";
    write(
        dir.path(),
        "widget/en.md",
        &article("Widget", "A thing.", two),
    );
    write(
        dir.path(),
        "widget/fi.md",
        &article("Vekotin", "Asia.", two),
    );
    write(
        dir.path(),
        "widget/sv.md",
        &article("Manick", "En sak.", "## Ett\n\nText."),
    );
    write(
        dir.path(),
        "gadget/en.md",
        &article("Gadget", "A device.", two),
    );
    write(
        dir.path(),
        "gadget/sv.md",
        &article("Pryl", "En apparat.", two),
    );
    let linked = "## One\n\nSee [widget](/widget).";
    write(
        dir.path(),
        "gizmo/fi.md",
        &article("Härveli", "Laite.", "## One\n\nText."),
    );
    write(
        dir.path(),
        "gizmo/sv.md",
        &article("Grej", "En grej.", "## One\n\nText."),
    );
    write(
        dir.path(),
        "gizmo/nb.md",
        &article("Dings", "En ting.", linked),
    );
    dir
}

#[test]
fn coverage_counts_articles_missing_and_outdated_per_language() {
    let folder = coverage_folder();
    let dir = folder.path().to_str().unwrap();
    // Four terms: the three above and the bundled soft-sell.
    let out = stdout_of(&["--coverage", "--data-dir", dir]);
    assert_eq!(
        out,
        "en\t2\t2\t50\t0\n\
         fi\t3\t1\t75\t0\n\
         nb\t2\t2\t50\t1\n\
         pl\t1\t3\t25\t0\n\
         ru\t1\t3\t25\t0\n\
         sv\t4\t0\t100\t1\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--coverage", "--data-dir", dir, "-f", "json"])).unwrap();
    assert_eq!(
        json[1],
        serde_json::json!({"lang": "fi", "articles": 3, "missing": 1, "percent": 75.0, "outdated": 0})
    );
}

#[test]
fn coverage_of_one_language_lists_its_gaps_with_reasons() {
    let folder = coverage_folder();
    let dir = folder.path().to_str().unwrap();
    let fi = stdout_of(&["--coverage", "--lang", "fi", "--data-dir", dir]);
    assert_eq!(
        fi,
        "gadget\tfi\tmissing\tGadget\tno fi article (title: en)\n"
    );
    let sv = stdout_of(&["--coverage", "--lang", "sv", "--data-dir", dir]);
    assert_eq!(sv, "widget\tsv\toutdated\tManick\t1 sections (en has 2)\n");
    let output = gloss()
        .args(["--coverage", "--lang", "nb", "--data-dir", dir])
        .env("LANGUAGE", "sv")
        .output()
        .unwrap();
    let nb = String::from_utf8(output.stdout).unwrap();
    assert!(
        nb.contains("gadget\tnb\tmissing\tPryl\tno nb article (title: sv)\n"),
        "{nb}"
    );
    assert!(
        nb.contains("gizmo\tnb\toutdated\tDings\t1 links (most languages have 0)\n"),
        "{nb}"
    );
    // Nothing to do is an empty list: exit 1, and `[]` for JSON, as lists do.
    let output = gloss()
        .args(["--coverage", "--lang", "ru", "-f", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
}

/// A folder whose titles need escaping, with a slug that is no XML id.
fn export_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "3d-print/en.md",
        "---\ntitle: \"3D <print> & \\\"more\\\"\"\ndescription: \"Tabs\\tand <b>tags</b> & 'quotes', \\\"all\\\"\"\n---\nBody.\n",
    );
    write(
        dir.path(),
        "3d-print/zh.md",
        &article("3D打印", "一种制造方法。", "正文。"),
    );
    dir
}

#[test]
fn tbx_export_is_well_formed_tbx_basic() {
    let folder = export_folder();
    let dir = folder.path().to_str().unwrap();
    let tbx = stdout_of(&["--export", "tbx", "--data-dir", dir]);
    let doc = roxmltree::Document::parse(&tbx).expect("well-formed XML");
    let root = doc.root_element();
    let ns = "urn:iso:std:iso:30042:ed-2";
    assert_eq!(root.tag_name().name(), "tbx");
    assert_eq!(root.tag_name().namespace(), Some(ns));
    assert_eq!(root.attribute("type"), Some("TBX-Basic"));
    assert_eq!(root.attribute("style"), Some("dca"));
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    let header = root.first_element_child().unwrap();
    assert_eq!(header.tag_name().name(), "tbxHeader");
    let entries: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name((ns, "conceptEntry")))
        .collect();
    let ids: Vec<&str> = entries.iter().map(|e| e.attribute("id").unwrap()).collect();
    assert_eq!(ids, ["_3d-print", "soft-sell"]);
    let lang_of = |n: roxmltree::Node| {
        n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .unwrap()
            .to_string()
    };
    let secs: Vec<String> = entries[0]
        .children()
        .filter(|n| n.has_tag_name((ns, "langSec")))
        .map(lang_of)
        .collect();
    assert_eq!(secs, ["en", "zh"]);
    let term = entries[0]
        .descendants()
        .find(|n| n.has_tag_name((ns, "term")))
        .unwrap();
    assert_eq!(term.parent().unwrap().tag_name().name(), "termSec");
    assert_eq!(term.text(), Some("3D <print> & \"more\""));
    let definition = entries[0]
        .descendants()
        .find(|n| n.has_tag_name((ns, "descrip")))
        .unwrap();
    assert_eq!(definition.attribute("type"), Some("definition"));
    assert_eq!(
        definition.text(),
        Some("Tabs and <b>tags</b> & 'quotes', \"all\"")
    );
    // --lang keeps only those languages.
    let fi = stdout_of(&["--export", "tbx", "--lang", "fi"]);
    let doc = roxmltree::Document::parse(&fi).unwrap();
    let langs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "langSec")))
        .map(lang_of)
        .collect();
    assert_eq!(langs, ["fi"]);
}

#[test]
fn csv_and_tsv_exports_read_back() {
    let folder = export_folder();
    let dir = folder.path().to_str().unwrap();
    let csv = stdout_of(&["--export", "csv", "--data-dir", dir]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["slug", "lang", "title", "description"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(&rows[0][2], "3D <print> & \"more\"");
    assert_eq!((&rows[2][0], &rows[2][1]), ("soft-sell", "fi"));
    let tsv = stdout_of(&["--export", "tsv", "--lang", "zh,en", "--data-dir", dir]);
    assert_eq!(tsv, "3D打印\t3D <print> & \"more\"\t一种制造方法。\n");
    let tsv = stdout_of(&["--export", "tsv", "--lang", "sv,fi"]);
    let fields: Vec<&str> = tsv.trim_end().split('\t').collect();
    assert_eq!(fields[..2], ["Mjuk sälj", "Pehmeä myynti"]);
    assert!(fields[2].starts_with("Soft sell hänvisar"));
}

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn tbx_round_trip_gives_the_same_tbx() {
    let folder = export_folder();
    let cjk = cjk_folder();
    let args = |dir: &Path| {
        vec![
            "--export".to_string(),
            "tbx".into(),
            "--data-dir".into(),
            dir.to_str().unwrap().into(),
        ]
    };
    let mut first_args = args(folder.path());
    first_args.extend(["--data-dir".into(), cjk.path().to_str().unwrap().into()]);
    let first = stdout_of(&first_args.iter().map(String::as_str).collect::<Vec<_>>());
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("terms.tbx");
    fs::write(&file, &first).unwrap();
    let into = work.path().join("imported");
    let output = gloss()
        .args([
            "--import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // Every language of every entry became a file, named on stdout.
    let written = files_under(&into);
    assert_eq!(written.len(), first.matches("<langSec").count());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        written.len()
    );
    let second_args = args(&into);
    let second = stdout_of(&second_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(second, first);
    // And the imported folder passes --check.
    stdout_of(&["--check", into.to_str().unwrap()]);
}

/// Imports `text` as a file named `name`; asserts exit 2, a one-line error
/// naming the file (and `line`, when given), and that nothing was written.
fn refused(name: &str, text: &[u8], line: Option<usize>) -> String {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join(name);
    fs::write(&file, text).unwrap();
    let into = work.path().join("out");
    let stderr = stderr_of(
        &[
            "--import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
        2,
    );
    let named = format!("gloss: {}", file.display());
    assert!(stderr.starts_with(&named), "{stderr}");
    if let Some(line) = line {
        assert!(stderr.starts_with(&format!("{named}:{line}: ")), "{stderr}");
    }
    assert_eq!(files_under(&into), Vec::<String>::new(), "{stderr}");
    stderr
}

const TBX_HEAD: &str = "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text><body>\n";

#[test]
fn bad_input_is_refused_whole_with_file_and_line() {
    let stderr = refused("terms.tbx", b"this is not XML at all", Some(1));
    assert!(stderr.contains("not a TBX file"), "{stderr}");
    let stderr = refused("terms.tbx", b"<tbx><text>\n<body>\n</text></tbx>", Some(3));
    assert!(stderr.contains("not well-formed XML"), "{stderr}");
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<tbx><text><body><conceptEntry id=\"x\"><langSec xml:lang=\"en\"><termSec><term>&c;</term></termSec></langSec></conceptEntry></body></text></tbx>";
    let stderr = refused("bomb.tbx", bomb.as_bytes(), Some(2));
    assert!(
        stderr.contains("document type declarations are not accepted"),
        "{stderr}"
    );
    let undeclared = format!("{TBX_HEAD}<conceptEntry id=\"x\">\n<langSec xml:lang=\"en\"><termSec><term>&c;</term></termSec></langSec></conceptEntry></body></text></tbx>");
    let stderr = refused("undeclared.tbx", undeclared.as_bytes(), Some(5));
    assert!(stderr.contains("unknown entity '&c;'"), "{stderr}");
    let csv =
        "slug,lang,title,description\nsoft,en,\"Soft sell,A pitch.\nhard,en,Hard sell,A push.\n";
    let stderr = refused("terms.csv", csv.as_bytes(), Some(2));
    assert!(stderr.contains("a quote not closed?"), "{stderr}");
    let empty = format!("{TBX_HEAD}<conceptEntry id=\"c1\">\n<langSec xml:lang=\"en\"><termSec><term>!!!</term></termSec></langSec></conceptEntry></body></text></tbx>");
    let stderr = refused("empty.tbx", empty.as_bytes(), Some(4));
    assert!(
        stderr.contains("term '!!!' makes no usable slug"),
        "{stderr}"
    );
    let dots = "lang,title\nen,../..\n";
    let stderr = refused("dots.csv", dots.as_bytes(), Some(2));
    assert!(
        stderr.contains("term '../..' makes no usable slug"),
        "{stderr}"
    );
    let path_slug = "slug,lang,title\n../../etc,en,Passwd\n";
    let stderr = refused("slug.csv", path_slug.as_bytes(), Some(2));
    assert!(stderr.contains("slug '../../etc' is not one"), "{stderr}");
    let gloss_ids = String::from("<?xml version=\"1.0\"?>\n<tbx><tbxHeader><fileDesc><sourceDesc><p>Exported by gloss: conceptEntry ids are glossary slugs.</p></sourceDesc></fileDesc></tbxHeader><text><body>\n<conceptEntry id=\"../x\"><langSec xml:lang=\"en\"><termSec><term>X</term></termSec></langSec></conceptEntry></body></text></tbx>");
    let stderr = refused("ids.tbx", gloss_ids.as_bytes(), Some(3));
    assert!(stderr.contains("id '../x' is not a slug"), "{stderr}");
    let bad_lang = "lang,title\nnot a tag,X\n";
    refused("lang.csv", bad_lang.as_bytes(), Some(2));
    // The second entry's slug clashes with the first: the first is not
    // written either.
    let clash = "lang,title\nen,Soft sell\nen,Soft-sell\n";
    let stderr = refused("clash.csv", clash.as_bytes(), Some(3));
    assert!(
        stderr.contains("'soft-sell' in en again (first at line 2)"),
        "{stderr}"
    );
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("huge.csv");
    let huge = fs::File::create(&file).unwrap();
    huge.set_len(100 << 20).unwrap();
    let into = work.path().join("out");
    let stderr = stderr_of(
        &[
            "--import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
        2,
    );
    assert!(
        stderr.contains("file is 104857600 bytes, larger than the 33554432-byte limit"),
        "{stderr}"
    );
    assert!(!into.exists());
}

#[test]
fn import_names_its_files_and_overwrites_only_with_force() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("terms.txt");
    // No extension to go by: the content says CSV.
    fs::write(
        &file,
        "lang,title,description\nen,Café au lait,Coffee with milk.\nzh,软销售,一种销售策略。\n",
    )
    .unwrap();
    let into = work.path().join("out");
    let args = [
        "--import",
        file.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    let output = gloss().args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected: Vec<String> = ["cafe-au-lait/en.md", "ruan-xiao-shou/zh.md"]
        .iter()
        .map(|f| into.join(f).display().to_string())
        .collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("gloss: imported 2 article(s) into {}\n", into.display())
    );
    let shown = stdout_of(&["cafe-au-lait", "--data-dir", into.to_str().unwrap()]);
    assert_eq!(shown, "Café au lait\nCoffee with milk.\n");
    // Again: the files exist, so nothing is written without --force.
    fs::write(
        into.join("cafe-au-lait/en.md"),
        article("Mine", "Kept.", ""),
    )
    .unwrap();
    let stderr = stderr_of(&args, 2);
    assert!(stderr.contains("exists; nothing was written"), "{stderr}");
    assert!(fs::read_to_string(into.join("cafe-au-lait/en.md"))
        .unwrap()
        .contains("Mine"));
    let output = gloss().args(args).arg("--force").output().unwrap();
    assert!(output.status.success());
    assert!(fs::read_to_string(into.join("cafe-au-lait/en.md"))
        .unwrap()
        .contains("Café"));
}

#[test]
fn a_term_base_from_elsewhere_gets_slugs_from_its_english_terms() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("base.xml");
    let tbx = format!("{TBX_HEAD}<conceptEntry id=\"c1\">\n<langSec xml:lang=\"de\"><termSec><term>Weicher Verkauf</term></termSec></langSec>\n<langSec xml:lang=\"en\"><descrip type=\"definition\">A gentle &amp; quiet pitch.</descrip><termSec><term>Soft selling</term></termSec><termSec><term>soft sell</term></termSec><note>Opposite of <hi>hard</hi> selling.</note></langSec></conceptEntry></body></text></tbx>");
    fs::write(&file, tbx).unwrap();
    let into = work.path().join("out");
    stdout_of(&[
        "--import",
        file.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(
        files_under(&into),
        ["soft-selling/de.md", "soft-selling/en.md"]
    );
    let en = stdout_of(&[
        "soft-selling",
        "--lang",
        "en",
        "--data-dir",
        into.to_str().unwrap(),
    ]);
    // The second termSec, a synonym, is an alias.
    assert_eq!(
        en,
        "Soft selling\nAlso: soft sell\nA gentle & quiet pitch.\n\nOpposite of hard selling.\n"
    );
}

#[cfg(unix)]
#[test]
fn import_writes_nothing_through_a_linked_term_folder() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("terms.csv");
    fs::write(&file, "lang,title\nen,Alpha\nen,Zulu\n").unwrap();
    let into = work.path().join("out");
    let elsewhere = work.path().join("elsewhere");
    fs::create_dir_all(&into).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, into.join("zulu")).unwrap();
    let stderr = stderr_of(
        &[
            "--import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
        2,
    );
    assert!(stderr.contains("zulu: is a symbolic link"), "{stderr}");
    assert!(!into.join("alpha").exists());
    assert_eq!(files_under(&elsewhere), Vec::<String>::new());
    let not_a_folder = work.path().join("terms.csv");
    let stderr = stderr_of(
        &[
            "--import",
            file.to_str().unwrap(),
            "--into",
            not_a_folder.to_str().unwrap(),
        ],
        2,
    );
    assert!(stderr.ends_with("terms.csv: is not a folder\n"), "{stderr}");
}
