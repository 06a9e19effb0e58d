//! Text normalisation shared by the build script and the lookup: match keys,
//! diacritic folding, and stripping control characters from article text.

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Removes every control character except newline, and every character
/// that changes the direction of the text around it, so that nothing an
/// article says can move the cursor, ring the bell, smuggle an escape
/// sequence to the terminal or make text read differently from what it is.
/// CRLF and lone CR become LF, a tab becomes a space.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !has_hidden(text) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    let cleaned = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' => Some('\n'),
            '\t' => Some(' '),
            c if is_removed(c) => None,
            c => Some(c),
        })
        .collect();
    Cow::Owned(cleaned)
}

/// The characters gloss removes from everything it reads, whatever the
/// output: C0 and C1 controls (escape sequences, bells, line controls) and
/// DEL, and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069), which reorder the text after them (the
/// "Trojan Source" trick), and U+FFFE and U+FFFF, which are no characters
/// at all and which XML 1.0 forbids (a TBX export holding one would not be
/// well-formed). The marks U+200E, U+200F and U+061C stay: they affect
/// only their neighbours and right-to-left text needs them.
pub fn is_removed(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room and show nothing, so that two titles
/// differing only by them look the same: zero-width space, word joiner,
/// the byte-order mark (zero-width no-break space), soft hyphen, the
/// Mongolian vowel separator, the invisible operators. Kept in text (they
/// do no harm there), ignored by matching and reported by `--check` in
/// titles and slugs.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Zero-width non-joiner and joiner: invisible too, but they change how
/// Persian, Arabic and Indic letters join and glue emoji sequences (👩‍💻),
/// so text keeps them and `--check` accepts them; only matching ignores them.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether matching skips `c`: nothing a reader can see tells it apart
/// from its absence (invisible characters, joiners, direction marks).
fn is_ignored_in_keys(c: char) -> bool {
    is_invisible(c)
        || is_joiner(c)
        || is_bidi_control(c)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The first invisible character of `text` (see `is_invisible`), for `--check`.
pub fn first_invisible(text: &str) -> Option<char> {
    text.chars().find(|&c| is_invisible(c))
}

/// Whether `text` holds a character `sanitize` changes. Works on bytes, as
/// this runs over every article gloss prints and every title of a cached
/// folder index: C0 controls and DEL are single bytes, C1 controls are 0xC2
/// then 0x80-0x9F, the bidirectional controls 0xE2 0x80 0xAA-0xAE and
/// 0xE2 0x81 0xA6-0xA9, the noncharacters 0xEF 0xBF 0xBE-0xBF. The first pass is a plain byte test the compiler can
/// vectorise; text with a suspect byte (a dash, a quote mark, a degree sign
/// all start so) is decided by the bytes after it, never by decoding every
/// character, so typographic text costs no more than plain.
fn has_hidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Branch-free over 32-byte blocks, so that the test is vectorised: an
    // early exit per byte would keep it one byte at a time.
    let suspect =
        |b: u8| (b < 0x20) & (b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2) | (b == 0xef);
    let block = |part: &[u8]| part.iter().fold(false, |seen, &b| seen | suspect(b));
    if !bytes.chunks(32).any(block) {
        return false;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    (0..bytes.len()).any(|i| match bytes[i] {
        b'\n' => false,
        b if b < 0x20 || b == 0x7f => true,
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        0xe2 => match at(i + 1) {
            0x80 => (0xaa..=0xae).contains(&at(i + 2)),
            0x81 => (0xa6..=0xa9).contains(&at(i + 2)),
            _ => false,
        },
        0xef => at(i + 1) == 0xbf && (0xbe..=0xbf).contains(&at(i + 2)),
        _ => false,
    })
}

/// Text fit for one line: nothing `sanitize` removes, and each run of white
/// space (line breaks included) one space. Messages quote file names and
/// user input, front-matter values and headings must print on one line.
pub fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word.chars().filter(|&c| !is_removed(c)));
    }
    line
}

/// Narrowest layout; a smaller `--width` or terminal is laid out at this.
/// Eight columns hold the deepest list indentation and a wide (CJK)
/// character after it; narrower, lines would overflow whatever gloss did.
pub const MIN_WIDTH: usize = 8;
/// Widest layout; wider is clamped, for lines a reader can still follow
/// and for work bounded by the width (wrapping, search snippets).
pub const MAX_WIDTH: usize = 1000;

