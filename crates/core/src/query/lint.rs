//! Checking a document against the glossary: `--lint`'s findings (an
//! avoided term, a source term not translated as the glossary says, a
//! source term with no article in the target language) and `--scan`'s
//! list of the terms a text holds. One function per question, called on
//! one document, by the command line and the language server alike.

use crate::formats::document::{Document, Text, Unit};
use crate::model::finding::{Finding, Passage, Severity, Span};
use crate::model::text::one_line;
use crate::query::matching::{Found, Status, Terms};

/// The source language of a bilingual document whose file does not say:
/// gettext's convention.
pub(crate) const DEFAULT_SOURCE_LANG: &str = "en";

/// The languages a document is checked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Langs {
    /// The source language; `None` for a monolingual text.
    pub(crate) source: Option<String>,
    /// The language of the text, or of the translation.
    pub(crate) target: String,
}

/// The languages of `document`: `--source-lang` and `--lang` win over what
/// the file declares; a monolingual text the file does not say the
/// language of is in `fallback` (the user's preferred language).
pub(crate) fn languages(
    document: &Document,
    source: Option<&str>,
    target: Option<&str>,
    fallback: &str,
) -> Langs {
    let bilingual =
        document.source_lang.is_some() || document.units.iter().any(|u| u.source.is_some());
    let source = bilingual.then(|| {
        source
            .map(str::to_string)
            .or_else(|| document.source_lang.clone())
            .unwrap_or_else(|| DEFAULT_SOURCE_LANG.to_string())
    });
    let target = target
        .map(str::to_string)
        .or_else(|| document.target_lang.clone())
        .unwrap_or_else(|| fallback.to_string());
    Langs { source, target }
}

/// The languages `Terms::build` needs for these documents' languages.
pub(crate) fn involved(langs: &[Langs]) -> Vec<String> {
    let mut all: Vec<String> = langs
        .iter()
        .flat_map(|l| l.source.iter().chain(std::iter::once(&l.target)))
        .cloned()
        .collect();
    all.sort();
    all.dedup();
    all
}

/// `--lint`: every finding in the document, in file order.
pub(crate) fn lint(document: &Document, terms: &Terms, langs: &Langs) -> Vec<Finding> {
    let mut findings = Vec::new();
    for unit in &document.units {
        let before = findings.len();
        lint_unit(unit, terms, langs, &mut findings);
        let mut kept = before;
        for i in before..findings.len() {
            if !unit.ignore.silences(&findings[i].slug) {
                findings.swap(kept, i);
                kept += 1;
            }
        }
        findings.truncate(kept);
    }
    findings.sort_by_key(|finding| (finding.span, finding.severity));
    findings
}

fn lint_unit(unit: &Unit, terms: &Terms, langs: &Langs, findings: &mut Vec<Finding>) {
    // Hits, not `Found`s: most occurrences are approved terms, and only
    // the few findings are spelled out.
    let target_hits = unit
        .target
        .as_ref()
        .map(|target| (target, terms.hits(target.as_str(), &langs.target)));
    if let Some((target, hits)) = &target_hits {
        let avoided = hits
            .iter()
            .filter(|&&hit| terms.status(hit) == Status::Avoided);
        for found in avoided.map(|&hit| terms.found(hit)) {
            let found = &found;
            let expected = expected(terms, &found.slug, &langs.target);
            let message = match expected.first() {
                Some(title) => {
                    format!("`{}` is to be avoided; use `{title}`", shown(target, found))
                }
                None => format!("`{}` is to be avoided", shown(target, found)),
            };
            findings.push(finding(
                target,
                found,
                Severity::Error,
                expected,
                message,
                terms,
            ));
        }
    }
    let (Some(source_lang), Some(source), Some((_, target_hits))) =
        (&langs.source, &unit.source, &target_hits)
    else {
        return; // monolingual, or not translated yet
    };
    for hit in terms.hits(source.as_str(), source_lang) {
        let slug = terms.slug(hit);
        let names = terms.names(slug, &langs.target);
        let translated = || {
            target_hits
                .iter()
                .any(|&t| terms.slug(t) == slug && terms.status(t) != Status::Avoided)
        };
        if names.is_some() && translated() {
            continue;
        }
        let found = terms.found(hit);
        match names {
            None => {
                let message = format!(
                    "`{}` has no article in {}",
                    shown(source, &found),
                    langs.target
                );
                findings.push(finding(
                    source,
                    &found,
                    Severity::Note,
                    Vec::new(),
                    message,
                    terms,
                ));
            }
            Some(_) => {
                let expected = expected(terms, &found.slug, &langs.target);
                let message = format!(
                    "`{}` should be translated {}",
                    shown(source, &found),
                    expected
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                findings.push(finding(
                    source,
                    &found,
                    Severity::Warning,
                    expected,
                    message,
                    terms,
                ));
            }
        }
    }
}

/// Every text of the document with the language it is in: each unit's
/// source (where the document has a source language) and its target.
fn texts<'d>(
    document: &'d Document,
    langs: &'d Langs,
) -> impl Iterator<Item = (&'d Unit, &'d Text, &'d str)> {
    document.units.iter().flat_map(move |unit| {
        let source = unit.source.as_ref().zip(langs.source.as_deref());
        let target = unit
            .target
            .as_ref()
            .map(|text| (text, langs.target.as_str()));
        [source, target]
            .into_iter()
            .flatten()
            .map(move |(text, lang)| (unit, text, lang))
    })
}

