//! The word and script rules: a text cut into words and runs of unspaced
//! scripts, and the forms words are compared in (NFC, lower case, capitals).

use crate::model::text::is_unspaced;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A piece of text to match in: a word, or a run of a script without spaces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) run: bool,
}

/// The text's words and runs of unspaced scripts, in order.
///
/// UAX #29 never joins across white space, so the text is cut at ASCII
/// white space first, and a piece that is letters and digits alone (past
/// brackets, quotes and sentence punctuation at its edges, which are word
/// boundaries there by the same rules) is one word as it stands: most
/// words of most texts never go through the full segmentation, which is
/// the slowest step of a check.
#[cfg(test)]
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokens_into(text, &mut tokens);
    tokens
}

/// `tokens` into a buffer the caller reuses.
pub(super) fn tokens_into(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    let mut offset = 0;
    for chunk in text.split(|c: char| c.is_ascii_whitespace()) {
        let at = offset;
        offset += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        let lead = chunk.len() - chunk.trim_start_matches(LEADING).len();
        let core = chunk[lead..].trim_end_matches(TRAILING);
        if !core.is_empty() && is_plain_word(core) {
            let start = at + lead;
            tokens.push(Token {
                start,
                end: start + core.len(),
                run: false,
            });
            continue;
        }
        for (from, segment) in chunk.split_word_bound_indices() {
            segment_token(tokens, at + from, segment);
        }
    }
}

/// Characters that end a word where they stand first in a piece without
/// spaces, whatever follows (UAX #29 joins none of them to a letter after).
pub(super) const LEADING: &[char] = &['(', '[', '{', '"', '\'', '<', '¿', '¡', '«', '“', '‘'];
/// ... and last.
pub(super) const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '>', '»', '”', '…',
];

/// Letters and digits only, none of a script written without spaces: one
/// word by UAX #29 (WB5, WB8, WB9, WB10).
pub(super) fn is_plain_word(core: &str) -> bool {
    if core.is_ascii() {
        return core.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    core.chars()
        .all(|c| c.is_ascii_alphanumeric() || (c.is_alphabetic() && !is_unspaced(c)))
}

/// A segment of UAX #29: a word, part of a run, or nothing to match.
pub(super) fn segment_token(tokens: &mut Vec<Token>, start: usize, segment: &str) {
    let end = start + segment.len();
    let (run, word) = if segment.is_ascii() {
        (false, segment.bytes().any(|b| b.is_ascii_alphanumeric()))
    } else {
        (
            segment.chars().any(is_unspaced),
            segment.chars().any(char::is_alphanumeric),
        )
    };
    if !run && !word {
        return;
    }
    if let Some((cut, after)) = (!run).then(|| elision(segment)).flatten() {
        // "d’options", "l'option", "dell'account": UAX #29 keeps an
        // apostrophe inside a word, but the elided article is a word of
        // its own, and the word after it is the one a glossary lists.
        tokens.push(Token {
            start,
            end: start + cut,
            run: false,
        });
        tokens.push(Token {
            start: start + after,
            end,
            run: false,
        });
        return;
    }
    match tokens.last_mut() {
        // Characters of unspaced scripts are words of their own (Han) or
        // runs up to the next change of script: one run, searched inside.
        Some(last) if run && last.run && last.end == start => last.end = end,
        _ => tokens.push(Token { start, end, run }),
    }
}

/// Where a word elides an article or a pronoun into the next (French `l’`,
/// `d’`, `qu’`, `jusqu’`; Italian `l’`, `un’`, `dell’`, `nell’`; Catalan
/// `d’`): the apostrophe's start and the next word's, when what stands
/// before it is one or two letters or ends in `qu` or `ll`. Longer words
/// with an apostrophe (`don't`, `rock'n'roll`) stay one word.
pub(super) fn elision(word: &str) -> Option<(usize, usize)> {
    let (cut, apostrophe) = word.char_indices().find(|&(_, c)| c == '\'' || c == '’')?;
    let (before, after) = (&word[..cut], &word[cut + apostrophe.len_utf8()..]);
    let letters = before.chars().count();
    let elides = letters > 0
        && before.chars().all(char::is_alphabetic)
        && (letters <= 2
            || ["qu", "ll"]
                .iter()
                .any(|end| before.to_lowercase().ends_with(end)));
    let word_follows = after.chars().next().is_some_and(char::is_alphabetic);
    (elides && word_follows).then_some((cut, cut + apostrophe.len_utf8()))
}

/// What may stand between two words of one term: spaces and hyphens only
/// (and the apostrophe of an elision, `l’option`).
pub(super) fn joins(between: &str) -> bool {
    !between.is_empty()
        && between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}'))
        || matches!(between, "'" | "’")
}

/// NFC and lower case, the form words are compared in.
pub(super) fn lower(text: &str) -> String {
    let mut lowered = String::new();
    lower_into(text, &mut lowered);
    lowered
}

/// `lower` into a buffer the caller reuses.
pub(super) fn lower_into(text: &str, lowered: &mut String) {
    lowered.clear();
    if text.is_ascii() {
        lowered.push_str(text);
        lowered.make_ascii_lowercase();
        return;
    }
    lowered.extend(nfc(text).chars().flat_map(char::to_lowercase));
}

pub(super) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Two or more letters, all in upper case.
pub(super) fn in_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Whether the `chars` characters of `piece` from character `head` on are
/// free of lower-case letters.
pub(super) fn capitals_at(piece: &str, head: usize, chars: usize) -> bool {
    let piece = nfc(piece);
    piece
        .chars()
        .skip(head)
        .take(chars)
        .all(|c| !c.is_lowercase())
}
