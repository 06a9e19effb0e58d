//! The soundness check of a blob gloss did not just write (a folder's cache
//! file): one pass over the rows, so that a cache is read only when it
//! holds what `write` would have written.

use super::{article_row, folded_row, key_row, length_row, Index, Table, NONE};

impl Index<'_> {
    /// Whether a blob gloss did not just write (a cache file) holds what
    /// `write` would: slugs in order, rows that point inside their tables,
    /// and text that reading a file would have left (valid UTF-8, no control
    /// characters). Linear in the rows; the accessors stay bounds-checked.
    pub fn is_sound(&self) -> bool {
        let (terms, articles) = (self.term_count(), self.article_count());
        // Each string is validated once, where it is read: this runs over
        // every row of a folder's cached index on every warm call.
        let text = |row: u32, col: usize| {
            let bytes = self.bytes_at(Table::Articles, row as usize, article_row::WIDTH, col);
            let len =
                self.word(Table::Articles, row as usize, article_row::WIDTH, col + 1) as usize;
            (bytes.len() == len).then(|| std::str::from_utf8(bytes).ok())?
        };
        let unchanged = |text: &str| {
            matches!(
                crate::model::text::sanitize(text),
                std::borrow::Cow::Borrowed(_)
            )
        };
        let clean = |text: &str| !text.contains('\n') && unchanged(text);
        let terms_ok = (0..terms).all(|term| {
            let slug = self.slug(term as u32);
            let (first, end) = self.article_rows(term as u32);
            crate::model::article::is_slug(slug)
                && (term == 0 || self.slug(term as u32 - 1) < slug)
                && first < end
                && end as usize <= articles
        });
        // Tags are stored once: each distinct one is checked once (a set:
        // a folder may hold thousands of tags).
        let mut tags: std::collections::HashSet<(u32, u32)> = Default::default();
        let articles_ok = (0..articles as u32).all(|row| {
            // Every string field but the payload, which is bytes.
            let (
                Some(tag),
                Some(title),
                Some(description),
                Some(keywords),
                Some(aliases),
                Some(avoid),
            ) = (
                text(row, article_row::LANG),
                text(row, article_row::TITLE),
                text(row, article_row::DESCRIPTION),
                text(row, article_row::KEYWORDS),
                text(row, article_row::ALIASES),
                text(row, article_row::AVOID),
            )
            else {
                return false;
            };
            let place = self.lang_place(row);
            let tag_ok = tags.contains(&place) || {
                tags.insert(place);
                crate::model::lang::canonical(tag).as_deref() == Some(tag)
            };
            // Keywords and aliases are joined by newlines; nothing else may
            // break a line.
            tag_ok
                && (self.word(
                    Table::Articles,
                    row as usize,
                    article_row::WIDTH,
                    article_row::TERM,
                ) as usize)
                    < terms
                && clean(title)
                && clean(description)
                && unchanged(keywords)
                && unchanged(aliases)
                && unchanged(avoid)
        });
        // Keys are only compared, never shown: their rows must point inside.
        let keys_ok = [
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
        });
        let lengths_ok = self.rows(Table::Lengths, length_row::WIDTH) == articles
            || self.rows(Table::Lengths, length_row::WIDTH) == 0;
        terms_ok && articles_ok && keys_ok && lengths_ok
    }
}
