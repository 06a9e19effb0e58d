//! Articles read whole: front matter, sections, spans and links.

use super::body::trim_spans;
use super::*;

const SAMPLE: &str = "---\ntitle: Soft sell\ndescription: A gentle pitch.\nkeywords: Business, Marketing\n---\n\n# Soft sell\n## What is it?\n\nSee [hard sell](/hard-sell) and *more*.\n\n- one\n- [two](https://example.com)\n";

#[test]
fn parses_front_matter_and_sections() {
    let article = parse("soft-sell", "en", SAMPLE).unwrap();
    assert_eq!(article.front.title, "Soft sell");
    assert_eq!(article.front.keywords, ["Business", "Marketing"]);
    assert!(article.front.aliases.is_empty());
    let text = SAMPLE.replace(
        "keywords:",
        "aliases: [Gentle pitch, \"Low pressure\"]\nkeywords:",
    );
    let aliased = parse("soft-sell", "en", &text).unwrap();
    assert_eq!(aliased.front.aliases, ["Gentle pitch", "Low pressure"]);
    let text = SAMPLE.replace(
        "keywords:",
        "aliases: Gentle pitch, Low pressure\nkeywords:",
    );
    let aliased = parse("soft-sell", "en", &text).unwrap();
    assert_eq!(aliased.front.aliases, ["Gentle pitch", "Low pressure"]);
    assert_eq!(article.sections.len(), 1);
    assert_eq!(article.sections[0].heading.as_deref(), Some("What is it?"));
    assert_eq!(article.sections[0].blocks.len(), 3);
    assert_eq!(
        article.links(),
        [Link {
            slug: "hard-sell".into(),
            text: "hard sell".into()
        }]
    );
}

#[test]
fn keywords_may_be_a_list() {
    let text = "---\ntitle: T\ndescription: D\nkeywords: [a, b]\nextra: 1\n---\n";
    let front = front_matter(text).unwrap();
    assert_eq!(front.keywords, ["a", "b"]);
    assert_eq!(front.unknown_keys, ["extra"]);
}

#[test]
fn errors_name_the_problem_and_line() {
    assert_eq!(front_matter("# no front").unwrap_err().line, Some(1));
    let missing = front_matter("---\ntitle: T\n---\n").unwrap_err();
    assert!(missing.message.contains("'description'"), "{missing:?}");
    let bad = front_matter("---\ntitle: T\ndescription: [unclosed\n---\n").unwrap_err();
    assert!(bad.message.starts_with("invalid front matter"), "{bad:?}");
    assert!(bad.line.is_some_and(|line| line >= 3), "{bad:?}");
}

#[test]
fn alias_bombs_and_duplicate_keys_are_named_plainly() {
    let mut bomb = String::from("---\ntitle: T\ndescription: D\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip("abcdefg".chars())
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    bomb.push_str("---\n");
    let error = front_matter(&bomb).unwrap_err();
    assert!(error.message.contains("YAML budget"), "{error:?}");
    let duplicate = front_matter("---\ntitle: A\ntitle: B\ndescription: D\n---\n");
    let message = duplicate.unwrap_err().message;
    assert_eq!(
        message,
        "invalid front matter: duplicate mapping key: title"
    );
}

#[test]
fn whitespace_collapses_within_and_across_spans() {
    let span = |text: &str, style| Span {
        text: text.into(),
        style,
    };
    let spans = vec![
        span("  a \t\n b\u{3000}", Style::Plain),
        span(" c ", Style::Strong),
        span("\u{a0}d  ", Style::Plain),
    ];
    assert_eq!(
        trim_spans(spans),
        [
            span("a b ", Style::Plain),
            span("c ", Style::Strong),
            span("d", Style::Plain)
        ]
    );
    assert!(trim_spans(vec![span(" \n ", Style::Plain)]).is_empty());
}

#[test]
fn slugs() {
    assert!(is_slug("soft-sell"));
    assert!(is_slug("e2e"));
    assert!(!is_slug("Soft-Sell"));
    assert!(!is_slug("../etc/passwd"));
    assert!(!is_slug("a--b"));
}

/// The bytes' verdict on an ASCII slug is the character rule's, for every
/// string of up to four of letters either case, digits, hyphens and other
/// punctuation (and with a non-ASCII letter, the rule itself).
#[test]
fn ascii_slugs_are_judged_as_the_character_rule_judges_them() {
    let rule = |slug: &str| {
        !slug.is_empty()
            && slug.len() <= 100
            && slug.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_alphanumeric() && !c.is_uppercase())
            })
    };
    let alphabet = ['a', 'z', 'Q', '0', '9', '-', '_', '.', '/', ' ', 'é'];
    let mut strings = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = strings
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        for slug in &longer {
            assert_eq!(is_slug(slug), rule(slug), "{slug:?}");
        }
        strings = longer;
    }
    assert!(!is_slug(&"a".repeat(101)));
}
