//! `sekret audit`: every secret's metadata and resource policy, and the
//! findings over them. Never a value: ListSecrets and GetResourcePolicy
//! only, each policy read once, a bounded number at a time, with backoff
//! when AWS throttles.

use std::collections::HashMap;

use futures::StreamExt;

use crate::aws::Clients;
use crate::aws::listing::{Collect, Strategy, patiently};
use crate::domain::error::AwsError;
use crate::domain::findings::{Tally, Thresholds};
use crate::domain::policy::PolicyState;
use crate::domain::secret::{SecretMeta, Timestamp};

/// GetResourcePolicy calls in flight at once. Secrets Manager's quota for
/// DescribeSecret and GetResourcePolicy together is far higher; this keeps
/// an audit from crowding out the account's other callers.
pub const POLICY_CONCURRENCY: usize = 16;

pub struct Posture {
    /// The secrets checked (those matching the filter), by name.
    pub secrets: Vec<SecretMeta>,
    /// Each secret's policy, by ARN.
    pub policies: HashMap<String, PolicyState>,
    pub tally: Tally,
    /// The parallel listing missed secrets and listed again page by page.
    pub listing_fell_back: bool,
}

impl Posture {
    /// Secrets whose policy could not be read, with why (for stderr).
    pub fn unread(&self) -> Vec<(&str, String)> {
        self.secrets
            .iter()
            .filter_map(|s| match self.policies.get(&s.arn().to_string()) {
                Some(PolicyState::Denied) => Some((s.name(), "access denied".to_string())),
                Some(PolicyState::Failed(why)) => Some((s.name(), why.clone())),
                Some(PolicyState::Read {
                    summary: Err(why), ..
                }) => Some((s.name(), why.clone())),
                _ => None,
            })
            .collect()
    }
}

/// List, read the policies, check. `filter`: names containing it
/// (case-insensitive), as `sekret ls --filter`.
pub async fn gather(
    clients: &Clients,
    strategy: Strategy,
    filter: Option<&str>,
    limits: &Thresholds,
    now: Timestamp,
) -> Result<Posture, AwsError> {
    let mut collected = Collect(Vec::new());
    let stats = clients.list_streaming(strategy, &mut collected).await?;
    let needle = filter.map(str::to_lowercase);
    let mut secrets = collected.0;
    secrets.retain(|s| {
        needle
            .as_deref()
            .is_none_or(|n| s.name().to_lowercase().contains(n))
    });
    secrets.sort_by(|a, b| a.name().cmp(b.name()));
    let policies = read_policies(clients, &secrets).await;
    let tally = Tally::of(
        secrets
            .iter()
            .map(|s| (s, policies.get(&s.arn().to_string()))),
        now,
        limits,
    );
    Ok(Posture {
        secrets,
        policies,
        tally,
        listing_fell_back: stats.fell_back,
    })
}

/// One GetResourcePolicy per secret, `POLICY_CONCURRENCY` at a time.
pub async fn read_policies(
    clients: &Clients,
    secrets: &[SecretMeta],
) -> HashMap<String, PolicyState> {
    futures::stream::iter(secrets.iter().map(|s| s.arn().to_string()))
        .map(|arn| async move {
            let answer = patiently(|| clients.resource_policy(&arn)).await;
            let state = PolicyState::from_answer(answer, &arn);
            (arn, state)
        })
        .buffer_unordered(POLICY_CONCURRENCY)
        .collect()
        .await
}
