//! The ARNs a listing has handed over, to hand each secret over once.
//!
//! Kept as 128-bit fingerprints rather than as text: a listing of 100,000
//! secrets held about 12 MB of ARN copies on the worker's threads, and the
//! allocator kept those pages after the listing freed them. Fingerprints
//! take 16 bytes each.
//!
//! Two SipHash functions with keys drawn at random for each set make the
//! fingerprint. Two different ARNs share one with probability 2^-128 per
//! pair: about 10^-29 for a listing of 100,000 secrets, far below the odds
//! of the machine flipping a bit, and no input can be built to collide
//! with keys it does not know.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher, RandomState};

use super::secret_id::Arn;

#[derive(Debug, Default)]
pub struct ArnSet {
    keys: [RandomState; 2],
    seen: HashSet<u128>,
}

impl ArnSet {
    /// Adds `arn`; false when it was already there.
    pub fn insert<'a>(&mut self, arn: impl Into<Arn<'a>>) -> bool {
        let fingerprint = self.fingerprint(arn.into());
        self.seen.insert(fingerprint)
    }

    /// Takes `arn` out; false when it was not there.
    pub fn remove<'a>(&mut self, arn: impl Into<Arn<'a>>) -> bool {
        let fingerprint = self.fingerprint(arn.into());
        self.seen.remove(&fingerprint)
    }

    fn fingerprint(&self, arn: Arn<'_>) -> u128 {
        let hash = |keys: &RandomState| {
            let mut state = keys.build_hasher();
            arn.write_to(&mut state);
            u128::from(state.finish())
        };
        let [high, low] = &self.keys;
        (hash(high) << 64) | hash(low)
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Behaves as a set of the ARNs themselves.
        #[test]
        fn answers_as_a_set_of_strings_would(arns in proptest::collection::vec("[a-c:/-]{0,6}", 0..60)) {
            let mut set = ArnSet::default();
            let mut exact = std::collections::HashSet::new();
            for arn in &arns {
                prop_assert_eq!(set.insert(arn.as_str()), exact.insert(arn.clone()));
            }
            prop_assert_eq!(set.len(), exact.len());
            for arn in arns.iter().step_by(2) {
                prop_assert_eq!(set.remove(arn.as_str()), exact.remove(arn));
            }
            prop_assert_eq!(set.len(), exact.len());
        }
    }

    #[test]
    fn arns_that_differ_in_one_character_are_both_kept() {
        let mut set = ArnSet::default();
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123";
        assert!(set.insert(arn));
        assert!(!set.insert(arn));
        assert!(set.insert(&arn.replace("AbC123", "AbC124")));
        assert_eq!(set.len(), 2);
    }
}
