//! TMX translation memories, read with quick-xml through `xml.rs`: the
//! source language is `header@srclang` (with `*all*` or none, the language
//! of the first `tuv` in the file); each `tu` is one unit, its source the
//! `tuv` in the source language, its target the `tuv` in the document's
//! target language: the first other language the file has (a `Document`
//! has one target language; the `tuv`s in further languages are not
//! checked, and that is announced). In a `seg`, `<hi>` is text and the
//! native codes (`<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`) are not. A
//! comment `<!-- gloss-ignore [SLUG...] -->` silences the next `tu`.

use super::xml::{self, Element, Item, Nesting};
use super::{source, Document, Ignore, Text, Unit};

/// Inline codes holding the original format's markup.
const CODES: &[&str] = &["bpt", "ept", "it", "ph", "ut"];

/// A `tuv`'s language (if it says one that is a tag) and its `seg`.
type Tuv = (Option<String>, Text);

#[derive(Default)]
struct Reader {
    document: Document,
    /// `srclang` from the header; `None` for `*all*`.
    header_source: Option<String>,
    nesting: Nesting,
    /// The `tu` being read: its `tuv`s (language, text) and suppression.
    tu: Option<(Vec<Tuv>, Ignore)>,
    /// The depth the `tu` being read opened at.
    tu_depth: usize,
    /// The language of the `tuv` being read, and the depth it opened at.
    tuv: Option<(Option<String>, usize)>,
    /// The `seg` being read and the depth it opened at.
    seg: Option<(usize, Text)>,
    pending: Ignore,
    without_source: usize,
    others: Vec<String>,
}

/// Reads a TMX file.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, String> {
    let mut reader = Reader::default();
    xml::read(bytes, |item| {
        reader.item(item);
        Ok(())
    })?;
    let mut document = reader.document;
    if reader.without_source > 0 {
        document.warnings.push(format!(
            "{} tu(s) without a tuv in the source language not checked",
            reader.without_source
        ));
    }
    if !reader.others.is_empty() {
        document.warnings.push(format!(
            "tuvs in {} not checked: a file is checked in one target language, the first other than the source ({})",
            reader.others.join(", "),
            document.target_lang.as_deref().unwrap_or_default()
        ));
    }
    Ok(document)
}

impl Reader {
    fn item(&mut self, item: Item) {
        match item {
            Item::Start(element) => self.start(element),
            Item::End(_) => self.end(),
            Item::Text(piece, line, column) => {
                if let (true, Some((_, text))) = (self.nesting.reading(), &mut self.seg) {
                    text.push(&piece, line, column);
                }
            }
            Item::Comment(comment) => {
                if let Some(ignore) = source::ignore_of(comment.trim()) {
                    let slot = match &mut self.tu {
                        Some((_, ignore)) => ignore,
                        None => &mut self.pending,
                    };
                    *slot = source::join_ignore(std::mem::take(slot), ignore);
                }
            }
        }
    }

    fn start(&mut self, element: Element) {
        if !self.nesting.open(&element) {
            return;
        }
        let name = element.name.as_str();
        if let Some((_, text)) = &mut self.seg {
            if CODES.contains(&name) {
                if name == "ph" {
                    text.push(" ", element.line, element.column);
                }
                self.nesting.skip(&element);
            }
            return;
        }
        match name {
            "header" => {
                let warnings = &mut self.document.warnings;
                self.header_source = element
                    .attribute("srclang")
                    .filter(|lang| !lang.eq_ignore_ascii_case("*all*"))
                    .and_then(|lang| source::language(lang, "the header's srclang", warnings));
            }
            "tu" => {
                self.tu = Some((Vec::new(), std::mem::take(&mut self.pending)));
                self.tu_depth = self.nesting.depth();
                if element.empty {
                    self.finish();
                }
            }
            "tuv" if self.tu.is_some() => {
                let lang = element.attribute("xml:lang").or(element.attribute("lang"));
                let warnings = &mut self.document.warnings;
                let lang =
                    lang.and_then(|lang| source::language(lang, "a tuv's xml:lang", warnings));
                self.tuv = (!element.empty).then_some((lang, self.nesting.depth()));
            }
            "seg" if self.tuv.is_some() => {
                self.seg = Some((self.nesting.depth(), Text::default()));
                if element.empty {
                    self.end_seg();
                }
            }
            // Notes and properties are outside the text.
            "note" | "prop" => self.nesting.skip(&element),
            _ => {}
        }
    }

    fn end(&mut self) {
        let Some(depth) = self.nesting.close() else {
            return;
        };
        if self.seg.as_ref().is_some_and(|(level, _)| *level == depth) {
            self.end_seg();
        } else if self.seg.is_some() {
            // Markup inside the seg (`<hi>`) ends.
        } else if self.tuv.as_ref().is_some_and(|(_, level)| *level == depth) {
            self.tuv = None;
        } else if self.tu.is_some() && self.tu_depth == depth {
            self.finish();
        }
    }

