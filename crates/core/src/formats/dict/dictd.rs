//! dictd's `.index`: one line per headword, `headword TAB offset TAB
//! length`, the numbers in dictd's base 64 (`A`–`Z`, `a`–`z`, `0`–`9`,
//! `+`, `/`, most significant digit first), lines sorted as `dictfmt`
//! sorts them. Searched in place by bisecting the bytes; lines that do not
//! parse are skipped and counted, never trusted.

use super::MAX_HEADWORD;
use std::cmp::Ordering;

/// One line of an index: a headword and where its definition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub(crate) headword: &'a [u8],
    pub(crate) offset: u64,
    pub(crate) len: u64,
}

/// Headwords dictfmt writes for the database's own details
/// (`00-database-short`, or `00databaseshort` in older files).
pub(crate) fn is_header(headword: &[u8]) -> bool {
    headword.starts_with(b"00-database-") || headword.starts_with(b"00database")
}

/// A header's name without its prefix (`short`, `info`, `utf8`), in either
/// spelling.
pub(crate) fn header_name(headword: &[u8]) -> Option<&[u8]> {
    headword
        .strip_prefix(b"00-database-")
        .or_else(|| headword.strip_prefix(b"00database"))
}

/// A header entry's first line of text: the title in `00-database-short`
/// (whose text may repeat the header's name on a line of its own first).
pub(crate) fn header_title(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !is_header(line.as_bytes()))
}

/// The languages a header's title names as FreeDict's do, its first word
/// two languages in English ("English-Swedish FreeDict Dictionary"):
/// headwords in the first, definitions in the second.
pub(crate) fn header_langs(text: &str) -> Option<(String, String)> {
    let first = header_title(text)?.split_whitespace().next()?;
    let (from, to) = first.split_once('-')?;
    Some((
        crate::model::lang::from_english_name(from)?,
        crate::model::lang::from_english_name(to)?,
    ))
}

/// Reads one line (without its newline).
pub(crate) fn parse_line(line: &[u8]) -> Result<Line<'_>, &'static str> {
    let mut fields = line.split(|&b| b == b'\t');
    let headword = fields.next().unwrap_or_default();
    let (Some(offset), Some(len)) = (fields.next(), fields.next()) else {
        return Err("a line without an offset and a length");
    };
    if headword.len() > MAX_HEADWORD {
        return Err("a headword longer than 1024 bytes");
    }
    let (Some(offset), Some(len)) = (number(offset), number(len)) else {
        return Err("a line whose offset or length is not a dictd number");
    };
    Ok(Line {
        headword,
        offset,
        len,
    })
}

/// A number in dictd's base 64.
fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    digits.iter().try_fold(0u64, |value, &digit| {
        let digit = match digit {
            b'A'..=b'Z' => digit - b'A',
            b'a'..=b'z' => digit - b'a' + 26,
            b'0'..=b'9' => digit - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(value * 64 + digit as u64)
    })
}

/// A headword as dictfmt sorts it.
fn sort_key(word: &[u8], allchars: bool) -> impl Iterator<Item = u8> + '_ {
    word.iter()
        .copied()
        .filter(move |&byte| {
            allchars || byte.is_ascii_alphanumeric() || byte == b' ' || byte >= 0x80
        })
        .map(|byte| byte.to_ascii_lowercase())
}

/// An index over its bytes.
#[derive(Clone, Copy)]
pub(crate) struct Index<'a> {
    bytes: &'a [u8],
    /// `00-database-allchars`: sorted on every character, not only letters,
    /// digits and spaces.
    allchars: bool,
}

