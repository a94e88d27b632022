//! Progress of the ListSecrets listing, shown in the tree pane's title.
//! A listing is either complete, still going, or visibly partial — never
//! silently truncated.

use crate::domain::error::AwsError;

#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    Idle,
    Loading {
        seq: u64,
        pages: u32,
    },
    /// Failed for now; the worker tries again in `retry_in_s` seconds.
    Retrying {
        seq: u64,
        pages: u32,
        error: AwsError,
        retry_in_s: u64,
    },
    /// Failed and stopped: what is shown is partial.
    Partial {
        pages: u32,
        error: AwsError,
    },
    Done {
        pages: u32,
    },
}

impl Listing {
    pub fn seq(&self) -> Option<u64> {
        match self {
            Listing::Loading { seq, .. } | Listing::Retrying { seq, .. } => Some(*seq),
            _ => None,
        }
    }

    /// The listing stopped because the credentials are missing or
    /// expired: a retry needs new clients (fresh credentials), not only a
    /// new listing.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            Listing::Partial { error, .. } | Listing::Retrying { error, .. }
                if matches!(error, AwsError::NoCredentials { .. } | AwsError::ExpiredCredentials { .. })
        )
    }

    pub fn pages(&self) -> u32 {
        match self {
            Listing::Idle => 0,
            Listing::Loading { pages, .. }
            | Listing::Retrying { pages, .. }
            | Listing::Partial { pages, .. }
            | Listing::Done { pages } => *pages,
        }
    }
}
