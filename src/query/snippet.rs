//! Search snippets: the stretch of an article that best shows why it matched,
//! cut to the terminal's width, with the matched words marked.
//!
//! The first match is often the wrong one to show: `e-postmeddelande` is
//! searched as `e` and `postmeddelande`, and `e-handel` earlier in the text
//! matches the `e`. So every window around a match is scored by the query
//! tokens it covers, each weighed by how informative it is, and the best wins.

use crate::model::records::{Part, Snippet};
use crate::model::text::{is_unspaced, layout_width, tokens};
use crate::query::search::Query;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns a snippet leaves for its indent (four) and the `… ` and ` …`
/// that mark a cut line.
const MARGIN: usize = 8;
/// The narrowest snippet, however narrow the terminal: one wide character.
const MIN_BUDGET: usize = 2;

/// A piece of a line: a word, or one character of a script written without
/// spaces, so that a match inside a run of Chinese is marked by itself.
struct Piece<'t> {
    text: &'t str,
    space_before: bool,
    /// The query tokens this piece matches, by index.
    matched: Vec<usize>,
}

/// What makes one window better than another, compared in order: it has
/// every query token, the weight of the tokens it has, the weight of the
/// match it is centred on.
type Score = (bool, usize, usize);

/// The window of `text`, read line by line, that best covers the query, at
/// most `width` columns wide with its margins; `None` when nothing matches.
/// Ties go to the earliest window.
pub(crate) fn best(text: &str, query: &Query, width: usize) -> Option<Snippet> {
    let budget = layout_width(width).saturating_sub(MARGIN).max(MIN_BUDGET);
    let mut best: Option<(Score, Snippet)> = None;
    for line in text.lines() {
        let pieces = pieces(line, query);
        for anchor in (0..pieces.len()).filter(|&i| !pieces[i].matched.is_empty()) {
            let (start, end) = window(&pieces, anchor, budget);
            let score = score(&pieces[start..end], &pieces[anchor], query);
            if best.as_ref().is_none_or(|(known, _)| score > *known) {
                best = Some((score, snippet(&pieces, start..end, query, budget)));
            }
        }
    }
    best.map(|(_, snippet)| snippet)
}

/// The pieces of a line, each with the query tokens it matches.
fn pieces<'t>(line: &'t str, query: &Query) -> Vec<Piece<'t>> {
    let mut pieces = Vec::new();
    for word in line.split_whitespace() {
        let first = pieces.len();
        for (run, unspaced) in runs(word) {
            if unspaced {
                split_unspaced(run, query, &mut pieces);
            } else {
                pieces.push(piece(run, tokens(run), query));
            }
        }
        if let Some(piece) = pieces.get_mut(first).filter(|_| first > 0) {
            piece.space_before = true;
        }
    }
    pieces
}

fn piece<'t>(text: &'t str, text_tokens: Vec<String>, query: &Query) -> Piece<'t> {
    let mut matched: Vec<usize> = text_tokens
        .iter()
        .flat_map(|token| query.matching(token))
        .collect();
    matched.sort_unstable();
    matched.dedup();
    Piece {
        text,
        space_before: false,
        matched,
    }
}

/// A word cut where it changes between letters written without spaces
/// (searched by character pairs) and everything else; `true` marks the former.
fn runs(word: &str) -> Vec<(&str, bool)> {
    let class = |c: char| is_unspaced(c) && c.is_alphanumeric();
    let mut runs = Vec::new();
    let mut start = 0;
    let mut chars = word.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let end = chars.peek().map_or(word.len(), |&(at, _)| at);
        if chars
            .peek()
            .is_none_or(|&(_, next)| class(next) != class(c))
        {
            runs.push((&word[start..end], class(c)));
            start = end;
        }
    }
    runs
}

/// One piece per character of a run of Chinese, Japanese, Thai…: each
/// matches what the character pairs it belongs to match.
fn split_unspaced<'t>(run: &'t str, query: &Query, out: &mut Vec<Piece<'t>>) {
    let pairs = tokens(run);
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    if chars.len() < 2 || pairs.len() + 1 != chars.len() {
        // One character, or normalisation changed the count: the run is one piece.
        out.push(piece(run, pairs, query));
        return;
    }
    for (i, &(at, c)) in chars.iter().enumerate() {
        let around = pairs[i.saturating_sub(1)..(i + 1).min(pairs.len())].to_vec();
        out.push(piece(&run[at..at + c.len_utf8()], around, query));
    }
}

/// Columns a piece takes after the one before it.
fn columns(piece: &Piece) -> usize {
    piece.text.width() + usize::from(piece.space_before)
}

