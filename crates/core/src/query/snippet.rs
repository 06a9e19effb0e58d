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
/// every query token, and the weight of the tokens it has.
type Score = (bool, usize);

/// The window of `text`, read line by line, that best covers the query, at
/// most `width` columns wide with its margins; `None` when nothing matches.
/// Ties go to the earliest window. Linear in the text: each line is swept
/// once with a sliding window, and only the winner is laid out, around the
/// shortest stretch of it that has what the best window has.
pub(crate) fn best(text: &str, query: &Query, width: usize) -> Option<Snippet> {
    let budget = layout_width(width).saturating_sub(MARGIN).max(MIN_BUDGET);
    let mut best: Option<(Score, &str)> = None;
    for line in text.lines() {
        let Some(score) = best_score(&pieces(line, query), query, budget) else {
            continue;
        };
        if best.as_ref().is_none_or(|(known, _)| score > *known) {
            best = Some((score, line));
        }
    }
    let ((_, weight), line) = best?;
    let pieces = pieces(line, query);
    let range = window(&pieces, core(&pieces, query, weight), budget);
    Some(snippet(&pieces, range, query, budget))
}

/// The query tokens a run of pieces has, kept up to date as pieces enter
/// and leave it.
struct Coverage {
    counts: Vec<usize>,
    weights: Vec<usize>,
    covered: usize,
    weight: usize,
}

impl Coverage {
    fn new(query: &Query) -> Self {
        Coverage {
            counts: vec![0; query.len()],
            weights: (0..query.len()).map(|i| query.weight(i)).collect(),
            covered: 0,
            weight: 0,
        }
    }

    fn add(&mut self, piece: &Piece) {
        for &t in &piece.matched {
            self.counts[t] += 1;
            if self.counts[t] == 1 {
                self.covered += 1;
                self.weight += self.weights[t];
            }
        }
    }

    fn remove(&mut self, piece: &Piece) {
        for &t in &piece.matched {
            self.counts[t] -= 1;
            if self.counts[t] == 0 {
                self.covered -= 1;
                self.weight -= self.weights[t];
            }
        }
    }

    /// The weight the run would lose without `piece`.
    fn loss(&self, piece: &Piece) -> usize {
        let only_here = |t: &&usize| self.counts[**t] == 1;
        piece
            .matched
            .iter()
            .filter(only_here)
            .map(|&t| self.weights[t])
            .sum()
    }

    fn score(&self) -> Score {
        (self.covered == self.counts.len(), self.weight)
    }
}

/// The score of the best window of one line: for each first piece, the
/// longest run of pieces that fits in `budget` (two pointers, both only
/// moving right), scored by the query tokens it has.
fn best_score(pieces: &[Piece], query: &Query, budget: usize) -> Option<Score> {
    let mut coverage = Coverage::new(query);
    let mut best: Option<Score> = None;
    let (mut end, mut used) = (0, 0);
    for start in 0..pieces.len() {
        if end == start {
            end += 1;
            used = pieces[start].text.width();
            coverage.add(&pieces[start]);
        }
        while let Some(piece) = pieces.get(end).filter(|p| used + columns(p) <= budget) {
            used += columns(piece);
            coverage.add(piece);
            end += 1;
        }
        if coverage.covered > 0 && best.is_none_or(|known| coverage.score() > known) {
            best = Some(coverage.score());
        }
        // The first piece leaves, and the space before the new first with it.
        used -= pieces[start].text.width();
        if let Some(next) = pieces.get(start + 1).filter(|_| start + 1 < end) {
            used -= usize::from(next.space_before);
        }
        coverage.remove(&pieces[start]);
    }
    best
}

/// The narrowest run of pieces (in columns; the earliest of equals) whose
/// tokens weigh `weight`: what the snippet is centred on. Two pointers.
fn core(pieces: &[Piece], query: &Query, weight: usize) -> std::ops::Range<usize> {
    let mut coverage = Coverage::new(query);
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut start = 0;
    // Columns of pieces[..i], spaces included, for the width of any run.
    let mut before = vec![0];
    for piece in pieces {
        before.push(before.last().copied().unwrap_or(0) + columns(piece));
    }
    for end in 0..pieces.len() {
        coverage.add(&pieces[end]);
        while start < end && coverage.weight - coverage.loss(&pieces[start]) >= weight {
            coverage.remove(&pieces[start]);
            start += 1;
        }
        if coverage.weight >= weight {
            let span = before[end + 1] - before[start];
            if best.as_ref().is_none_or(|(known, _)| span < *known) {
                best = Some((span, start..end + 1));
            }
        }
    }
    best.map_or(0..1, |(_, range)| range)
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

/// The widest run of pieces around `core`
/// that fits in `budget` columns, grown a piece at a time on either side so
/// the matches stay near the middle.
fn window(pieces: &[Piece], core: std::ops::Range<usize>, budget: usize) -> std::ops::Range<usize> {
    let (mut start, mut end) = (core.start, core.end);
    let mut used =
        pieces[start].text.width() + pieces[start + 1..end].iter().map(columns).sum::<usize>();
    used = used.min(budget);
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
            return start..end;
        }
    }
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
