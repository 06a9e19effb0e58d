//! XLIFF, read with quick-xml through `xml.rs`: 1.2 (`file` with
//! `source-language`/`target-language`, one unit per `trans-unit` with its
//! `source` and `target`) and 2.x (`xliff` with `srcLang`/`trgLang`, one
//! unit per `unit/segment`). Inline markup that wraps text (`<g>`, `<mrk>`,
//! `<pc>`) is checked with it; inline codes (`<x/>`, `<ph>`, `<bx/>`,
//! `<ex/>`, `<bpt>`, `<ept>`, `<it>`, `<sc/>`, `<ec/>`) are not text:
//! a standalone one (`<x/>`, `<ph>`) separates words like a space. Notes,
//! `alt-trans` proposals, `seg-source` and units marked `translate="no"`
//! are not checked. A comment `<!-- gloss-ignore [SLUG...] -->` silences
//! the next unit (or, inside one, that one).

use super::xml::{self, Element, Item, Nesting};
use super::{source, Document, Ignore, Text, Unit};

/// Subtrees that hold no text of the unit's own.
const SKIPPED: &[&str] = &[
    "alt-trans",
    "note",
    "notes",
    "seg-source",
    "ignorable",
    "header",
    "originalData",
    "metadata",
];

/// Inline codes whose content is the original format's markup, not text.
const CODES: &[&str] = &[
    "ph", "bpt", "ept", "it", "x", "bx", "ex", "sc", "ec", "sm", "em", "cp",
];

/// Codes that stand for something between words (a variable, an image).
const STANDALONE: &[&str] = &["ph", "x"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

#[derive(Default)]
struct Reader {
    document: Document,
    nesting: Nesting,
    unit: Option<Unit>,
    /// The side being read and the depth its element opened at.
    side: Option<(Side, usize, Text)>,
    /// A gloss-ignore comment before the next unit.
    pending: Ignore,
    not_translated: usize,
    languages_differ: bool,
}

/// Reads an XLIFF 1.2 or 2.x file.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, String> {
    let mut reader = Reader::default();
    xml::read(bytes, |item| reader.item(item))?;
    let mut document = reader.document;
    if reader.not_translated > 0 {
        document.warnings.push(format!(
            "{} unit(s) marked translate=\"no\" not checked",
            reader.not_translated
        ));
    }
    if reader.languages_differ {
        document.warnings.push(
            "files declare different languages; the first file's are used for all".to_string(),
        );
    }
    Ok(document)
}

