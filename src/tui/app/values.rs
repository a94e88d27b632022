//! Secret values, read only when the operator asks (reveal, copy, diff).
//!
//! Values are cached by (ARN, version id) — a version never changes — and
//! dropped (zeroized) when the cache TTL has passed. The view remembers what
//! the operator asked to see; what is revealed is drawn from the cache, so
//! there is one copy of each value in the console.

use std::collections::{BTreeSet, HashMap};

use crate::domain::error::AwsError;
use crate::domain::value::SecretValue;
use crate::tui::app::cache::TtlCache;

/// A value's cache key: (secret ARN, version id).
pub type ValueKey = (String, String);

/// Why a value was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Show,
    /// Copy the value, or one JSON key of it.
    Copy(Option<String>),
    Diff,
    /// Hand AWSCURRENT to the editor (`e`).
    Edit,
    /// One side of what changed under a change being asked again.
    Reconfirm,
}

/// A GetSecretValue in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub arn: String,
    /// None: whatever AWSCURRENT is.
    pub version: Option<String>,
    pub purpose: Purpose,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewState {
    Loading,
    /// The value of this version is in the cache.
    Shown {
        version_id: String,
    },
    /// The secret has no value with that label.
    Missing,
    Failed(AwsError),
}

/// What the operator asked to see for the selected secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueView {
    pub arn: String,
    /// None: AWSCURRENT.
    pub version: Option<String>,
    pub state: ViewState,
    pub all_revealed: bool,
    pub revealed_keys: BTreeSet<String>,
    /// The selected JSON key (bundles).
    pub cursor: usize,
}

impl ValueView {
    pub fn new(arn: &str, version: Option<String>) -> Self {
        ValueView {
            arn: arn.to_string(),
            version,
            state: ViewState::Loading,
            all_revealed: false,
            revealed_keys: BTreeSet::new(),
            cursor: 0,
        }
    }

    pub fn key_revealed(&self, key: &str) -> bool {
        self.all_revealed || self.revealed_keys.contains(key)
    }

    pub fn shown_version(&self) -> Option<&str> {
        match &self.state {
            ViewState::Shown { version_id } => Some(version_id),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct Values {
    pub cache: TtlCache<ValueKey, SecretValue>,
    pub view: Option<ValueView>,
    in_flight: HashMap<u64, Request>,
    joined: Vec<Request>,
}

impl Values {
    pub fn new(ttl_ms: u64) -> Self {
        Values {
            cache: TtlCache::new(ttl_ms),
            view: None,
            in_flight: HashMap::new(),
            joined: Vec::new(),
        }
    }

    /// A cached value (counts a hit or a miss).
    pub fn lookup(&mut self, arn: &str, version_id: &str, now_ms: u64) -> Option<SecretValue> {
        self.cache
            .get(&(arn.to_string(), version_id.to_string()), now_ms)
            .cloned()
    }

    /// For drawing: no statistics.
    pub fn peek(&self, arn: &str, version_id: &str, now_ms: u64) -> Option<&SecretValue> {
        self.cache
            .peek(&(arn.to_string(), version_id.to_string()), now_ms)
    }

    /// Register a read. Returns false when the same read is already on
    /// its way: the request joins it, and the value is read once.
    pub fn ask(&mut self, seq: u64, request: Request) -> bool {
        let same = |r: &Request| r.arn == request.arn && r.version == request.version;
        if self.in_flight.values().any(same) {
            self.joined.push(request);
            return false;
        }
        self.in_flight.insert(seq, request);
        true
    }

    /// The requests an answer serves: its own and those that joined it.
    pub fn answered(&mut self, seq: u64) -> Vec<Request> {
        let Some(first) = self.in_flight.remove(&seq) else {
            return Vec::new();
        };
        let (mut served, rest): (Vec<Request>, Vec<Request>) = std::mem::take(&mut self.joined)
            .into_iter()
            .partition(|r| r.arn == first.arn && r.version == first.version);
        self.joined = rest;
        served.insert(0, first);
        served
    }

    pub fn reading(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// When the oldest cached value expires (monotonic ms).
    pub fn next_expiry(&self) -> Option<u64> {
        self.cache.next_expiry()
    }
}
