//! The soundness check of a blob gloss did not just write (a folder's cache
//! file): one pass over the rows, so that a cache is read only when it
//! holds what `write` would have written.

use super::{article_row, folded_row, key_row, length_row, Index, Table, NONE};
use crate::model::text::sanitize;

impl<'a> Index<'a> {
    /// Whether a blob gloss did not just write (a cache file) holds what
    /// `write` would: slugs in order, rows that point inside their tables,
    /// and text that reading a file would have left (valid UTF-8, no control
    /// characters). Linear in the rows; the accessors stay bounds-checked.
    pub fn is_sound(&self) -> bool {
        let (terms, articles) = (self.term_count(), self.article_count());
        let mut previous: Option<&str> = None;
        let terms_ok = (0..terms as u32).all(|term| {
            let slug = self.slug(term);
            let (first, end) = self.article_rows(term);
            let ok = crate::model::article::is_slug(slug)
                && previous.is_none_or(|previous| previous < slug)
                && first < end
                && end as usize <= articles;
            previous = Some(slug);
            ok
        });
        terms_ok && self.articles_sound(terms) && self.keys_sound(terms) && {
            let lengths = self.rows(Table::Lengths, length_row::WIDTH);
            lengths == articles || lengths == 0
        }
    }

    /// The article rows: their term, their tag, and every string field but
    /// the payload (which is bytes). This runs over every row of a folder's
    /// cached index on every warm call, so each byte of text is validated
    /// once, in runs (see `Runs`), and each distinct tag once.
    fn articles_sound(&self, terms: usize) -> bool {
        let rows = self.article_count() as u32;
        let word = |row: u32, col: usize| {
            self.word(Table::Articles, row as usize, article_row::WIDTH, col) as usize
        };
        let area = self.string_area();
        // Tags are stored once: each distinct one is checked once (a set:
        // a folder may hold thousands of tags).
        let mut tags: std::collections::HashSet<(u32, u32), crate::model::text::TokenHasher> =
            Default::default();
        let mut last_tag = None;
        let tags_ok = (0..rows).all(|row| {
            let place = self.lang_place(row);
            if word(row, article_row::TERM) >= terms {
                return false;
            }
            if last_tag == Some(place) || tags.contains(&place) {
                return true;
            }
            last_tag = Some(place);
            tags.insert(place);
            let (offset, len) = (place.0 as usize, place.1 as usize);
            let tag = area
                .get(offset..offset.saturating_add(len))
                .and_then(|bytes| std::str::from_utf8(bytes).ok());
            tag.is_some_and(|tag| crate::model::lang::canonical(tag).as_deref() == Some(tag))
        });
        // Titles are written one after another, then each article's
        // description, keywords, aliases and avoided terms together (see
        // `write`): read in that order, each group is a few long runs.
        // Keywords, aliases and avoided terms are joined by newlines;
        // nothing else may break a line.
        let field = |runs: &mut Runs<'a>, row: u32, col: usize| -> Option<&'a [u8]> {
            runs.field(word(row, col), word(row, col + 1))
        };
        let mut titles = Runs::new(area, false);
        let titles_ok = (0..rows).all(|row| field(&mut titles, row, article_row::TITLE).is_some());
        let mut rest = Runs::new(area, true);
        let rest_ok = (0..rows).all(|row| {
            field(&mut rest, row, article_row::DESCRIPTION)
                .is_some_and(|description| !description.contains(&b'\n'))
                && [
                    article_row::KEYWORDS,
                    article_row::ALIASES,
                    article_row::AVOID,
                ]
                .into_iter()
                .all(|col| field(&mut rest, row, col).is_some())
        });
        tags_ok && titles_ok && titles.close() && rest_ok && rest.close()
    }

    /// Keys are only compared, never shown: their rows must point inside.
    fn keys_sound(&self, terms: usize) -> bool {
        let articles = self.article_count();
        [
            (Table::Keys, key_row::WIDTH),
            (Table::Folded, folded_row::WIDTH),
        ]
        .into_iter()
        .all(|(table, width)| {
            (0..self.rows(table, width)).all(|row| {
                let article = self.word(table, row, width, key_row::ARTICLE);
                (self.word(table, row, width, key_row::TERM) as usize) < terms
                    && (article == NONE || (article as usize) < articles)
            })
        })
    }
}

/// Text fields of the string area, checked a run at a time. `write` puts
/// strings one after another, so fields read in the order they were
/// written mostly go on where the last one ended: the run they make is
/// validated once (UTF-8, nothing `sanitize` would remove, and with
/// `lines` false no line break) when a field breaks it, not each field
/// alone. A field that continues the run, or lies inside it, must start
/// and end on a character boundary, so its text is exactly characters of
/// the run's: every field passes alone if and only if its run passes.
struct Runs<'a> {
    area: &'a [u8],
    lines: bool,
    start: usize,
    end: usize,
}

impl<'a> Runs<'a> {
    fn new(area: &'a [u8], lines: bool) -> Runs<'a> {
        Runs {
            area,
            lines,
            start: 0,
            end: 0,
        }
    }

    /// The bytes of the field at `offset`, `len` long, if they are inside
    /// the area and the run checked so far passes; the field's own text is
    /// checked with its run's (`close`).
    fn field(&mut self, offset: usize, len: usize) -> Option<&'a [u8]> {
        let end = offset.checked_add(len)?;
        let bytes = self.area.get(offset..end)?;
        if len == 0 {
            return Some(bytes);
        }
        if offset == self.end {
            self.end = end;
        } else if offset < self.start || end > self.end {
            if !self.close() {
                return None;
            }
            (self.start, self.end) = (offset, end);
            return Some(bytes);
        }
        let boundary = |at: usize| self.area.get(at).is_none_or(|&b| (b as i8) >= -0x40);
        (boundary(offset) && (end == self.end || boundary(end))).then_some(bytes)
    }

    /// Whether the run so far is text that reading a file would have left.
    fn close(&self) -> bool {
        let run = &self.area[self.start..self.end];
        // `sanitize` borrows exactly the text it would leave as it is.
        let unchanged = |text| matches!(sanitize(text), std::borrow::Cow::Borrowed(_));
        std::str::from_utf8(run)
            .is_ok_and(|text| unchanged(text) && (self.lines || !run.contains(&b'\n')))
    }
}
