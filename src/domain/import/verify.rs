//! `sekret verify`: does Secrets Manager hold what the file says? Per key
//! match / mismatch / missing, by comparing SHA-256 hashes; the values are
//! never shown.

use std::collections::HashMap;

use super::Source;
use super::naming::Target;
use super::remote::{Compare, Remote, compare};
use super::selection::{Selection, Skip};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Match,
    Mismatch,
    /// Not in Secrets Manager (no secret, no value, no such bundle key, or
    /// scheduled for deletion — the reason says which).
    Missing(String),
    /// Could not be read; says why.
    Unreadable(String),
    /// Left out of the comparison, as an import leaves it out.
    Skipped(Skip),
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Match => "match",
            Status::Mismatch => "mismatch",
            Status::Missing(_) => "missing",
            Status::Unreadable(_) => "unreadable",
            Status::Skipped(_) => "skipped",
        }
    }

    pub fn note(&self) -> String {
        match self {
            Status::Missing(why) | Status::Unreadable(why) => why.clone(),
            Status::Skipped(skip) => skip.describe(),
            Status::Match | Status::Mismatch => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub key: String,
    pub target: String,
    pub status: Status,
}

pub fn verify(
    source: &Source,
    target: &Target,
    selection: &Selection,
    remote: &HashMap<String, Remote>,
) -> Vec<Check> {
    let in_bundle = target.bundle.is_some();
    source
        .entries
        .iter()
        .map(|entry| {
            let name = target.name_for(entry);
            let status = match selection.skip_reason(entry) {
                Some(skip) => Status::Skipped(skip),
                None => match compare(
                    entry,
                    remote.get(&name).unwrap_or(&Remote::Missing),
                    in_bundle,
                ) {
                    Compare::Same => Status::Match,
                    Compare::Differs => Status::Mismatch,
                    Compare::Absent => Status::Missing(match remote.get(&name) {
                        Some(Remote::Empty) => "the secret has no current value".into(),
                        Some(Remote::Current(_)) => "no such key in the bundle".into(),
                        _ => "no such secret".into(),
                    }),
                    Compare::Deleted => Status::Missing("scheduled for deletion".into()),
                    Compare::NotABundle => Status::Mismatch,
                    Compare::Unreadable(why) => Status::Unreadable(why),
                },
            };
            Check {
                key: entry.key.clone(),
                target: name,
                status,
            }
        })
        .collect()
}

/// Everything taken matches (skipped keys do not count against it).
pub fn all_match(checks: &[Check]) -> bool {
    checks
        .iter()
        .all(|c| matches!(c.status, Status::Match | Status::Skipped(_)))
}
