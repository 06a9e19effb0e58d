//! gettext PO and POT catalogues, read for checking (`read`) and as term
//! lists (`parse`, which `--import` uses too: one parser, two uses).
//!
//! No maintained crate reads PO with the position of every string (polib
//! and rspolib keep none, and read without bounds), so this is one small
//! module: a line-by-line reader of the format msgfmt accepts (comments,
//! msgctxt, msgid, msgid_plural, msgstr, msgstr[N], strings continued over
//! lines, C escapes, obsolete `#~` entries), fuzzed by `fuzz/fuzz_targets/po.rs`.
//! Every cost is linear in the input; the number of plural forms kept is
//! bounded and the cut announced.

use super::{source, Anchor, Document, Ignore, Options, Text, Unit};
use crate::model::error::shown;

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

/// Which string a `"…"` line continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str,
    /// A plural form past the bound: parsed, not kept.
    Cut,
}

/// The entry being read.
#[derive(Default)]
struct Builder {
    entry: Entry,
    has_id: bool,
    has_str: bool,
    /// Plural forms seen, kept or not.
    forms: usize,
}

struct Parser {
    catalog: Catalog,
    header_seen: bool,
    current: Builder,
    field: Option<Field>,
}

fn parse_text(text: &str) -> Result<Catalog, String> {
    let mut parser = Parser {
        catalog: Catalog::default(),
        header_seen: false,
        current: Builder::default(),
        field: None,
    };
    for (index, line) in text.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = line.strip_suffix('\r').unwrap_or(line);
        parser
            .line(line, number)
            .map_err(|message| format!("line {number}: {message}"))?;
    }
    parser.flush()?;
    Ok(parser.catalog)
}

impl Parser {
    fn line(&mut self, line: &str, number: u32) -> Result<(), String> {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let column = 1 + (line.len() - trimmed.len()) as u32;
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(rest) = trimmed.strip_prefix("#~") {
            // An obsolete entry: its comments and strings are not read.
            self.flush()?;
            self.current = Builder::default();
            self.field = None;
            let rest = rest.trim_start();
            if rest.starts_with("msgid") && !rest.starts_with("msgid_plural") {
                self.catalog.obsolete += 1;
            }
            return Ok(());
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if self.current.has_id {
                self.flush()?;
            }
            self.field = None;
            let entry = &mut self.current.entry;
            match rest.chars().next() {
                Some('.') => entry.extracted.push(rest[1..].trim().to_string()),
                Some(',') => entry.flags.extend(
                    rest[1..]
                        .split(',')
                        .map(str::trim)
                        .filter(|flag| !flag.is_empty())
                        .map(str::to_string),
                ),
                Some(':' | '|') => {}
                _ => entry.translator.push(rest.trim().to_string()),
            }
            return Ok(());
        }
        if trimmed.starts_with('"') {
            let field = self
                .field
                .ok_or("a string that continues no msgid, msgstr or msgctxt")?;
            return self.string(field, trimmed, number, column);
        }
        let word_end = trimmed.find([' ', '\t', '"']).unwrap_or(trimmed.len());
        let (word, rest) = trimmed.split_at(word_end);
        let rest_trimmed = rest.trim_start_matches([' ', '\t']);
        let string_column = column + (trimmed.len() - rest_trimmed.len()) as u32;
        if !rest_trimmed.starts_with('"') {
            return Err(if is_keyword(word) {
                format!("{word} needs a quoted string")
            } else {
                unexpected(trimmed)
            });
        }
        let field = self.keyword(word, number)?;
        self.string(field, rest_trimmed, number, string_column)
    }

