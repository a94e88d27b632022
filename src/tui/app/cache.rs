//! A TTL cache with hit/miss/eviction statistics, for metadata now and
//! values later. Time is passed in (milliseconds on a monotonic clock), so
//! the cache stays pure and testable.

use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
}

impl CacheStats {
    /// Hits as a share of lookups, 0..=100; None before the first lookup.
    pub fn hit_rate(&self) -> Option<u8> {
        let total = self.hits + self.misses;
        (total > 0).then(|| ((self.hits * 100 + total / 2) / total) as u8)
    }
}

#[derive(Debug)]
pub struct TtlCache<K, V> {
    ttl_ms: u64,
    entries: HashMap<K, (V, u64)>,
    stats: CacheStats,
}

impl<K: Eq + Hash + Clone, V> TtlCache<K, V> {
    pub fn new(ttl_ms: u64) -> Self {
        TtlCache {
            ttl_ms,
            entries: HashMap::new(),
            stats: CacheStats::default(),
        }
    }

    pub fn ttl_ms(&self) -> u64 {
        self.ttl_ms
    }

    /// A fresh entry counts as a hit; a missing or expired one as a miss
    /// (and an expired one is evicted).
    pub fn get(&mut self, key: &K, now_ms: u64) -> Option<&V> {
        let fresh = match self.entries.get(key) {
            Some((_, stored)) => now_ms.saturating_sub(*stored) < self.ttl_ms,
            None => {
                self.stats.misses += 1;
                return None;
            }
        };
        if !fresh {
            self.entries.remove(key);
            self.stats.evictions += 1;
            self.stats.misses += 1;
            return None;
        }
        self.stats.hits += 1;
        self.entries.get(key).map(|(v, _)| v)
    }

    /// Look without counting a hit or miss (for drawing).
    pub fn peek<Q: Eq + Hash + ?Sized>(&self, key: &Q, now_ms: u64) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.entries
            .get(key)
            .filter(|(_, stored)| now_ms.saturating_sub(*stored) < self.ttl_ms)
            .map(|(v, _)| v)
    }

    /// Change a fresh entry in place, keeping its age.
    pub fn peek_mut(&mut self, key: &K, now_ms: u64) -> Option<&mut V> {
        let ttl = self.ttl_ms;
        self.entries
            .get_mut(key)
            .filter(|(_, stored)| now_ms.saturating_sub(*stored) < ttl)
            .map(|(v, _)| v)
    }

    pub fn insert(&mut self, key: K, value: V, now_ms: u64) {
        self.entries.insert(key, (value, now_ms));
    }

    pub fn remove(&mut self, key: &K) {
        if self.entries.remove(key).is_some() {
            self.stats.evictions += 1;
        }
    }

    /// Drop every expired entry (values are dropped, and so zeroized, here).
    pub fn evict_expired(&mut self, now_ms: u64) {
        let ttl = self.ttl_ms;
        let before = self.entries.len();
        self.entries
            .retain(|_, (_, stored)| now_ms.saturating_sub(*stored) < ttl);
        self.stats.evictions += (before - self.entries.len()) as u64;
    }

    /// When the oldest entry expires (same clock as `now_ms`).
    pub fn next_expiry(&self) -> Option<u64> {
        self.entries
            .values()
            .map(|(_, stored)| stored + self.ttl_ms)
            .min()
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self.entries.len(),
            ..self.stats
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_after_the_ttl_and_are_counted() {
        let mut c = TtlCache::new(1000);
        assert!(c.get(&"a", 0).is_none());
        c.insert("a", 1, 0);
        assert_eq!(c.get(&"a", 999), Some(&1));
        assert!(c.get(&"a", 1000).is_none());
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.evictions, s.entries), (1, 2, 1, 0));
        assert_eq!(s.hit_rate(), Some(33));
    }

    #[test]
    fn evict_expired_drops_only_old_entries() {
        let mut c = TtlCache::new(100);
        c.insert(1, "old", 0);
        c.insert(2, "new", 90);
        c.evict_expired(150);
        assert_eq!(c.peek(&2, 150), Some(&"new"));
        assert_eq!(c.stats().entries, 1);
        assert_eq!(c.stats().evictions, 1);
        assert_eq!(c.next_expiry(), Some(190));
    }
}
