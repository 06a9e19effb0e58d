//! dictzip: a gzip member whose extra field (subfield `RA`) lists the
//! compressed size of each fixed-size chunk of the text, every chunk
//! flushed so that it inflates alone. An entry is read by inflating only
//! the chunks it spans (flate2 does the inflating); the chunk table is
//! checked against the file before anything is read.

use flate2::{Decompress, FlushDecompress, Status};

/// How many chunks one entry may span: with dictzip's usual 58 KB chunks
/// this is past `MAX_DEFINITION`, so only a damaged table reaches it.
const MAX_CHUNKS_PER_READ: u64 = 128;

/// A dictzip file's chunk table over its bytes.
#[derive(Debug)]
pub(crate) struct Dictzip<'a> {
    bytes: &'a [u8],
    /// Uncompressed size of every chunk but perhaps the last.
    chunk_len: u64,
    /// Where each chunk starts in `bytes`, and after the last, where it ends.
    starts: Vec<usize>,
}

impl<'a> Dictzip<'a> {
    /// Reads the gzip header and the chunk table.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Dictzip<'a>, String> {
        let short = || "the gzip header is cut short".to_string();
        let header = bytes.get(..10).ok_or_else(short)?;
        if header[..3] != [0x1f, 0x8b, 8] {
            return Err("not a gzip file".into());
        }
        let flags = header[3];
        if flags & 4 == 0 {
            return Err("a gzip file without dictzip's chunk table (not made by dictzip)".into());
        }
        let mut at = 10;
        let xlen = u16_at(bytes, at).ok_or_else(short)? as usize;
        at += 2;
        let extra = bytes.get(at..at + xlen).ok_or_else(short)?;
        at += xlen;
        let (chunk_len, sizes) = chunk_table(extra)?;
        // FNAME and FCOMMENT are NUL-terminated, FHCRC two bytes.
        for flag in [8u8, 16] {
            if flags & flag != 0 {
                let end = bytes[at..].iter().position(|&b| b == 0).ok_or_else(short)?;
                at += end + 1;
            }
        }
        if flags & 2 != 0 {
            at += 2;
        }
        let mut starts = Vec::with_capacity(sizes.len() + 1);
        starts.push(at);
        for size in sizes {
            at += size as usize;
            starts.push(at);
        }
        if at > bytes.len() {
            return Err(format!(
                "the chunk table counts {at} bytes but the file has {} (truncated?)",
                bytes.len()
            ));
        }
        Ok(Dictzip {
            bytes,
            chunk_len,
            starts,
        })
    }

    /// The `len` bytes at `offset` of the uncompressed text, inflating only
    /// the chunks they span.
    pub(crate) fn read(&self, offset: u64, len: u64) -> Result<Vec<u8>, String> {
        let chunks = (self.starts.len() - 1) as u64;
        let total = chunks * self.chunk_len;
        let end = offset.checked_add(len).filter(|&end| end <= total);
        let Some(end) = end else {
            return Err(format!(
                "an entry at byte {offset} ({len} bytes) lies past the end of the data ({total} bytes at most)"
            ));
        };
        if len == 0 {
            return Ok(Vec::new());
        }
        let (first, last) = (offset / self.chunk_len, (end - 1) / self.chunk_len);
        if last - first >= MAX_CHUNKS_PER_READ {
            return Err(format!("an entry spans {} chunks", last - first + 1));
        }
        let skip = (offset - first * self.chunk_len) as usize;
        let wanted = skip + len as usize;
        let mut text = Vec::with_capacity(wanted);
        for chunk in first..=last {
            // Of the last chunk, only as far as the entry reaches: on
            // average half a chunk less to inflate.
            let room = (wanted - text.len()).min(self.chunk_len as usize);
            self.inflate_part(chunk as usize, room, &mut text)?;
        }
        if text.len() < wanted {
            return Err(format!(
                "an entry at byte {offset} ({len} bytes) lies past the end of the data"
            ));
        }
        text.drain(..skip);
        Ok(text)
    }

    /// The length of the uncompressed text: every chunk but the last is
    /// full, and the last is inflated to see.
    pub(crate) fn len(&self) -> Result<u64, String> {
        let chunks = self.starts.len() - 1;
        if chunks == 0 {
            return Ok(0);
        }
        let mut last = Vec::new();
        self.inflate(chunks - 1, &mut last)?;
        Ok((chunks as u64 - 1) * self.chunk_len + last.len() as u64)
    }

    /// The whole text, every chunk inflated once in order.
    pub(crate) fn read_all(&self) -> Result<Vec<u8>, String> {
        let chunks = self.starts.len() - 1;
        // Grown as chunks inflate, not reserved from what the table claims.
        let mut text = Vec::new();
        for chunk in 0..chunks {
            self.inflate(chunk, &mut text)?;
        }
        Ok(text)
    }

    /// Inflates every chunk once, for `--check`: the first that does not
    /// inflate, or is short of a full chunk before the last, is the problem.
    pub(crate) fn check(&self) -> Result<(), String> {
        let chunks = self.starts.len() - 1;
        let mut text = Vec::new();
        for chunk in 0..chunks {
            text.clear();
            self.inflate(chunk, &mut text)?;
            if chunk + 1 < chunks && text.len() as u64 != self.chunk_len {
                return Err(format!(
                    "chunk {chunk} inflates to {} bytes, not {}",
                    text.len(),
                    self.chunk_len
                ));
            }
        }
        Ok(())
    }

    /// Appends chunk `chunk`, inflated, to `out`: never more than a chunk's
    /// length, whatever the compressed bytes claim.
    fn inflate(&self, chunk: usize, out: &mut Vec<u8>) -> Result<(), String> {
        self.inflate_part(chunk, self.chunk_len as usize, out)
    }

    /// Appends the first `room` bytes of chunk `chunk`, inflated (fewer
    /// when the chunk is shorter); with a whole chunk's room, a chunk that
    /// holds more than that is damage.
    fn inflate_part(&self, chunk: usize, room: usize, out: &mut Vec<u8>) -> Result<(), String> {
        let input = &self.bytes[self.starts[chunk]..self.starts[chunk + 1]];
        let mut inflater = Decompress::new(false);
        let whole = room == self.chunk_len as usize;
        let start = out.len();
        out.resize(start + room, 0);
        let status = inflater.decompress(input, &mut out[start..], FlushDecompress::Sync);
        let inflated = inflater.total_out() as usize;
        let consumed = inflater.total_in() as usize;
        let damaged = || format!("chunk {chunk} does not inflate (damaged file)");
        let ended = match status {
            Ok(status) => status == Status::StreamEnd,
            Err(_) => return Err(damaged()),
        };
        // A full chunk with input left: the chunk holds more than a
        // chunk's length, which dictzip never writes.
        if whole && inflated == room && consumed < input.len() && !ended {
            let mut probe = [0u8; 1];
            if inflater
                .decompress(&input[consumed..], &mut probe, FlushDecompress::Sync)
                .is_ok()
                && inflater.total_out() as usize > inflated
            {
                return Err(damaged());
            }
        }
        out.truncate(start + inflated);
        Ok(())
    }
}

