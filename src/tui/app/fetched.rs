//! Metadata fetched for the selected secret (DescribeSecret for the detail
//! pane, ListSecretVersionIds for the versions pane).
//!
//! Selecting a secret does not call AWS at once: the request waits for the
//! selection to settle (`DEBOUNCE_MS`), so scrolling through 50 secrets
//! makes one call, not 50. Answers are cached for the cache TTL; an answer
//! for a secret the operator has already left is dropped.

use std::collections::HashSet;

use crate::domain::error::AwsError;
use crate::tui::app::cache::TtlCache;

pub const DEBOUNCE_MS: u64 = 150;

#[derive(Debug)]
pub struct Fetched<T> {
    /// ARN of the secret on display.
    pub arn: Option<String>,
    /// When to send the request for `arn` (monotonic ms), if one is due.
    pub due: Option<u64>,
    /// The request in flight for `arn`: (sequence number, ARN).
    pub in_flight: Option<(u64, String)>,
    pub cache: TtlCache<String, T>,
    /// The last error for `arn`.
    pub error: Option<AwsError>,
    /// Secrets the operator may not read this for (marked in the tree).
    pub denied: HashSet<String>,
}

impl<T: Clone> Fetched<T> {
    pub fn new(ttl_ms: u64) -> Self {
        Fetched {
            arn: None,
            due: None,
            in_flight: None,
            cache: TtlCache::new(ttl_ms),
            error: None,
            denied: HashSet::new(),
        }
    }

    /// The selection moved to `arn` (or to a folder: None).
    pub fn select(&mut self, arn: Option<&str>, now_ms: u64) {
        if self.arn.as_deref() == arn {
            return;
        }
        self.arn = arn.map(str::to_string);
        self.in_flight = None; // its answer is for a secret no longer shown
        self.error = None;
        self.due = match arn {
            Some(arn) if self.cache.get(&arn.to_string(), now_ms).is_none() => {
                Some(now_ms + DEBOUNCE_MS)
            }
            _ => None,
        };
    }

    /// Forget the selection and any request in flight (new clients): the
    /// next `select` asks the cache first, then AWS.
    pub fn forget_pending(&mut self) {
        self.arn = None;
        self.due = None;
        self.in_flight = None;
    }

    /// Ask again now, whatever the cache holds (`r`).
    pub fn refresh(&mut self, now_ms: u64) {
        if let Some(arn) = &self.arn {
            self.cache.remove(arn);
            self.due = Some(now_ms);
        }
    }

    /// The request to send now, if the debounce has passed.
    pub fn take_due(&mut self, now_ms: u64, seq: u64) -> Option<String> {
        match (self.due, &self.arn) {
            (Some(due), Some(arn)) if now_ms >= due => {
                self.due = None;
                self.in_flight = Some((seq, arn.clone()));
                Some(arn.clone())
            }
            _ => None,
        }
    }

    /// Apply an answer; returns the fresh metadata when it was current.
    pub fn answer(
        &mut self,
        seq: u64,
        arn: &str,
        result: Result<T, AwsError>,
        now_ms: u64,
    ) -> Option<T> {
        let current = matches!(&self.in_flight, Some((s, a)) if *s == seq && a == arn);
        if !current {
            return None; // stale: the operator has moved on, or a newer request exists
        }
        self.in_flight = None;
        match result {
            Ok(meta) => {
                self.denied.remove(arn);
                self.cache.insert(arn.to_string(), meta.clone(), now_ms);
                self.error = None;
                Some(meta)
            }
            Err(err) => {
                if matches!(err, AwsError::AccessDenied { .. }) {
                    self.denied.insert(arn.to_string());
                }
                self.error = Some(err);
                None
            }
        }
    }

    pub fn loading(&self) -> bool {
        self.due.is_some() || self.in_flight.is_some()
    }
}