impl<'a> Index<'a> {
    /// The index in `bytes`, its order read from its headers.
    pub(crate) fn new(bytes: &'a [u8]) -> Index<'a> {
        let index = Index {
            bytes,
            allchars: false,
        };
        Index::in_order(bytes, index.allchars())
    }

    /// The index in `bytes` in the order `allchars` says (what `allchars`
    /// answered before): a bisection without reading its headers again.
    pub(crate) fn in_order(bytes: &'a [u8], allchars: bool) -> Index<'a> {
        Index { bytes, allchars }
    }

    /// Whether it has the `00-database-allchars` header: sorted on every
    /// character, not only letters, digits and spaces.
    /// Found by bisecting for the header in either spelling and either
    /// order: a few lines read, not every header.
    pub(crate) fn allchars(&self) -> bool {
        let spellings: [&[u8]; 2] = [b"00-database-allchars", b"00databaseallchars"];
        spellings.iter().any(|spelling| {
            [false, true].into_iter().any(|allchars| {
                let order = Index::in_order(self.bytes, allchars);
                order
                    .from(spelling)
                    .take(4)
                    .filter_map(Result::ok)
                    .any(|line| header_name(line.headword) == Some(b"allchars"))
            })
        })
    }

    /// Every line, in file order, each parsed or the problem with it.
    pub(crate) fn lines(&self) -> impl Iterator<Item = Result<Line<'a>, &'static str>> + 'a {
        self.bytes
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(parse_line)
    }

    /// The header lines (`00-database-…`), found by bisecting to where
    /// they sort in either order (with `allchars` or without), so opening
    /// a dictionary reads a few lines, not its whole index.
    pub(crate) fn headers(&self) -> Vec<Line<'a>> {
        let mut found: Vec<Line<'a>> = Vec::new();
        for allchars in [false, true] {
            let order = Index {
                bytes: self.bytes,
                allchars,
            };
            let lines = order
                .from(b"00-database-")
                .take(256)
                .filter_map(Result::ok)
                .filter(|line| is_header(line.headword))
                .take(64);
            for line in lines {
                if !found.contains(&line) {
                    found.push(line);
                }
            }
        }
        found
    }

    /// dictfmt's order: without `allchars`, only letters, digits, spaces
    /// (and any byte of a UTF-8 sequence) count, case folded.
    fn compare(&self, a: &[u8], b: &[u8]) -> Ordering {
        sort_key(a, self.allchars).cmp(sort_key(b, self.allchars))
    }

    /// The line starting at byte `at`, and where the next one starts.
    fn line_at(&self, at: usize) -> (&'a [u8], usize) {
        let rest = &self.bytes[at..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (&rest[..end], at + end + 1),
            None => (rest, self.bytes.len()),
        }
    }

    /// The first line start at or after `at`.
    fn next_start(&self, at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        match self.bytes[at - 1..].iter().position(|&b| b == b'\n') {
            Some(newline) => at + newline,
            None => self.bytes.len(),
        }
    }

    /// Where the first line whose headword sorts at or after `word` starts,
    /// by bisecting the bytes: O(log n) lines read.
    fn lower_bound(&self, word: &[u8]) -> usize {
        let headword = |line: &'a [u8]| line.split(|&b| b == b'\t').next().unwrap_or_default();
        let (mut low, mut high) = (0, self.bytes.len());
        while low < high {
            let mid = low + (high - low) / 2;
            let mut start = self.next_start(mid);
            if start >= high {
                start = low;
            }
            let (line, next) = self.line_at(start);
            if self.compare(headword(line), word) == Ordering::Less {
                low = next;
            } else {
                high = start;
            }
        }
        low
    }