    /// Starts the string a keyword introduces; returns where it goes.
    fn keyword(&mut self, word: &str, number: u32) -> Result<Field, String> {
        let current = &mut self.current;
        let field = match word {
            "msgctxt" => {
                if current.has_id {
                    self.flush()?;
                }
                if self.current.entry.context.is_some() {
                    return Err("a second msgctxt for one entry".into());
                }
                self.current.entry.context = Some(Text::default());
                Field::Context
            }
            "msgid" => {
                if current.has_id {
                    if !current.has_str {
                        return Err(format!(
                            "msgid, but the msgid at line {} has no msgstr",
                            current.entry.line
                        ));
                    }
                    self.flush()?;
                }
                self.current.has_id = true;
                Field::Id
            }
            "msgid_plural" => {
                if !current.has_id || current.has_str || current.entry.plural.is_some() {
                    return Err("msgid_plural belongs right after a msgid".into());
                }
                current.entry.plural = Some(Text::default());
                Field::Plural
            }
            "msgstr" => {
                if !current.has_id {
                    return Err("msgstr without a msgid".into());
                }
                if current.entry.plural.is_some() {
                    return Err("after msgid_plural the strings are msgstr[0], msgstr[1], …".into());
                }
                if current.has_str {
                    return Err("a second msgstr for one msgid".into());
                }
                current.has_str = true;
                current.entry.strings.push(Text::default());
                Field::Str
            }
            _ => {
                let Some(index) = word
                    .strip_prefix("msgstr[")
                    .and_then(|rest| rest.strip_suffix(']'))
                else {
                    return Err(unexpected(word));
                };
                if !current.has_id || current.entry.plural.is_none() {
                    return Err(format!("{} without a msgid_plural", shown(word)));
                }
                let expected = current.forms;
                if index.parse::<usize>().ok() != Some(expected) {
                    return Err(format!(
                        "{} where msgstr[{expected}] comes next",
                        shown(word)
                    ));
                }
                current.has_str = true;
                current.forms += 1;
                if expected < MAX_PLURAL_FORMS {
                    current.entry.strings.push(Text::default());
                    Field::Str
                } else {
                    if expected == MAX_PLURAL_FORMS {
                        let (count, _) = self
                            .catalog
                            .plurals_cut
                            .get_or_insert((0, current.entry.line));
                        *count += 1;
                    }
                    Field::Cut
                }
            }
        };
        if self.current.entry.line == 0 {
            self.current.entry.line = number;
        }
        self.field = Some(field);
        Ok(field)
    }

    /// Reads the quoted string at the start of `text` (column `column` of
    /// line `number`) into `field`.
    fn string(&mut self, field: Field, text: &str, number: u32, column: u32) -> Result<(), String> {
        let entry = &mut self.current.entry;
        let mut discard = Text::default();
        let target = match field {
            Field::Context => entry.context.get_or_insert_with(Text::default),
            Field::Id => &mut entry.id,
            Field::Plural => entry.plural.get_or_insert_with(Text::default),
            Field::Str => match entry.strings.last_mut() {
                Some(last) => last,
                None => &mut discard,
            },
            Field::Cut => &mut discard,
        };
        let rest = decode_string(text, number, column, target)?;
        if !rest.trim_matches([' ', '\t']).is_empty() {
            return Err(format!(
                "unexpected {} after the closing quote",
                shown(rest.trim())
            ));
        }
        Ok(())
    }

    /// Ends the entry being read: the header is read and dropped, an entry
    /// joins the catalogue; comments with no entry after them are dropped.
    fn flush(&mut self) -> Result<(), String> {
        let current = std::mem::take(&mut self.current);
        self.field = None;
        if !current.has_id {
            return Ok(());
        }
        if !current.has_str {
            return Err(format!(
                "the msgid at line {} has no msgstr",
                current.entry.line
            ));
        }
        let entry = current.entry;
        if !self.header_seen && entry.context.is_none() && entry.id.as_str().is_empty() {
            self.header_seen = true;
            let header = entry.strings.first().map(Text::as_str).unwrap_or_default();
            self.catalog.language = header_field(header, "Language").map(str::to_string);
            self.catalog.charset = header_field(header, "Content-Type")
                .and_then(|value| {
                    value
                        .split(';')
                        .find_map(|part| part.trim().strip_prefix("charset="))
                })
                .map(|charset| charset.trim().to_string());
            return Ok(());
        }
        self.catalog.entries.push(entry);
        Ok(())
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "msgctxt" | "msgid" | "msgid_plural" | "msgstr") || word.starts_with("msgstr[")
}

fn unexpected(text: &str) -> String {
    format!(
        "unexpected {} (a PO line is a comment, a keyword with a quoted string, or a quoted string)",
        shown(text)
    )
}

/// The value of `Key:` in a header.
fn header_field<'h>(header: &'h str, key: &str) -> Option<&'h str> {
    header.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case(key).then(|| value.trim())
    })
}

