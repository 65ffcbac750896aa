//! [`SortedMap`]: values by name, in a vector kept sorted by name.
//!
//! The maps of the runtime are small (the properties of a profile, of an endpoint, of a
//! record) and are built once, then read. A `BTreeMap` would serve as well at run time, but each
//! of its instantiations compiles about a hundred functions: with five of them it was a fifth of
//! the runtime's machine code, in every application's build. A sorted vector needs a binary
//! search and `Vec`'s own code.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Index;

/// Values by name, iterated in name order, each name at most once.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V> SortedMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(key, _)| key.as_str().cmp(name))
    }

    /// The value of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&V> {
        let index = self.position(name).ok()?;
        Some(&self.entries[index].1)
    }

    /// The value of `name`, to change, if any.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let index = self.position(name).ok()?;
        Some(&mut self.entries[index].1)
    }

    /// Takes the value of `name` out, if any.
    pub fn remove(&mut self, name: &str) -> Option<V> {
        let index = self.position(name).ok()?;
        Some(self.entries.remove(index).1)
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name` to `value`, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: V) -> Option<V> {
        let name = name.into();
        match self.position(&name) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (name, value));
                None
            }
        }
    }

    /// The value of `name`, first set to `make()` when it has none.
    pub fn get_or_insert_with(&mut self, name: &str, make: impl FnOnce() -> V) -> &mut V {
        let index = match self.position(name) {
            Ok(index) => index,
            Err(index) => {
                self.entries.insert(index, (name.to_owned(), make()));
                index
            }
        };
        &mut self.entries[index].1
    }

    /// The names and their values, in name order.
    pub fn iter(&self) -> Iter<'_, V> {
        self.into_iter()
    }

    /// The names, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|(name, _)| name.as_str())
    }

    /// How many names have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V, K: Into<String>> FromIterator<(K, V)> for SortedMap<V> {
    /// The map of `entries`; of a name given twice, the last value is kept.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        // Sorted once rather than inserted one by one, which moves the tail of the vector for
        // each name out of order (a parsed JSON object's members come in any order). Reversed
        // first, so that the stable sort puts the last of a repeated name first, and `dedup`
        // keeps the first.
        let mut entries: Vec<(String, V)> = entries
            .into_iter()
            .map(|(name, value)| (name.into(), value))
            .collect();
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Self { entries }
    }
}

impl<V, K: Into<String>, const N: usize> From<[(K, V); N]> for SortedMap<V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<V> IntoIterator for SortedMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// What `&map` iterates: names and values, in name order.
pub type Iter<'a, V> =
    std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a str, &'a V)>;

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}

impl<V, Q: Borrow<str> + ?Sized> Index<&Q> for SortedMap<V> {
    type Output = V;

    /// The value of `name`; panics when it has none, as a `BTreeMap` does.
    fn index(&self, name: &Q) -> &V {
        let name = name.borrow();
        match self.get(name) {
            Some(value) => value,
            None => panic!("no entry named {name:?}"),
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for SortedMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::SortedMap;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_of_the_same_insertions() {
        // Pseudo-random names from a small alphabet, so that many repeat.
        let mut seed: u32 = 7;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        let mut ours = SortedMap::new();
        let mut theirs = BTreeMap::new();
        for step in 0..2_000u32 {
            let name: String = (0..1 + next() % 3)
                .map(|_| char::from(b'a' + (next() % 4) as u8))
                .collect();
            if next() % 3 == 0 {
                let made = *ours.get_or_insert_with(&name, || step);
                assert_eq!(made, *theirs.entry(name.clone()).or_insert(step));
            } else {
                assert_eq!(
                    ours.insert(name.clone(), step),
                    theirs.insert(name.clone(), step)
                );
            }
            assert_eq!(ours.get(&name), theirs.get(&name));
            assert!(!ours.contains_key("zz"));
        }
        assert_eq!(ours.len(), theirs.len());
        let pairs: Vec<(&str, &u32)> = theirs.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(ours.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        assert_eq!(
            ours.clone().into_iter().collect::<Vec<_>>(),
            theirs.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_last_of_repeated_names_wins_and_index_reads() {
        let map = SortedMap::from([("b", 1), ("a", 2), ("b", 3)]);
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(map["b"], 3);
        assert!(!map.is_empty());
        assert!(SortedMap::<u8>::default().is_empty());
    }
}
