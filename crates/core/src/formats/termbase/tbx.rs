//! TBX-Basic (ISO 30042:2019, DCA style), written and read with quick-xml:
//! one `conceptEntry` per term, one `langSec` per language with the
//! definition and a `termSec` per term: the title, its aliases and its
//! avoided terms, told apart by their `administrativeStatus` (preferred,
//! admitted, deprecated). Reading refuses document type declarations, so no
//! entity can be defined, let alone expanded.

use super::{bad, Entry, Term};
use crate::model::error::Error;
use crate::model::lang;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use std::path::Path;

/// What gloss writes in `sourceDesc`; a file that says it is read back with
/// its ids as slugs, so an export imports under the same names.
const SOURCE: &str = "Exported by gloss: conceptEntry ids are glossary slugs.";

/// An XML id cannot start with a digit; such a slug gets this prefix.
const ID_PREFIX: char = '_';

/// TBX-Basic's `administrativeStatus` values for a title, an alias and an
/// avoided term.
const PREFERRED: &str = "preferredTerm-admn-sts";
const ADMITTED: &str = "admittedTerm-admn-sts";
const DEPRECATED: &str = "deprecatedTerm-admn-sts";
/// Statuses read as "do not use" besides `DEPRECATED`.
const AVOIDED: &[&str] = &[DEPRECATED, "supersededTerm-admn-sts", "notRecommended"];