/// Decodes the string that opens `text` (at `line`:`column`) into `into`,
/// each run between escapes pushed with its place; returns what follows
/// the closing quote.
fn decode_string<'t>(
    text: &'t str,
    line: u32,
    column: u32,
    into: &mut Text,
) -> Result<&'t str, String> {
    let body = &text[1..];
    let mut column = column + 1;
    let mut run_start = 0usize;
    let mut run_column = column;
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                into.push(&body[run_start..at], line, run_column);
                return Ok(&body[at + 1..]);
            }
            '\\' => {
                into.push(&body[run_start..at], line, run_column);
                let escape_column = column;
                let (decoded, length) = escape(&body[at + 1..])
                    .map_err(|message| format!("column {escape_column}: {message}"))?;
                // Skip the escape's characters (all ASCII) after the backslash.
                for _ in 0..length {
                    chars.next();
                }
                column += 1 + length as u32;
                // A decoded newline is not a line of the file: push it alone
                // so the file's next run keeps its own place.
                let mut buffer = [0u8; 4];
                into.push(decoded.encode_utf8(&mut buffer), line, escape_column);
                run_start = at + 1 + length;
                run_column = column;
            }
            _ => column += 1,
        }
    }
    Err("a string with no closing quote (a PO string ends on its line)".into())
}

/// The character an escape stands for (`rest` follows the backslash) and
/// how many bytes of `rest` it takes.
fn escape(rest: &str) -> Result<(char, usize), String> {
    let bytes = rest.as_bytes();
    let simple = match bytes.first() {
        None => return Err("a backslash at the end of the line".into()),
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'r') => '\r',
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'a') => '\x07',
        Some(b'b') => '\x08',
        Some(b'f') => '\x0c',
        Some(b'v') => '\x0b',
        Some(b'\'') => '\'',
        Some(b'?') => '?',
        Some(b'0'..=b'7') => {
            let digits = bytes
                .iter()
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let value = u32::from_str_radix(&rest[..digits], 8).unwrap_or(u32::MAX);
            return ascii(value).map(|c| (c, digits));
        }
        Some(b'x') => {
            let digits = bytes[1..]
                .iter()
                .take(2)
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits == 0 {
                return Err("\\x without hexadecimal digits".into());
            }
            let value = u32::from_str_radix(&rest[1..1 + digits], 16).unwrap_or(u32::MAX);
            return ascii(value).map(|c| (c, 1 + digits));
        }
        Some(_) => {
            let c = rest.chars().next().unwrap_or_default();
            return Err(format!("unknown escape '\\{}'", shown(&c.to_string())));
        }
    };
    Ok((simple, 1))
}

/// A numeric escape names a byte; outside ASCII it would be half of a
/// character in the file's charset, which gloss does not guess at.
fn ascii(value: u32) -> Result<char, String> {
    u8::try_from(value)
        .ok()
        .filter(u8::is_ascii)
        .map(char::from)
        .ok_or_else(|| format!("a numeric escape for byte {value:#x}, which is not ASCII"))
}

/// The text as checked: accelerator markers (`_File`, `&Open`) removed,
/// placeholders (`%s`, `%1$s`, `%(name)s`, `%{name}`, `{name}`, `{0}`,
/// `%1`) replaced by as many spaces as they have characters, so a term
/// beside one is still a word of its own and one inside a placeholder's
/// name is not found. Anchors move with every removed character, so the
/// positions still name the file.
fn checked(text: &Text) -> Text {
    let mut out = Text::default();
    let source = text.as_str();
    let mut index = 0;
    // Text before the first anchor holds no place of its own (newlines only).
    let first = text.anchors.first().map_or(source.len(), |a| a.at);
    out.text.push_str(&source[..first]);
    while index < text.anchors.len() {
        let anchor = text.anchors[index];
        let end = text
            .anchors
            .get(index + 1)
            .map_or(source.len(), |next| next.at);
        transform_run(&source[anchor.at..end], anchor, &mut out);
        index += 1;
    }
    out
}

