//! The search lists' codec: a token's postings as varint gaps between
//! articles, each followed by one byte (`Posting`), encoded as articles
//! arrive and decoded without trusting a count from the blob; and BM25's
//! inverse document frequency, computed when the index is written.

use super::{Posting, COUNT_MASK, IN_DESCRIPTION, IN_TITLE};

/// One token's postings, encoded as they come (articles arrive in order).
#[derive(Default)]
pub(super) struct Postings {
    pub(super) bytes: Vec<u8>,
    pub(super) previous: u32,
    pub(super) count: u32,
}

impl Postings {
    pub(super) fn push(&mut self, article: u32, byte: u8) {
        write_varint(&mut self.bytes, article - self.previous);
        self.bytes.push(byte);
        self.previous = article;
        self.count += 1;
    }

    /// `later`'s postings after these: its articles all come after ours. Its
    /// first gap was counted from 0 and is counted again from our last.
    pub(super) fn append(&mut self, later: Postings) {
        let mut at = 0;
        let Some(first) = read_varint(&later.bytes, &mut at) else {
            return;
        };
        write_varint(&mut self.bytes, first - self.previous);
        self.bytes.extend_from_slice(&later.bytes[at..]);
        self.previous = later.previous;
        self.count += later.count;
    }
}

/// The postings in `bytes`; `df`, the frequency the blob claims, is only a
/// hint: a damaged one must not size an allocation (each posting takes at
/// least two bytes).
pub(super) fn decode(bytes: &[u8], df: u32) -> Vec<Posting> {
    let mut postings = Vec::with_capacity((df as usize).min(bytes.len() / 2));
    let (mut at, mut article) = (0, 0u32);
    while at < bytes.len() {
        let Some(gap) = read_varint(bytes, &mut at) else {
            break;
        };
        let Some(&byte) = bytes.get(at) else { break };
        at += 1;
        article = article.saturating_add(gap);
        postings.push(Posting {
            article,
            in_title: byte & IN_TITLE != 0,
            in_description: byte & IN_DESCRIPTION != 0,
            body_count: u32::from(byte & COUNT_MASK),
        });
    }
    postings
}

/// BM25's inverse document frequency, computed when the index is written so
/// that a search needs no logarithm at run time. `libm` rather than `f64::ln`:
/// the latter links the system maths library, which every start would load.
pub(super) fn idf(articles: usize, containing: usize) -> f32 {
    let (n, df) = (articles as f64, containing as f64);
    libm::log(1.0 + (n - df + 0.5) / (df + 0.5)) as f32
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}
