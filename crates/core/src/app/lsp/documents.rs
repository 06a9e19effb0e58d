//! The documents the client has open: their text as the client last sent
//! it (whole or as edits), their language, and positions converted between
//! the protocol's line/character pairs, in the encoding agreed at start-up,
//! and byte offsets.

use crate::formats::document::Kind;
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// How a position's `character` counts: UTF-8 bytes when the client offers
/// them, else UTF-16 code units, as the protocol requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The encoding for a client offering `offered` (none: UTF-16).
    pub(super) fn negotiate(offered: &[lsp_types::PositionEncodingKind]) -> Encoding {
        match offered.contains(&lsp_types::PositionEncodingKind::UTF8) {
            true => Encoding::Utf8,
            false => Encoding::Utf16,
        }
    }

    pub(super) fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The largest document kept; a larger one is refused (and told), as
/// a larger message is by the transport.
pub(super) const MAX_DOCUMENT_BYTES: usize = super::transport::MAX_MESSAGE_BYTES;

/// The most text held for all open documents together.
pub(super) const MAX_OPEN_BYTES: usize = 4 * MAX_DOCUMENT_BYTES;

/// The message for a document that would pass `MAX_OPEN_BYTES`.
pub(super) fn too_many(bytes: usize) -> String {
    format!("open documents hold {bytes} bytes, at the limit of {MAX_OPEN_BYTES} bytes for all of them together; this one is not checked")
}

/// One open document.
pub(super) struct Document {
    pub(super) text: String,
    pub(super) version: i32,
    /// Its format, for the checker's reader.
    pub(super) kind: Kind,
    /// Where each line starts, in bytes: `line_starts[0]` is 0.
    line_starts: Vec<usize>,
}

impl Document {
    pub(super) fn new(text: String, version: i32, kind: Kind) -> Document {
        let mut document = Document {
            text,
            version,
            kind,
            line_starts: Vec::new(),
        };
        document.index_lines();
        document
    }

    fn index_lines(&mut self) {
        self.line_starts.clear();
        self.line_starts.push(0);
        let ends = memchr::memchr_iter(b'\n', self.text.as_bytes());
        self.line_starts.extend(ends.map(|at| at + 1));
    }

    /// The bytes of line `line`, without its line break.
    fn line_span(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts[line];
        let end = match self.line_starts.get(line + 1) {
            Some(next) => next - 1,
            None => self.text.len(),
        };
        let end = match self.text.as_bytes()[start..end].last() {
            Some(b'\r') => end - 1,
            _ => end,
        };
        (start, end)
    }

    /// The bytes of line `line` (0-based), without its line break; past the
    /// last line, the end.
    pub(super) fn line_span_of(&self, line: usize) -> (usize, usize) {
        match line < self.line_starts.len() {
            true => self.line_span(line),
            false => (self.text.len(), self.text.len()),
        }
    }

    /// The byte offset of character `column` of line `line` (both 0-based,
    /// as the checker counts them: in characters), clamped to the line.
    pub(super) fn char_offset(&self, line: u32, column: u32) -> usize {
        let (start, end) = self.line_span_of(line as usize);
        self.text[start..end]
            .char_indices()
            .nth(column as usize)
            .map_or(end, |(at, _)| start + at)
    }

    /// The byte offset of a position; one past a line's end is its end,
    /// one past the last line the document's end, as the protocol says.
    pub(super) fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let (start, end) = self.line_span(line);
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += encoding.width(c);
        }
        end
    }

    /// The position of a byte offset (at a character boundary).
    pub(super) fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let units: usize = self.text[start..offset]
            .chars()
            .map(|c| encoding.width(c))
            .sum();
        Position::new(line as u32, units as u32)
    }

    pub(super) fn range(&self, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(self.position(start, encoding), self.position(end, encoding))
    }

    /// The line holding `offset`: its start and end in bytes.
    pub(super) fn line_around(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        self.line_span(line)
    }

    /// Applies the client's edits in order (a change without a range
    /// replaces the whole text). Fails, leaving the text as it was after
    /// the edits before, when the text would pass `MAX_DOCUMENT_BYTES`.
    pub(super) fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) -> Result<(), String> {
        for change in changes {
            let (start, end) = match change.range {
                Some(range) => {
                    let start = self.offset(range.start, encoding);
                    let end = self.offset(range.end, encoding);
                    (start.min(end), start.max(end))
                }
                None => (0, self.text.len()),
            };
            let after = self.text.len() - (end - start) + change.text.len();
            if after > MAX_DOCUMENT_BYTES {
                return Err(too_large(after));
            }
            self.text.replace_range(start..end, &change.text);
            self.index_lines();
        }
        self.version = version;
        Ok(())
    }
}