/// One run of characters that stand together on a line of the file.
fn transform_run(run: &str, anchor: Anchor, out: &mut Text) {
    let mut column = anchor.column;
    let mut need_anchor = true;
    let mut rest = run;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if need_anchor {
            if let Some(last) = out.anchors.last_mut().filter(|a| a.at == out.text.len()) {
                *last = Anchor {
                    at: out.text.len(),
                    line: anchor.line,
                    column,
                };
            } else {
                out.anchors.push(Anchor {
                    at: out.text.len(),
                    line: anchor.line,
                    column,
                });
            }
            need_anchor = false;
        }
        // `%%`, `{{`: a literal character, written twice.
        if rest.starts_with("%%") || rest.starts_with("{{") {
            out.text.push_str(&rest[..2]);
            column += 2;
            previous = Some(c);
            rest = &rest[2..];
            continue;
        }
        if let Some(length) = placeholder(rest) {
            let characters = rest[..length].chars().count();
            out.text.extend(std::iter::repeat_n(' ', characters));
            column += characters as u32;
            previous = rest[..length].chars().last();
            rest = &rest[length..];
            continue;
        }
        let next = rest[c.len_utf8()..].chars().next();
        let is_marker =
            matches!(c, '_' | '&') && previous != Some(c) && next.is_some_and(char::is_alphabetic);
        if is_marker {
            need_anchor = true;
        } else {
            out.text.push(c);
        }
        column += 1;
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
}

/// The length in bytes of the placeholder `text` starts with, if it does.
fn placeholder(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'%' => printf(bytes),
        b'{' => {
            if bytes.get(1) == Some(&b'{') {
                return None;
            }
            // `{}`, `{0}`, `{name}`, `{name:>8}`: no spaces, no braces, short.
            let close = text[1..].find(['}', '{'])? + 1;
            let name = &text[1..close];
            let is_name = bytes[close] == b'}'
                && name.chars().count() <= 64
                && !name.contains(char::is_whitespace);
            is_name.then_some(close + 1)
        }
        _ => None,
    }
}

/// printf (`%s`, `%-5.2f`, `%1$s`, `%lld`), Python (`%(name)s`), Ruby
/// (`%{name}`) and Qt (`%1`) placeholders; `%%` is a percent sign.
fn printf(bytes: &[u8]) -> Option<usize> {
    let mut at = 1;
    let byte = |at: usize| bytes.get(at).copied();
    match byte(at)? {
        b'%' => return None,
        b'{' => {
            let close = bytes[2..].iter().take(65).position(|&b| b == b'}')? + 2;
            let name = &bytes[2..close];
            return (!name.is_empty()
                && !name.iter().any(|b| b.is_ascii_whitespace() || *b == b'{'))
            .then_some(close + 1);
        }
        b'(' => {
            let close = bytes[2..].iter().take(65).position(|&b| b == b')')? + 2;
            if close == 2 || bytes[2..close].iter().any(|b| b.is_ascii_whitespace()) {
                return None;
            }
            at = close + 1;
        }
        b'1'..=b'9' => {
            let digits = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if byte(at + digits) == Some(b'$') {
                at += digits + 1;
            } else if !is_conversion_tail(&bytes[at + digits..]) {
                // Qt's `%1`.
                return Some(at + digits);
            }
        }
        _ => {}
    }
    // Flags (not the space flag: `50% done` is no placeholder), width,
    // precision, length, conversion.
    at += bytes[at..]
        .iter()
        .take_while(|b| matches!(b, b'-' | b'+' | b'#' | b'0' | b'\''))
        .count();
    at += bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'*')
        .count();
    if byte(at) == Some(b'.') {
        at += 1;
        at += bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'*')
            .count();
    }
    at += bytes[at..]
        .iter()
        .take(2)
        .take_while(|b| matches!(b, b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't'))
        .count();
    CONVERSIONS.contains(&byte(at)?).then_some(at + 1)
}

const CONVERSIONS: &[u8] = b"diouxXeEfFgGaAcspnCS@";

/// Whether digits after `%` are a width followed by a conversion (`%5d`).
fn is_conversion_tail(bytes: &[u8]) -> bool {
    let mut at = 0;
    if bytes.first() == Some(&b'.') {
        at = 1 + bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    at += bytes[at..]
        .iter()
        .take(2)
        .take_while(|b| matches!(b, b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't'))
        .count();
    bytes.get(at).is_some_and(|b| CONVERSIONS.contains(b))
}

#[cfg(test)]
mod tests {
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
        let mut latin1 =
            b"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\
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
}
