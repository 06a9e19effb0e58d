//! Turning one `Page` (an article with its related terms and languages) into
//! text: terminal, plain, markdown or JSON, the output formats `--format`
//! names (`Format`). Every renderer reads the same model; none of them looks
//! at the source file.

pub mod compare;
pub mod dictionary;
pub mod findings;
mod hyperlink;
mod json;
mod markdown;
mod plain;
pub mod records;
mod terminal;

use crate::model::lang::primary;
pub use crate::model::page::{Backlink, Page, Related};
/// Markdown-escapes text set into markdown gloss writes (an editor's hover).
pub use markdown::escape as escape_markdown;

/// An output format, and the values `--format` takes besides `auto` (which
/// the app resolves to one of these before rendering): each value's line is
/// its help text. A page is rendered by its own arm in `render`; lists,
/// comparisons, dictionary entries and findings in a format without a shape
/// of its own for them are written as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Styled and wrapped for reading
    Terminal,
    /// No styling, one paragraph per line, for grep and scripts
    Plain,
    /// The article as clean markdown
    Markdown,
    /// One JSON object, a stable interface for scripts
    Json,
    // Modes other than --lint print JSON for it.
    /// SARIF 2.1.0 for code-scanning services (--lint only)
    Sarif,
}

impl Format {
    /// Every format, in `--format`'s order: the fuzz targets render a page
    /// in each, so that a new one is fuzzed as soon as it is added.
    pub fn all() -> &'static [Format] {
        <Format as clap::ValueEnum>::value_variants()
    }
}

/// How terminal output looks: colour and hyperlinks decided once, and the
/// wrap width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub color: bool,
    /// Web links as OSC 8 hyperlinks.
    pub hyperlinks: bool,
    pub width: usize,
}

/// Renders a whole page, or with `short` only its one-line description.
pub fn render(page: &Page, format: Format, short: bool, look: Look) -> String {
    match (format, short) {
        (Format::Json | Format::Sarif, true) => json::short(page),
        (Format::Json | Format::Sarif, false) => json::page(page),
        (Format::Terminal, true) => terminal::short(page, look),
        (_, true) => format!("{}\n", page.article.front.description),
        (Format::Terminal, false) => terminal::page(page, look),
        (Format::Plain, false) => plain::page(page),
        (Format::Markdown, false) => markdown::page(page),
    }
}

/// The words a page uses around the article, in the article's language.
struct Labels {
    related: &'static str,
    missing: &'static str,
    /// Before the aliases, under the title.
    aliases: &'static str,
    referenced_by: &'static str,
}

fn labels(lang: &str) -> Labels {
    let (related, missing, aliases, referenced_by) = match primary(lang) {
        "sv" => (
            "Relaterade termer",
            "saknas i ordlistan",
            "Även",
            "Hänvisas från",
        ),
        "nb" | "nn" | "no" => (
            "Relaterte termer",
            "finnes ikke i ordlisten",
            "Også",
            "Henvist fra",
        ),
        "fi" => ("Liittyvät termit", "ei sanastossa", "Myös", "Viittaukset"),
        "pl" => (
            "Powiązane terminy",
            "brak w słowniczku",
            "Również",
            "Odwołania",
        ),
        "ru" => ("Связанные термины", "нет в глоссарии", "Также", "Ссылаются"),
        _ => (
            "Related terms",
            "not in the glossary",
            "Also",
            "Referenced by",
        ),
    };
    Labels {
        related,
        missing,
        aliases,
        referenced_by,
    }
}

/// The line under the title that names the term's aliases, if it has any.
fn aliases_line(page: &Page) -> Option<String> {
    let aliases = &page.article.front.aliases;
    let label = labels(&page.article.lang).aliases;
    (!aliases.is_empty()).then(|| format!("{label}: {}", aliases.join(", ")))
}
