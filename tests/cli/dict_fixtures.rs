//! Tiny dictionaries the tests build: a dictd database (`.index` with
//! `.dict` or dictzip `.dict.dz`) and a StarDict one (`.ifo`, `.idx`,
//! `.dict`, optionally `.syn`), written the way dictfmt, dictzip and
//! StarDict's tools write them, plus ways to damage them.

use flate2::{Compress, Compression, FlushCompress};
use std::path::{Path, PathBuf};

/// A number in dictd's base 64.
pub fn b64(mut value: u64) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(value % 64) as usize]);
        value /= 64;
        if value == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// dictfmt's order without `allchars`: letters, digits and spaces only,
/// case folded.
fn dictd_key(word: &str) -> Vec<u8> {
    word.bytes()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b' ' || *b >= 0x80)
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

/// Writes `NAME.index` and `NAME.dict` (or, with `zip`, `NAME.dict.dz`) in
/// `dir`: a `00-database-short` header naming it `short`, then each
/// (headword, definition), the definition after a first line repeating the
/// headword, as dictfmt writes them. Returns the index's path.
pub fn dictd(dir: &Path, name: &str, short: &str, entries: &[(&str, &str)], zip: bool) -> PathBuf {
    let short = format!("00-database-short\n     {short}\n");
    let headers = [
        ("00-database-short", short.as_str()),
        ("00-database-utf8", "\n"),
    ];
    dictd_with(dir, name, &headers, entries, zip)
}

/// The same with the given header entries (name, text as stored), as an
/// older dictfmt (`00databaseshort`) or FreeDict's tools write them.
pub fn dictd_with(
    dir: &Path,
    name: &str,
    headers: &[(&str, &str)],
    entries: &[(&str, &str)],
    zip: bool,
) -> PathBuf {
    let mut data = String::new();
    let mut lines: Vec<(Vec<u8>, String)> = Vec::new();
    let mut add = |headword: &str, text: &str, data: &mut String| {
        let offset = data.len() as u64;
        data.push_str(text);
        let line = format!(
            "{}\t{}\t{}\n",
            headword.to_lowercase(),
            b64(offset),
            b64(text.len() as u64)
        );
        lines.push((dictd_key(headword), line));
    };
    for (header, text) in headers {
        add(header, text, &mut data);
    }
    for (headword, definition) in entries {
        add(headword, &format!("{headword}\n{definition}\n"), &mut data);
    }
    lines.sort();
    let index: String = lines.into_iter().map(|(_, line)| line).collect();
    let index_path = dir.join(format!("{name}.index"));
    std::fs::write(&index_path, index).unwrap();
    match zip {
        true => std::fs::write(
            dir.join(format!("{name}.dict.dz")),
            dictzip(data.as_bytes(), 4096),
        )
        .unwrap(),
        false => std::fs::write(dir.join(format!("{name}.dict")), data).unwrap(),
    }
    index_path
}

/// `text` as dictzip writes it: one gzip member, every `chunk_len` bytes
/// flushed, the chunks' compressed sizes in the `RA` extra field.
pub fn dictzip(text: &[u8], chunk_len: usize) -> Vec<u8> {
    let mut compressor = Compress::new(Compression::default(), false);
    let mut chunks = Vec::new();
    let pieces: Vec<&[u8]> = text.chunks(chunk_len).collect();
    for (i, piece) in pieces.iter().enumerate() {
        let flush = if i + 1 == pieces.len() {
            FlushCompress::Finish
        } else {
            FlushCompress::Full
        };
        // Room for the worst case, so one call takes the whole piece.
        let mut out = Vec::with_capacity(piece.len() + piece.len() / 8 + 256);
        let start = compressor.total_in();
        compressor.compress_vec(piece, &mut out, flush).unwrap();
        assert_eq!(compressor.total_in() - start, piece.len() as u64);
        chunks.push(out);
    }
    let mut extra = b"RA".to_vec();
    extra.extend(((6 + 2 * chunks.len()) as u16).to_le_bytes());
    for value in [1u16, chunk_len as u16, chunks.len() as u16] {
        extra.extend(value.to_le_bytes());
    }
    for chunk in &chunks {
        extra.extend((chunk.len() as u16).to_le_bytes());
    }
    let mut file = vec![0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 2, 3];
    file.extend((extra.len() as u16).to_le_bytes());
    file.extend(extra);
    for chunk in chunks {
        file.extend(chunk);
    }
    let crc = {
        let mut crc = flate2::Crc::new();
        crc.update(text);
        crc.sum()
    };
    file.extend(crc.to_le_bytes());
    file.extend((text.len() as u32).to_le_bytes());
    file
}

/// StarDict's order: ASCII case folded, then bytes.
fn stardict_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_ascii_lowercase()
        .cmp(&b.to_ascii_lowercase())
        .then(a.cmp(b))
}

/// Writes a StarDict dictionary `NAME.ifo`, `.idx`, `.dict` (and `.syn`
/// for `synonyms`, each naming an entry by headword) in `dir/NAME/`, as
/// StarDict keeps them; `sequence` is its sametypesequence (empty: each
/// definition carries its own type byte, given as its first character).
/// `lang` is written as the `.ifo`'s `lang` when given. Returns the `.ifo`.
pub fn stardict(
    dir: &Path,
    name: &str,
    entries: &[(&str, &str)],
    synonyms: &[(&str, &str)],
    sequence: &str,
    lang: Option<&str>,
) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let mut sorted: Vec<&(&str, &str)> = entries.iter().collect();
    sorted.sort_by(|a, b| stardict_order(a.0, b.0));
    let (mut idx, mut dict) = (Vec::new(), Vec::new());
    for (word, definition) in &sorted {
        let bytes: Vec<u8> = match sequence.is_empty() {
            true => {
                let (kind, text) = definition.split_at(1);
                [kind.as_bytes(), text.as_bytes(), b"\0"].concat()
            }
            false => definition.as_bytes().to_vec(),
        };
        idx.extend(word.as_bytes());
        idx.push(0);
        idx.extend((dict.len() as u32).to_be_bytes());
        idx.extend((bytes.len() as u32).to_be_bytes());
        dict.extend(bytes);
    }
    let mut ifo = format!(
        "StarDict's dict ifo file\nversion=2.4.2\nwordcount={}\nidxfilesize={}\nbookname={name} dictionary\n",
        entries.len(),
        idx.len()
    );
    if !sequence.is_empty() {
        ifo.push_str(&format!("sametypesequence={sequence}\n"));
    }
    if let Some(lang) = lang {
        ifo.push_str(&format!("lang={lang}\n"));
    }
    if !synonyms.is_empty() {
        let mut syn_sorted: Vec<&(&str, &str)> = synonyms.iter().collect();
        syn_sorted.sort_by(|a, b| stardict_order(a.0, b.0));
        let mut syn = Vec::new();
        for (word, target) in syn_sorted {
            let row = sorted.iter().position(|(w, _)| w == target).unwrap() as u32;
            syn.extend(word.as_bytes());
            syn.push(0);
            syn.extend(row.to_be_bytes());
        }
        ifo.push_str(&format!("synwordcount={}\n", synonyms.len()));
        std::fs::write(folder.join(format!("{name}.syn")), syn).unwrap();
    }
    std::fs::write(folder.join(format!("{name}.idx")), idx).unwrap();
    std::fs::write(folder.join(format!("{name}.dict")), dict).unwrap();
    let ifo_path = folder.join(format!("{name}.ifo"));
    std::fs::write(&ifo_path, ifo).unwrap();
    ifo_path
}
