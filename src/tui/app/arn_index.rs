//! Secret index by ARN, holding only the index: the ARN itself is read
//! from the secret when comparing. A `HashMap<String, u32>` kept a second
//! copy of every ARN, about 140 bytes per secret at 100,000 secrets.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

#[cfg(test)]
use crate::domain::secret::SecretId;
use crate::domain::secret::{Arn, SecretMeta};

#[derive(Default)]
pub struct ArnIndex {
    table: HashTable<u32>,
    hasher: std::hash::RandomState,
}

impl std::fmt::Debug for ArnIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ArnIndex({} secrets)", self.table.len())
    }
}

impl ArnIndex {
    pub fn get<'a>(&self, arn: impl Into<Arn<'a>>, secrets: &[SecretMeta]) -> Option<u32> {
        let arn = arn.into();
        self.table
            .find(hash(&self.hasher, arn), |&id| {
                secrets[id as usize].arn() == arn
            })
            .copied()
    }

    /// Index `secrets[id]` (whose ARN is not indexed yet).
    pub fn insert(&mut self, id: u32, secrets: &[SecretMeta]) {
        let keys = &self.hasher;
        let at = |id: u32| hash(keys, secrets[id as usize].arn());
        self.table.insert_unique(at(id), id, |&other| at(other));
    }

    pub fn clear(&mut self) {
        self.table.clear();
        self.table.shrink_to_fit(|_| 0);
    }
}

/// The same for an ARN in pieces as for the same text in one.
fn hash(keys: &std::hash::RandomState, arn: Arn<'_>) -> u64 {
    let mut state = keys.build_hasher();
    arn.write_to(&mut state);
    state.finish()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Finds exactly the secrets indexed, by ARN.
        #[test]
        fn finds_what_was_indexed(arns in proptest::collection::hash_set("[a-c]{0,4}", 0..40), probe in "[a-c]{0,4}") {
            let secrets: Vec<SecretMeta> = arns
                .iter()
                .map(|arn| SecretMeta { id: SecretId::new("", arn), ..Default::default() })
                .collect();
            let mut index = ArnIndex::default();
            for id in 0..secrets.len() {
                index.insert(id as u32, &secrets);
            }
            for (id, s) in secrets.iter().enumerate() {
                prop_assert_eq!(index.get(s.arn(), &secrets), Some(id as u32));
            }
            prop_assert_eq!(index.get(&probe, &secrets).is_some(), arns.contains(&probe));
            index.clear();
            prop_assert_eq!(index.get(&probe, &secrets), None);
        }
    }
}
