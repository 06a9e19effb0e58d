//! The matching rules, each tried through `Terms::find` as the front ends call it.

use super::words::tokens;
use super::*;
use crate::model::text::is_unspaced;
use unicode_segmentation::UnicodeSegmentation;

/// An article as (slug, language, title, aliases, avoid).
type Given<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

fn table(articles: &[Given]) -> Terms {
    let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
    Terms::of(
        articles
            .iter()
            .map(|&(slug, lang, title, aliases, avoid)| {
                let names = Names {
                    title: title.to_string(),
                    description: String::new(),
                    aliases: list(aliases),
                    avoid: list(avoid),
                };
                (slug, lang, names)
            })
            .collect(),
    )
}

/// What `find` found, as the text it covers and the slug.
fn found<'t>(terms: &Terms, text: &'t str, lang: &str) -> Vec<(&'t str, String)> {
    terms
        .find(text, lang)
        .into_iter()
        .map(|f| (&text[f.start..f.end], f.slug))
        .collect()
}

fn words<'t>(terms: &Terms, text: &'t str, lang: &str) -> Vec<&'t str> {
    found(terms, text, lang)
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

/// The quick cut into words gives what UAX #29 alone gives.
#[test]
fn words_are_those_of_uax_29() {
    let text = "(Öppna) \"filen\", U.S. don't 3.5 e-post: «citat» 東京タワー 계정을 x_y! ½a …";
    let ours: Vec<&str> = tokens(text)
        .iter()
        .filter(|t| !t.run)
        .map(|t| &text[t.start..t.end])
        .collect();
    let theirs: Vec<&str> = text
        .split_word_bounds()
        .filter(|w| w.chars().any(char::is_alphanumeric) && !w.chars().any(is_unspaced))
        .collect();
    assert_eq!(ours, theirs);
}

#[test]
fn whole_words_only() {
    let terms = table(&[("file", "en", "file", &[], &[])]);
    assert_eq!(words(&terms, "Save the file.", "en"), ["file"]);
    assert!(words(&terms, "Edit your profile", "en").is_empty());
    assert!(words(&terms, "filesystem", "en").is_empty());
}

#[test]
fn text_and_terms_compare_in_nfc() {
    let terms = table(&[("carry", "sv", "får", &[], &[])]);
    let decomposed = "Du fa\u{30A}r inte";
    assert_eq!(words(&terms, decomposed, "sv"), ["fa\u{30A}r"]);
    let decomposed_term = table(&[("carry", "sv", "fa\u{30A}r", &[], &[])]);
    assert_eq!(words(&decomposed_term, "Du får inte", "sv"), ["får"]);
}

#[test]
fn unspaced_scripts_match_inside_words() {
    let terms = table(&[
        ("request", "zh", "请求", &[], &[]),
        ("file", "ja", "ファイル", &[], &[]),
        ("invoice", "ja", "請求書", &[], &[]),
        ("account", "th", "บัญชี", &[], &[]),
        ("account", "ko", "계정", &[], &[]),
    ]);
    assert_eq!(words(&terms, "发送请求到服务器", "zh"), ["请求"]);
    assert_eq!(words(&terms, "ファイルを開く", "ja"), ["ファイル"]);
    assert_eq!(words(&terms, "請求書を送ってください", "ja"), ["請求書"]);
    assert_eq!(words(&terms, "บัญชีของฉัน", "th"), ["บัญชี"]);
    assert_eq!(words(&terms, "계정을 만드세요", "ko"), ["계정"]);
}

#[test]
fn capitals_match_only_in_capitals() {
    let terms = table(&[
        ("crm", "en", "CRM", &[], &[]),
        ("it", "en", "IT", &[], &[]),
        ("pos", "sv", "POS", &[], &[]),
        ("invoice", "en", "Invoice", &[], &[]),
    ]);
    assert_eq!(words(&terms, "Our CRM and the crm", "en"), ["CRM"]);
    assert_eq!(words(&terms, "Ask IT about it", "en"), ["IT"]);
    assert!(words(&terms, "Pos 3", "sv").is_empty());
    assert_eq!(words(&terms, "Betala i POS", "sv"), ["POS"]);
    // Other terms ignore case.
    assert_eq!(
        words(&terms, "INVOICE and invoice", "en"),
        ["INVOICE", "invoice"]
    );
}

#[test]
fn diacritics_must_match() {
    let terms = table(&[("get", "sv", "får", &[], &[])]);
    assert!(words(&terms, "far och mor", "sv").is_empty());
    assert_eq!(words(&terms, "Han får", "sv"), ["får"]);
}

#[test]
fn inflected_forms_by_stem() {
    let en = table(&[
        ("file", "en", "file", &[], &[]),
        ("directory", "en", "directory", &[], &[]),
    ]);
    assert_eq!(words(&en, "Two files", "en"), ["files"]);
    assert_eq!(words(&en, "all directories", "en"), ["directories"]);
    let sv = table(&[
        ("invoice", "sv", "faktura", &[], &[]),
        ("account", "sv", "konto", &[], &[]),
        ("file", "sv", "fil", &[], &[]),
    ]);
    assert_eq!(
        words(&sv, "fakturan och fakturor, kontot", "sv"),
        ["fakturan", "fakturor", "kontot"]
    );
    assert_eq!(words(&sv, "filen", "sv"), ["filen"]);
    assert!(words(&sv, "filosofi", "sv").is_empty());
}