impl Reader {
    fn item(&mut self, item: Item) -> Result<(), String> {
        match item {
            Item::Start(element) => self.start(element),
            Item::End(name) => self.end(&name),
            Item::Text(piece, line, column) => {
                if self.nesting.reading() {
                    if let Some((_, _, text)) = &mut self.side {
                        text.push(&piece, line, column);
                    }
                }
            }
            Item::Comment(comment) => {
                if let Some(ignore) = source::ignore_of(comment.trim()) {
                    match &mut self.unit {
                        Some(unit) => {
                            unit.ignore =
                                source::join_ignore(std::mem::take(&mut unit.ignore), ignore)
                        }
                        None => {
                            self.pending =
                                source::join_ignore(std::mem::take(&mut self.pending), ignore)
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn start(&mut self, element: Element) {
        if !self.nesting.open(&element) {
            return;
        }
        let name = element.name.as_str();
        if let Some((_, _, text)) = &mut self.side {
            if CODES.contains(&name) {
                if STANDALONE.contains(&name) {
                    text.push(" ", element.line, element.column);
                }
                self.nesting.skip(&element);
            }
            // Anything else inside a source or target (`g`, `mrk`, `pc`)
            // wraps text that is read.
            return;
        }
        match name {
            "xliff" => {
                // 2.x says the languages on the root.
                self.languages(element.attribute("srcLang"), element.attribute("trgLang"));
            }
            "file" => self.languages(
                element.attribute("source-language"),
                element.attribute("target-language"),
            ),
            "trans-unit" | "unit" if element.attribute("translate") == Some("no") => {
                self.not_translated += 1;
                self.nesting.skip(&element);
            }
            // A 1.2 unit is one unit; a 2.x unit is one per segment.
            "trans-unit" | "segment" => {
                self.unit = Some(Unit {
                    ignore: std::mem::take(&mut self.pending),
                    ..Unit::default()
                });
                if element.empty {
                    self.finish();
                }
            }
            "source" | "target" if self.unit.is_some() => {
                let side = if name == "source" {
                    Side::Source
                } else {
                    Side::Target
                };
                self.side = Some((side, self.nesting.depth(), Text::default()));
                if element.empty {
                    self.end_side();
                }
            }
            _ if SKIPPED.contains(&name) => self.nesting.skip(&element),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        let Some(depth) = self.nesting.close() else {
            return;
        };
        if self
            .side
            .as_ref()
            .is_some_and(|(_, level, _)| *level == depth)
        {
            self.end_side();
            return;
        }
        if self.side.is_none() && matches!(name, "trans-unit" | "segment") {
            self.finish();
        }
    }

    fn end_side(&mut self) {
        let Some((side, _, text)) = self.side.take() else {
            return;
        };
        let Some(unit) = &mut self.unit else {
            return;
        };
        match side {
            Side::Source => unit.source = Some(text),
            Side::Target if text.as_str().trim().is_empty() => unit.target = None,
            Side::Target => unit.target = Some(text),
        }
    }

    fn finish(&mut self) {
        if let Some(unit) = self.unit.take() {
            self.document.units.push(unit);
        }
    }

    fn languages(&mut self, source: Option<&str>, target: Option<&str>) {
        let warnings = &mut self.document.warnings;
        let source = source.and_then(|s| source::language(s, "the source language", warnings));
        let target = target.and_then(|t| source::language(t, "the target language", warnings));
        let document = &mut self.document;
        for (declared, kept) in [
            (source, &mut document.source_lang),
            (target, &mut document.target_lang),
        ] {
            match (declared, kept.as_ref()) {
                (Some(declared), None) => *kept = Some(declared),
                (Some(declared), Some(kept)) if declared != *kept => self.languages_differ = true,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &Text, needle: &str) -> (u32, u32) {
        text.position(text.as_str().find(needle).unwrap())
    }

    fn texts(document: &Document) -> Vec<(String, Option<String>)> {
        document
            .units
            .iter()
            .map(|unit| {
                (
                    unit.source.as_ref().unwrap().as_str().to_string(),
                    unit.target.as_ref().map(|t| t.as_str().to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn xliff_1_2_units_with_inline_markup() {
        let file = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en" target-language="pt_BR" datatype="plaintext" original="a">
  <body>
   <trans-unit id="1">
    <source>Open the <g id="1">file</g><x id="2"/>now &amp; then</source>
    <target>Åbn <g id="1">arquivo</g><ph id="2">%s</ph>já</target>
    <note>a file note</note>
    <alt-trans><target>pasta</target></alt-trans>
   </trans-unit>
   <trans-unit id="2"><source>Empty</source><target/></trans-unit>
   <trans-unit id="3" translate="no"><source>skip me</source></trans-unit>
  </body>
 </file>
</xliff>
"#;
        let document = read(file.as_bytes()).unwrap();
        assert_eq!(document.source_lang.as_deref(), Some("en"));
        assert_eq!(document.target_lang.as_deref(), Some("pt-BR"));
        assert_eq!(
            texts(&document),
            [
                (
                    "Open the file now & then".to_string(),
                    Some("Åbn arquivo já".to_string())
                ),
                ("Empty".to_string(), None),
            ]
        );
        let source = document.units[0].source.as_ref().unwrap();
        assert_eq!(place(source, "file"), (6, 32));
        assert_eq!(place(source, "then"), (6, 61));
        let target = document.units[0].target.as_ref().unwrap();
        assert_eq!(place(target, "arquivo"), (7, 27));
        assert_eq!(place(target, "já"), (7, 56));
        assert_eq!(
            document.warnings,
            ["1 unit(s) marked translate=\"no\" not checked"]
        );
    }

    #[test]
    fn xliff_2_segments_are_units() {
        let file = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"sv\">\n\
<file id=\"f\"><unit id=\"u\">\n\
<!-- gloss-ignore folder -->\n\
<segment><source>The <pc id=\"1\">folder</pc></source><target>Den <pc id=\"1\">mappen</pc></target></segment>\n\
<segment><source>Kära <ph id=\"2\"/>file</source><target>fil</target></segment>\n\
<ignorable><source> </source></ignorable>\n\
</unit></file></xliff>";
        let document = read(file.as_bytes()).unwrap();
        assert_eq!(document.target_lang.as_deref(), Some("sv"));
        assert_eq!(
            texts(&document),
            [
                ("The folder".to_string(), Some("Den mappen".to_string())),
                ("Kära  file".to_string(), Some("fil".to_string())),
            ]
        );
        assert_eq!(
            document.units[0].ignore,
            Ignore::Slugs(vec!["folder".into()])
        );
        assert_eq!(document.units[1].ignore, Ignore::Nothing);
        assert_eq!(
            place(document.units[1].source.as_ref().unwrap(), "file"),
            (5, 35)
        );
    }

    #[test]
    fn character_references_and_cdata_are_text_in_place() {
        let file =
            "<xliff version=\"1.2\"><file source-language=\"en\"><body><trans-unit id=\"1\">\
<source>caf&#233; &#x1F600; <![CDATA[<b>file</b>]]></source></trans-unit></body></file></xliff>";
        let document = read(file.as_bytes()).unwrap();
        let source = document.units[0].source.as_ref().unwrap();
        assert_eq!(source.as_str(), "café 😀 <b>file</b>");
        assert_eq!(place(source, "file"), (1, 114));
    }

    #[test]
    fn doctypes_entities_and_depth_are_refused() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xliff><file><body><trans-unit><source>&lol2;</source></trans-unit></body></file></xliff>"#;
        assert!(read(laughs.as_bytes())
            .unwrap_err()
            .starts_with("line 2, column 1: a document type declaration is not accepted"));
        let external = r#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><xliff/>"#;
        assert!(read(external.as_bytes())
            .unwrap_err()
            .contains("document type declaration"));
        let undefined = "<xliff><file><body><trans-unit><source>&lol;</source></trans-unit></body></file></xliff>";
        assert!(read(undefined.as_bytes())
            .unwrap_err()
            .contains("unknown entity '&lol;'"));
        let control = "<xliff><file><body><trans-unit><source>&#x1b;[2J</source></trans-unit></body></file></xliff>";
        assert!(read(control.as_bytes())
            .unwrap_err()
            .contains("does not allow"));
        let wide: String = (0..100_000).map(|i| format!(" a{i}=\"\"")).collect();
        let wide = format!("<xliff{wide}/>");
        assert!(read(wide.as_bytes())
            .unwrap_err()
            .contains("more than 256 attributes"));
        let deep = format!(
            "<xliff>{}{}</xliff>",
            "<g>".repeat(100_000),
            "</g>".repeat(100_000)
        );
        assert!(read(deep.as_bytes())
            .unwrap_err()
            .contains("nested deeper than 256"));
    }

    #[test]
    fn broken_binary_and_non_utf8_input_is_one_line() {
        assert!(read(b"<xliff><file></xliff>")
            .unwrap_err()
            .starts_with("not well-formed XML at line 1"));
        assert!(read(b"<xliff>\0</xliff>")
            .unwrap_err()
            .starts_with("a binary file"));
        assert!(read(b"<xliff>\xff</xliff>")
            .unwrap_err()
            .starts_with("not valid UTF-8"));
        let lang = read(b"<xliff srcLang=\"English!\" trgLang=\"sv\"/>").unwrap();
        assert_eq!(lang.source_lang, None);
        assert!(lang.warnings[0].starts_with("the source language is ignored"));
    }

    #[test]
    fn crlf_files_keep_their_columns() {
        let file = "<xliff version=\"1.2\">\r\n<file source-language=\"en\"><body><trans-unit id=\"1\">\r\n<source>åå\r\n file</source></trans-unit></body></file></xliff>";
        let document = read(file.as_bytes()).unwrap();
        let source = document.units[0].source.as_ref().unwrap();
        assert_eq!(source.as_str(), "åå\n file");
        assert_eq!(place(source, "file"), (4, 2));
    }
}
