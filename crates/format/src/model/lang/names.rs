//! The names languages go by in dictionaries: ISO 639 three-letter codes
//! (FreeDict's `eng-swe`) and English names ("English-Swedish FreeDict
//! Dictionary"), each with its BCP 47 tag.

use super::canonical;

/// ISO 639-2/3 codes of the languages dictionaries are named by (FreeDict's
/// `eng-swe`), with their BCP 47 tags.
const THREE_LETTER: &[(&str, &str)] = &[
    ("afr", "af"),
    ("ara", "ar"),
    ("bre", "br"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cze", "cs"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ger", "de"),
    ("ell", "el"),
    ("gre", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("eus", "eu"),
    ("fas", "fa"),
    ("per", "fa"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("gla", "gd"),
    ("gle", "ga"),
    ("glg", "gl"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("isl", "is"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kha", "kha"),
    ("kor", "ko"),
    ("kur", "ku"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mkd", "mk"),
    ("mlt", "mt"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("nno", "nn"),
    ("nob", "nb"),
    ("nor", "nb"),
    ("oci", "oc"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("spa", "es"),
    ("sqi", "sq"),
    ("srp", "sr"),
    ("swa", "sw"),
    ("swh", "sw"),
    ("swe", "sv"),
    ("tha", "th"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("vie", "vi"),
    ("zho", "zh"),
    ("chi", "zh"),
];

/// The BCP 47 tag of a three-letter ISO 639 code (`swe` → `sv`), or of a
/// tag already (`sv`); `None` for what is neither.
pub fn from_iso639(code: &str) -> Option<String> {
    let lower = code.trim().to_ascii_lowercase();
    THREE_LETTER
        .iter()
        .find(|(three, _)| *three == lower)
        .map(|(_, tag)| tag.to_string())
        .or_else(|| (lower.len() == 2).then(|| canonical(&lower)).flatten())
}

/// English names of the languages dictionaries name themselves in
/// ("English-Swedish FreeDict Dictionary"), with their tags.
const ENGLISH_NAMES: &[(&str, &str)] = &[
    ("afrikaans", "af"),
    ("arabic", "ar"),
    ("breton", "br"),
    ("bulgarian", "bg"),
    ("catalan", "ca"),
    ("czech", "cs"),
    ("welsh", "cy"),
    ("danish", "da"),
    ("german", "de"),
    ("greek", "el"),
    ("english", "en"),
    ("esperanto", "eo"),
    ("spanish", "es"),
    ("estonian", "et"),
    ("basque", "eu"),
    ("persian", "fa"),
    ("finnish", "fi"),
    ("french", "fr"),
    ("irish", "ga"),
    ("gaelic", "gd"),
    ("galician", "gl"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("croatian", "hr"),
    ("hungarian", "hu"),
    ("armenian", "hy"),
    ("indonesian", "id"),
    ("icelandic", "is"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("kurdish", "ku"),
    ("latin", "la"),
    ("lithuanian", "lt"),
    ("latvian", "lv"),
    ("macedonian", "mk"),
    ("maltese", "mt"),
    ("dutch", "nl"),
    ("norwegian", "nb"),
    ("occitan", "oc"),
    ("polish", "pl"),
    ("portuguese", "pt"),
    ("romanian", "ro"),
    ("russian", "ru"),
    ("slovak", "sk"),
    ("slovenian", "sl"),
    ("albanian", "sq"),
    ("serbian", "sr"),
    ("swedish", "sv"),
    ("swahili", "sw"),
    ("thai", "th"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
    ("vietnamese", "vi"),
    ("chinese", "zh"),
];

/// The tag of a language named in English (`Swedish` → `sv`).
pub fn from_english_name(name: &str) -> Option<String> {
    let lower = name.trim().to_ascii_lowercase();
    ENGLISH_NAMES
        .iter()
        .find(|(english, _)| *english == lower)
        .map(|(_, tag)| tag.to_string())
}
