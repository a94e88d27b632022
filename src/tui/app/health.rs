//! What the health pane shows: who we are, where we are connected, and how
//! every AWS call has gone (counts, errors, throttling, retries, latency).

use std::collections::{BTreeMap, VecDeque};

use crate::domain::error::AwsError;
pub use crate::tui::messages::{CallRecord, Identity};

/// Latencies kept per operation for the percentiles.
const WINDOW: usize = 256;

#[derive(Debug, Default, Clone)]
pub struct OpStats {
    pub calls: u64,
    pub errors: u64,
}

#[derive(Debug, Default)]
pub struct Health {
    pub identity: Option<Result<Identity, AwsError>>,
    pub ops: BTreeMap<&'static str, OpStats>,
    latencies: VecDeque<u32>,
    pub calls: u64,
    pub errors: u64,
    pub attempts: u64,
    pub throttled: u64,
    pub last_error: Option<(&'static str, AwsError)>,
}

impl Health {
    pub fn record(&mut self, call: CallRecord) {
        let op = self.ops.entry(call.operation).or_default();
        op.calls += 1;
        self.calls += 1;
        if let Some(err) = call.error {
            op.errors += 1;
            self.errors += 1;
            self.last_error = Some((call.operation, err));
        }
        self.latencies.push_back(call.latency_ms);
        if self.latencies.len() > WINDOW {
            self.latencies.pop_front();
        }
        self.attempts = self.attempts.max(call.attempts_total);
        self.throttled = self.throttled.max(call.throttled_total);
    }

    /// Attempts beyond the first of each call: the SDK's retries.
    pub fn retries(&self) -> u64 {
        self.attempts.saturating_sub(self.calls)
    }

    /// The p-th percentile (0..=100) of recent call latencies.
    pub fn percentile(&self, p: u32) -> Option<u32> {
        if self.latencies.is_empty() {
            return None;
        }
        let mut sorted: Vec<u32> = self.latencies.iter().copied().collect();
        sorted.sort_unstable();
        let rank = ((p as usize * sorted.len()).div_ceil(100)).max(1) - 1;
        Some(sorted[rank.min(sorted.len() - 1)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(op: &'static str, ms: u32) -> CallRecord {
        CallRecord {
            operation: op,
            latency_ms: ms,
            error: None,
            attempts_total: 0,
            throttled_total: 0,
        }
    }

    #[test]
    fn percentiles_over_recent_calls() {
        let mut h = Health::default();
        for ms in 1..=100 {
            h.record(call("ListSecrets", ms));
        }
        assert_eq!(h.percentile(50), Some(50));
        assert_eq!(h.percentile(95), Some(95));
        assert_eq!(h.ops["ListSecrets"].calls, 100);
    }

    #[test]
    fn retries_are_attempts_beyond_calls() {
        let mut h = Health::default();
        h.record(CallRecord {
            attempts_total: 3,
            throttled_total: 2,
            ..call("ListSecrets", 5)
        });
        assert_eq!(h.retries(), 2);
        assert_eq!(h.throttled, 2);
    }
}
