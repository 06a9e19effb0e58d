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
