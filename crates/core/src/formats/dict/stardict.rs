//! StarDict 2.4.2 and 3.0.0: the `.ifo` (key=value lines), the `.idx`
//! (headword, NUL, offset of 32 or 64 bits as `idxoffsetbits` says, size
//! of 32 bits, big-endian), the `.syn` (synonym, NUL, 32-bit row of the
//! `.idx`) and the definitions' fields, typed by `sametypesequence` or
//! each by its own type byte. The `.idx` is checked against `idxfilesize`
//! and listed once (a table of where each row starts); lookups bisect it
//! in the order StarDict sorts (ASCII case folded, then bytes).

use super::{Field, Markup, MAX_HEADWORD};
use std::cmp::Ordering;

/// What an `.ifo` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Info {
    pub(crate) version: String,
    pub(crate) bookname: String,
    pub(crate) wordcount: Option<u64>,
    pub(crate) synwordcount: Option<u64>,
    pub(crate) idxfilesize: Option<u64>,
    /// 32 or 64.
    pub(crate) offset_bits: u32,
    pub(crate) sametypesequence: Option<String>,
    pub(crate) description: String,
    /// `lang`, where a dictionary says it (some write `en-sv`).
    pub(crate) lang: Option<String>,
}

const MAGIC: &str = "StarDict's dict ifo file";

/// Reads an `.ifo`.
pub(crate) fn info(text: &str) -> Result<Info, String> {
    let mut lines = text.lines();
    if lines
        .next()
        .map(|line| line.trim_start_matches('\u{feff}').trim())
        != Some(MAGIC)
    {
        return Err(format!("does not start with \"{MAGIC}\""));
    }
    let mut info = Info {
        offset_bits: 32,
        ..Info::default()
    };
    for line in lines.take(256) {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().to_string();
        let count = |value: &str| value.parse::<u64>().ok();
        match key.trim() {
            "version" => info.version = value,
            "bookname" => info.bookname = value,
            "wordcount" => info.wordcount = count(&value),
            "synwordcount" => info.synwordcount = count(&value),
            "idxfilesize" => info.idxfilesize = count(&value),
            "idxoffsetbits" => {
                info.offset_bits = match value.as_str() {
                    "32" => 32,
                    "64" => 64,
                    _ => return Err(format!("idxoffsetbits is {value}, not 32 or 64")),
                }
            }
            "sametypesequence" => info.sametypesequence = Some(value),
            "description" => info.description = value,
            "lang" => info.lang = Some(value),
            _ => {}
        }
    }
    if !matches!(info.version.as_str(), "2.4.2" | "3.0.0") {
        return Err(format!(
            "version {:?} is neither 2.4.2 nor 3.0.0",
            info.version
        ));
    }
    if info.version == "2.4.2" && info.offset_bits == 64 {
        return Err("64-bit offsets need version 3.0.0".into());
    }
    if info.bookname.is_empty() {
        return Err("has no bookname".into());
    }
    Ok(info)
}

/// One row of an `.idx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row<'a> {
    pub(crate) headword: &'a [u8],
    pub(crate) offset: u64,
    pub(crate) len: u64,
}

/// An `.idx` over its bytes, with where each row starts.
#[derive(Debug)]
pub(crate) struct Idx<'a> {
    bytes: &'a [u8],
    offset_bits: u32,
    starts: std::borrow::Cow<'a, [u32]>,
}

impl<'a> Idx<'a> {
    /// Lists the rows; the file must be `idxfilesize` bytes when the
    /// `.ifo` says, end on a whole row, and have no headword over
    /// `MAX_HEADWORD`.
    pub(crate) fn open(bytes: &'a [u8], info: &Info) -> Result<Idx<'a>, String> {
        if let Some(size) = info.idxfilesize {
            if size != bytes.len() as u64 {
                return Err(format!(
                    "the .idx has {} bytes but the .ifo says idxfilesize={size}",
                    bytes.len()
                ));
            }
        }
        if bytes.len() > u32::MAX as usize {
            return Err("the .idx is larger than 4 GB".into());
        }
        let tail = (info.offset_bits / 8 + 4) as usize;
        let mut starts = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let nul = word_len(bytes, at, "row", starts.len() + 1)?;
            if at + nul + 1 + tail > bytes.len() {
                return Err(format!("row {} is cut short", starts.len() + 1));
            }
            starts.push(at as u32);
            at += nul + 1 + tail;
        }
        if let Some(count) = info.wordcount {
            if count != starts.len() as u64 {
                return Err(format!(
                    "the .idx has {} rows but the .ifo says wordcount={count}",
                    starts.len()
                ));
            }
        }
        Ok(Idx {
            bytes,
            offset_bits: info.offset_bits,
            starts: starts.into(),
        })
    }