    fn end_seg(&mut self) {
        let Some((_, text)) = self.seg.take() else {
            return;
        };
        if let (Some((tuvs, _)), Some((lang, _))) = (&mut self.tu, &self.tuv) {
            tuvs.push((lang.clone(), text));
        }
    }

    /// A `tu` ends: its unit, in the file's source and target languages.
    fn finish(&mut self) {
        let Some((tuvs, ignore)) = self.tu.take() else {
            return;
        };
        self.tuv = None;
        let document = &mut self.document;
        if document.source_lang.is_none() {
            document.source_lang = self
                .header_source
                .clone()
                .or_else(|| tuvs.first().and_then(|(lang, _)| lang.clone()));
        }
        let source_lang = document.source_lang.clone();
        let mut source = None;
        let mut target = None;
        for (lang, text) in tuvs {
            if lang.is_some() && lang == source_lang {
                source.get_or_insert(text);
                continue;
            }
            let Some(lang) = lang else { continue };
            let target_lang = document.target_lang.get_or_insert_with(|| lang.clone());
            if *target_lang == lang {
                target.get_or_insert(text);
            } else if !self.others.contains(&lang) {
                self.others.push(lang);
            }
        }
        let Some(source) = source else {
            self.without_source += 1;
            return;
        };
        document.units.push(Unit {
            source: Some(source),
            target: target.filter(|t| !t.as_str().trim().is_empty()),
            ignore,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tus_become_units_in_the_first_other_language() {
        let file = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<!-- gloss-ignore -->
<tu tuid="1">
  <prop type="x">file</prop>
  <tuv xml:lang="sv-SE"><seg>Öppna <bpt i="1">&lt;b&gt;</bpt>mappen<ept i="1">&lt;/b&gt;</ept></seg></tuv>
  <tuv xml:lang="en-US"><seg>Open the <hi>folder</hi><ph>%s</ph>now</seg></tuv>
  <tuv xml:lang="de-DE"><seg>Ordner</seg></tuv>
</tu>
<tu tuid="2"><tuv lang="EN-US"><x-unknown></x-unknown><seg>Save</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="sv-SE"><seg>Bara svenska</seg></tuv></tu>
</body>
</tmx>
"#;
        let document = read(file.as_bytes()).unwrap();
        assert_eq!(document.source_lang.as_deref(), Some("en-US"));
        assert_eq!(document.target_lang.as_deref(), Some("sv-SE"));
        assert_eq!(document.units.len(), 2);
        let first = &document.units[0];
        let source = first.source.as_ref().unwrap();
        assert_eq!(source.as_str(), "Open the folder now");
        assert_eq!(
            source.position(source.as_str().find("now").unwrap()),
            (9, 65)
        );
        let target = first.target.as_ref().unwrap();
        assert_eq!(target.as_str(), "Öppna mappen");
        assert_eq!(
            target.position(target.as_str().find("mappen").unwrap()),
            (8, 62)
        );
        assert_eq!(first.ignore, Ignore::All);
        assert_eq!(document.units[1].target, None);
        assert_eq!(document.units[1].ignore, Ignore::Nothing);
        assert_eq!(
            document.warnings,
            [
                "1 tu(s) without a tuv in the source language not checked",
                "tuvs in de-DE not checked: a file is checked in one target language, the first other than the source (sv-SE)"
            ]
        );
    }

    #[test]
    fn without_srclang_the_first_tuv_is_the_source() {
        let file =
            "<tmx><header srclang=\"*all*\"/><body><tu><tuv xml:lang=\"fi\"><seg>tili</seg></tuv>\
                    <tuv xml:lang=\"en\"><seg>account</seg></tuv></tu></body></tmx>";
        let document = read(file.as_bytes()).unwrap();
        assert_eq!(document.source_lang.as_deref(), Some("fi"));
        assert_eq!(document.target_lang.as_deref(), Some("en"));
        assert_eq!(document.units[0].source.as_ref().unwrap().as_str(), "tili");
    }

    #[test]
    fn hostile_xml_is_refused() {
        let laughs = "<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><tmx><body><tu><tuv xml:lang=\"en\"><seg>&b;</seg></tuv></tu></body></tmx>";
        assert!(read(laughs.as_bytes())
            .unwrap_err()
            .contains("document type declaration"));
        let deep = format!("<tmx>{}", "<hi>".repeat(1000));
        assert!(read(deep.as_bytes()).unwrap_err().contains("nested deeper"));
        assert!(read(b"<tmx>\0").unwrap_err().starts_with("a binary file"));
    }
}