/// The `RA` subfield of a gzip extra field: version 1, the chunk length,
/// and the compressed size of each chunk.
fn chunk_table(mut extra: &[u8]) -> Result<(u64, Vec<u16>), String> {
    let bad = |why: &str| format!("the dictzip chunk table {why}");
    while extra.len() >= 4 {
        let len = u16_at(extra, 2).unwrap_or(0) as usize;
        let data = extra.get(4..4 + len).ok_or_else(|| bad("is cut short"))?;
        if &extra[..2] == b"RA" {
            let field = |i: usize| u16_at(data, i * 2).ok_or_else(|| bad("is cut short"));
            if field(0)? != 1 {
                return Err(bad("has an unknown version"));
            }
            let chunk_len = field(1)? as u64;
            let count = field(2)? as usize;
            if chunk_len == 0 {
                return Err(bad("has chunks of no length"));
            }
            let sizes = (0..count).map(|i| field(3 + i)).collect::<Result<_, _>>()?;
            return Ok((chunk_len, sizes));
        }
        extra = &extra[4 + len..];
    }
    Err(bad("is missing (a gzip file, but not made by dictzip)"))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([pair[0], pair[1]]))
}

/// Writes `text` as a dictzip file with chunks of `chunk_len` bytes: for
/// tests and fuzz seeds, which need files only dictzip makes otherwise.
#[cfg(test)]
pub(crate) fn write(text: &[u8], chunk_len: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut compressor = Compress::new(Compression::default(), false);
    let mut chunks = Vec::new();
    for piece in text.chunks(chunk_len) {
        let mut out = Vec::with_capacity(piece.len() + 64);
        let before = compressor.total_in();
        while compressor.total_in() - before < piece.len() as u64 {
            let done = (compressor.total_in() - before) as usize;
            out.reserve(piece.len() + 64);
            compressor
                .compress_vec(&piece[done..], &mut out, FlushCompress::Full)
                .unwrap();
        }
        out.reserve(64);
        compressor
            .compress_vec(&[], &mut out, FlushCompress::Full)
            .unwrap();
        chunks.push(out);
    }
    let mut extra = b"RA".to_vec();
    let data_len = 6 + 2 * chunks.len();
    extra.extend((data_len as u16).to_le_bytes());
    for value in [1, chunk_len as u16, chunks.len() as u16] {
        extra.extend(value.to_le_bytes());
    }
    for chunk in &chunks {
        extra.extend((chunk.len() as u16).to_le_bytes());
    }
    let mut file = vec![0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 3];
    file.extend((extra.len() as u16).to_le_bytes());
    file.extend(extra);
    for chunk in chunks {
        file.extend(chunk);
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_across_chunks() {
        let text: Vec<u8> = (0..5000u32)
            .flat_map(|i| format!("{i} ").into_bytes())
            .collect();
        let file = write(&text, 1000);
        let zip = Dictzip::open(&file).unwrap();
        assert_eq!(zip.read(0, 10).unwrap(), &text[..10]);
        assert_eq!(zip.read(995, 20).unwrap(), &text[995..1015]);
        let len = text.len() as u64;
        assert_eq!(zip.read(len - 5, 5).unwrap(), &text[text.len() - 5..]);
        assert!(zip.read(len - 5, 6).is_err());
    }

    #[test]
    fn damaged_files_are_errors() {
        let file = write(b"some text to compress, some text to compress", 16);
        for cut in [0, 5, 11, 20, file.len() - 3] {
            assert!(Dictzip::open(&file[..cut]).is_err(), "cut at {cut}");
        }
        let mut garbled = file.clone();
        let last = garbled.len() - 1;
        for byte in &mut garbled[last - 8..] {
            *byte ^= 0x55;
        }
        if let Ok(zip) = Dictzip::open(&garbled) {
            let _ = zip.read(0, 40);
        }
        let mut plain_gzip = file.clone();
        plain_gzip[3] = 0;
        assert!(Dictzip::open(&plain_gzip).unwrap_err().contains("dictzip"));
    }
}
