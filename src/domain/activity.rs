//! "Who read how many secrets, and who failed?": a timeline summed up by
//! principal and by secret, for the activity view and the incident report.

use std::collections::{BTreeMap, BTreeSet};

use super::event::{AccessEvent, Pivot};
use super::secret::Timestamp;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrincipalSummary {
    pub principal: String,
    pub events: usize,
    pub reads: usize,
    /// Distinct secrets this principal read.
    pub secrets_read: usize,
    pub failures: usize,
    pub source_ips: BTreeSet<String>,
    pub first: Timestamp,
    pub last: Timestamp,
    /// What `p` follows for this row: its Username, else its access key.
    pub pivot: Option<Pivot>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretSummary {
    pub secret: String,
    pub events: usize,
    pub reads: usize,
    /// Distinct principals that read it.
    pub readers: usize,
    pub failures: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// Most failures first, then most secrets read, then most events.
    pub principals: Vec<PrincipalSummary>,
    /// Most reads first.
    pub secrets: Vec<SecretSummary>,
    pub events: usize,
    pub failures: usize,
    pub source_ips: BTreeSet<String>,
}

impl Activity {
    pub fn of<'a>(events: impl IntoIterator<Item = &'a AccessEvent>) -> Activity {
        let mut principals: BTreeMap<String, (PrincipalSummary, BTreeSet<String>)> =
            BTreeMap::new();
        let mut secrets: BTreeMap<String, (SecretSummary, BTreeSet<String>)> = BTreeMap::new();
        let mut out = Activity::default();
        for e in events {
            let who = e.principal();
            let what = e.secret_label();
            out.events += 1;
            out.failures += e.failed() as usize;
            if !e.source_ip.is_empty() {
                out.source_ips.insert(e.source_ip.clone());
            }

            let (p, read) = principals.entry(who.clone()).or_insert_with(|| {
                let first = PrincipalSummary {
                    first: e.time,
                    last: e.time,
                    ..PrincipalSummary::default()
                };
                (first, BTreeSet::new())
            });
            p.first = p.first.min(e.time);
            p.last = p.last.max(e.time);
            // One Username for every event of the row: look it up by that
            // (it also finds the principal's KMS calls); several (a role's
            // sessions) or none: by the principal as shown.
            let pivot = match &e.username {
                Some(u) => Pivot::Username(u.clone()),
                None => Pivot::Principal(who.clone()),
            };
            p.pivot = match p.pivot.take() {
                None => Some(pivot),
                Some(seen) if seen == pivot => Some(seen),
                Some(_) => Some(Pivot::Principal(who.clone())),
            };
            p.events += 1;
            p.failures += e.failed() as usize;
            if !e.source_ip.is_empty() {
                p.source_ips.insert(e.source_ip.clone());
            }
            if e.is_read() && !e.failed() {
                p.reads += 1;
                if !what.is_empty() {
                    read.insert(what.clone());
                }
            }

            if what.is_empty() {
                continue; // not about one secret (ListSecrets …)
            }
            let (s, readers) = secrets.entry(what).or_default();
            s.events += 1;
            s.failures += e.failed() as usize;
            if e.is_read() && !e.failed() {
                s.reads += 1;
                readers.insert(who);
            }
        }
        out.principals = principals
            .into_iter()
            .map(|(principal, (mut p, read))| {
                p.principal = principal;
                p.secrets_read = read.len();
                p
            })
            .collect();
        out.principals.sort_by(|a, b| {
            (b.failures, b.secrets_read, b.events)
                .cmp(&(a.failures, a.secrets_read, a.events))
                .then_with(|| a.principal.cmp(&b.principal))
        });
        out.secrets = secrets
            .into_iter()
            .map(|(secret, (mut s, readers))| {
                s.secret = secret;
                s.readers = readers.len();
                s
            })
            .collect();
        out.secrets.sort_by(|a, b| {
            (b.reads, b.failures, b.events)
                .cmp(&(a.reads, a.failures, a.events))
                .then_with(|| a.secret.cmp(&b.secret))
        });
        out
    }
}
