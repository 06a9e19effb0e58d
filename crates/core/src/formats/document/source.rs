//! What every document reader does first with the bytes it is handed:
//! refuse a binary file, check the text is UTF-8, drop a byte-order mark,
//! and turn byte offsets into the `line:column` a finding names.

use super::Ignore;

/// What a suppression comment says, if `comment` (trimmed) is one:
/// `gloss-ignore` alone silences everything, `gloss-ignore SLUG...` those terms.
pub(crate) fn ignore_of(comment: &str) -> Option<Ignore> {
    let rest = comment.strip_prefix("gloss-ignore")?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let slugs: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
    Some(if slugs.is_empty() {
        Ignore::All
    } else {
        Ignore::Slugs(slugs)
    })
}

/// Two suppressions on one unit: everything, or the terms of both.
pub(crate) fn join_ignore(first: Ignore, second: Ignore) -> Ignore {
    match (first, second) {
        (Ignore::Nothing, other) | (other, Ignore::Nothing) => other,
        (Ignore::All, _) | (_, Ignore::All) => Ignore::All,
        (Ignore::Slugs(mut known), Ignore::Slugs(more)) => {
            known.extend(more);
            Ignore::Slugs(known)
        }
    }
}

/// The canonical tag of a language a file declares (`what` says where,
/// for the warning when it is not a tag: then the caller's `--lang` or the
/// preferences decide).
pub(crate) fn language(value: &str, what: &str, warnings: &mut Vec<String>) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let tag = crate::model::lang::canonical(value);
    if tag.is_none() {
        let shown = crate::model::error::shown(value);
        warnings.push(format!(
            "{what} is ignored: {}",
            crate::model::lang::not_a_tag(&shown)
        ));
    }
    tag
}

/// The message for a binary file (a NUL byte is never in a text document).
pub(crate) fn refuse_binary(bytes: &[u8]) -> Result<(), String> {
    match memchr_nul(bytes) {
        None => Ok(()),
        Some(at) => {
            let (line, column) = Locator::new(&String::from_utf8_lossy(&bytes[..at])).end();
            Err(format!(
                "a binary file, not text (a NUL byte at line {line}, column {column})"
            ))
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// `bytes` without a UTF-8 byte-order mark.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// The text of a document that must be UTF-8, past its byte-order mark;
/// binary or invalid input is one line saying where.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, String> {
    refuse_binary(bytes)?;
    let bytes = without_bom(bytes);
    std::str::from_utf8(bytes).map_err(|error| not_utf8(bytes, error))
}

/// The message for bytes that are not UTF-8, naming the first bad byte.
pub(crate) fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> String {
    let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
    let (line, column) = Locator::new(valid).end();
    format!("not valid UTF-8 text (at line {line}, column {column})")
}

/// Byte offsets of a text to 1-based lines and columns in characters.
/// Offsets asked for in increasing order cost one pass over the text in
/// all (a single line of 100 MB with a finding every few bytes stays
/// linear); an offset behind the last one starts again from the top.
pub(crate) struct Locator<'t> {
    text: &'t str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Locator {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// Where byte `offset` stands (clamped to the text, and moved back to
    /// the start of the character it falls in).
    pub(crate) fn at(&mut self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Locator::new(self.text);
        }
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else {
                self.column = self.column.saturating_add(1);
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }

    /// Where the end of the text stands.
    pub(crate) fn end(&mut self) -> (u32, u32) {
        self.at(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "åäö x\nü y\n\nz";
        let mut locator = Locator::new(text);
        assert_eq!(locator.at(0), (1, 1));
        assert_eq!(locator.at(text.find('x').unwrap()), (1, 5));
        assert_eq!(locator.at(text.find('y').unwrap()), (2, 3));
        assert_eq!(locator.at(text.find('z').unwrap()), (4, 1));
        // Backwards, and inside a character.
        assert_eq!(locator.at(1), (1, 1));
        assert_eq!(locator.end(), (4, 2));
    }

    #[test]
    fn binary_and_invalid_text_are_refused_with_a_place() {
        assert_eq!(
            utf8(b"ok\nab\0c").unwrap_err(),
            "a binary file, not text (a NUL byte at line 2, column 3)"
        );
        assert_eq!(
            utf8(b"\xef\xbb\xbfok\n\xc3\xa5\xff").unwrap_err(),
            "not valid UTF-8 text (at line 2, column 2)"
        );
        assert_eq!(utf8(b"\xef\xbb\xbfhej").unwrap(), "hej");
    }
}
