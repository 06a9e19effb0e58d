//! What a message is checked as: accelerator markers removed, and printf,
//! Qt, Python and brace placeholders blanked, with every anchor moved so
//! that positions still name the file.

use super::{Anchor, Text};

/// The text as checked: accelerator markers (`_File`, `&Open`) removed,
/// placeholders (`%s`, `%1$s`, `%(name)s`, `%{name}`, `{name}`, `{0}`,
/// `%1`) replaced by as many spaces as they have characters, so a term
/// beside one is still a word of its own and one inside a placeholder's
/// name is not found. Anchors move with every removed character, so the
/// positions still name the file.
pub(super) fn checked(text: &Text) -> Text {
    let mut out = Text::default();
    let source = text.as_str();
    let mut index = 0;
    // Text before the first anchor holds no place of its own (newlines only).
    let first = text.anchors.first().map_or(source.len(), |a| a.at);
    out.text.push_str(&source[..first]);
    while index < text.anchors.len() {
        let anchor = text.anchors[index];
        let end = text
            .anchors
            .get(index + 1)
            .map_or(source.len(), |next| next.at);
        transform_run(&source[anchor.at..end], anchor, &mut out);
        index += 1;
    }
    out
}

/// One run of characters that stand together on a line of the file.
fn transform_run(run: &str, anchor: Anchor, out: &mut Text) {
    let mut column = anchor.column;
    let mut need_anchor = true;
    let mut rest = run;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if need_anchor {
            if let Some(last) = out.anchors.last_mut().filter(|a| a.at == out.text.len()) {
                *last = Anchor {
                    at: out.text.len(),
                    line: anchor.line,
                    column,
                };
            } else {
                out.anchors.push(Anchor {
                    at: out.text.len(),
                    line: anchor.line,
                    column,
                });
            }
            need_anchor = false;
        }
        // `%%`, `{{`: a literal character, written twice.
        if rest.starts_with("%%") || rest.starts_with("{{") {
            out.text.push_str(&rest[..2]);
            column += 2;
            previous = Some(c);
            rest = &rest[2..];
            continue;
        }
        if let Some(length) = placeholder(rest) {
            let characters = rest[..length].chars().count();
            out.text.extend(std::iter::repeat_n(' ', characters));
            column += characters as u32;
            previous = rest[..length].chars().last();
            rest = &rest[length..];
            continue;
        }
        let next = rest[c.len_utf8()..].chars().next();
        let is_marker =
            matches!(c, '_' | '&') && previous != Some(c) && next.is_some_and(char::is_alphabetic);
        if is_marker {
            need_anchor = true;
        } else {
            out.text.push(c);
        }
        column += 1;
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
}

/// The length in bytes of the placeholder `text` starts with, if it does.
fn placeholder(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'%' => printf(bytes),
        b'{' => {
            if bytes.get(1) == Some(&b'{') {
                return None;
            }
            // `{}`, `{0}`, `{name}`, `{name:>8}`: no spaces, no braces, short.
            let close = text[1..].find(['}', '{'])? + 1;
            let name = &text[1..close];
            let is_name = bytes[close] == b'}'
                && name.chars().count() <= 64
                && !name.contains(char::is_whitespace);
            is_name.then_some(close + 1)
        }
        _ => None,
    }
}

/// printf (`%s`, `%-5.2f`, `%1$s`, `%lld`), Python (`%(name)s`), Ruby
/// (`%{name}`) and Qt (`%1`) placeholders; `%%` is a percent sign.
fn printf(bytes: &[u8]) -> Option<usize> {
    let mut at = 1;
    let byte = |at: usize| bytes.get(at).copied();
    match byte(at)? {
        b'%' => return None,
        b'{' => {
            let close = bytes[2..].iter().take(65).position(|&b| b == b'}')? + 2;
            let name = &bytes[2..close];
            return (!name.is_empty()
                && !name.iter().any(|b| b.is_ascii_whitespace() || *b == b'{'))
            .then_some(close + 1);
        }
        b'(' => {
            let close = bytes[2..].iter().take(65).position(|&b| b == b')')? + 2;
            if close == 2 || bytes[2..close].iter().any(|b| b.is_ascii_whitespace()) {
                return None;
            }
            at = close + 1;
        }
        b'1'..=b'9' => {
            let digits = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if byte(at + digits) == Some(b'$') {
                at += digits + 1;
            } else if !is_conversion_tail(&bytes[at + digits..]) {
                // Qt's `%1`.
                return Some(at + digits);
            }
        }
        _ => {}
    }
    // Flags (not the space flag: `50% done` is no placeholder), width,
    // precision, length, conversion.
    at += bytes[at..]
        .iter()
        .take_while(|b| matches!(b, b'-' | b'+' | b'#' | b'0' | b'\''))
        .count();
    at += bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'*')
        .count();
    if byte(at) == Some(b'.') {
        at += 1;
        at += bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'*')
            .count();
    }
    at += bytes[at..]
        .iter()
        .take(2)
        .take_while(|b| matches!(b, b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't'))
        .count();
    CONVERSIONS.contains(&byte(at)?).then_some(at + 1)
}

const CONVERSIONS: &[u8] = b"diouxXeEfFgGaAcspnCS@";

/// Whether digits after `%` are a width followed by a conversion (`%5d`).
fn is_conversion_tail(bytes: &[u8]) -> bool {
    let mut at = 0;
    if bytes.first() == Some(&b'.') {
        at = 1 + bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    at += bytes[at..]
        .iter()
        .take(2)
        .take_while(|b| matches!(b, b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't'))
        .count();
    bytes.get(at).is_some_and(|b| CONVERSIONS.contains(b))
}