/// `--scan`: every term in the document, once per occurrence, in file order.
pub(crate) fn scan(document: &Document, terms: &Terms, langs: &Langs) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (unit, text, lang) in texts(document, langs) {
        for found in terms.find(text.as_str(), lang) {
            if unit.ignore.silences(&found.slug) {
                continue;
            }
            let message = format!(
                "`{}` is a glossary term ({})",
                shown(text, &found),
                found.slug
            );
            let expected = expected(terms, &found.slug, &found.lang);
            let mut finding = finding(text, &found, Severity::Note, expected, message, terms);
            finding.severity = None;
            findings.push(finding);
        }
    }
    findings.sort_by_key(|finding| finding.span);
    findings
}

/// The names the glossary expects for a term in a language: the title,
/// then the aliases.
fn expected(terms: &Terms, slug: &str, lang: &str) -> Vec<String> {
    terms.names(slug, lang).map_or_else(Vec::new, |names| {
        std::iter::once(names.title.clone())
            .chain(names.aliases.iter().cloned())
            .collect()
    })
}

/// The found text as a message may quote it: one line, nothing a terminal
/// would act on.
fn shown(text: &Text, found: &Found) -> String {
    one_line(&text.as_str()[found.start..found.end])
}

fn finding(
    text: &Text,
    found: &Found,
    severity: Severity,
    expected: Vec<String>,
    message: String,
    terms: &Terms,
) -> Finding {
    let ((line, column), (end_line, end_column)) = text.span(found.start, found.end);
    let description = terms
        .names(&found.slug, &found.lang)
        .map(|names| names.description.clone())
        .unwrap_or_default();
    Finding {
        span: Span {
            line,
            column,
            end_line,
            end_column,
        },
        severity: Some(severity),
        slug: found.slug.clone(),
        found: shown(text, found),
        term: found.term.clone(),
        lang: found.lang.clone(),
        expected,
        message,
        description,
    }
}

