//! The entry reader: a catalogue's lines read one by one into entries,
//! strings continued over lines joined and their C escapes decoded, each
//! character's place in the file kept.

use super::{Catalog, Entry, Text, MAX_PLURAL_FORMS};
use crate::model::error::shown;

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

pub(super) fn parse_text(text: &str) -> Result<Catalog, String> {
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
                format!("{} needs a quoted string", shown(word))
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