    /// Where each row starts, to keep: `with_starts` opens the same `.idx`
    /// again without listing it.
    pub(crate) fn into_starts(self) -> Vec<u32> {
        self.starts.into_owned()
    }

    /// An `.idx` that `open` listed before. A start that is not one reads
    /// as a missing row, never out of bounds.
    pub(crate) fn with_starts(bytes: &'a [u8], offset_bits: u32, starts: &'a [u32]) -> Idx<'a> {
        Idx {
            bytes,
            offset_bits,
            starts: starts.into(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Row `row` (which `open` checked is whole).
    pub(crate) fn row(&self, row: usize) -> Option<Row<'a>> {
        let at = *self.starts.get(row)? as usize;
        let nul = self.bytes.get(at..)?.iter().position(|&b| b == 0)?;
        let mut rest = &self.bytes[at + nul + 1..];
        let offset = match self.offset_bits {
            64 => u64::from_be_bytes(rest.get(..8)?.try_into().ok()?),
            _ => u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as u64,
        };
        rest = &rest[(self.offset_bits / 8) as usize..];
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as u64;
        Some(Row {
            headword: &self.bytes[at..at + nul],
            offset,
            len,
        })
    }

    /// The first row whose headword sorts at or after `word`.
    pub(crate) fn lower_bound(&self, word: &[u8]) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            let less = self
                .row(mid)
                .is_some_and(|row| folded_cmp(row.headword, word) == Ordering::Less);
            if less {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// The rows whose headword is `word` with ASCII case folded.
    pub(crate) fn equal(&self, word: &[u8]) -> Vec<usize> {
        (self.lower_bound(word)..self.len())
            .take_while(|&row| {
                self.row(row)
                    .is_some_and(|found| found.headword.eq_ignore_ascii_case(word))
            })
            .take(256)
            .collect()
    }
}

/// The length of the NUL-terminated word at `at` (`at` within `bytes`),
/// row or synonym `number` of a file: past `MAX_HEADWORD` bytes it is damaged.
fn word_len(bytes: &[u8], at: usize, what: &str, number: usize) -> Result<usize, String> {
    bytes[at..]
        .iter()
        .take(MAX_HEADWORD + 1)
        .position(|&b| b == 0)
        .ok_or_else(|| format!("{what} {number} has no end within {MAX_HEADWORD} bytes"))
}

/// StarDict's order: ASCII case folded (g_ascii_strcasecmp).
pub(crate) fn folded_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let fold = |word: &[u8]| word.iter().map(u8::to_ascii_lowercase).collect::<Vec<u8>>();
    fold(a).cmp(&fold(b))
}

/// A `.syn`: each synonym with the `.idx` row it names.
pub(crate) fn synonyms(bytes: &[u8]) -> Result<Vec<(&[u8], u32)>, String> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let nul = word_len(bytes, at, "synonym", found.len() + 1)?;
        let Some(row) = bytes.get(at + nul + 1..at + nul + 5) else {
            return Err(format!("synonym {} is cut short", found.len() + 1));
        };
        let row = u32::from_be_bytes([row[0], row[1], row[2], row[3]]);
        found.push((&bytes[at..at + nul], row));
        at += nul + 5;
    }
    Ok(found)
}

fn markup(kind: u8) -> Option<Markup> {
    Some(match kind {
        b'm' | b'l' | b'y' | b'k' | b'w' | b'r' => Markup::Text,
        b't' => Markup::Phonetic,
        b'h' => Markup::Html,
        b'x' => Markup::Xdxf,
        b'g' => Markup::Pango,
        _ => return None,
    })
}

/// The fields of one definition. With a `sametypesequence` the types are
/// not stored and the last field runs to the end; otherwise each field
/// starts with its type. Lower-case types are NUL-terminated text,
/// upper-case ones (pictures, sounds) a 32-bit size and data, skipped.
pub(crate) fn fields(data: &[u8], sequence: Option<&str>) -> Result<Vec<Field>, String> {
    let mut fields = Vec::new();
    let mut rest = data;
    let mut types = sequence.map(|s| s.bytes().collect::<Vec<u8>>());
    let mut index = 0;
    while !rest.is_empty() {
        let (kind, last) = match &mut types {
            Some(types) => {
                let Some(&kind) = types.get(index) else {
                    break;
                };
                (kind, index + 1 == types.len())
            }
            None => {
                let kind = rest[0];
                rest = &rest[1..];
                (kind, false)
            }
        };
        index += 1;
        let bytes;
        if kind.is_ascii_lowercase() {
            let end = match last {
                true => rest.len(),
                false => rest.iter().position(|&b| b == 0).unwrap_or(rest.len()),
            };
            bytes = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or_default();
        } else if kind.is_ascii_uppercase() {
            let size = match last {
                true => rest.len(),
                false => {
                    let size = rest.get(..4).ok_or("a field's size is cut short")?;
                    rest = &rest[4..];
                    u32::from_be_bytes([size[0], size[1], size[2], size[3]]) as usize
                }
            };
            let end = size.min(rest.len());
            rest = &rest[end..];
            continue;
        } else {
            return Err(format!("a field of unknown type {:?}", kind as char));
        }
        if let Some(markup) = markup(kind) {
            fields.push(Field {
                markup,
                bytes: bytes.to_vec(),
            });
        }
    }
    Ok(fields)
}

