//! What the fuzz targets do with an input, shared with the regression tests
//! (`tests/cli/fuzz_regressions.rs`) so a crash found here stays fixed there.
// Each target uses its own part of this module.
#![allow(dead_code)]

use gloss_core::model::article;
use gloss_core::model::lang;
use gloss_core::render::{self, Backlink, Format, Look, Page, Related};

/// Parses arbitrary bytes as an article and renders it every way: the first
/// byte picks colour, link state and width (including 0, 1 and huge), the
/// rest is the file. Output must never carry a control character other than
/// newline and the SGR styling gloss adds.
pub fn article(data: &[u8]) {
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = article::front_matter(text);
    let Ok(parsed) = article::parse("fuzz", "en", text) else {
        return;
    };
    let related = parsed
        .links()
        .into_iter()
        .map(|link| Related {
            slug: link.slug,
            text: link.text,
            in_glossary: knobs & 1 == 0,
        })
        .collect();
    let referenced_by = parsed
        .links()
        .into_iter()
        .map(|link| Backlink {
            slug: link.slug,
            title: (knobs & 4 == 0).then_some(link.text),
        })
        .collect();
    // The footer a project folder's article gets, naming a file.
    let source = (knobs & 8 != 0).then(|| gloss_core::model::page::Source {
        layer: "project",
        path: Some(parsed.front.title.clone()),
    });
    let page = Page {
        article: parsed,
        related,
        referenced_by,
        langs: vec!["en".into()],
        source,
    };
    let width = match knobs >> 4 {
        0 => 0,
        1 => 1,
        15 => usize::MAX,
        n => usize::from(n) * 13,
    };
    let look = Look {
        color: knobs & 2 != 0,
        hyperlinks: knobs & 4 != 0,
        width,
    };
    for &format in Format::all() {
        for short in [false, true] {
            assert_only_own_escapes(&render::render(&page, format, short, look));
        }
    }
}

/// Fails on any control character but newline, except whole SGR sequences
/// (`ESC [ digits;… m`) and OSC 8 hyperlinks (`ESC ] 8 ; ; address ESC \`,
/// the address printable ASCII), the only escapes gloss writes.
pub fn assert_only_own_escapes(output: &str) {
    let mut chars = output.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            match chars.next() {
                Some('[') => loop {
                    match chars.next() {
                        Some(d) if d.is_ascii_digit() || d == ';' => {}
                        Some('m') => break,
                        other => panic!("{other:?} inside an SGR sequence in {output:?}"),
                    }
                },
                Some(']') => {
                    let head: String = chars.by_ref().take(3).collect();
                    assert_eq!(head, "8;;", "an OSC that is not a hyperlink in {output:?}");
                    loop {
                        match chars.next() {
                            Some(d) if d.is_ascii_graphic() => {}
                            Some('\x1b') => {
                                assert_eq!(chars.next(), Some('\\'), "in {output:?}");
                                break;
                            }
                            other => panic!("{other:?} inside a hyperlink in {output:?}"),
                        }
                    }
                }
                other => panic!("an escape {other:?} that gloss does not write in {output:?}"),
            }
        } else {
            assert!(
                c == '\n' || !c.is_control(),
                "control character {c:?} in {output:?}"
            );
        }
    }
}

/// Language tags from anywhere: canonical forms are stable and valid, and
/// choosing among languages never points outside the list.
pub fn lang(text: &str) {
    if let Some(tag) = lang::canonical(text) {
        assert_eq!(
            lang::canonical(&tag).as_deref(),
            Some(tag.as_str()),
            "not idempotent: {text:?}"
        );
        assert!(lang::is_valid(&tag), "{tag:?} from {text:?}");
    }
    let _ = lang::primary(text);
    // NUL separates the fields: `--lang` values, configured values, then
    // GLOSS_LANG, LANGUAGE, LC_ALL, LC_MESSAGES and LANG (absent when missing).
    let mut fields = text.split('\0');
    let explicit: Vec<String> = fields
        .next()
        .unwrap_or_default()
        .split([',', ':'])
        .map(str::to_string)
        .collect();
    let configured: Vec<String> = fields
        .next()
        .unwrap_or_default()
        .split([',', ':'])
        .map(str::to_string)
        .collect();
    let vars: Vec<&str> = fields.collect();
    let env = |var: &str| {
        let i = ["GLOSS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .position(|known| *known == var)
            .unwrap_or_else(|| panic!("unexpected variable {var}"));
        vars.get(i).map(|value| value.to_string())
    };
    let preferences = lang::preferences(&explicit, &configured, env);
    assert!(
        preferences.iter().all(|tag| lang::is_valid(tag)),
        "{preferences:?}"
    );
    for (i, tag) in preferences.iter().enumerate() {
        assert!(
            !preferences[..i].contains(tag),
            "{tag:?} twice: {preferences:?}"
        );
    }
    let whole = [text.to_string()];
    let _ = lang::preferences(&whole, &whole, |_| Some(text.to_string()));
    let available = ["en", "pt-BR", "zh-Hant-TW", "sv", "nb", "sr-Latn"];
    if let Some(i) = lang::best(&preferences, &available) {
        assert!(i < available.len());
    }
    let own: Vec<&str> = preferences.iter().map(String::as_str).collect();
    if let Some(i) = lang::best(&preferences, &own) {
        assert!(i < own.len());
    }
}

/// Reads arbitrary bytes as a folder cache file and as an index blob, through
/// every accessor: a cache is input, so nothing in it may panic, hang or size
/// an allocation.
pub fn cache(data: &[u8]) {
    gloss_core::exercise_cache(data);
}

/// Reads arbitrary bytes as dictionary indexes (`dict_index` target).
pub fn dict_index(data: &[u8]) {
    gloss_core::exercise_dict_index(data);
}

/// Reads arbitrary bytes as a dictzip file (`dictzip` target).
pub fn dictzip(data: &[u8]) {
    gloss_core::exercise_dictzip(data);
}

/// Reads arbitrary bytes as a PO file: a document or one line, never a
/// panic, every place inside the file.
pub fn po(data: &[u8]) {
    gloss_core::exercise_po(data);
}

/// Reads arbitrary bytes as XLIFF (and TMX, TSV, CSV): a document or one
/// line, never a panic, every place inside the file.
pub fn xliff(data: &[u8]) {
    gloss_core::exercise_xliff(data);
}
