//! A document to check against the glossary, as every reader returns it:
//! units of text (a translation's source and target, or a paragraph of a
//! monolingual text), the languages the file says they are in, what a
//! `gloss-ignore` comment silences, and for every character where it stands
//! in the file, so a finding can name `path:line:column`.

pub(crate) mod markdown;
pub(crate) mod plain;

pub(crate) mod exercise;
pub(crate) mod po;
pub(crate) mod source;
pub(crate) mod table;
pub(crate) mod tmx;
pub(crate) mod xliff;
mod xml;

use std::path::Path;

/// Reads a document of this kind. The error is one line that does not name
/// the file (the caller does).
pub(crate) fn read(kind: Kind, bytes: &[u8], options: &Options) -> Result<Document, String> {
    match kind {
        Kind::Po => po::read(bytes, options),
        Kind::Xliff => xliff::read(bytes),
        Kind::Tmx => tmx::read(bytes),
        Kind::Tsv => table::read(bytes, table::Separator::Tab),
        Kind::Csv => table::read(bytes, table::Separator::Comma),
        Kind::Markdown => markdown::read(bytes, options),
        Kind::Plain => plain::read(bytes, options),
    }
}

/// A suppression comment that is a whole line of a text file: the comment
/// markers of common formats around `gloss-ignore`.
pub(crate) fn ignore_line(line: &str) -> Option<Ignore> {
    let mut text = line.trim();
    for open in ["<!--", "/*", "//", "#", "--", ";", "%", "'"] {
        if let Some(rest) = text.strip_prefix(open) {
            text = rest;
            break;
        }
    }
    for close in ["-->", "*/"] {
        if let Some(rest) = text.trim_end().strip_suffix(close) {
            text = rest;
            break;
        }
    }
    source::ignore_of(text.trim())
}

impl Ignore {
    /// Whether a finding for `slug` is silenced.
    pub(crate) fn silences(&self, slug: &str) -> bool {
        match self {
            Ignore::Nothing => false,
            Ignore::All => true,
            Ignore::Slugs(slugs) => slugs.iter().any(|s| s == slug),
        }
    }
}

/// A document read for checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Document {
    /// The source language the file declares (a canonical tag), if it does.
    pub(crate) source_lang: Option<String>,
    /// The target language the file declares (for a monolingual text: none).
    pub(crate) target_lang: Option<String>,
    pub(crate) units: Vec<Unit>,
    /// What the reader skipped or capped, one line each, without the file's
    /// name (the caller adds it): announced once on stderr.
    pub(crate) warnings: Vec<String>,
}

impl Document {
    /// A unit of monolingual text (a paragraph, a line a comment
    /// silences); blank text is no unit.
    pub(crate) fn push_text(&mut self, text: Text, ignore: Ignore) {
        if !text.as_str().trim().is_empty() {
            self.units.push(Unit {
                source: None,
                target: Some(text),
                ignore,
            });
        }
    }
}

/// One unit: a PO entry, an XLIFF segment, a TMX `tu`, a TSV row; in a
/// monolingual text, one paragraph (or one line a comment silences).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The source text; `None` in a monolingual document.
    pub(crate) source: Option<Text>,
    /// The translation; in a monolingual document, the text itself. `None`
    /// when the unit is untranslated.
    pub(crate) target: Option<Text>,
    /// What a `gloss-ignore` comment silences in this unit.
    pub(crate) ignore: Ignore,
}

/// What a suppression comment silences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Ignore {
    #[default]
    Nothing,
    /// `gloss-ignore` alone: every finding.
    All,
    /// `gloss-ignore SLUG...`: findings for these terms only.
    Slugs(Vec<String>),
}

/// Text as it is checked, with the way back to the file: the decoded
/// string (escapes resolved, accelerator markers removed) and anchors
/// saying where its runs stand in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text {
    text: String,
    /// In order of `at`. From byte `at` of `text` up to the next anchor, the
    /// characters stand one after another on one line of the file.
    anchors: Vec<Anchor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    at: usize,
    line: u32,
    column: u32,
}

impl Text {
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Where the characters of `start..end` (a byte range of the text)
    /// stand in the file: the first character's line and column, and the
    /// line and column just after the last one.
    pub(crate) fn span(&self, start: usize, end: usize) -> ((u32, u32), (u32, u32)) {
        let first = self.position(start);
        let last = self.text[..end.min(self.text.len())]
            .char_indices()
            .next_back()
            .filter(|&(at, _)| at >= start)
            .map_or(first, |(at, _)| self.position(at));
        (first, (last.0, last.1 + 1))
    }

