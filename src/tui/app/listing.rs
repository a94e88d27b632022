//! Progress of the ListSecrets listing, shown in the tree pane's title.
//! A listing is either complete, still going, or visibly partial — never
//! silently truncated.

use super::App;
use crate::domain::error::AwsError;
use crate::domain::secret::SecretMeta;

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

impl App {
    /// A page of the listing (or its empty last message).
    pub(super) fn listed(&mut self, seq: u64, secrets: Vec<SecretMeta>, more: bool) {
        if self.listing.seq() != Some(seq) {
            return; // a newer listing has started
        }
        // A page that says more is coming, or one with secrets; the
        // parallel listing ends with an empty message that is no page.
        let pages = self.listing.pages() + u32::from(more || !secrets.is_empty());
        self.add_page(secrets);
        if more {
            self.listing = Listing::Loading { seq, pages };
        } else {
            self.listing = Listing::Done { pages };
            self.drop_unlisted();
        }
    }

    pub(super) fn list_failed(&mut self, seq: u64, error: AwsError, retry_in_s: Option<u64>) {
        if self.listing.seq() != Some(seq) {
            return;
        }
        let pages = self.listing.pages();
        match login_prompt(&error) {
            Some(prompt) => self.set_status(prompt, true),
            None => {
                let hint = error.hint().map(|h| format!(" — {h}")).unwrap_or_default();
                self.set_status(format!("listing secrets: {error}{hint}"), true);
            }
        }
        self.listing = match retry_in_s {
            Some(retry_in_s) => Listing::Retrying {
                seq,
                pages,
                error,
                retry_in_s,
            },
            None => Listing::Partial { pages, error },
        };
    }
}

/// Missing or expired credentials: the command that fixes them, short
/// enough for the status line, and the key that retries.
fn login_prompt(error: &AwsError) -> Option<String> {
    let flag = |p: &Option<String>| {
        p.as_ref()
            .map(|p| format!(" --profile {p}"))
            .unwrap_or_default()
    };
    match error {
        AwsError::ExpiredCredentials { profile } => Some(format!(
            "credentials expired: run `aws sso login{}` (or renew them), then press r",
            flag(profile)
        )),
        AwsError::NoCredentials { profile } => Some(format!(
            "no AWS credentials: run `aws sso login{0}` or `aws configure{0}`, then press r",
            flag(profile)
        )),
        _ => None,
    }
}