    /// The lines from the first that sorts at or after `word`, in order.
    pub(crate) fn from(
        &self,
        word: &[u8],
    ) -> impl Iterator<Item = Result<Line<'a>, &'static str>> + 'a {
        let start = self.lower_bound(word);
        Index {
            bytes: &self.bytes[start..],
            allchars: self.allchars,
        }
        .lines()
    }

    /// The lines whose headword sorts equal to `word` (for dictd's order
    /// folds case, these are its spellings in any case).
    pub(crate) fn equal(&self, word: &[u8]) -> Vec<Line<'a>> {
        let this = *self;
        let word = word.to_vec();
        self.from(&word)
            .map_while(|line| line.ok())
            .take_while(|line| this.compare(line.headword, &word) == Ordering::Equal)
            .take(256)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // gloss only reads dictd numbers; the tests write them as digits (the
    // command-line tests' fixtures have the one encoder, to build files).
    fn index_text(words: &[(&str, &str, &str)]) -> String {
        words
            .iter()
            .map(|(w, o, l)| format!("{w}\t{o}\t{l}\n"))
            .collect()
    }

    #[test]
    fn numbers_read() {
        for (digits, value) in [("A", 0), ("B", 1), ("/", 63), ("BA", 64), ("//", 4095)] {
            assert_eq!(number(digits.as_bytes()), Some(value));
        }
        assert_eq!(number(b"QAAAAAA"), Some(1 << 40));
        assert_eq!(
            number(b"Gb9L"),
            Some(6 * 64 * 64 * 64 + 27 * 64 * 64 + 61 * 64 + 11)
        );
        assert_eq!(number(b""), None);
        assert_eq!(number(b"A*"), None);
        assert_eq!(number(b"//////////////"), None);
    }

    #[test]
    fn bisects_to_every_word() {
        let words: Vec<String> = (0..500).map(|i| format!("word{i:04}")).collect();
        let entries: Vec<(&str, &str, &str)> =
            words.iter().map(|w| (w.as_str(), "B", "C")).collect();
        let text = index_text(&entries);
        let index = Index::new(text.as_bytes());
        for word in &words {
            let found = index.equal(word.as_bytes());
            assert_eq!(found.len(), 1, "{word}");
            assert_eq!(found[0].headword, word.as_bytes());
        }
        assert!(index.equal(b"word9999").is_empty());
        assert!(index.equal(b"a").is_empty());
        let after: Vec<_> = index.from(b"word04").take(2).flatten().collect();
        assert_eq!(after[0].headword, b"word0400");
    }

    #[test]
    fn allchars_is_read_in_either_order_and_spelling() {
        for (text, allchars) in [
            (
                "00-database-allchars\tA\tB\n00-database-short\tA\tB\nzebra\tA\tB\n",
                true,
            ),
            ("00databaseallchars\tA\tB\nzebra\tA\tB\n", true),
            ("00-database-short\tA\tB\nzebra\tA\tB\n", false),
            ("", false),
        ] {
            assert_eq!(Index::new(text.as_bytes()).allchars, allchars, "{text}");
        }
    }

    #[test]
    fn headers_name_a_title_and_languages() {
        let short = "00-database-short\n     The Free On-line Dictionary of Computing\n";
        assert_eq!(
            header_title(short),
            Some("The Free On-line Dictionary of Computing")
        );
        assert_eq!(header_langs(short), None);
        let freedict = "Swedish-English FreeDict Dictionary ver. 0.2\n";
        assert_eq!(
            header_langs(freedict),
            Some(("sv".to_string(), "en".to_string()))
        );
        assert_eq!(header_langs("Klingon-English words\n"), None);
        assert_eq!(header_title("\n \n"), None);
    }

    #[test]
    fn damaged_lines_are_errors() {
        assert!(parse_line(b"word").is_err());
        assert!(parse_line(b"word\tA").is_err());
        assert!(parse_line(b"word\t!!\tB").is_err());
        let long = vec![b'a'; MAX_HEADWORD + 1];
        let mut line = long.clone();
        line.extend(b"\tA\tB");
        assert!(parse_line(&line).is_err());
        assert!(parse_line(b"word\tA\tB").is_ok());
        // Unsorted or garbage bytes bisect without panicking.
        let index = Index::new(b"zz\tA\tB\n\n\naa\tA\tB\nmm");
        let _ = index.equal(b"mm");
        let _ = index.equal(b"");
    }
}
