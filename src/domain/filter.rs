//! Fuzzy filtering of secret names as the operator types (nucleo-matcher).
//!
//! Only a hit/miss bit per secret is kept; highlight positions are worked
//! out for the few rows on screen. When the query grows by typing, only
//! the previous hits are re-scored: a name that did not match `gaa` cannot
//! match `gaar`; and the hits of each shorter query are kept, so that
//! Backspace costs nothing. Plain queries are decided by a subsequence
//! scan (`subsequence`), nucleo's answer without its scoring.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::subsequence::Words;

/// Shorter queries whose hits are kept for Backspace.
const KEPT_QUERIES: usize = 64;

pub struct FuzzyFilter {
    query: String,
    pattern: Pattern,
    /// The fast path, when the query is plain words.
    words: Option<Words>,
    matcher: Matcher,
    hits: Vec<bool>,
    hit_count: usize,
    /// The hits of the queries typed on the way to this one.
    earlier: Vec<(String, Vec<bool>, usize)>,
    buf: Vec<char>,
}

impl std::fmt::Debug for FuzzyFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FuzzyFilter")
            .field("query", &self.query)
            .field("hit_count", &self.hit_count)
            .finish()
    }
}

impl Default for FuzzyFilter {
    fn default() -> Self {
        FuzzyFilter {
            query: String::new(),
            pattern: Pattern::default(),
            words: None,
            matcher: Matcher::new(Config::DEFAULT.match_paths()),
            hits: Vec::new(),
            hit_count: 0,
            earlier: Vec::new(),
            buf: Vec::new(),
        }
    }
}

impl FuzzyFilter {
    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    pub fn hit_count(&self) -> usize {
        self.hit_count
    }

    pub fn matches(&self, secret: u32) -> bool {
        !self.is_active() || self.hits.get(secret as usize).copied().unwrap_or(false)
    }

    /// Change the query and re-score `names` (indexed by secret id).
    pub fn set_query<'a>(&mut self, query: &str, names: impl Fn(u32) -> &'a str, count: usize) {
        let narrowing = !self.query.is_empty() && query.starts_with(&self.query);
        if narrowing && self.hits.len() == count {
            let kept = (
                self.query.clone(),
                std::mem::take(&mut self.hits),
                self.hit_count,
            );
            self.hits = kept.1.clone();
            self.earlier.push(kept);
            if self.earlier.len() > KEPT_QUERIES {
                self.earlier.remove(0);
            }
        } else if !narrowing {
            // Back to a query typed on the way here: its hits are kept.
            while self
                .earlier
                .last()
                .is_some_and(|(q, ..)| q.len() > query.len())
            {
                self.earlier.pop();
            }
            if let Some((q, hits, hit_count)) = self.earlier.pop() {
                if q == query && hits.len() == count {
                    self.set_pattern(query);
                    self.hits = hits;
                    self.hit_count = hit_count;
                    return;
                }
                self.earlier.clear();
            }
        }
        self.set_pattern(query);
        if !self.is_active() {
            self.hits.clear();
            self.hit_count = 0;
            self.earlier.clear();
            return;
        }
        self.hits.resize(count, false);
        let mut hit_count = 0;
        for id in 0..count {
            if narrowing && !self.hits[id] {
                continue;
            }
            let hit = self.score(names(id as u32));
            self.hits[id] = hit;
            hit_count += hit as usize;
        }
        self.hit_count = hit_count;
    }

    fn set_pattern(&mut self, query: &str) {
        self.query = query.to_string();
        self.pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        self.words = Words::parse(query);
    }

    /// Score one newly listed secret against the current query.
    pub fn add(&mut self, secret: u32, name: &str) {
        if !self.is_active() {
            return;
        }
        // The kept hits of shorter queries do not know this secret.
        self.earlier.clear();
        let hit = self.score(name);
        if self.hits.len() <= secret as usize {
            self.hits.resize(secret as usize + 1, false);
        }
        self.hits[secret as usize] = hit;
        self.hit_count += hit as usize;
    }

    fn score(&mut self, name: &str) -> bool {
        if let Some(words) = &self.words {
            return words.matches(name);
        }
        self.pattern
            .score(Utf32Str::new(name, &mut self.buf), &mut self.matcher)
            .is_some()
    }

    /// Something to work out highlight positions with while drawing
    /// (which only has `&self`): one per frame, reused for every row.
    pub fn highlighter(&self) -> Highlighter {
        Highlighter {
            active: self.is_active(),
            pattern: self.pattern.clone(),
            matcher: Matcher::new(Config::DEFAULT.match_paths()),
            buf: Vec::new(),
        }
    }
}