#[test]
fn a_stem_one_letter_short_is_a_form() {
    let de = table(&[("account", "de", "Konto", &[], &[])]);
    assert_eq!(
        words(&de, "Die Konten und das Konto", "de"),
        ["Konten", "Konto"]
    );
    let en = table(&[("director", "en", "director", &[], &[])]);
    assert!(words(&en, "a direct line", "en").is_empty());
    assert_eq!(words(&en, "two directors", "en"), ["directors"]);
}

#[test]
fn inflected_forms_by_prefix_without_a_stemmer() {
    let pl = table(&[("invoice", "pl", "faktura", &[], &[])]);
    assert_eq!(words(&pl, "Brak faktury", "pl"), ["faktury"]);
    assert!(words(&pl, "fak", "pl").is_empty());
    // At most four letters longer.
    assert!(words(&pl, "fakturowaniami", "pl").is_empty());
}

#[test]
fn compounds_hold_terms_in_compounding_languages() {
    let sv = table(&[
        ("invoice", "sv", "faktura", &[], &[]),
        ("account", "sv", "konto", &[], &[]),
    ]);
    assert_eq!(
        found(&sv, "skattefaktura, skattefakturan och bankkonto", "sv"),
        [
            ("skattefaktura", "invoice".to_string()),
            ("skattefakturan", "invoice".to_string()),
            ("bankkonto", "account".to_string())
        ]
    );
    // Not in English, which writes compounds apart.
    let en = table(&[("account", "en", "account", &[], &[])]);
    assert!(words(&en, "bankaccount", "en").is_empty());
    // At least two letters in.
    assert!(words(&sv, "akonto", "sv").is_empty());
}

#[test]
fn several_words_across_spaces_and_hyphens() {
    let terms = table(&[("balance-sheet", "en", "balance sheet", &[], &[])]);
    assert_eq!(
        words(&terms, "A balance-sheet, two balance\n  sheets", "en"),
        ["balance-sheet", "balance\n  sheets"]
    );
    assert!(words(&terms, "balance, sheet", "en").is_empty());
}

#[test]
fn longest_match_wins() {
    let terms = table(&[
        ("balance", "en", "balance", &[], &[]),
        ("balance-sheet", "en", "balance sheet", &[], &[]),
    ]);
    assert_eq!(
        found(&terms, "The balance sheet shows the balance", "en"),
        [
            ("balance sheet", "balance-sheet".to_string()),
            ("balance", "balance".to_string())
        ]
    );
}

#[test]
fn statuses_and_the_best_of_one_stretch() {
    let terms = table(&[
        ("directory", "sv", "katalog", &["folder"], &["mapp"]),
        ("map", "sv", "mapp", &[], &[]),
    ]);
    let found = terms.find("en katalog, en folder, en mapp", "sv");
    let statuses: Vec<(Status, &str)> = found.iter().map(|f| (f.status, f.slug.as_str())).collect();
    assert_eq!(
        statuses,
        [
            (Status::Preferred, "directory"),
            (Status::Admitted, "directory"),
            // `mapp` is avoided for one term but the title of another.
            (Status::Preferred, "map"),
        ]
    );
    assert_eq!(found[1].term, "folder");
}

#[test]
fn byte_ranges_after_multibyte_text() {
    let terms = table(&[("file", "en", "file", &[], &[])]);
    let text = "Ünïcødé → 文件 file";
    let found = terms.find(text, "en");
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].start..found[0].end], "file");
    assert_eq!(found[0].start, text.len() - 4);
}

#[test]
fn languages_are_kept_apart() {
    let terms = table(&[
        ("file", "en", "file", &[], &[]),
        ("file", "sv", "fil", &[], &[]),
        ("file", "pt-BR", "arquivo", &[], &[]),
    ]);
    assert!(words(&terms, "fil", "en").is_empty());
    assert_eq!(words(&terms, "fil arquivo", "sv"), ["fil"]);
    // A language serves its regional forms.
    assert_eq!(words(&terms, "o arquivo", "pt"), ["arquivo"]);
    assert!(words(&terms, "file", "de").is_empty());
    assert_eq!(
        terms.names("file", "sv").map(|n| n.title.as_str()),
        Some("fil")
    );
}

/// An elided article is a word of its own: `d’options` holds `options`.
#[test]
fn elided_articles_leave_the_word_after_them_to_match() {
    let terms = table(&[
        ("option", "fr", "options", &[], &[]),
        ("account", "it", "conto", &[], &[]),
        ("hour", "fr", "l'heure", &[], &[]),
    ]);
    assert_eq!(words(&terms, "les pages d’options", "fr"), ["options"]);
    assert_eq!(
        words(&terms, "L'options, jusqu’options", "fr"),
        ["options", "options"]
    );
    assert_eq!(words(&terms, "il saldo dell’conto", "it"), ["conto"]);
    // A term with an elision matches either apostrophe.
    assert_eq!(words(&terms, "à l’heure", "fr"), ["l’heure"]);
    // A longer word with an apostrophe is one word.
    let cut = |text: &'static str| -> Vec<&'static str> {
        tokens(text).iter().map(|t| &text[t.start..t.end]).collect()
    };
    assert_eq!(cut("don't rock'n'roll"), ["don't", "rock'n'roll"]);
    assert_eq!(cut("qu’il l'a"), ["qu", "il", "l", "a"]);
}