/// The width gloss lays text out at for a requested `width`.
pub fn layout_width(width: usize) -> usize {
    width.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// True for the characters that separate words in a term: white space, dashes
/// and underscores, so that `soft sell`, `soft-sell` and `Soft_Sell` all meet.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// The key a term or title is matched by: without the characters nobody
/// can see (so `Re\u{200B}fund` is `Refund`), compatibility-normalised (so a
/// full-width `Ａ` or a decomposed `ä` match their usual forms), lower-cased,
/// and with runs of separators collapsed to one space.
pub fn match_key(text: &str) -> String {
    if text.is_ascii() {
        // The same key without the normalisations, which leave ASCII as it
        // is: dictionaries ask this of every headword on a miss.
        let lowered: String = text
            .chars()
            .filter(|&c| !is_ignored_in_keys(c))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        return join_words(&lowered);
    }
    let lowered: String = text
        .chars()
        .filter(|&c| !is_ignored_in_keys(c))
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect();
    // Lower-casing can leave decomposed sequences; recompose them.
    join_words(&lowered).nfc().collect()
}

/// Runs of separators as one space, none at either end.
fn join_words(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split(is_separator).filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// A match key with diacritics removed, the fallback for users who type
/// `mjuk salj` for `Mjuk sälj`. Letters that carry no combining mark in Unicode
/// (ł, ø, æ, ß, …) are spelled the way a keyboard without them would.
pub fn fold(key: &str) -> String {
    if key.is_ascii() {
        return key.to_string(); // nothing to fold
    }
    let mut folded = String::with_capacity(key.len());
    for c in key.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ł' => folded.push('l'),
            'ø' => folded.push('o'),
            'đ' | 'ð' => folded.push('d'),
            'ħ' => folded.push('h'),
            'ı' => folded.push('i'),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'ß' => folded.push_str("ss"),
            'þ' => folded.push_str("th"),
            c => folded.push(c),
        }
    }
    folded.nfc().collect()
}

/// The characters of `text` hashed into 64 bits. One edit changes the set
/// of characters by at most two, so when the sets of two strings differ in
/// more than `2 * d` bits they are more than `d` edits apart: a cheap test
/// that spares most candidates of a fuzzy match the full edit distance.
pub fn char_set(text: &str) -> u64 {
    text.chars().fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// Scripts written without spaces between words, searched by character pairs.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{0E00}'..='\u{0E7F}' // Thai
        | '\u{20000}'..='\u{2FA1F}')
}

/// The search tokens of a text: folded words, and for scripts written
/// without spaces (Chinese, Japanese, Thai, …) overlapping character pairs,
/// so that a query matches inside a longer run of characters.
pub fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    each_token(text, |token| tokens.push(token.to_string()));
    tokens
}

/// `tokens`, each handed to `emit` without a copy of its own: an index
/// build counts a hundred million of them and keeps only the distinct ones.
pub fn each_token(text: &str, mut emit: impl FnMut(&str)) {
    let mut lowered = String::new();
    // Normalising is local to the characters between two spaces, and most
    // words of most articles are ASCII, for which it is only lower-casing:
    // tokenising word by word spares the bundle build and folder scans
    // four passes of Unicode normalisation over every article.
    for chunk in text.split_ascii_whitespace() {
        if chunk.is_ascii() {
            lowered.clear();
            lowered.push_str(chunk);
            lowered.make_ascii_lowercase();
            lowered
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .for_each(&mut emit);
            continue;
        }
        let known = NORMALISED.with_borrow_mut(|seen| {
            if let Some(known) = seen.get(chunk) {
                return known.clone();
            }
            let mut found = Vec::new();
            push_tokens(&fold(&match_key(chunk)), &mut found);
            let found: std::rc::Rc<[String]> = found.into();
            if seen.len() >= MAX_NORMALISED {
                seen.clear();
            }
            seen.insert(chunk.to_string(), found.clone());
            found
        });
        known.iter().for_each(|token| emit(token));
    }
}

/// Words seen again are not normalised again: four passes of Unicode
/// normalisation per word were three quarters of building a folder's search
/// index (words of Cyrillic, Greek or CJK text, and every accented word, take
/// that path), and text repeats its words. One table per thread, as articles
/// are tokenised on every core; cleared when full, so it stays bounded
/// whatever a hostile glossary holds.
const MAX_NORMALISED: usize = 100_000;

type Normalised = std::collections::HashMap<String, std::rc::Rc<[String]>, TokenHasher>;

/// The hasher of maps keyed by words and tokens, millions of lookups in an
/// index build: several times faster than SipHash on short keys, and seeded
/// per process, so a glossary cannot be written ahead to make its keys
/// collide.
pub type TokenHasher = foldhash::fast::RandomState;

thread_local! {
    static NORMALISED: std::cell::RefCell<Normalised> = Default::default();
}

