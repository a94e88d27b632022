//! A map kept as a sorted vector (`litemap`): what a secret's tags need
//! (a handful of entries, read far more than written) at a fraction of a
//! `BTreeMap`'s memory — whose first node holds room for eleven entries,
//! about 1 KB per map, which at 100,000 secrets would be most of the
//! console's memory.
//!
//! A thin wrapper over `litemap::LiteMap` (whose API it derefs to) for two
//! reasons: collecting leaves no spare capacity, and it serializes as a
//! JSON object even when empty (`LiteMap` writes an empty map as `[]`,
//! which would change `ls --json`).

use std::fmt;
use std::ops::{Deref, DerefMut};

use litemap::LiteMap;
use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SmallMap<K, V>(LiteMap<K, V>);

impl<K, V> SmallMap<K, V> {
    pub fn new() -> Self {
        SmallMap(LiteMap::new())
    }
}

impl<K, V> Deref for SmallMap<K, V> {
    type Target = LiteMap<K, V>;
    fn deref(&self) -> &LiteMap<K, V> {
        &self.0
    }
}

impl<K, V> DerefMut for SmallMap<K, V> {
    fn deref_mut(&mut self) -> &mut LiteMap<K, V> {
        &mut self.0
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SmallMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        small_map(iter)
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SmallMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter()).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SmallMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Entries sorted by key, keeping the last of equal keys (as inserting
/// them one by one into a map would), with no spare capacity.
pub fn sorted_last_wins<K: Ord, V>(mut entries: Vec<(K, V)>) -> Vec<(K, V)> {
    // Stable: equal keys keep their order, and the last one is kept.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unique: Vec<(K, V)> = Vec::with_capacity(entries.len());
    for entry in entries {
        match unique.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => unique.push(entry),
        }
    }
    unique.shrink_to_fit();
    unique
}

/// A map of `entries` (the last of equal keys wins), without spare room.
pub fn small_map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> SmallMap<K, V> {
    let sorted = sorted_last_wins(entries.into_iter().collect());
    SmallMap(LiteMap::from_sorted_store_unchecked(sorted))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::{SmallMap, small_map};

    proptest! {
        /// Behaves as a BTreeMap for the operations sekret uses.
        #[test]
        fn behaves_like_a_btreemap(ops in proptest::collection::vec((0u8..3, 0u8..8, any::<u8>()), 0..60)) {
            let mut small = SmallMap::new();
            let mut btree = BTreeMap::new();
            for (op, k, v) in ops {
                match op {
                    0 => prop_assert_eq!(small.insert(k, v), btree.insert(k, v)),
                    1 => prop_assert_eq!(small.remove(&k), btree.remove(&k)),
                    _ => prop_assert_eq!(small.get(&k), btree.get(&k)),
                }
                prop_assert_eq!(small.iter().collect::<Vec<_>>(), btree.iter().collect::<Vec<_>>());
                prop_assert_eq!(small.len(), btree.len());
            }
            let collected: SmallMap<u8, u8> = small_map(btree.clone().into_iter().rev());
            prop_assert_eq!(collected.iter().collect::<Vec<_>>(), btree.iter().collect::<Vec<_>>());
            prop_assert_eq!(serde_json::to_string(&small_map(btree.iter().map(|(k, v)| (k.to_string(), *v)))).unwrap(),
                serde_json::to_string(&btree.iter().map(|(k, v)| (k.to_string(), *v)).collect::<BTreeMap<_, _>>()).unwrap());
        }
    }

    #[test]
    fn the_last_of_equal_keys_wins() {
        let map: SmallMap<&str, i32> = small_map([("a", 1), ("b", 2), ("a", 3)]);
        assert_eq!(map.get("a"), Some(&3));
        assert_eq!(map.len(), 2);
        let collected: SmallMap<&str, i32> = [("a", 1), ("b", 2), ("a", 3)].into_iter().collect();
        assert_eq!(collected.get("a"), Some(&3), "collect agrees");
        assert_eq!(format!("{map:?}"), r#"{"a": 3, "b": 2}"#);
        let empty: SmallMap<String, String> = SmallMap::new();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }
}
