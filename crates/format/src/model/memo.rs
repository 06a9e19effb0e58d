//! A memo table for values computed once per distinct key: a list scan for
//! the handful of keys nearly every caller has (a language tag per language
//! of a glossary), a hash map past them, so that neither the common few nor
//! a hostile many (a term with 40,000 languages) cost more than they must.

use std::collections::HashMap;
use std::hash::Hash;

/// Keys past this many go to the hash map.
const FEW: usize = 16;

pub struct Memo<K, V> {
    few: Vec<(K, V)>,
    many: HashMap<K, V>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            few: Vec::new(),
            many: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash, V: Copy> Memo<K, V> {
    /// The value for `key`, computed by `compute` the first time.
    pub fn get_or_insert_with(&mut self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some((_, value)) = self.few.iter().find(|(known, _)| *known == key) {
            return *value;
        }
        if let Some(value) = self.many.get(&key) {
            return *value;
        }
        let value = compute();
        if self.few.len() < FEW {
            self.few.push((key, value));
        } else {
            self.many.insert(key, value);
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_each_key_once_whether_few_or_many() {
        let mut memo = Memo::default();
        let mut computed = 0;
        for round in 0..2 {
            for key in 0..100u32 {
                let value = memo.get_or_insert_with(key, || {
                    computed += 1;
                    key * 2
                });
                assert_eq!(value, key * 2, "round {round}");
            }
        }
        assert_eq!(computed, 100);
    }
}