/// Writes a StarDict dictionary's `.ifo`, `.idx` and `.dict` for `entries`
/// (headword, definition), sorted as StarDict sorts: for tests and seeds.
#[cfg(test)]
pub(crate) fn write(
    name: &str,
    entries: &[(&str, &str)],
    sequence: &str,
) -> (String, Vec<u8>, Vec<u8>) {
    let mut sorted: Vec<&(&str, &str)> = entries.iter().collect();
    sorted.sort_by(|a, b| folded_cmp(a.0.as_bytes(), b.0.as_bytes()).then(a.0.cmp(b.0)));
    let (mut idx, mut dict) = (Vec::new(), Vec::new());
    for (word, definition) in sorted {
        idx.extend(word.as_bytes());
        idx.push(0);
        idx.extend((dict.len() as u32).to_be_bytes());
        idx.extend((definition.len() as u32).to_be_bytes());
        dict.extend(definition.as_bytes());
    }
    let ifo = format!(
        "{MAGIC}\nversion=2.4.2\nbookname={name}\nwordcount={}\nidxfilesize={}\nsametypesequence={sequence}\n",
        entries.len(),
        idx.len()
    );
    (ifo, idx, dict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let (ifo, idx, dict) = write(
            "Test",
            &[("beta", "second"), ("Alpha", "first"), ("gamma", "third")],
            "m",
        );
        let info = info(&ifo).unwrap();
        let idx = Idx::open(&idx, &info).unwrap();
        assert_eq!(idx.len(), 3);
        let rows = idx.equal(b"alpha");
        assert_eq!(rows.len(), 1);
        let row = idx.row(rows[0]).unwrap();
        assert_eq!(row.headword, b"Alpha");
        let definition = &dict[row.offset as usize..(row.offset + row.len) as usize];
        let fields = fields(definition, info.sametypesequence.as_deref()).unwrap();
        assert_eq!(fields[0].bytes, b"first");
        assert!(idx.equal(b"delta").is_empty());
    }

    #[test]
    fn damaged_files_are_errors() {
        assert!(info("not an ifo").is_err());
        assert!(info(&format!("{MAGIC}\nversion=1.0\nbookname=x\n")).is_err());
        assert!(info(&format!(
            "{MAGIC}\nversion=3.0.0\nbookname=x\nidxoffsetbits=48\n"
        ))
        .is_err());
        let (ifo, idx, _) = write("Test", &[("a", "b")], "m");
        let info = info(&ifo).unwrap();
        assert!(Idx::open(&idx[..idx.len() - 1], &info)
            .unwrap_err()
            .contains("idxfilesize"));
        let loose = Info {
            idxfilesize: None,
            wordcount: None,
            ..info.clone()
        };
        assert!(Idx::open(&idx[..idx.len() - 1], &loose)
            .unwrap_err()
            .contains("cut short"));
        assert!(Idx::open(&vec![b'a'; 2 * MAX_HEADWORD], &loose).is_err());
    }

    #[test]
    fn reads_64_bit_offsets() {
        let mut idx = Vec::new();
        for (word, offset) in [("a", 1u64 << 33), ("b", 7)] {
            idx.extend(word.as_bytes());
            idx.push(0);
            idx.extend(offset.to_be_bytes());
            idx.extend(3u32.to_be_bytes());
        }
        let ifo = format!("{MAGIC}\nversion=3.0.0\nbookname=x\nidxoffsetbits=64\nwordcount=2\n");
        let info = info(&ifo).unwrap();
        let table = Idx::open(&idx, &info).unwrap();
        assert_eq!(table.row(0).unwrap().offset, 1 << 33);
        assert_eq!(
            table.row(1).unwrap(),
            Row {
                headword: b"b",
                offset: 7,
                len: 3
            }
        );
        // Read as 32-bit, the same bytes do not end on a whole row.
        let narrow = Info {
            offset_bits: 32,
            ..info
        };
        assert!(Idx::open(&idx, &narrow).is_err());
    }

    #[test]
    fn typed_fields() {
        let data = b"mplain\0hbold <b>x</b>\0";
        let fields = fields(data, None).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].markup, Markup::Html);
        let with_picture = b"Wxxxx\0\0\0\x02ab";
        assert!(super::fields(with_picture, Some("Wm")).is_ok());
        assert!(super::fields(b"\x01junk", None).is_err());
    }
}
