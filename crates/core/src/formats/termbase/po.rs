//! Glossaries kept as gettext PO files (GnuCash's `po/glossary/`,
//! OpenStack's i18n glossary), read with the document reader's parser
//! (`formats/document/po/`): `msgid` is the English term, its `#.`
//! extracted comments the definition, `msgstr` the term in the file's
//! `Language:` (or, without one, the language the file is named after:
//! `pt_BR.po`). An entry with a `msgctxt` is a term of its own, its slug
//! made from the term and the context.

use super::{bad, slugify, Entry, Term};
use crate::formats::document::po::{self, Catalog};
use crate::model::error::{shown, Error};
use crate::model::lang;
use gloss_format::read::Problem;
use std::collections::HashMap;
use std::path::Path;

/// Reads a PO glossary. An untranslated or fuzzy entry gives the English
/// term alone: a translation that is not reviewed is not imported. A term
/// that makes no slug (GnuCash's `""`, the quotation marks) is left out,
/// and said in `warnings`.
pub(crate) fn read(
    path: &Path,
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Result<Vec<Entry>, Error> {
    let catalog = po::parse(bytes).map_err(|message| located(path, &message))?;
    let language = language(path, &catalog)?;
    let mut entries = Vec::new();
    // Titles taken, by language: gloss finds a term by its title, so two
    // terms may not share one (GnuCash translates two terms `Aktiva`).
    let mut taken: HashMap<(String, String), usize> = HashMap::new();
    let mut skip =
        |lang: &str, title: &str, line: usize, what: &str, warnings: &mut Vec<String>| {
            let key = (lang.to_string(), crate::model::text::match_key(title));
            if let Some(&first) = taken.get(&key) {
                let message = format!(
                    "'{}' ({lang}) is already the term at line {first}; {what} not imported",
                    shown(title)
                );
                warnings.push(Problem::new(path, Some(line), message).to_string());
                return true;
            }
            taken.insert(key, line);
            false
        };
    for entry in &catalog.entries {
        let line = entry.line as usize;
        let title = entry.id.as_str().trim();
        if title.is_empty() {
            continue;
        }
        let context = entry.context.as_ref().map(|c| c.as_str().trim());
        let named = match context.filter(|c| !c.is_empty()) {
            None => title.to_string(),
            Some(context) => format!("{title} {context}"),
        };
        let Some(slug) = slugify(&named) else {
            let problem = Problem::new(
                path,
                Some(line),
                format!(
                    "term '{}' makes no slug (it needs letters or digits); not imported",
                    shown(title)
                ),
            );
            warnings.push(problem.to_string());
            continue;
        };
        let slug = context.is_some().then_some(slug);
        if slug.is_none() && skip(po::SOURCE_LANG, title, line, "this entry", warnings) {
            continue;
        }
        let mut terms = vec![Term {
            lang: po::SOURCE_LANG.to_string(),
            title: title.to_string(),
            definition: definition(&entry.extracted),
            ..Term::default()
        }];
        let translation = entry.strings.first().map_or("", |s| s.as_str().trim());
        if !translation.is_empty()
            && !entry.is_fuzzy()
            && language != po::SOURCE_LANG
            && !skip(&language, translation, line, "the translation", warnings)
        {
            // GnuCash writes alternatives in one msgstr (`produit, bien`)
            // and annotates (`séquestre (compte)`): the title stays as
            // written, and each alternative, bare, is an alias, so that a
            // translation using one of them is found.
            terms.push(Term {
                lang: language.clone(),
                title: translation.to_string(),
                aliases: crate::formats::alternatives::aliases(translation),
                ..Term::default()
            });
        }
        entries.push(Entry { slug, line, terms });
    }
    // An alias is one more way to name its term: one that names another
    // term too (its title, or an alias two terms were given: `Währung
    // (Kontoart)` bare is the title `Währung`) would make both ambiguous,
    // and is left out.
    let key = |lang: &str, name: &str| (lang.to_string(), crate::model::text::match_key(name));
    let mut given: HashMap<(String, String), usize> = HashMap::new();
    for term in entries.iter().flat_map(|entry| &entry.terms) {
        for alias in &term.aliases {
            *given.entry(key(&term.lang, alias)).or_default() += 1;
        }
    }
    for term in entries.iter_mut().flat_map(|entry| &mut entry.terms) {
        let lang = term.lang.clone();
        term.aliases.retain(|alias| {
            let key = key(&lang, alias);
            !taken.contains_key(&key) && given.get(&key) == Some(&1)
        });
    }
    Ok(entries)
}

/// A parser message `line N: what` as a problem at that line of the file.
fn located(path: &Path, message: &str) -> Error {
    let at = message
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(line, rest)| Some((line.parse::<usize>().ok()?, rest)));
    match at {
        Some((line, rest)) => bad(path, Some(line), rest),
        None => bad(path, None, message),
    }
}