pub struct Highlighter {
    active: bool,
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Highlighter {
    /// Character positions in `name` that the query matched, sorted.
    pub fn positions(&mut self, name: &str) -> Vec<u32> {
        let mut indices = Vec::new();
        if self.active {
            self.pattern.indices(
                Utf32Str::new(name, &mut self.buf),
                &mut self.matcher,
                &mut indices,
            );
            indices.sort_unstable();
            indices.dedup();
        }
        indices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 4] = [
        "gaara-store/production/jwt-secret",
        "gaara-store/production/database-url",
        "pipeline-pulse/prod/database",
        "credlink-prod-api-keys",
    ];

    fn filter(query: &str) -> FuzzyFilter {
        let mut f = FuzzyFilter::default();
        f.set_query(query, |i| NAMES[i as usize], NAMES.len());
        f
    }

    #[test]
    fn fuzzy_matches_across_segments() {
        let f = filter("gprodjwt");
        assert!(f.matches(0));
        assert!(!f.matches(1));
        assert_eq!(f.hit_count(), 1);
        let f = filter("database");
        assert_eq!((0..4).filter(|&i| f.matches(i)).count(), 2);
    }

    #[test]
    fn empty_query_matches_everything() {
        let f = filter("");
        assert!(!f.is_active());
        assert!((0..4).all(|i| f.matches(i)));
    }

    #[test]
    fn narrowing_gives_the_same_result_as_a_fresh_query() {
        let mut f = FuzzyFilter::default();
        let mut typed = String::new();
        for c in "pdb".chars() {
            typed.push(c);
            f.set_query(&typed, |i| NAMES[i as usize], NAMES.len());
        }
        let fresh = filter("pdb");
        assert!((0..4).all(|i| f.matches(i) == fresh.matches(i)));
    }

    #[test]
    fn backspace_gives_back_the_shorter_query_s_hits() {
        let mut f = FuzzyFilter::default();
        let mut typed = String::new();
        for c in "prodx".chars() {
            typed.push(c);
            f.set_query(&typed, |i| NAMES[i as usize], NAMES.len());
        }
        assert_eq!(f.hit_count(), 0);
        // Names no longer consulted: the kept hits answer.
        f.set_query("prod", |_| "", NAMES.len());
        let fresh = filter("prod");
        assert_eq!(f.hit_count(), fresh.hit_count());
        assert!((0..4).all(|i| f.matches(i) == fresh.matches(i)));
        f.set_query("pr", |_| "", NAMES.len());
        assert_eq!(f.hit_count(), filter("pr").hit_count());
        // A different query is scored afresh.
        f.set_query("jwt", |i| NAMES[i as usize], NAMES.len());
        assert_eq!(f.hit_count(), 1);
        // Syntax goes through nucleo.
        f.set_query("^pipe", |i| NAMES[i as usize], NAMES.len());
        assert_eq!(f.hit_count(), 1);
    }

    #[test]
    fn highlight_positions_point_at_the_matched_characters() {
        let f = filter("jwt");
        let name = NAMES[0];
        let hl = f.highlighter().positions(name);
        let chars: Vec<char> = name.chars().collect();
        let picked: String = hl.iter().map(|&i| chars[i as usize]).collect();
        assert_eq!(picked, "jwt");
    }
}