/// The widest run of pieces around `anchor` that fits in `budget` columns,
/// grown a piece at a time on either side so the match stays near the middle.
fn window(pieces: &[Piece], anchor: usize, budget: usize) -> (usize, usize) {
    let (mut start, mut end) = (anchor, anchor + 1);
    let mut used = pieces[anchor].text.width().min(budget);
    loop {
        // Adding a piece on the left puts a space before the current first.
        let left = start
            .checked_sub(1)
            .map(|before| pieces[before].text.width() + usize::from(pieces[start].space_before))
            .filter(|&cost| used + cost <= budget);
        if let Some(cost) = left {
            start -= 1;
            used += cost;
        }
        let right = pieces
            .get(end)
            .map(columns)
            .filter(|&cost| used + cost <= budget);
        if let Some(cost) = right {
            end += 1;
            used += cost;
        }
        if left.is_none() && right.is_none() {
            return (start, end);
        }
    }
}

fn score(window: &[Piece], anchor: &Piece, query: &Query) -> Score {
    let mut covered = vec![false; query.len()];
    for &i in window.iter().flat_map(|piece| &piece.matched) {
        covered[i] = true;
    }
    let weight: usize = (0..query.len())
        .filter(|&i| covered[i])
        .map(|i| query.weight(i))
        .sum();
    let anchor_weight = anchor.matched.iter().map(|&i| query.weight(i)).sum();
    (covered.iter().all(|&c| c), weight, anchor_weight)
}

/// The pieces `range` as a snippet. A piece is marked when it matches an
/// informative token: one of two characters or more, unless the query has
/// nothing longer. So `e-handel` is not marked for `e-postmeddelande`.
fn snippet(
    pieces: &[Piece],
    range: std::ops::Range<usize>,
    query: &Query,
    budget: usize,
) -> Snippet {
    let longest = (0..query.len()).map(|i| query.weight(i)).max().unwrap_or(0);
    let informative = longest.min(2);
    let (cut_before, cut_after) = (range.start > 0, range.end < pieces.len());
    let parts = pieces[range]
        .iter()
        .enumerate()
        .map(|(i, piece)| Part {
            text: fit(piece.text, budget),
            marked: piece
                .matched
                .iter()
                .any(|&t| query.weight(t) >= informative),
            space_before: i > 0 && piece.space_before,
        })
        .collect();
    Snippet {
        parts,
        cut_before,
        cut_after,
    }
}

/// The start of `text` that fits in `budget` columns: a word longer than a
/// whole snippet is cut.
fn fit(text: &str, budget: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= budget
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(snippet: &Snippet) -> Vec<(&str, bool)> {
        snippet
            .parts
            .iter()
            .map(|part| (part.text.as_str(), part.marked))
            .collect()
    }

    #[test]
    fn centres_on_the_match() {
        let line = "one two three four five six seven eight nine ten";
        let snippet = best(line, &Query::new("six"), 28).unwrap();
        let words: Vec<&str> = snippet.parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(words, ["four", "five", "six", "seven"]);
        assert!(snippet.cut_before && snippet.cut_after);
        assert!(best(line, &Query::new("zero"), 28).is_none());
    }

    #[test]
    fn prefers_the_window_with_the_informative_words() {
        let text = "Inom e-handel är det vanligt.\nDe skickar ett e-postmeddelande.";
        let snippet = best(text, &Query::new("e-postmeddelande"), 80).unwrap();
        assert_eq!(
            shown(&snippet),
            [
                ("De", false),
                ("skickar", false),
                ("ett", false),
                ("e-postmeddelande.", true)
            ]
        );
        // Nothing longer to go by: the one letter is what there is to mark.
        let only_e = best(text, &Query::new("e"), 80).unwrap();
        assert_eq!(shown(&only_e)[1], ("e-handel", true));
    }

    #[test]
    fn prefers_windows_with_every_word() {
        let text = "alpha beta gamma\nbeta delta alpha";
        let snippet = best(text, &Query::new("alpha delta"), 80).unwrap();
        assert_eq!(snippet.parts[1].text, "delta");
    }

    #[test]
    fn marks_only_the_matched_characters_of_unspaced_scripts() {
        let text = "軟銷售是一種廣告和銷售策略，會發送電子郵件給買家。";
        let snippet = best(text, &Query::new("電子郵件"), 80).unwrap();
        let marked: String = snippet
            .parts
            .iter()
            .filter(|part| part.marked)
            .map(|part| part.text.as_str())
            .collect();
        assert_eq!(marked, "電子郵件");
        assert!(snippet.parts.iter().all(|part| !part.space_before));
    }
}
