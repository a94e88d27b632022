//! One shared copy of what repeats across secrets: their sets of tags
//! (`team=payments, env=production` on thousands of secrets) and the texts
//! in them. At 100,000 secrets this keeps a few hundred sets instead of
//! 100,000 maps and 400,000 strings.

use std::collections::HashSet;
use std::sync::Arc;

use super::secret::{TagMap, Tags};
use super::small_map::small_map;

#[derive(Debug, Default)]
pub struct Interner {
    texts: HashSet<Arc<str>>,
    tag_sets: HashSet<Tags>,
}

impl Interner {
    pub fn intern(&mut self, text: &Arc<str>) -> Arc<str> {
        match self.texts.get(text) {
            Some(shared) => shared.clone(),
            None => {
                self.texts.insert(text.clone());
                text.clone()
            }
        }
    }

    pub fn tags(&mut self, tags: &Tags) -> Tags {
        if let Some(shared) = self.tag_sets.get(tags) {
            return shared.clone();
        }
        let map: TagMap = small_map(
            tags.iter()
                .map(|(k, v)| (self.intern(k), self.intern(v)))
                .collect::<Vec<_>>(),
        );
        let shared = Tags::new(map);
        self.tag_sets.insert(shared.clone());
        shared
    }

    /// Forget what no secret holds any more.
    pub fn prune(&mut self) {
        self.tag_sets.retain(|t| Arc::strong_count(t) > 1);
        self.texts.retain(|t| Arc::strong_count(t) > 1);
    }

    /// Texts kept (each once).
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        Tags::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    }

    #[test]
    fn equal_sets_and_texts_share_one_copy_until_no_one_holds_them() {
        let mut interner = Interner::default();
        let a = interner.tags(&tags(&[("team", "core")]));
        let b = interner.tags(&tags(&[("team", "edge")]));
        let a2 = interner.tags(&tags(&[("team", "core")]));
        assert!(Arc::ptr_eq(&a, &a2), "the same set is shared");
        let team = |t: &Tags| t.iter().next().unwrap().0.clone();
        assert!(Arc::ptr_eq(&team(&a), &team(&b)), "texts are shared");
        assert_eq!(interner.len(), 3);
        drop((a, a2));
        interner.prune();
        assert_eq!(interner.len(), 2, "core is gone, team and edge stay");
        drop(b);
        interner.prune();
        assert!(interner.is_empty());
    }
}