pub(crate) fn write(entries: &[Entry]) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = write_document(&mut writer, entries);
    let mut out = String::from_utf8(writer.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn write_document(writer: &mut Writer<Vec<u8>>, entries: &[Entry]) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("tbx")
        .with_attributes([
            ("type", "TBX-Basic"),
            ("style", "dca"),
            ("xml:lang", "en"),
            ("xmlns", "urn:iso:std:iso:30042:ed-2"),
        ])
        .write_inner_content(|w| {
            w.create_element("tbxHeader").write_inner_content(|w| {
                w.create_element("fileDesc").write_inner_content(|w| {
                    w.create_element("sourceDesc").write_inner_content(|w| {
                        w.create_element("p")
                            .write_text_content(BytesText::new(SOURCE))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("text").write_inner_content(|w| {
                w.create_element("body").write_inner_content(|w| {
                    for entry in entries {
                        write_entry(w, entry)?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn write_entry(w: &mut Writer<Vec<u8>>, entry: &Entry) -> std::io::Result<()> {
    let slug = entry.slug.as_deref().unwrap_or_default();
    let id = if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{ID_PREFIX}{slug}")
    } else {
        slug.to_string()
    };
    w.create_element("conceptEntry")
        .with_attribute(("id", id.as_str()))
        .write_inner_content(|w| {
            for term in &entry.terms {
                w.create_element("langSec")
                    .with_attribute(("xml:lang", term.lang.as_str()))
                    .write_inner_content(|w| {
                        w.create_element("descrip")
                            .with_attribute(("type", "definition"))
                            .write_text_content(BytesText::new(&xml_text(&term.definition)))?;
                        let names = std::iter::once((term.title.as_str(), PREFERRED))
                            .chain(term.aliases.iter().map(|a| (a.as_str(), ADMITTED)))
                            .chain(term.avoid.iter().map(|a| (a.as_str(), DEPRECATED)));
                        for (name, status) in names {
                            w.create_element("termSec").write_inner_content(|w| {
                                w.create_element("term")
                                    .write_text_content(BytesText::new(&xml_text(name)))?;
                                w.create_element("termNote")
                                    .with_attribute(("type", "administrativeStatus"))
                                    .write_text_content(BytesText::new(status))?;
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Text as it may stand in XML 1.0: what gloss shows (`sanitize` removes
/// every control but the line break, and the noncharacters U+FFFE and
/// U+FFFF), so the export is well-formed whatever the folders hold.
fn xml_text(text: &str) -> std::borrow::Cow<'_, str> {
    crate::model::text::sanitize(text)
}

/// Where text being read goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Definition,
    Note,
    /// A `termNote` of type `administrativeStatus`.
    Status,
}

/// The `termSec` being read: its term and its status, placed in the
/// language when it closes.
#[derive(Default)]
struct Pending {
    open: bool,
    term: String,
    status: String,
}

/// Reads the entries of a TBX file. Every problem is one error naming the
/// file and line; nothing is returned partly read.
pub(crate) fn read(path: &Path, text: &str) -> Result<Vec<Entry>, Error> {
    let mut reader = Reader::from_str(text);
    let lines = Lines::new(text);
    // Messages name the line an event starts on, past any white space.
    let at = |from: usize| {
        let rest = text.get(from..).unwrap_or_default();
        let skipped = rest.len() - rest.trim_start().len();
        Some(lines.of(from + skipped))
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut gloss_ids = false;
    let mut in_source = false;
    let mut root_seen = false;
    let mut field: Option<(Field, usize)> = None;
    let mut pending = Pending::default();
    let mut depth = 0usize;
    let mut buffer = String::new();
    loop {
        let from = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|error| {
            bad(
                path,
                Some(lines.of(reader.error_position() as usize)),
                format!("not well-formed XML: {error}"),
            )
        })?;
        match event {
            Event::DocType(_) => {
                return Err(bad(
                    path,
                    at(from),
                    "document type declarations are not accepted (their entities could expand without bound)",
                ))
            }
            Event::Start(start) => {
                depth += 1;
                let line = at(from);
                let opened = open(path, &start, line, &mut root_seen, &mut entries)?;
                in_source |= opened == Opened::Source;
                if opened == Opened::TermSec {
                    pending = Pending {
                        open: true,
                        ..Pending::default()
                    };
                }
                if let Opened::Field(kind) = opened {
                    field = Some((kind, depth));
                }
            }
            Event::Empty(start) => {
                let line = at(from);
                if let Opened::Field(kind) = open(path, &start, line, &mut root_seen, &mut entries)? {
                    store(&mut entries, &mut pending, kind, String::new());
                }
            }
            Event::End(end) => {
                let name = String::from_utf8_lossy(end.local_name().as_ref()).into_owned();
                if name == "sourceDesc" {
                    in_source = false;
                }
                if let Some((kind, level)) = field {
                    if level == depth {
                        store(&mut entries, &mut pending, kind, std::mem::take(&mut buffer));
                        field = None;
                    }
                }
                if name == "termSec" {
                    place(&mut entries, std::mem::take(&mut pending));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(content) => {
                let content = content
                    .xml_content()
                    .map_err(|e| bad(path, at(from), e.to_string()))?;
                if field.is_some() {
                    buffer.push_str(&content);
                } else if in_source && content.trim() == SOURCE {
                    gloss_ids = true;
                }
            }
            Event::CData(content) if field.is_some() => {
                let content = content
                    .decode()
                    .map_err(|e| bad(path, at(from), e.to_string()))?;
                buffer.push_str(&content);
            }
            Event::GeneralRef(reference) => {
                let line = at(from);
                let name = reference
                    .decode()
                    .map_err(|e| bad(path, line, e.to_string()))?;
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| {
                            bad(path, line, format!("unknown entity '&{name};'"))
                        })?
                        .to_string(),
                    Err(e) => return Err(bad(path, line, e.to_string())),
                };
                if field.is_some() {
                    buffer.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(bad(path, Some(1), "not a TBX file: no XML element in it"));
    }
    if !gloss_ids {
        for entry in &mut entries {
            entry.slug = None;
        }
    }
    for entry in &entries {
        if let Some(slug) = &entry.slug {
            if !crate::model::article::is_slug(slug) {
                let message = format!("id '{}' is not a slug", crate::model::error::shown(slug));
                return Err(bad(path, Some(entry.line), message));
            }
        }
        if let Some(term) = entry.terms.iter().find(|t| t.title.trim().is_empty()) {
            let message = format!("the {} term is empty", term.lang);
            return Err(bad(path, Some(entry.line), message));
        }
    }
    Ok(entries
        .into_iter()
        .filter(|e| !e.terms.is_empty())
        .collect())
}

/// What an opening tag starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opened {
    Source,
    TermSec,
    Field(Field),
    Other,
}

/// Handles an opening (or empty) tag: the root check, a new entry or
/// language, or the start of a field whose text is collected.
fn open(
    path: &Path,
    start: &BytesStart,
    line: Option<usize>,
    root_seen: &mut bool,
    entries: &mut Vec<Entry>,
) -> Result<Opened, Error> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    if !*root_seen {
        *root_seen = true;
        if name != "tbx" {
            let message = format!("not a TBX file: the root element is <{name}>, not <tbx>");
            return Err(bad(path, line, crate::model::text::one_line(&message)));
        }
    }
    Ok(match name.as_str() {
        "sourceDesc" => Opened::Source,
        "conceptEntry" => {
            if entries.len() >= super::MAX_IMPORT_ENTRIES {
                return Err(super::too_many(path, line.unwrap_or(1)));
            }
            let id = attribute(path, start, "id", line)?;
            entries.push(Entry {
                slug: id.map(|id| id.trim_start_matches(ID_PREFIX).to_string()),
                line: line.unwrap_or(1),
                terms: Vec::new(),
            });
            Opened::Other
        }
        "langSec" => {
            let tag = attribute(path, start, "xml:lang", line)?
                .ok_or_else(|| bad(path, line, "<langSec> has no xml:lang"))?;
            let lang = lang::canonical(&tag).ok_or_else(|| {
                bad(
                    path,
                    line,
                    lang::not_a_tag(&crate::model::error::shown(&tag)),
                )
            })?;
            let entry = entries
                .last_mut()
                .ok_or_else(|| bad(path, line, "<langSec> outside a <conceptEntry>"))?;
            entry.terms.push(Term {
                lang,
                ..Term::default()
            });
            Opened::Other
        }
        "termSec" => Opened::TermSec,
        "term" => Opened::Field(Field::Title),
        "termNote"
            if attribute(path, start, "type", line)?.as_deref() == Some("administrativeStatus") =>
        {
            Opened::Field(Field::Status)
        }
        "descrip" if attribute(path, start, "type", line)?.as_deref() == Some("definition") => {
            Opened::Field(Field::Definition)
        }
        "note" => Opened::Field(Field::Note),
        _ => Opened::Other,
    })
}

/// An attribute's value, unescaped (an unknown entity is an error).
fn attribute(
    path: &Path,
    start: &BytesStart,
    name: &str,
    line: Option<usize>,
) -> Result<Option<String>, Error> {
    let found = start
        .try_get_attribute(name)
        .map_err(|e| bad(path, line, format!("not well-formed XML: {e}")))?;
    found
        .map(|attr| {
            attr.unescape_value()
                .map(|value| value.into_owned())
                .map_err(|e| bad(path, line, format!("not well-formed XML: {e}")))
        })
        .transpose()
}

/// Puts a field's text where it belongs: the language last opened in the
/// current entry. A field before any language (a note on the whole
/// concept) has no article to go to and is left out.
fn store(entries: &mut [Entry], pending: &mut Pending, kind: Field, text: String) {
    let text = text.trim().to_string();
    if pending.open {
        match kind {
            Field::Title => return pending.term = text,
            Field::Status => return pending.status = text,
            Field::Definition | Field::Note => {}
        }
    }
    let Some(term) = entries.last_mut().and_then(|entry| entry.terms.last_mut()) else {
        return;
    };
    match kind {
        // A langSec may hold several termSecs (synonyms): the first is the title.
        Field::Title if term.title.is_empty() => term.title = text,
        Field::Title => {}
        Field::Definition => term.definition = text,
        Field::Note if !text.is_empty() => term.notes.push(text),
        Field::Note | Field::Status => {}
    }
}

/// A `termSec` read whole, placed by its status: a deprecated term is to
/// be avoided; of the others (preferred, admitted, or none said) the first
/// is the title and the rest are aliases.
fn place(entries: &mut [Entry], pending: Pending) {
    let Some(term) = entries.last_mut().and_then(|entry| entry.terms.last_mut()) else {
        return;
    };
    if pending.term.is_empty() {
        return;
    }
    if AVOIDED.contains(&pending.status.as_str()) {
        term.avoid.push(pending.term);
    } else if term.title.is_empty() {
        term.title = pending.term;
    } else {
        term.aliases.push(pending.term);
    }
}

/// Byte offsets to line numbers, by binary search over line starts.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { starts }
    }

    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}