/// The header's `Language:`, else the file's name (`pt_BR.po`).
fn language(path: &Path, catalog: &Catalog) -> Result<String, Error> {
    let declared = catalog
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    if let Some(declared) = declared {
        return lang::canonical(declared).ok_or_else(|| {
            bad(
                path,
                None,
                format!(
                    "the header's Language: {}",
                    lang::not_a_tag(&shown(declared))
                ),
            )
        });
    }
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .and_then(lang::canonical)
        .ok_or_else(|| {
            bad(
                path,
                None,
                "the header has no Language: and the file is not named after one (like sv.po)",
            )
        })
}

/// The extracted comments as one definition. GnuCash quotes each one and
/// writes `"-"` for none.
fn definition(comments: &[String]) -> String {
    let parts: Vec<&str> = comments
        .iter()
        .map(|comment| {
            let comment = comment.trim();
            comment
                .strip_prefix('"')
                .and_then(|c| c.strip_suffix('"'))
                .unwrap_or(comment)
                .trim()
        })
        .filter(|comment| !comment.is_empty() && *comment != "-")
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_english_terms_with_their_translations() {
        let file = "msgid \"\"\nmsgstr \"Language: sv\\n\"\n\n\
            #. \"A detailed record of money\"\nmsgid \"account\"\nmsgstr \"konto\"\n\n\
            #. \"-\"\nmsgid \"account name\"\nmsgstr \"\"\n\n\
            #, fuzzy\nmsgid \"balance\"\nmsgstr \"saldo\"\n\n\
            msgctxt \"verb\"\nmsgid \"file\"\nmsgstr \"arkivera\"\n";
        let entries = read(Path::new("x.po"), file.as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(entries.len(), 4);
        let account = &entries[0];
        assert_eq!(account.line, 5);
        assert_eq!(account.slug, None);
        assert_eq!(account.terms[0].title, "account");
        assert_eq!(account.terms[0].definition, "A detailed record of money");
        assert_eq!(account.terms[1].lang, "sv");
        assert_eq!(account.terms[1].title, "konto");
        assert_eq!(entries[1].terms.len(), 1);
        assert_eq!(entries[1].terms[0].definition, "");
        // Fuzzy: the English term alone.
        assert_eq!(entries[2].terms.len(), 1);
        assert_eq!(entries[3].slug.as_deref(), Some("file-verb"));

        let mut warnings = Vec::new();
        let file = b"msgid \"\\\"\\\"\"\nmsgstr \"\"\n\nmsgid \"ok\"\nmsgstr \"\"\n";
        let entries = read(Path::new("sv.po"), file, &mut warnings).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            warnings,
            ["sv.po:1: term '\"\"' makes no slug (it needs letters or digits); not imported"]
        );
    }

    #[test]
    fn alternatives_in_a_translation_are_aliases_unless_another_term_has_them() {
        let file = "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n\
            msgid \"commodity\"\nmsgstr \"produit, bien\"\n\n\
            msgid \"escrow account\"\nmsgstr \"séquestre (compte)\"\n\n\
            msgid \"currency\"\nmsgstr \"devise\"\n\n\
            msgid \"account type currency\"\nmsgstr \"devise (type de compte)\"\n";
        let entries = read(Path::new("fr.po"), file.as_bytes(), &mut Vec::new()).unwrap();
        let french = |n: usize| &entries[n].terms[1];
        assert_eq!(french(0).title, "produit, bien");
        assert_eq!(french(0).aliases, ["produit", "bien"]);
        assert_eq!(french(1).aliases, ["séquestre"]);
        // Bare, it would be the title of `currency`: left out.
        assert_eq!(french(3).title, "devise (type de compte)");
        assert!(french(3).aliases.is_empty());
    }

    #[test]
    fn the_language_comes_from_the_header_or_the_file_name() {
        let file = b"msgid \"account\"\nmsgstr \"conta\"\n";
        let entries = read(Path::new("dir/pt_BR.po"), file, &mut Vec::new()).unwrap();
        assert_eq!(entries[0].terms[1].lang, "pt-BR");
        let error = read(Path::new("glossary.po"), file, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("glossary.po: the header has no Language:"),
            "{error}"
        );
        let error = read(
            Path::new("sv.po"),
            b"msgid \"a\"\nmsgstr \"b\"\nbogus\n",
            &mut Vec::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("sv.po:3: unexpected bogus"), "{error}");
    }
}
