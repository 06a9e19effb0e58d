//! The PO reader on small catalogues and, where present, real ones.

use super::*;

fn document(text: &str) -> Document {
    read(text.as_bytes(), &Options::default()).unwrap()
}

fn error(bytes: &[u8]) -> String {
    read(bytes, &Options::default()).unwrap_err()
}

/// The place of `needle` in a text, as a finding would name it.
fn place(text: &Text, needle: &str) -> (u32, u32) {
    text.position(text.as_str().find(needle).unwrap())
}

const HEADER: &str = "msgid \"\"\nmsgstr \"\"\n\"Language: pt_BR\\n\"\n\
    \"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Plural-Forms: nplurals=2;\\n\"\n\n";

#[test]
fn entries_become_units_with_the_header_languages() {
    let doc = document(&format!(
        "{HEADER}#: src/a.c:1\nmsgid \"Open file\"\nmsgstr \"Abrir arquivo\"\n\n\
         msgctxt \"menu\"\nmsgid \"Save\"\nmsgstr \"\"\n"
    ));
    assert_eq!(doc.source_lang.as_deref(), Some("en"));
    assert_eq!(doc.target_lang.as_deref(), Some("pt-BR"));
    assert_eq!(doc.units.len(), 2);
    let unit = &doc.units[0];
    assert_eq!(unit.source.as_ref().unwrap().as_str(), "Open file");
    assert_eq!(unit.target.as_ref().unwrap().as_str(), "Abrir arquivo");
    assert_eq!(place(unit.target.as_ref().unwrap(), "arquivo"), (9, 15));
    // Untranslated: no target; the context is not text to check.
    assert_eq!(doc.units[1].target, None);
    assert_eq!(doc.units[1].source.as_ref().unwrap().as_str(), "Save");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn positions_count_characters_across_lines_and_escapes() {
    let doc = document("msgid \"\"\n\"Öppna \\\"den\\\" \"\n\"kära fil\\tnu\"\nmsgstr \"x\"\n");
    let source = doc.units[0].source.as_ref().unwrap();
    assert_eq!(source.as_str(), "Öppna \"den\" kära fil\tnu");
    // Line 2: `"Öppna \"den\" "`; the quote opens column 1.
    assert_eq!(place(source, "Öppna"), (2, 2));
    assert_eq!(place(source, "den"), (2, 10));
    assert_eq!(place(source, "\" kära"), (2, 13));
    assert_eq!(place(source, "kära"), (3, 2));
    assert_eq!(place(source, "fil"), (3, 7));
    assert_eq!(place(source, "nu"), (3, 12));
}

#[test]
fn every_escape_is_decoded_and_bad_ones_are_named() {
    let doc =
        document("msgid \"a\\n\\t\\r\\\\\\\"\\a\\b\\f\\v\\'\\?\\101\\x42\\0\"\nmsgstr \"\"\n");
    assert_eq!(
        doc.units[0].source.as_ref().unwrap().as_str(),
        "a\n\t\r\\\"\x07\x08\x0c\x0b'?AB\0"
    );
    assert_eq!(
        error(b"msgid \"a\\q\"\nmsgstr \"\"\n"),
        "line 1: column 9: unknown escape '\\q'"
    );
    assert!(error(b"msgid \"\\xff\"\nmsgstr \"\"\n").contains("not ASCII"));
    assert!(error(b"msgid \"open\nmsgstr \"\"\n").contains("no closing quote"));
    assert!(error(b"msgid \"a\" b\nmsgstr \"\"\n").contains("after the closing quote"));
}

#[test]
fn plural_forms_are_units_and_bounded() {
    let doc = document(&format!(
        "{HEADER}msgid \"%d file\"\nmsgid_plural \"%d files\"\n\
         msgstr[0] \"%d arquivo\"\nmsgstr[1] \"%d arquivos\"\n"
    ));
    let sources: Vec<&str> = doc
        .units
        .iter()
        .map(|u| u.source.as_ref().unwrap().as_str())
        .collect();
    let targets: Vec<&str> = doc
        .units
        .iter()
        .map(|u| u.target.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(sources, ["   file", "   files"]);
    assert_eq!(targets, ["   arquivo", "   arquivos"]);

    let mut many = String::from("msgid \"a\"\nmsgid_plural \"b\"\n");
    for form in 0..5000 {
        many.push_str(&format!("msgstr[{form}] \"x{form}\"\n"));
    }
    let doc = document(&many);
    assert_eq!(doc.units.len(), MAX_PLURAL_FORMS);
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].contains("more than 16 plural forms (first at line 1)"));

    assert!(error(b"msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"x\"\n")
        .contains("msgstr[1] where msgstr[0] comes next"));
    assert!(error(b"msgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"x\"\n").contains("msgstr[0]"));
    assert!(error(b"msgid \"a\"\nmsgstr[0] \"x\"\n").contains("without a msgid_plural"));
    assert!(
        error(b"msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[99999999999999999999] \"x\"\n")
            .contains("where msgstr[0] comes next")
    );
}