    /// Appends `piece`, whose first character stands at `line`:`column` of
    /// the file (1-based, columns in characters). A newline in `piece` is a
    /// newline of the file: what follows it stands at column 1 of the next
    /// line. A reader pushes each run that is contiguous in the file (the
    /// text between two escapes, one line of a multi-line string).
    pub(crate) fn push(&mut self, piece: &str, line: u32, column: u32) {
        let mut line = line;
        let mut column = column;
        for (i, run) in piece.split('\n').enumerate() {
            if i > 0 {
                self.text.push('\n');
                line += 1;
                column = 1;
            }
            if !run.is_empty() {
                self.anchors.push(Anchor {
                    at: self.text.len(),
                    line,
                    column,
                });
                self.text.push_str(run);
            }
        }
    }

    /// Where byte `at` of the text (the start of a character) stands in
    /// the file: line and column, 1-based, columns in characters.
    pub(crate) fn position(&self, at: usize) -> (u32, u32) {
        let index = self.anchors.partition_point(|anchor| anchor.at <= at);
        let Some(anchor) = index.checked_sub(1).map(|i| self.anchors[i]) else {
            return (1, 1);
        };
        let end = at.min(self.text.len());
        let run = self.text.get(anchor.at..end).unwrap_or("");
        (anchor.line, anchor.column + run.chars().count() as u32)
    }
}

/// The formats a document can be in, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Po,
    Xliff,
    Tmx,
    Tsv,
    Csv,
    Markdown,
    Plain,
}

impl Kind {
    /// The format of `path` by its extension; anything unknown is plain text.
    pub(crate) fn of(path: &Path) -> Kind {
        let extension = path
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("po" | "pot") => Kind::Po,
            Some("xlf" | "xliff") => Kind::Xliff,
            Some("tmx") => Kind::Tmx,
            Some("tsv" | "tab") => Kind::Tsv,
            Some("csv") => Kind::Csv,
            Some("md" | "markdown") => Kind::Markdown,
            _ => Kind::Plain,
        }
    }
}

/// How a document is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Check PO entries marked fuzzy too (`--fuzzy`).
    pub(crate) fuzzy: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_pieces_and_newlines() {
        let mut text = Text::default();
        text.push("Öppna", 3, 8);
        // An escape between the pieces (`\"` in the file): two characters.
        text.push("\"", 3, 13);
        text.push("filen\nnu", 3, 15);
        assert_eq!(text.as_str(), "Öppna\"filen\nnu");
        assert_eq!(text.position(0), (3, 8));
        assert_eq!(text.position("Öpp".len()), (3, 11));
        assert_eq!(text.position("Öppna\"".len()), (3, 15));
        assert_eq!(text.position("Öppna\"fi".len()), (3, 17));
        assert_eq!(text.position("Öppna\"filen\n".len()), (4, 1));
        assert_eq!(text.position("Öppna\"filen\nn".len()), (4, 2));
    }

    #[test]
    fn spans_end_after_the_last_character() {
        let mut text = Text::default();
        text.push("så ", 2, 5);
        text.push("fil", 2, 10);
        // `fil` ends where its run ends, not where the next would start.
        assert_eq!(
            text.span("så ".len(), text.as_str().len()),
            ((2, 10), (2, 13))
        );
        assert_eq!(text.span(0, "så".len()), ((2, 5), (2, 7)));
    }

    #[test]
    fn suppression_comments() {
        assert_eq!(ignore_line("# gloss-ignore"), Some(Ignore::All));
        assert_eq!(
            ignore_line("<!-- gloss-ignore directory mapp -->"),
            Some(Ignore::Slugs(vec!["directory".into(), "mapp".into()]))
        );
        assert_eq!(
            ignore_line("// gloss-ignore file"),
            Some(Ignore::Slugs(vec!["file".into()]))
        );
        assert_eq!(ignore_line("gloss-ignored"), None);
        assert_eq!(ignore_line("see gloss-ignore"), None);
        assert!(Ignore::All.silences("x"));
        assert!(!Ignore::Slugs(vec!["a".into()]).silences("b"));
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(Kind::of(Path::new("sv.PO")), Kind::Po);
        assert_eq!(Kind::of(Path::new("a/b.xliff")), Kind::Xliff);
        assert_eq!(Kind::of(Path::new("notes")), Kind::Plain);
        assert_eq!(Kind::of(Path::new("guide.md")), Kind::Markdown);
    }
}
