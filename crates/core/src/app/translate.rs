//! The translator's commands: `--compare`, `--coverage`, `--export` and
//! `--import`, each from request to output.

use super::output::{print, print_list, print_paged, warn_plain};
use super::request::Request;
use crate::exchange;
use crate::formats::termbase::Exchange;
use crate::model::error::{Error, ExitCode};
use crate::model::text::one_line;
use crate::query::{compare, coverage};
use crate::render::{self, Format};
use crate::store::glossary::Glossary;
use std::path::{Path, PathBuf};

/// `TERM --compare LANGS`: side by side on a terminal, one after another
/// when piped. Off a terminal the structure note goes to stderr, where it
/// cannot get in a script's way.
pub(super) fn compare(
    glossary: &Glossary,
    request: &Request,
    langs: &[String],
) -> Result<ExitCode, Error> {
    let pages = compare::pages(glossary, &request.term, langs, &request.preferences)?;
    if request.format != Format::Terminal {
        if let Some(note) = render::compare::structure_note(&pages) {
            warn_plain(&format!("note: {note}"));
        }
    }
    print_paged(
        &render::compare::render(&pages, request.format, request.look),
        request,
    )?;
    Ok(ExitCode::Success)
}

/// `--coverage`: a row per language; with `--lang`, that language's gaps.
pub(super) fn coverage(glossary: &Glossary, request: &Request) -> Result<ExitCode, Error> {
    let records = if request.explicit_langs.is_empty() {
        coverage::summary(glossary)
    } else {
        coverage::gaps(glossary, &request.explicit_langs, &request.preferences)
    };
    print_list(Ok(records), request)
}

/// `--export FORMAT`: the whole glossary on stdout.
pub(super) fn export(
    glossary: &Glossary,
    request: &Request,
    format: Exchange,
    raw: bool,
) -> Result<ExitCode, Error> {
    let entries = exchange::entries(glossary, &request.explicit_langs);
    if entries.is_empty() {
        return Err(Error::Usage(format!(
            "no articles in {} to export",
            request.explicit_langs.join(", ")
        )));
    }
    // A column per language: those asked for, else all the glossary has.
    let text = format.write(&entries, raw, || {
        if !request.explicit_langs.is_empty() {
            return request.explicit_langs.clone();
        }
        let counts = crate::query::lists::language_counts(glossary);
        counts
            .into_iter()
            .map(|(lang, _)| lang.to_string())
            .collect()
    });
    print(&text)?;
    Ok(ExitCode::Success)
}

/// `--import FILE... --into DIR`: every article written is named on stdout
/// (one path a line, for `xargs git add`), the count on stderr. Articles
/// the folder already has as they would be written are left alone.
pub(super) fn import(files: &[PathBuf], into: &Path, force: bool) -> Result<ExitCode, Error> {
    let read = exchange::read_all(files)?;
    let mut entries = read.entries;
    let unchanged = exchange::drop_unchanged(&mut entries, into);
    // Messages about the whole set name the first file.
    let file = files.first().map_or(Path::new(""), PathBuf::as_path);
    let written = if entries.is_empty() && unchanged > 0 {
        Vec::new()
    } else {
        exchange::write(file, &entries, into, force)?
    };
    // Said once the import stands: a refused one is its one-line error.
    for warning in &read.warnings {
        warn_plain(warning);
    }
    if unchanged > 0 {
        warn_plain(&format!(
            "{unchanged} article(s) already in {} as they are in the file(s)",
            into.display()
        ));
    }
    let lines: String = written
        .iter()
        .map(|path| format!("{}\n", one_line(&path.display().to_string())))
        .collect();
    print(&lines)?;
    warn_plain(&format!(
        "imported {} article(s) into {}",
        written.len(),
        into.display()
    ));
    Ok(ExitCode::Success)
}