/// `--scan` on a terminal: each unit that holds terms, with their ranges.
pub(crate) fn passages(document: &Document, terms: &Terms, langs: &Langs) -> Vec<Passage> {
    let mut passages = Vec::new();
    for (unit, text, lang) in texts(document, langs) {
        let marks: Vec<(usize, usize)> = terms
            .hits(text.as_str(), lang)
            .into_iter()
            .filter(|&hit| !unit.ignore.silences(terms.slug(hit)))
            .map(|hit| (hit.start, hit.end))
            .collect();
        if !marks.is_empty() {
            passages.push(Passage {
                line: text.position(0).0,
                text: text.as_str().to_string(),
                marks,
            });
        }
    }
    passages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::document::Ignore;
    use crate::query::matching::Names;

    fn names(title: &str, aliases: &[&str], avoid: &[&str]) -> Names {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Names {
            title: title.into(),
            description: format!("About {title}."),
            aliases: list(aliases),
            avoid: list(avoid),
        }
    }

    fn terms() -> Terms {
        Terms::of(vec![
            ("directory", "en", names("directory", &[], &[])),
            ("directory", "sv", names("katalog", &[], &["mapp"])),
            ("invoice", "en", names("invoice", &[], &[])),
            ("invoice", "sv", names("faktura", &[], &[])),
            ("ledger", "en", names("ledger", &[], &[])),
        ])
    }

    fn text(line: u32, column: u32, text: &str) -> Text {
        let mut made = Text::default();
        made.push(text, line, column);
        made
    }

    fn bilingual(units: Vec<Unit>) -> Document {
        Document {
            source_lang: Some("en".into()),
            target_lang: Some("sv".into()),
            units,
            warnings: Vec::new(),
        }
    }

    fn unit(source: &str, target: &str, ignore: Ignore) -> Unit {
        Unit {
            source: Some(text(4, 8, source)),
            target: Some(text(5, 8, target)),
            ignore,
        }
    }

    fn summary(findings: &[Finding]) -> Vec<(Option<Severity>, u32, u32, &str, &str)> {
        findings
            .iter()
            .map(|f| {
                (
                    f.severity,
                    f.span.line,
                    f.span.column,
                    f.slug.as_str(),
                    f.message.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn each_severity_in_a_translation() {
        let document = bilingual(vec![unit(
            "Move the invoice to the directory of the ledger",
            "Flytta fakturan till mappen för huvudboken",
            Ignore::Nothing,
        )]);
        let langs = languages(&document, None, None, "fr");
        assert_eq!(langs.source.as_deref(), Some("en"));
        let findings = lint(&document, &terms(), &langs);
        assert_eq!(
            summary(&findings),
            [
                (
                    Some(Severity::Warning),
                    4,
                    32,
                    "directory",
                    "`directory` should be translated `katalog`"
                ),
                (
                    Some(Severity::Note),
                    4,
                    49,
                    "ledger",
                    "`ledger` has no article in sv"
                ),
                (
                    Some(Severity::Error),
                    5,
                    29,
                    "directory",
                    "`mappen` is to be avoided; use `katalog`"
                ),
            ]
        );
        assert_eq!(findings[2].expected, ["katalog"]);
        assert_eq!(
            (findings[2].span.end_line, findings[2].span.end_column),
            (5, 35)
        );
    }

    #[test]
    fn an_approved_translation_is_no_finding() {
        let document = bilingual(vec![unit(
            "Open the directory",
            "Öppna katalogen",
            Ignore::Nothing,
        )]);
        let langs = languages(&document, None, None, "sv");
        assert!(lint(&document, &terms(), &langs).is_empty());
    }

    #[test]
    fn suppression_silences_all_or_the_named_terms() {
        let source = "the directory of the ledger";
        let target = "mappen för huvudboken";
        let named = bilingual(vec![unit(
            source,
            target,
            Ignore::Slugs(vec!["directory".into()]),
        )]);
        let langs = languages(&named, None, None, "sv");
        let left = lint(&named, &terms(), &langs);
        assert_eq!(summary(&left).len(), 1);
        assert_eq!(left[0].slug, "ledger");
        let all = bilingual(vec![unit(source, target, Ignore::All)]);
        assert!(lint(&all, &terms(), &langs).is_empty());
    }

    #[test]
    fn flags_win_over_what_the_file_says() {
        let document = bilingual(Vec::new());
        let langs = languages(&document, Some("de"), Some("fi"), "sv");
        assert_eq!(langs.source.as_deref(), Some("de"));
        assert_eq!(langs.target, "fi");
        let monolingual = Document::default();
        let langs = languages(&monolingual, Some("de"), None, "sv");
        assert_eq!((langs.source, langs.target.as_str()), (None, "sv"));
        assert_eq!(
            involved(&[languages(&document, None, None, "x")]),
            ["en", "sv"]
        );
    }

    #[test]
    fn scan_lists_every_occurrence_with_its_description() {
        let document = Document {
            units: vec![Unit {
                source: None,
                target: Some(text(1, 1, "Skicka fakturan och fakturor")),
                ignore: Ignore::Nothing,
            }],
            ..Document::default()
        };
        let langs = languages(&document, None, Some("sv"), "en");
        let found = scan(&document, &terms(), &langs);
        let words: Vec<(&str, u32, &str)> = found
            .iter()
            .map(|f| (f.found.as_str(), f.span.column, f.description.as_str()))
            .collect();
        assert_eq!(
            words,
            [
                ("fakturan", 8, "About faktura."),
                ("fakturor", 21, "About faktura.")
            ]
        );
        assert_eq!(found[0].severity, None);
        let passages = passages(&document, &terms(), &langs);
        assert_eq!(passages[0].marks, [(7, 15), (20, 28)]);
    }
}