/// The tokens of normalised, folded text.
fn push_tokens(folded: &str, tokens: &mut Vec<String>) {
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // No ASCII character is written unspaced: the word is one token.
        if word.is_ascii() {
            tokens.push(word.to_string());
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let unspaced = is_unspaced(chars[start]);
            let end = (start..chars.len())
                .find(|&i| is_unspaced(chars[i]) != unspaced)
                .unwrap_or(chars.len());
            let run = &chars[start..end];
            if unspaced && run.len() > 1 {
                tokens.extend(run.windows(2).map(|pair| pair.iter().collect::<String>()));
            } else {
                tokens.push(run.iter().collect());
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_separators_and_normalization_form() {
        assert_eq!(match_key("Soft_Sell"), "soft sell");
        assert_eq!(match_key("  soft -  sell "), "soft sell");
        assert_eq!(match_key("Mjuk s\u{61}\u{308}lj"), match_key("mjuk sälj"));
        assert_eq!(match_key("МЯГКАЯ продажа"), "мягкая продажа");
        assert_eq!(match_key("ＡＰＩ"), "api");
    }

    #[test]
    fn folding_drops_diacritics_in_every_script() {
        assert_eq!(fold(&match_key("Miękka sprzedaż")), "miekka sprzedaz");
        assert_eq!(fold(&match_key("Pehmeä myynti")), "pehmea myynti");
        assert_eq!(fold("łódź"), "lodz");
        assert_eq!(fold("ёлка"), "елка");
        assert_eq!(fold("straße"), "strasse");
    }

    #[test]
    fn tokens_fold_and_split_unspaced_scripts() {
        assert_eq!(
            tokens("E-postmeddelande, Köparen!"),
            ["e", "postmeddelande", "koparen"]
        );
        assert_eq!(tokens("корзины"), ["корзины"]);
        assert_eq!(tokens("软销售策略"), ["软销", "销售", "售策", "策略"]);
        assert_eq!(tokens("API接口"), ["api", "接口"]);
        assert_eq!(tokens("بيع ناعم"), ["بيع", "ناعم"]);
    }

    #[test]
    fn sanitize_strips_escapes_but_keeps_text() {
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
        assert_eq!(sanitize("a\x1b[2Jb\x07c\r\nd\te\u{9b}f"), "a[2Jbc\nd ef");
        assert_eq!(sanitize("£ § é\n"), Cow::Borrowed("£ § é\n"));
        assert_eq!(sanitize("x\u{85}y"), "xy");
        assert_eq!(sanitize("a\u{202E}b\u{2066}c\u{2069}–…"), "abc–…");
        assert_eq!(one_line("a\u{202D}\u{1b}b"), "ab");
    }

    #[test]
    fn the_byte_test_agrees_with_the_character_rule_for_every_character() {
        // Every scalar value, alone and between neighbours that share its
        // lead byte, so a wrong continuation-byte range cannot hide.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c != '\n' && is_removed(c);
            assert_eq!(has_hidden(c.encode_utf8(&mut [0; 4])), expected, "{c:?}");
            let framed = format!("\u{a0}–{c}\u{9f}");
            assert!(has_hidden(&framed), "{c:?} between controls");
            let framed = format!("£–{c}…\u{2028}");
            assert_eq!(has_hidden(&framed), expected, "{c:?} in typographic text");
        }
    }

    #[test]
    fn invisible_characters_do_not_make_keys_distinct() {
        assert_eq!(match_key("Re\u{200B}fund"), match_key("Refund"));
        assert_eq!(match_key("\u{FEFF}Refund\u{2060}"), "refund");
        assert_eq!(match_key("Re\u{AD}fund"), "refund");
        // Joiners stay in text, but keys ignore them too.
        assert_eq!(match_key("می\u{200C}خواهم"), match_key("میخواهم"));
        assert_eq!(first_invisible("Re\u{200B}fund"), Some('\u{200B}'));
        assert_eq!(first_invisible("می\u{200C}خواهم 👩\u{200D}💻"), None);
        assert_eq!(
            sanitize("می\u{200C}خواهم 👩\u{200D}💻"),
            Cow::Borrowed("می\u{200C}خواهم 👩\u{200D}💻")
        );
    }

    #[test]
    fn word_by_word_tokens_equal_whole_text_tokens() {
        let text = "Soft-Sell ＡＢＣ mjuk\u{a0}sälj  e\u{301}t\u{e9} Łódź STRASSE straße \
                    軟性銷售 的 ΣΊΣΥΦΟΣ x\t_y\nend";
        let mut whole = Vec::new();
        push_tokens(&fold(&match_key(text)), &mut whole);
        assert_eq!(tokens(text), whole);
    }
}
