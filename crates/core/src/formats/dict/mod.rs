//! Dictionaries in the formats their own tools keep: dictd (`.index` with
//! `.dict` or dictzip `.dict.dz`) and StarDict (`.ifo`, `.idx`, `.syn`,
//! `.dict`/`.dict.dz`). Each reader takes the bytes of mapped files and
//! answers entries; nothing is read whole for one lookup (indexes are
//! searched in place, one dictzip chunk is inflated per entry), and every
//! number read is checked against the bytes it points into.

pub(crate) mod dictd;
pub(crate) mod dictzip;
pub(crate) mod markup;
pub(crate) mod stardict;

/// The longest headword kept: past it an index line is damaged, not a word.
pub(crate) const MAX_HEADWORD: usize = 1024;

/// The largest definition read for one entry: FOLDOC's longest is under
/// 100 KB, so anything past this is a damaged offset, not a definition.
pub(crate) const MAX_DEFINITION: u64 = 4 << 20;

/// The largest dictionary text read whole (to build its search index):
/// GCIDE, among the largest dictd packages, is under 40 MB.
pub(crate) const MAX_WHOLE: u64 = 256 << 20;

/// How a definition is marked up, as StarDict names its types (`m`, `t`,
/// `h`, `x`, `g`); a dictd definition is always text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// `m` (and dictd): plain text; FOLDOC and the Jargon File mark cross
    /// references with `{braces}`.
    Text,
    /// `t`: a phonetic transcription.
    Phonetic,
    /// `h`: HTML.
    Html,
    /// `x`: XDXF.
    Xdxf,
    /// `g`: Pango markup.
    Pango,
}

/// One field of a definition, its bytes as the dictionary stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) markup: Markup,
    pub(crate) bytes: Vec<u8>,
}

/// The data file of a dictionary: plain, or dictzip.
pub(crate) enum Data<'a> {
    Plain(&'a [u8]),
    Dictzip(dictzip::Dictzip<'a>),
}

impl<'a> Data<'a> {
    /// Reads `data` as dictzip when it starts as gzip, else as plain text.
    pub(crate) fn open(data: &'a [u8]) -> Result<Data<'a>, String> {
        if data.starts_with(&[0x1f, 0x8b]) {
            dictzip::Dictzip::open(data).map(Data::Dictzip)
        } else {
            Ok(Data::Plain(data))
        }
    }

    /// The whole uncompressed text, for building a search index: every
    /// dictzip chunk inflated once. Refused past `MAX_WHOLE` bytes.
    pub(crate) fn read_all(&self) -> Result<std::borrow::Cow<'a, [u8]>, String> {
        let len = self.len()?;
        if len > MAX_WHOLE {
            return Err(format!(
                "its text of {len} bytes is larger than the {MAX_WHOLE} bytes gloss indexes"
            ));
        }
        match self {
            Data::Plain(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Data::Dictzip(zip) => zip.read_all().map(std::borrow::Cow::Owned),
        }
    }

    /// The length of the uncompressed text.
    pub(crate) fn len(&self) -> Result<u64, String> {
        match self {
            Data::Plain(bytes) => Ok(bytes.len() as u64),
            Data::Dictzip(zip) => zip.len(),
        }
    }

    /// Whether every part of the data reads (each dictzip chunk inflated
    /// once), for `--check`.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self {
            Data::Plain(_) => Ok(()),
            Data::Dictzip(zip) => zip.check(),
        }
    }

    /// The `len` bytes at `offset` of the uncompressed text.
    pub(crate) fn read(&self, offset: u64, len: u64) -> Result<Vec<u8>, String> {
        if len > MAX_DEFINITION {
            return Err(format!(
                "an entry of {len} bytes is larger than the {MAX_DEFINITION} bytes read for one"
            ));
        }
        match self {
            Data::Dictzip(zip) => zip.read(offset, len),
            Data::Plain(bytes) => {
                let end = offset
                    .checked_add(len)
                    .filter(|&end| end <= bytes.len() as u64);
                match end {
                    Some(end) => Ok(bytes[offset as usize..end as usize].to_vec()),
                    None => Err(format!(
                        "an entry at byte {offset} ({len} bytes) lies past the end of the data ({} bytes)",
                        bytes.len()
                    )),
                }
            }
        }
    }
}

/// Bytes as text: UTF-8 as it is, anything else as Latin-1 (what older
/// dictd databases without `00-database-utf8` hold), so no entry is lost
/// to an encoding; NUL bytes are dropped.
pub(crate) fn text(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    text.replace('\0', "")
}

/// What the `dict_index` fuzz target does with its input: every reader of
/// index layouts, on bytes that may be anything; none may panic, hang or
/// allocate without bound.
pub(crate) fn exercise_index(data: &[u8]) {
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let word = rest
        .get(..(knobs as usize % 8).min(rest.len()))
        .unwrap_or_default();
    if knobs & 0x80 == 0 {
        let index = dictd::Index::new(rest);
        let _ = index.lines().take(10_000).count();
        let _ = index.equal(word);
        let _ = index.from(word).take(16).count();
        return;
    }
    let info = stardict::Info {
        version: "3.0.0".into(),
        bookname: "fuzz".into(),
        offset_bits: if knobs & 1 == 0 { 32 } else { 64 },
        ..stardict::Info::default()
    };
    if let Ok(idx) = stardict::Idx::open(rest, &info) {
        for row in [0, idx.len() / 2, idx.len().saturating_sub(1)] {
            let _ = idx.row(row);
        }
        let _ = idx.equal(word);
        let starts = idx.into_starts();
        let again = stardict::Idx::with_starts(rest, info.offset_bits, &starts);
        let _ = again.lower_bound(word);
    }
    let _ = stardict::synonyms(rest);
    let sequence = ["m", "h", "xm", "tWm", "Mg"][knobs as usize % 5];
    let fields = stardict::fields(rest, Some(sequence)).unwrap_or_default();
    let _ = markup::readable(&fields);
    let fields = stardict::fields(rest, None).unwrap_or_default();
    let _ = markup::readable(&fields);
    let _ = stardict::info(&text(rest));
}

/// What the `dictzip` fuzz target does: the first 8 bytes choose an entry
/// to read, the rest is the file.
pub(crate) fn exercise_dictzip(data: &[u8]) {
    let Some((knobs, file)) = data.split_first_chunk::<8>() else {
        return;
    };
    let offset = u32::from_le_bytes([knobs[0], knobs[1], knobs[2], knobs[3]]) as u64;
    let len = u32::from_le_bytes([knobs[4], knobs[5], knobs[6], knobs[7]]) as u64 % (1 << 20);
    let Ok(data) = Data::open(file) else {
        return;
    };
    let _ = data.read(offset, len);
    let _ = data.read(0, 64);
    let _ = data.len();
    let _ = data.check();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_data_reads_within_bounds_only() {
        let data = Data::open(b"hello world").unwrap();
        assert_eq!(data.read(6, 5).unwrap(), b"world");
        assert!(data.read(6, 6).unwrap_err().contains("past the end"));
        assert!(data.read(u64::MAX, 2).is_err());
        assert!(data
            .read(0, MAX_DEFINITION + 1)
            .unwrap_err()
            .contains("larger"));
    }

    #[test]
    fn text_survives_other_encodings_and_nul() {
        assert_eq!(text(b"caf\xe9\0!"), "café!");
        assert_eq!(text("ö".as_bytes()), "ö");
    }
}
