//! Fuzzy filtering of secret names as the operator types (nucleo-matcher).
//!
//! Only a hit/miss bit per secret is kept; highlight positions are worked
//! out for the few rows on screen. When the query grows by typing, only
//! the previous hits are re-scored: a name that did not match `gaa` cannot
//! match `gaar`.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

pub struct FuzzyFilter {
    query: String,
    pattern: Pattern,
    matcher: Matcher,
    hits: Vec<bool>,
    hit_count: usize,
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
            matcher: Matcher::new(Config::DEFAULT.match_paths()),
            hits: Vec::new(),
            hit_count: 0,
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
        self.query = query.to_string();
        self.pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        if !self.is_active() {
            self.hits.clear();
            self.hit_count = 0;
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

    /// Score one newly listed secret against the current query.
    pub fn add(&mut self, secret: u32, name: &str) {
        if !self.is_active() {
            return;
        }
        let hit = self.score(name);
        if self.hits.len() <= secret as usize {
            self.hits.resize(secret as usize + 1, false);
        }
        self.hits[secret as usize] = hit;
        self.hit_count += hit as usize;
    }

    fn score(&mut self, name: &str) -> bool {
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
    fn highlight_positions_point_at_the_matched_characters() {
        let f = filter("jwt");
        let name = NAMES[0];
        let hl = f.highlighter().positions(name);
        let chars: Vec<char> = name.chars().collect();
        let picked: String = hl.iter().map(|&i| chars[i as usize]).collect();
        assert_eq!(picked, "jwt");
    }
}