/// The message for a document past the limit.
pub(super) fn too_large(bytes: usize) -> String {
    format!("a document of {bytes} bytes is over the limit of {MAX_DOCUMENT_BYTES} bytes; it is not checked")
}

/// A `file:` URI's path, percent-decoded; `None` for other schemes.
pub(super) fn uri_path(uri: &str) -> Option<std::path::PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // An authority (`file://host/…`) other than localhost is not ours.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(at) if &rest[..at] == "localhost" => &rest[at..],
        _ => return None,
    };
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'?' | b'#', _, _) => break,
            (byte, _, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(std::ffi::OsString::from_vec(decoded).into())
    }
    #[cfg(not(unix))]
    String::from_utf8(decoded).ok().map(Into::into)
}

/// The `file:` URI of an absolute path, percent-encoded.
pub(super) fn path_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emoji (two UTF-16 units, four bytes), CJK (one unit, three bytes)
    /// and a combining mark (one unit, two bytes) before the term.
    const TEXT: &str = "first line\n😀 日本 e\u{301} term\r\nlast";

    #[test]
    fn positions_count_in_the_agreed_encoding() {
        let doc = Document::new(TEXT.to_string(), 1, Kind::Plain);
        let term = TEXT.find("term").unwrap();
        let utf16 = doc.position(term, Encoding::Utf16);
        assert_eq!(utf16, Position::new(1, 2 + 1 + 2 + 1 + 2 + 1));
        let utf8 = doc.position(term, Encoding::Utf8);
        assert_eq!(utf8, Position::new(1, 4 + 1 + 6 + 1 + 3 + 1));
        assert_eq!(doc.offset(utf16, Encoding::Utf16), term);
        assert_eq!(doc.offset(utf8, Encoding::Utf8), term);
        // Past a line's end is its end (before the CR LF); past the last line the end.
        let end_of_line = TEXT.find('\r').unwrap();
        assert_eq!(
            doc.offset(Position::new(1, 999), Encoding::Utf16),
            end_of_line
        );
        assert_eq!(doc.offset(Position::new(9, 0), Encoding::Utf8), TEXT.len());
        // Inside a character: the character's end, never a broken boundary.
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(doc.offset(Position::new(1, 1), Encoding::Utf16), emoji + 4);
        assert_eq!(doc.offset(Position::new(1, 2), Encoding::Utf8), emoji + 4);
        // The checker's columns count characters.
        assert_eq!(doc.char_offset(1, 8), term);
        assert_eq!(doc.char_offset(1, 99), end_of_line);
        assert_eq!(doc.char_offset(7, 0), TEXT.len());
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
        let offered = [
            lsp_types::PositionEncodingKind::UTF16,
            lsp_types::PositionEncodingKind::UTF8,
        ];
        assert_eq!(Encoding::negotiate(&offered), Encoding::Utf8);
    }

    #[test]
    fn edits_apply_in_order_and_a_document_stays_bounded() {
        let mut doc = Document::new(TEXT.to_string(), 1, Kind::Plain);
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        };
        let term = Position::new(1, 9);
        let after = Position::new(1, 13);
        let edits = vec![
            change(Some(Range::new(term, after)), "word"),
            change(
                Some(Range::new(Position::new(2, 0), Position::new(2, 4))),
                "end\nmore",
            ),
        ];
        doc.apply(edits, 2, Encoding::Utf16).unwrap();
        assert_eq!(doc.text, "first line\n😀 日本 e\u{301} word\r\nend\nmore");
        assert_eq!(
            doc.position(doc.text.len(), Encoding::Utf16),
            Position::new(3, 4)
        );
        doc.apply(vec![change(None, "whole")], 3, Encoding::Utf8)
            .unwrap();
        assert_eq!((doc.text.as_str(), doc.version), ("whole", 3));
        let huge = "x".repeat(MAX_DOCUMENT_BYTES);
        let error = doc.apply(
            vec![change(Some(Range::default()), &huge)],
            4,
            Encoding::Utf8,
        );
        assert!(error.unwrap_err().contains("over the limit"));
        assert_eq!(doc.text, "whole");
    }

    #[test]
    fn file_uris_and_paths_round_trip() {
        let path = std::path::Path::new("/tmp/a dir/ö%.md");
        let uri = path_uri(path);
        assert_eq!(uri, "file:///tmp/a%20dir/%C3%B6%25.md");
        assert_eq!(uri_path(&uri).as_deref(), Some(path));
        assert_eq!(
            uri_path("file://localhost/x").as_deref(),
            Some(std::path::Path::new("/x"))
        );
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(uri_path("file://server/share/x"), None);
    }
}
