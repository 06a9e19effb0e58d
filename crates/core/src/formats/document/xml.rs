//! XML as the XLIFF and TMX readers see it: quick-xml's events turned into
//! elements, end tags and pieces of text with their places in the file.
//! A document type declaration is refused (no entity can be defined, so
//! none expands and none is fetched), only XML's five entities and
//! character references are read, and nesting is bounded.

use super::source::{self, Locator};
use crate::model::error::shown;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Elements open at once: real XLIFF and TMX nest a dozen deep.
pub(crate) const MAX_DEPTH: usize = 256;

/// Attributes on one element: quick-xml checks each against those before
/// it (for duplicates), so their number must be bounded to keep the check
/// linear in the file. Real elements have a handful.
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// What the readers are handed.
pub(crate) enum Item {
    /// An element opens; `empty` when it closes at once (`<x/>`).
    Start(Element),
    /// An element closes (not sent for an empty one).
    End(String),
    /// Text, decoded, whose first character stands at `line`:`column`.
    Text(String, u32, u32),
    /// A comment's text.
    Comment(String),
}

/// Where a reader stands among the elements: how deep, and whether inside
/// a subtree it does not read (notes, inline codes, units not to translate).
#[derive(Default)]
pub(crate) struct Nesting {
    depth: usize,
    /// The depth the subtree not read opened at.
    skip: Option<usize>,
}

impl Nesting {
    /// An element opens; whether it is read (not inside a skipped subtree).
    pub(crate) fn open(&mut self, element: &Element) -> bool {
        if !element.empty {
            self.depth += 1;
        }
        self.skip.is_none()
    }

    /// The depth of the element last opened: what its end will close.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// The element just opened is not read, nor anything inside it.
    pub(crate) fn skip(&mut self, element: &Element) {
        if !element.empty {
            self.skip = Some(self.depth);
        }
    }

    /// Whether text here is read.
    pub(crate) fn reading(&self) -> bool {
        self.skip.is_none()
    }

    /// An element closes: the depth it opened at, or `None` when it closes
    /// inside a subtree not read (or closes that subtree).
    pub(crate) fn close(&mut self) -> Option<usize> {
        let depth = self.depth;
        self.depth = depth.saturating_sub(1);
        match self.skip {
            Some(level) => {
                if level == depth {
                    self.skip = None;
                }
                None
            }
            None => Some(depth),
        }
    }
}

pub(crate) struct Element {
    /// The local name (`trans-unit`, `seg`), without a namespace prefix.
    pub(crate) name: String,
    /// Attributes by their qualified names (`xml:lang`, `srcLang`), values decoded.
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) empty: bool,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Element {
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Reads `bytes` as XML, handing each item to `each` in document order.
/// Errors are one line with the place they were found.
pub(crate) fn read(
    bytes: &[u8],
    mut each: impl FnMut(Item) -> Result<(), String>,
) -> Result<(), String> {
    let text = source::utf8(bytes)?;
    let mut reader = Reader::from_str(text);
    let mut locator = Locator::new(text);
    let mut depth = 0usize;
    loop {
        let from = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|error| {
            let (line, column) = locator.at(reader.error_position() as usize);
            format!(
                "not well-formed XML at line {line}, column {column}: {}",
                source::quoted(error)
            )
        })?;
        let (line, column) = locator.at(from);
        let at = |message: &str| format!("line {line}, column {column}: {message}");
        match event {
            Event::DocType(_) => {
                return Err(at(
                    "a document type declaration is not accepted (its entities could expand without bound or read other files)",
                ))
            }
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(at(&format!("elements nested deeper than {MAX_DEPTH}")));
                }
                each(Item::Start(element(&start, false, &reader, line, column)?))?;
            }
            Event::Empty(start) => {
                each(Item::Start(element(&start, true, &reader, line, column)?))?;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                let name = String::from_utf8_lossy(end.local_name().as_ref()).into_owned();
                each(Item::End(name))?;
            }
            Event::Text(content) => {
                let raw = content.decode().map_err(|e| at(&source::quoted(e)))?;
                // XML reads a line break as `\n` whatever the file has.
                each(Item::Text(raw.replace("\r\n", "\n"), line, column))?;
            }
            Event::CData(content) => {
                let raw = content.decode().map_err(|e| at(&source::quoted(e)))?;
                let (line, column) = (line, column + "<![CDATA[".len() as u32);
                each(Item::Text(raw.replace("\r\n", "\n"), line, column))?;
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| at(&source::quoted(e)))?;
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                        return Err(at(&format!(
                            "'&{};' names a character XML does not allow",
                            shown(&name)
                        )))
                    }
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| {
                            at(&format!(
                                "unknown entity '&{};' (only XML's own five are read)",
                                shown(&name)
                            ))
                        })?
                        .to_string(),
                    Err(e) => return Err(at(&source::quoted(e))),
                };
                each(Item::Text(resolved, line, column))?;
            }
            Event::Comment(content) => {
                let raw = content.decode().map_err(|e| at(&source::quoted(e)))?;
                each(Item::Comment(raw.into_owned()))?;
            }
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

/// An element's name and decoded attributes.
fn element(
    start: &BytesStart,
    empty: bool,
    reader: &Reader<&[u8]>,
    line: u32,
    column: u32,
) -> Result<Element, String> {
    let at = |message: String| format!("line {line}, column {column}: {message}");
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes().with_checks(true) {
        if attributes.len() == MAX_ATTRIBUTES {
            return Err(at(format!(
                "an element with more than {MAX_ATTRIBUTES} attributes"
            )));
        }
        let attribute = attribute.map_err(|e| at(source::quoted(e)))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| at(source::quoted(e)))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        empty,
        line,
        column,
    })
}
