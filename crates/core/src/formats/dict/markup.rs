//! Definitions as readable text: FOLDOC's and the Jargon File's `{braces}`
//! and the links of HTML (`bword://`) and XDXF (`<kref>`) become cross
//! references; HTML, XDXF and Pango markup become text with its line
//! breaks, list items and paragraphs, entities decoded. Tags are never
//! passed on; what is left is sanitised with the rest of gloss's input.

use super::{text, Field, Markup};

/// A definition as text, and the headwords it refers to, in order, each
/// once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Readable {
    pub(crate) text: String,
    pub(crate) refs: Vec<String>,
}

/// Longest text read as one cross reference between braces: FOLDOC's are
/// a few words, and an unmatched brace must not swallow the entry.
const MAX_REF: usize = 200;

/// Reads every field of a definition into one text.
pub(crate) fn readable(fields: &[Field]) -> Readable {
    let mut out = Readable::default();
    for field in fields {
        let source = text(&field.bytes);
        let part = match field.markup {
            Markup::Text => braces(&source, &mut out.refs),
            Markup::Phonetic => format!("[{}]", source.trim()),
            Markup::Html | Markup::Xdxf | Markup::Pango => tags(&source, &mut out.refs),
        };
        if !out.text.is_empty() && !part.trim().is_empty() {
            out.text.push('\n');
        }
        out.text.push_str(part.trim_end());
    }
    let mut seen = std::collections::HashSet::new();
    out.refs.retain(|r| !r.is_empty() && seen.insert(r.clone()));
    out
}

/// `{data abstraction}` → `data abstraction`, noted as a reference.
fn braces(source: &str, refs: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .filter(|&close| close <= MAX_REF && !after[..close].contains('{'))
        {
            Some(close) => {
                let inner = &after[..close];
                refs.push(collapse(inner));
                out.push_str(inner);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs of white space as one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML, XDXF or Pango as text: block tags break lines, list items get a
/// bullet, `bword://` links and `<kref>` are references, the contents of
/// `script` and `style` are dropped.
fn tags(source: &str, refs: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut skipping: Option<String> = None;
    let mut kref: Option<String> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut out, &mut kref, rest, &skipping);
            break;
        };
        push_text(&mut out, &mut kref, &rest[..open], &skipping);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            break; // an unclosed tag: nothing after it is text
        };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if closing && *skipped == name {
                skipping = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script" | "style", false) => skipping = Some(name),
            ("br", _) => out.push('\n'),
            (
                "p" | "div" | "tr" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "def" | "ex" | "ol"
                | "ul",
                _,
            ) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            ("li", false) => {
                if !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
                out.push_str("• ");
            }
            ("td", true) => out.push(' '),
            ("kref", false) => kref = Some(String::new()),
            ("kref", true) => {
                if let Some(word) = kref.take() {
                    refs.push(collapse(&word));
                }
            }
            ("a", false) => {
                if let Some(word) = link_target(tag) {
                    refs.push(word);
                }
            }
            _ => {}
        }
    }
    out
}

/// Text between tags, entities decoded, also collected for an open
/// `<kref>`.
fn push_text(out: &mut String, kref: &mut Option<String>, text: &str, skipping: &Option<String>) {
    if skipping.is_some() {
        return;
    }
    let decoded = entities(text);
    if let Some(word) = kref {
        word.push_str(&decoded);
    }
    out.push_str(&decoded);
}

/// The headword an `<a href="bword://word">` names.
fn link_target(tag: &str) -> Option<String> {
    let start = tag.find("bword://")? + "bword://".len();
    let rest = &tag[start..];
    let end = rest.find(['"', '\'', '>']).unwrap_or(rest.len());
    Some(collapse(&entities(&rest[..end])))
}

/// `&amp;`, `&lt;`, `&#233;`, `&#xE9;` and friends; an unknown one stays as
/// written.
fn entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&semi| semi <= 10);
        let decoded = semi.and_then(|semi| entity(&after[..semi]));
        match (semi, decoded) {
            (Some(semi), Some(c)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(decimal) => number(decimal, 10),
            None => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(markup: Markup, text: &str) -> Readable {
        readable(&[Field {
            markup,
            bytes: text.as_bytes().to_vec(),
        }])
    }

    #[test]
    fn braces_are_references() {
        let out = read(
            Markup::Text,
            "A kind of {data\n   abstraction} and {stack}, {stack}.",
        );
        assert_eq!(out.text, "A kind of data\n   abstraction and stack, stack.");
        assert_eq!(out.refs, ["data abstraction", "stack"]);
        let unmatched = read(Markup::Text, "a { b");
        assert_eq!(unmatched.text, "a { b");
        assert!(unmatched.refs.is_empty());
    }

    #[test]
    fn html_and_xdxf_become_text() {
        let out = read(
            Markup::Html,
            "<b>bold</b> &amp; <i>it</i><br>next<ul><li>one<li>two</ul><script>alert(1)</script><a href=\"bword://other word\">see</a>",
        );
        assert_eq!(out.text, "bold & it\nnext\n• one\n• two\nsee");
        assert_eq!(out.refs, ["other word"]);
        let xdxf = read(
            Markup::Xdxf,
            "<k>cat</k><def>a pet, see <kref>dog</kref></def>",
        );
        assert!(xdxf.text.contains("a pet, see dog"));
        assert_eq!(xdxf.refs, ["dog"]);
        assert_eq!(read(Markup::Html, "a <b unclosed").text, "a");
        assert_eq!(read(Markup::Html, "&#233;&#xE9;&bogus;").text, "éé&bogus;");
    }
}