#[test]
fn fuzzy_and_obsolete_entries_are_skipped_and_said() {
    let text = "#, fuzzy, c-format\nmsgid \"fuzzy one\"\nmsgstr \"luddig\"\n\n\
                # a comment of the obsolete entry\n#~ msgid \"old\"\n#~ msgstr \"gammal\"\n\n\
                msgid \"kept\"\nmsgstr \"kvar\"\n";
    let doc = document(text);
    assert_eq!(doc.units.len(), 1);
    assert_eq!(doc.units[0].source.as_ref().unwrap().as_str(), "kept");
    assert_eq!(
        doc.warnings,
        [
            "1 fuzzy entry not checked (--fuzzy checks them)",
            "1 obsolete (#~) entry not checked"
        ]
    );
    let doc = read(text.as_bytes(), &Options { fuzzy: true }).unwrap();
    assert_eq!(doc.units.len(), 2);
    assert_eq!(doc.units[0].target.as_ref().unwrap().as_str(), "luddig");
}

#[test]
fn other_charsets_are_transcoded_and_unknown_ones_refused() {
    let mut latin1 = b"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\
        \"Language: sv\\n\"\n\nmsgid \"file\"\nmsgstr \""
        .to_vec();
    latin1.extend(b"\xe5\xe4 fil\"\n");
    let doc = read(&latin1, &Options::default()).unwrap();
    let target = doc.units[0].target.as_ref().unwrap();
    assert_eq!(target.as_str(), "åä fil");
    assert_eq!(place(target, "fil"), (6, 12));
    assert_eq!(doc.target_lang.as_deref(), Some("sv"));

    let unknown = b"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=KLINGON-8\\n\"\n";
    assert_eq!(
        error(unknown),
        "the header's charset 'KLINGON-8' is not one gloss knows"
    );
    // UTF-8 declared (or nothing), bytes that are not: the place is named.
    assert_eq!(
        error(b"msgid \"a\"\nmsgstr \"\xe5\"\n"),
        "not valid UTF-8 text (at line 2, column 9)"
    );
    // A template's placeholder charset is UTF-8.
    let template = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=CHARSET\\n\"\n\nmsgid \"å\"\nmsgstr \"\"\n";
    assert_eq!(document(template).units.len(), 1);
}

#[test]
fn binary_input_is_refused() {
    assert_eq!(
        error(b"msgid \"a\0\"\nmsgstr \"\"\n"),
        "a binary file, not text (a NUL byte at line 1, column 9)"
    );
}

#[test]
fn gloss_ignore_comments_set_what_is_silenced() {
    let doc = document(
        "# gloss-ignore\nmsgid \"a\"\nmsgstr \"b\"\n\n\
         # gloss-ignore folder file\n# gloss-ignore mapp\nmsgid \"c\"\nmsgstr \"d\"\n\n\
         # gloss-ignored is another word\n#. gloss-ignore (extracted: not a translator's)\n\
         msgid \"e\"\nmsgstr \"f\"\n",
    );
    assert_eq!(doc.units[0].ignore, Ignore::All);
    assert_eq!(
        doc.units[1].ignore,
        Ignore::Slugs(vec!["folder".into(), "file".into(), "mapp".into()])
    );
    assert_eq!(doc.units[2].ignore, Ignore::Nothing);
}

#[test]
fn accelerators_go_and_placeholders_become_spaces() {
    let doc = document(
        "msgid \"_Öppna &filen %s och %1$s, %(namn)s, %{n}, {name}, {0}, %1 %%d {{x}} 50% _\"\nmsgstr \"\"\n",
    );
    let source = doc.units[0].source.as_ref().unwrap();
    assert_eq!(
        source.as_str(),
        "Öppna filen    och     ,         ,     ,       ,    ,    %%d {{x}} 50% _"
    );
    // The anchors follow the removed markers: `Öppna` starts at column 9
    // (the quote is column 7, the marker 8), `filen` at 16.
    assert_eq!(place(source, "Öppna"), (1, 9));
    assert_eq!(place(source, "filen"), (1, 16));
    assert_eq!(place(source, "och"), (1, 25));
    assert_eq!(place(source, "%%d"), (1, 67));
    // A doubled marker is a literal one.
    let doc = document("msgid \"Tom && Jerry __init\"\nmsgstr \"\"\n");
    assert_eq!(
        doc.units[0].source.as_ref().unwrap().as_str(),
        "Tom && Jerry __init"
    );
}

