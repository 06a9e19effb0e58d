//! gettext PO and POT catalogues, read for checking (`read`) and as term
//! lists (`parse`, which `--import` uses too: one parser, two uses).
//!
//! No maintained crate reads PO with the place of every string (polib
//! gives the strings alone, rspolib at most an entry's line; a finding
//! needs the line and column inside the string, past escapes and
//! continuation lines), so this is one small module: a line-by-line
//! reader of the format msgfmt accepts (comments, msgctxt, msgid,
//! msgid_plural, msgstr, msgstr[N], strings continued over lines, C
//! escapes, obsolete `#~` entries), fuzzed by `fuzz/fuzz_targets/po.rs`.
//! Every cost is linear in the input; the number of plural forms kept is
//! bounded and the cut announced.

mod entries;
mod placeholders;
#[cfg(test)]
mod tests;

use super::{source, Anchor, Document, Ignore, Options, Text, Unit};
use crate::model::error::shown;
use entries::parse_text;
use placeholders::checked;

/// Plural forms kept per entry; a real language has at most six. Forms
/// past this are parsed (so the file is still checked for errors) but not
/// kept, and the cut is announced.
pub(crate) const MAX_PLURAL_FORMS: usize = 16;

/// The language a PO file's msgids are in, unless `--source-lang` says
/// otherwise: gettext's convention.
pub(crate) const SOURCE_LANG: &str = "en";

/// One entry of a catalogue, strings decoded, with their places in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The line of the entry's first keyword.
    pub(crate) line: u32,
    pub(crate) context: Option<Text>,
    pub(crate) id: Text,
    pub(crate) plural: Option<Text>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`, … (at most `MAX_PLURAL_FORMS`).
    pub(crate) strings: Vec<Text>,
    /// `#.` comments, as written after the marker (trimmed).
    pub(crate) extracted: Vec<String>,
    /// `# ` comments, trimmed.
    pub(crate) translator: Vec<String>,
    /// `#,` flags (`fuzzy`, `c-format`, …).
    pub(crate) flags: Vec<String>,
}

impl Entry {
    pub(crate) fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|flag| flag == "fuzzy")
    }
}

/// A catalogue: its entries (not the header, not obsolete ones) and what
/// the header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Catalog {
    pub(crate) entries: Vec<Entry>,
    /// The header's `Language:` value, as written.
    pub(crate) language: Option<String>,
    /// Obsolete (`#~`) entries skipped.
    pub(crate) obsolete: usize,
    /// Entries with plural forms past `MAX_PLURAL_FORMS`, and the first's line.
    pub(crate) plurals_cut: Option<(usize, u32)>,
    /// The header's charset, as written.
    charset: Option<String>,
}

/// Reads a PO file for checking: one unit per entry (per plural form for
/// an entry with plurals: `msgstr[0]` against `msgid`, the others against
/// `msgid_plural`), the header, obsolete and (unless `options.fuzzy`) fuzzy
/// entries skipped, accelerator markers removed and placeholders blanked
/// in the checked text.
pub(crate) fn read(bytes: &[u8], options: &Options) -> Result<Document, String> {
    let catalog = parse(bytes)?;
    let mut document = Document {
        source_lang: Some(SOURCE_LANG.to_string()),
        ..Document::default()
    };
    if let Some(language) = &catalog.language {
        document.target_lang =
            source::language(language, "the header's Language:", &mut document.warnings);
    }
    let mut fuzzy = 0usize;
    for entry in &catalog.entries {
        if entry.is_fuzzy() && !options.fuzzy {
            fuzzy += 1;
            continue;
        }
        let ignore = ignore_of(&entry.translator);
        let target = |text: &Text| (!text.as_str().is_empty()).then(|| checked(text));
        match &entry.plural {
            None => document.units.push(Unit {
                source: Some(checked(&entry.id)),
                target: entry.strings.first().and_then(target),
                ignore,
            }),
            Some(plural) => {
                for (form, string) in entry.strings.iter().enumerate() {
                    let translated = target(string);
                    // An untranslated entry is one unit per source string.
                    if form > 1 && translated.is_none() {
                        continue;
                    }
                    let source = if form == 0 { &entry.id } else { plural };
                    document.units.push(Unit {
                        source: Some(checked(source)),
                        target: translated,
                        ignore: ignore.clone(),
                    });
                }
            }
        }
    }
    if fuzzy > 0 {
        document.warnings.push(format!(
            "{fuzzy} fuzzy entr{} not checked (--fuzzy checks them)",
            if fuzzy == 1 { "y" } else { "ies" }
        ));
    }
    if catalog.obsolete > 0 {
        document.warnings.push(format!(
            "{} obsolete (#~) entr{} not checked",
            catalog.obsolete,
            if catalog.obsolete == 1 { "y" } else { "ies" }
        ));
    }
    if let Some((count, line)) = catalog.plurals_cut {
        document.warnings.push(format!(
            "{count} entr{} with more than {MAX_PLURAL_FORMS} plural forms (first at line {line}): \
             the forms past the {MAX_PLURAL_FORMS}th are not checked",
            if count == 1 { "y" } else { "ies" }
        ));
    }
    Ok(document)
}

/// What the `# gloss-ignore [SLUG...]` translator comments of an entry silence.
fn ignore_of(comments: &[String]) -> Ignore {
    comments
        .iter()
        .filter_map(|comment| source::ignore_of(comment))
        .fold(Ignore::Nothing, source::join_ignore)
}

/// Parses a PO file: binary input, bytes not in the declared charset, an
/// unknown charset and anything msgfmt would refuse are one line each.
pub(crate) fn parse(bytes: &[u8]) -> Result<Catalog, String> {
    source::refuse_binary(bytes)?;
    let bytes = source::without_bom(bytes);
    let (catalog, utf8_error) = match std::str::from_utf8(bytes) {
        Ok(text) => (parse_text(text)?, None),
        // The header is ASCII in every charset PO allows: read it from a
        // lossy copy, and transcode by what it says.
        Err(error) => match parse_text(&String::from_utf8_lossy(bytes)) {
            Ok(catalog) => (catalog, Some(error)),
            Err(_) => return Err(source::not_utf8(bytes, error)),
        },
    };
    let Some(encoding) = catalog_encoding(&catalog)? else {
        return match utf8_error {
            None => Ok(catalog),
            Some(error) => Err(source::not_utf8(bytes, error)),
        };
    };
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            format!(
                "not valid {} text, the charset its header declares",
                encoding.name()
            )
        })?;
    parse_text(&text)
}

/// The catalogue's charset when it is not UTF-8 (or the template's
/// placeholder `CHARSET`); an unknown one is an error.
fn catalog_encoding(catalog: &Catalog) -> Result<Option<&'static encoding_rs::Encoding>, String> {
    let Some(charset) = catalog.charset.as_deref() else {
        return Ok(None);
    };
    if charset.eq_ignore_ascii_case("CHARSET") {
        return Ok(None);
    }
    let unknown = || {
        format!(
            "the header's charset '{}' is not one gloss knows",
            shown(charset)
        )
    };
    let encoding = encoding_rs::Encoding::for_label(charset.as_bytes()).ok_or_else(unknown)?;
    // These decode everything to something else than PO's ASCII syntax.
    if encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
        || encoding == encoding_rs::REPLACEMENT
    {
        return Err(unknown());
    }
    Ok((encoding != encoding_rs::UTF_8).then_some(encoding))
}
