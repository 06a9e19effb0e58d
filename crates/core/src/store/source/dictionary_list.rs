//! A dictionary read whole: every headword (for lists and the table of
//! folded keys), every entry (for the full-text index) and `--check`'s
//! pass over every index line and every entry's place in the data.

use super::dictionary::{Dictionary, Format};
use super::dictionary_lookup::Entry;
use crate::formats::dict::{self, dictd, Data};
use crate::store::read::Problem;

impl Dictionary {
    /// Every entry, read in one pass over the data (each dictzip chunk
    /// inflated once): what the search index is built from, once per
    /// version of the dictionary. Entries that do not read are skipped and
    /// counted.
    pub(crate) fn all_entries(&self) -> Result<(Vec<Entry>, usize), Problem> {
        let problem = |message: String| Problem::new(&self.path, None, message);
        let data = Data::open(self.data()).map_err(problem)?;
        let text = data.read_all().map_err(problem)?;
        let mut places: Vec<(Vec<u8>, u64, u64)> = Vec::new();
        match &self.format {
            Format::Dictd { .. } => places.extend(
                self.dictd_index()
                    .lines()
                    .filter_map(Result::ok)
                    .filter(|line| !dictd::is_header(line.headword))
                    .map(|line| (line.headword.to_vec(), line.offset, line.len)),
            ),
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                places.extend(
                    (0..table.len())
                        .filter_map(|row| table.row(row))
                        .map(|row| (row.headword.to_vec(), row.offset, row.len)),
                );
            }
        }
        let mut skipped = 0;
        let mut entries = Vec::with_capacity(places.len());
        for (headword, offset, len) in places {
            let end = offset
                .checked_add(len)
                .filter(|&end| end <= text.len() as u64 && len <= dict::MAX_DEFINITION);
            let read = end
                .ok_or_else(String::new)
                .and_then(|end| self.readable(&headword, &text[offset as usize..end as usize]));
            match read {
                Ok(entry) => entries.push(entry),
                Err(_) => skipped += 1,
            }
        }
        Ok((entries, skipped))
    }

    /// Every headword, in index order, for the table of folded keys and
    /// for lists; headers left out.
    pub(crate) fn headwords(&self) -> Vec<String> {
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .lines()
                .filter_map(Result::ok)
                .filter(|line| !dictd::is_header(line.headword))
                .map(|line| dict::text(line.headword))
                .collect(),
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                (0..table.len())
                    .filter_map(|row| table.row(row))
                    .map(|row| dict::text(row.headword))
                    .chain(synonyms.iter().map(|(w, _)| dict::text(w)))
                    .collect()
            }
        }
    }
    /// Everything wrong with the dictionary, for `--check`: every index
    /// line parsed and every entry's place checked against the length of
    /// the data, every dictzip chunk inflated once (not once per entry).
    pub(crate) fn check(&self) -> Vec<Problem> {
        let problem =
            |line: Option<usize>, message: String| Problem::new(&self.path, line, message);
        let total = match Data::open(self.data()).and_then(|data| {
            data.check()?;
            data.len()
        }) {
            Ok(total) => total,
            Err(why) => return vec![problem(None, why)],
        };
        let past = |offset: u64, len: u64| {
            let end = offset.checked_add(len).filter(|&end| end <= total);
            let too_long = len > dict::MAX_DEFINITION;
            match (end, too_long) {
                (_, true) => Some(format!("an entry of {len} bytes is larger than the {} bytes read for one", dict::MAX_DEFINITION)),
                (None, _) => Some(format!("an entry at byte {offset} ({len} bytes) lies past the end of the data ({total} bytes)")),
                (Some(_), false) => None,
            }
        };
        let mut problems = Vec::new();
        match &self.format {
            Format::Dictd { .. } => {
                for (number, line) in self.dictd_index().lines().enumerate() {
                    let why = match line {
                        Err(why) => Some(why.to_string()),
                        Ok(line) => past(line.offset, line.len),
                    };
                    problems.extend(why.map(|why| problem(Some(number + 1), why)));
                    if problems.len() >= MAX_PROBLEMS {
                        break;
                    }
                }
            }
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                for row in (0..table.len()).filter_map(|row| table.row(row)) {
                    if let Some(why) = past(row.offset, row.len) {
                        problems.push(problem(
                            None,
                            format!(
                                "{}: {why}",
                                crate::model::text::one_line(&dict::text(row.headword))
                            ),
                        ));
                    }
                    if problems.len() >= MAX_PROBLEMS {
                        break;
                    }
                }
            }
        }
        if problems.len() >= MAX_PROBLEMS {
            problems.push(problem(
                None,
                format!("more than {MAX_PROBLEMS} problems; the rest are not listed"),
            ));
        }
        problems
    }
}

/// Problems `--check` lists for one dictionary: past these it is damaged
/// throughout, and one more line says so.
const MAX_PROBLEMS: usize = 100;
