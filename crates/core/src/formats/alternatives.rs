//! How glossaries and bilingual dictionaries write several translations
//! in one field: a line each, or items apart by commas or semicolons
//! outside brackets (`produit, bien`; `hus, hem; bostad`), each perhaps
//! with what brackets add (`séquestre (compte)`). `--translations` reads
//! dictionary entries by this rule and the PO glossary reader makes each
//! item an alias.

/// The translations an entry's text lists, as FreeDict and most bilingual
/// dictionaries write them: a line each, or several on a line apart by
/// commas or semicolons; a pronunciation line (`/haus/`) and a sense
/// number (`1. `) are not translations, nor is what is in brackets split.
pub(crate) fn translation_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.len() >= 2 && line.starts_with('/') && line.ends_with('/') {
            continue;
        }
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line = match line[digits..].strip_prefix(". ") {
            Some(rest) if digits > 0 => rest.trim_start(),
            _ => line,
        };
        let mut depth = 0usize;
        let mut start = 0;
        for (at, c) in line.char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                ',' | ';' if depth == 0 => {
                    items.push(line[start..at].trim());
                    start = at + 1;
                }
                _ => {}
            }
        }
        items.push(line[start..].trim());
    }
    items.retain(|item| !item.is_empty());
    items
}

/// A translation without what brackets add to it (`house (colloquial)`,
/// `[US] fall`): the word a reader would look up.
pub(crate) fn unannotated(item: &str) -> String {
    let mut word = String::with_capacity(item.len());
    let mut depth = 0usize;
    for c in item.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => word.push(c),
            _ => {}
        }
    }
    word
}

/// The names a field of several translations gives beside itself, for a
/// glossary's aliases: each item when there are several, and each item
/// without its brackets' annotation (`séquestre (compte)` gives
/// `séquestre`); neither the field itself nor a repeat.
pub(crate) fn aliases(field: &str) -> Vec<String> {
    let items = translation_items(field);
    let mut aliases: Vec<String> = Vec::new();
    for item in &items {
        let bare = unannotated(item)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let names = [(items.len() > 1).then(|| item.to_string()), Some(bare)];
        for name in names.into_iter().flatten() {
            if !name.is_empty() && name != field.trim() && !aliases.contains(&name) {
                aliases.push(name);
            }
        }
    }
    aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_items_are_the_lines_and_their_comma_separated_parts() {
        let text = "/haus/\n1. hus, hem; bostad\n2. kåk (colloquial, old)\n\n  [US] fall ";
        assert_eq!(
            translation_items(text),
            ["hus", "hem", "bostad", "kåk (colloquial, old)", "[US] fall"]
        );
        assert_eq!(unannotated("kåk (colloquial, old)").trim(), "kåk");
        assert_eq!(unannotated("[US] fall").trim(), "fall");
        // A number that is not a sense number stays.
        assert_eq!(translation_items("1984\n3.5 mm"), ["1984", "3.5 mm"]);
    }

    #[test]
    fn a_field_of_alternatives_gives_each_as_an_alias() {
        assert_eq!(aliases("produit, bien"), ["produit", "bien"]);
        assert_eq!(aliases("séquestre (compte)"), ["séquestre"]);
        assert_eq!(aliases("konto"), Vec::<String>::new());
        assert_eq!(
            aliases("cours (d'une action), prix"),
            ["cours (d'une action)", "cours", "prix"]
        );
    }
}
