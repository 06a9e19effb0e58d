//! Links: which targets are terms of the glossary (slugs), which web
//! addresses gloss links, and which neither.

use super::Style;
use crate::model::text::one_line;

/// `/hard-sell` (or a bare `hard-sell`) links to a term; an `http`,
/// `https` or `mailto` address leaves the glossary. Anything else
/// (`file:`, `javascript:`, `vscode://`, a relative path) is shown as its
/// text and linked nowhere: a click in a terminal or a rendered page
/// would open a local file or run an editor's or browser's handler.
pub(super) fn link_style(target: &str) -> Style {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let slug = path.strip_prefix('/').unwrap_or(path).trim_end_matches('/');
    if !target.starts_with("//") && is_slug(slug) {
        Style::Term(slug.to_string())
    } else if is_web_address(target) {
        // Character references decode to anything (`&#27;`): a target is
        // text from the file like any other, and one line.
        Style::Url(one_line(target))
    } else {
        Style::Plain
    }
}

/// The schemes an article may link to.
pub(super) const LINKED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether `target` is an address of a scheme gloss links (see `link_style`).
pub(super) fn is_web_address(target: &str) -> bool {
    let target = target.trim_start();
    target.split_once(':').is_some_and(|(scheme, rest)| {
        LINKED_SCHEMES
            .iter()
            .any(|linked| scheme.eq_ignore_ascii_case(linked))
            && !rest.is_empty()
    })
}

/// A term's folder name: lower-case letters and digits (any script) in
/// words joined by single hyphens, at most 100 bytes.
pub fn is_slug(slug: &str) -> bool {
    if slug.is_empty() || slug.len() > 100 {
        return false;
    }
    // Most slugs are ASCII, and every slug of a cached folder index is
    // checked on each warm call: among ASCII characters the rule below is
    // exactly a-z and 0-9, decided by bytes without the character tables.
    let bytes = slug.as_bytes();
    if slug.is_ascii() {
        return bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
            && !bytes.windows(2).any(|pair| pair == b"--");
    }
    slug.split('-').all(|word| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() && !c.is_uppercase())
    })
}
