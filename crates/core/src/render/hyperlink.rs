//! OSC 8 hyperlinks: a web address made safe to put inside the escape
//! sequence, and the sequence written around text termimad has laid out.

/// `url` with every byte that is not printable ASCII (controls, space, DEL,
/// anything beyond ASCII) percent-encoded: nothing in it can end the
/// sequence early (BEL, `ESC \`) or start another one.
pub(crate) fn sanitize(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `text` as a link to `target` (already sanitised).
fn wrap(text: &str, target: &str) -> String {
    format!("\x1b]8;;{target}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// The rendered `line` with the last whole occurrence of `target` (the
/// sanitised address, shown as the link's text) made a link to it. The
/// sequences are added after layout, so they take no part in wrapping; an
/// address termimad had to break across lines stays plain text.
pub(crate) fn link_in_line(line: &str, target: &str) -> Option<String> {
    let at = line.rfind(target)?;
    let end = at + target.len();
    Some(format!(
        "{}{}{}",
        &line[..at],
        wrap(target, target),
        &line[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_addresses_cannot_leave_the_sequence() {
        for (url, safe) in [
            ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
            ("https://x/\x1b]8;;evil\x07", "https://x/%1B]8;;evil%07"),
            ("https://x/\x1b\\rest", "https://x/%1B\\rest"),
            ("https://x/a b\tc\n", "https://x/a%20b%09c%0A"),
            ("https://x/\u{7f}", "https://x/%7F"),
            (
                "https://bücher.example/ä",
                "https://b%C3%BCcher.example/%C3%A4",
            ),
            ("https://x/\u{9c}", "https://x/%C2%9C"),
        ] {
            let sanitized = sanitize(url);
            assert_eq!(sanitized, safe);
            assert!(sanitized.bytes().all(|b| b.is_ascii_graphic()), "{url:?}");
        }
    }

    #[test]
    fn links_the_last_occurrence_only() {
        let line = "• https://x — https://x";
        let linked = link_in_line(line, "https://x").unwrap();
        assert_eq!(
            linked,
            "• https://x — \x1b]8;;https://x\x1b\\https://x\x1b]8;;\x1b\\"
        );
        assert_eq!(link_in_line("• https://exa", "https://example.com"), None);
    }
}