#[test]
fn malformed_files_are_one_line_each() {
    for (text, expected) in [
        ("msgstr \"x\"\n", "line 1: msgstr without a msgid"),
        ("msgid \"a\"\n", "the msgid at line 1 has no msgstr"),
        (
            "msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n",
            "line 2: msgid, but the msgid at line 1 has no msgstr",
        ),
        (
            "\"loose\"\n",
            "line 1: a string that continues no msgid, msgstr or msgctxt",
        ),
        ("msgid\n", "line 1: msgid needs a quoted string"),
        (
            "msgid \"a\"\nmsgstr \"\"\nmsgstr \"\"\n",
            "line 3: a second msgstr for one msgid",
        ),
    ] {
        assert_eq!(error(text.as_bytes()), expected, "{text:?}");
    }
    assert!(error(b"hello world\n").starts_with("line 1: unexpected hello world"));
}

#[test]
fn a_bad_language_is_a_warning() {
    let doc = document("msgid \"\"\nmsgstr \"Language: Swedish!\\n\"\n");
    assert_eq!(doc.target_lang, None);
    assert!(
        doc.warnings[0].contains("is not a language tag"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn crlf_lines_and_a_bom_are_read() {
    let doc = document("\u{feff}msgid \"å file\"\r\nmsgstr \"fil\"\r\n");
    let source = doc.units[0].source.as_ref().unwrap();
    assert_eq!(source.as_str(), "å file");
    assert_eq!(place(source, "file"), (1, 10));
}

/// A folder of the shared corpora beside the clone (CI puts `shared/`
/// at `../shared`, a developer's checkout may be one folder deeper);
/// missing under CI is a failure.
fn shared(folder: &str) -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let found = ["../shared", "../../shared"]
        .iter()
        .map(|up| root.join(up).join(folder))
        .find(|dir| dir.is_dir());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no shared/{folder}"
        );
        eprintln!("skipped: no shared/{folder} beside the clone");
    }
    found
}

#[test]
fn gnucash_glossary_files_read_whole() {
    let Some(corpus) = shared("corpora/gnucash-glossary") else {
        return;
    };
    for (file, lang) in [
        ("de", Some("de")),
        ("es", Some("es")),
        ("fr", Some("fr")),
        ("nl", Some("nl")),
        ("pt_BR", None),
    ] {
        let bytes = std::fs::read(corpus.join(format!("{file}.po"))).unwrap();
        let doc = read(&bytes, &Options::default()).unwrap();
        assert_eq!(doc.target_lang.as_deref(), lang, "{file}");
        assert!(doc.units.len() > 150, "{file}: {} units", doc.units.len());
        let account = doc
            .units
            .iter()
            .find(|u| u.source.as_ref().unwrap().as_str() == "account")
            .unwrap();
        assert!(account.target.is_some(), "{file}");
    }
}

/// The system's gettext catalogues (`msgunfmt` of every `.mo` of a few
/// languages, scripts and plural rules): real files written by others.
#[test]
fn system_catalogues_read_cleanly() {
    let has_msgunfmt = std::process::Command::new("msgunfmt")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_msgunfmt {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "msgunfmt is missing (apt-get install gettext)"
        );
        eprintln!("skipped: no msgunfmt");
        return;
    }
    let (mut read_files, mut units) = (0, 0);
    for lang in ["sv", "de", "pt_BR", "ru", "ar", "ja", "zh_TW", "pl"] {
        let folder = std::path::Path::new("/usr/share/locale")
            .join(lang)
            .join("LC_MESSAGES");
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "mo"))
            .collect();
        files.sort();
        for file in files.iter().take(12) {
            let output = std::process::Command::new("msgunfmt")
                .arg(file)
                .output()
                .unwrap();
            if !output.status.success() {
                continue;
            }
            let doc = read(&output.stdout, &Options { fuzzy: true })
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            units += doc.units.len();
            read_files += 1;
        }
    }
    assert!(units > 0, "no catalogue in /usr/share/locale");
    eprintln!("{read_files} system catalogues, {units} units read");
}
