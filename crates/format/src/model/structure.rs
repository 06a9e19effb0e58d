//! The shape of a translation: how many sections and links an article has,
//! and which languages of a term differ from the others. This is the
//! tldr-pages heuristic for a translation that may be out of date: its
//! structure no longer matches the English article, or the majority.

use crate::model::article::Article;

/// What `--compare` and `--coverage` compare between the languages of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Structure {
    /// Headed sections (text before the first heading is not counted: a
    /// translator may or may not open with a lead).
    pub sections: usize,
    /// Distinct glossary terms linked to.
    pub links: usize,
}

impl Structure {
    pub fn of(article: &Article) -> Structure {
        Structure {
            sections: article
                .sections
                .iter()
                .filter(|section| section.heading.is_some())
                .count(),
            links: article.links().len(),
        }
    }
}

/// How one language's article differs from the reference shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub lang: String,
    /// Says what differs, e.g. "3 sections (en has 4); 2 links (en has 3)".
    pub reason: String,
}

/// The languages whose structure differs from the term's English article
/// when it has one, otherwise from the most common count among its
/// languages (ties go to the larger count, so a translation that lost a
/// section is the one flagged). One language alone cannot drift.
pub fn drifts(shapes: &[(String, Structure)]) -> Vec<Drift> {
    if shapes.len() < 2 {
        return Vec::new();
    }
    let english = shapes
        .iter()
        .find(|(lang, _)| crate::model::lang::primary(lang) == "en");
    let (sections, links, by) = match english {
        Some((lang, shape)) => (shape.sections, shape.links, format!("{lang} has")),
        None => (
            majority(shapes.iter().map(|(_, s)| s.sections)),
            majority(shapes.iter().map(|(_, s)| s.links)),
            "most languages have".to_string(),
        ),
    };
    shapes
        .iter()
        .filter_map(|(lang, shape)| {
            let mut reasons = Vec::new();
            if shape.sections != sections {
                reasons.push(format!("{} sections ({by} {sections})", shape.sections));
            }
            if shape.links != links {
                reasons.push(format!("{} links ({by} {links})", shape.links));
            }
            (!reasons.is_empty()).then(|| Drift {
                lang: lang.clone(),
                reason: reasons.join("; "),
            })
        })
        .collect()
}

/// The most common value; ties go to the larger.
fn majority(values: impl Iterator<Item = usize>) -> usize {
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(value, count)| (count, value))
        .map_or(0, |(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(lang: &str, sections: usize, links: usize) -> (String, Structure) {
        (lang.to_string(), Structure { sections, links })
    }

    #[test]
    fn the_odd_one_out_drifts() {
        let shapes = [shape("fi", 4, 3), shape("sv", 4, 3), shape("pl", 3, 3)];
        let drifts = drifts(&shapes);
        assert_eq!(drifts.len(), 1);
        assert_eq!(drifts[0].lang, "pl");
        assert_eq!(drifts[0].reason, "3 sections (most languages have 4)");
    }

    #[test]
    fn english_is_the_reference_where_there_is_one() {
        let shapes = [shape("en", 2, 1), shape("fi", 4, 3), shape("sv", 4, 3)];
        let langs: Vec<String> = drifts(&shapes).into_iter().map(|d| d.lang).collect();
        assert_eq!(langs, ["fi", "sv"]);
        assert_eq!(
            drifts(&shapes)[0].reason,
            "4 sections (en has 2); 3 links (en has 1)"
        );
    }

    #[test]
    fn ties_favour_the_larger_count_and_one_language_never_drifts() {
        let drifted = drifts(&[shape("fi", 4, 0), shape("sv", 3, 0)]);
        assert_eq!(drifted[0].lang, "sv");
        assert!(drifts(&[shape("fi", 9, 9)]).is_empty());
    }
}
