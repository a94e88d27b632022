//! "Which secrets need attention?": checks over a secret's metadata and
//! its resource policy — never its value — each giving findings with a
//! severity, the secret, a one-line reason with the numbers, and what to
//! do. The first five are AWS Security Hub's (SecretsManager.1–.5); the
//! others are what those scanners miss. Unlike them, secrets scheduled
//! for deletion are checked too: that is where "still in use" hides.
//!
//! Pure: the clock arrives as `now`, the thresholds from the config file's
//! `[audit]` table. `checks.rs` holds the rules, `tally.rs` the per-check
//! counts and scores the findings view and `sekret audit` show.

mod checks;
mod entropy;
mod tally;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use checks::evaluate;
pub use entropy::looks_like_value;
pub use tally::{CheckRow, Tally};

/// How much a finding matters, least to most.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Result<Severity, String> {
        Severity::ALL
            .into_iter()
            .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                format!("unknown severity {text:?}: one of critical, high, medium, low, info")
            })
    }
}

/// Which check a finding comes from. The order is the findings view's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    PublicPolicy,
    DeletionInUse,
    RotationStuck,
    RotationWithoutFunction,
    ReplicaNotInSync,
    ValueInMetadata,
    CrossAccount,
    CrossAccountDefaultKey,
    RotationOverdue,
    RotationDisabled,
    NotRotated,
    Unused,
    NoDenyBoundary,
    MissingTags,
}

/// What a check is, for the view, the report and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub id: CheckId,
    /// Stable, for `--json` and `[audit] ignore`.
    pub slug: &'static str,
    /// The Security Hub control it matches, if any.
    pub security_hub: Option<&'static str>,
    pub title: &'static str,
    /// What to do about a finding.
    pub advice: &'static str,
    /// Needs the resource policy (GetResourcePolicy) to be decided.
    pub needs_policy: bool,
}

pub const CHECKS: &[Check] = &[
    Check {
        id: CheckId::PublicPolicy,
        slug: "public-policy",
        security_hub: None,
        title: "resource policy allows anyone",
        advice: "restrict the Allow with aws:PrincipalOrgID, aws:SourceVpce or named principals, \
                 or remove it (put-resource-policy / delete-resource-policy)",
        needs_policy: true,
    },
    Check {
        id: CheckId::DeletionInUse,
        slug: "deletion-in-use",
        security_hub: None,
        title: "scheduled for deletion but still read",
        advice: "find the reader in CloudTrail (a, then S) before the deletion date; \
                 restore the secret if it is still needed",
        needs_policy: false,
    },
    Check {
        id: CheckId::RotationStuck,
        slug: "rotation-stuck",
        security_hub: Some("SecretsManager.2"),
        title: "rotation stuck (AWSPENDING not current)",
        advice: "read the rotation function's logs, then rotate again or cancel the rotation \
                 (remove AWSPENDING)",
        needs_policy: false,
    },
    Check {
        id: CheckId::RotationWithoutFunction,
        slug: "rotation-without-function",
        security_hub: None,
        title: "rotation on without a rotation function",
        advice: "set a rotation function (:rotation … lambda=ARN) or turn rotation off",
        needs_policy: false,
    },
    Check {
        id: CheckId::ReplicaNotInSync,
        slug: "replica-not-in-sync",
        security_hub: None,
        title: "replica not in sync",
        advice: "read the replica's status message; fix the KMS key or permissions in that \
                 region, then replicate again",
        needs_policy: false,
    },
    Check {
        id: CheckId::ValueInMetadata,
        slug: "value-in-metadata",
        security_hub: None,
        title: "description or tag looks like a value",
        advice: "move the text into the secret's value: descriptions and tags are readable by \
                 anyone with ListSecrets, and appear in CloudTrail",
        needs_policy: false,
    },
    Check {
        id: CheckId::CrossAccount,
        slug: "cross-account",
        security_hub: None,
        title: "readable from other accounts",
        advice: "check that each account listed still needs access; limit the grant to \
                 named roles",
        needs_policy: true,
    },
    Check {
        id: CheckId::CrossAccountDefaultKey,
        slug: "cross-account-default-key",
        security_hub: None,
        title: "cross-account grant with the aws/secretsmanager key",
        advice: "encrypt with a customer-managed KMS key whose key policy allows those \
                 accounts: reads from other accounts cannot work with the AWS-managed key",
        needs_policy: true,
    },
    Check {
        id: CheckId::RotationOverdue,
        slug: "rotation-overdue",
        security_hub: Some("SecretsManager.2"),
        title: "rotation not occurring as scheduled",
        advice: "read the rotation function's logs and the secret's RotationFailed events; \
                 rotate now (R) to test it",
        needs_policy: false,
    },
    Check {
        id: CheckId::RotationDisabled,
        slug: "rotation-disabled",
        security_hub: Some("SecretsManager.1"),
        title: "automatic rotation off",
        advice: "turn rotation on with a schedule (:rotation 30d)",
        needs_policy: false,
    },
    Check {
        id: CheckId::NotRotated,
        slug: "not-rotated",
        security_hub: Some("SecretsManager.4"),
        title: "not rotated within the limit",
        advice: "rotate now (R), and turn on automatic rotation",
        needs_policy: false,
    },
    Check {
        id: CheckId::Unused,
        slug: "unused",
        security_hub: Some("SecretsManager.3"),
        title: "unused",
        advice: "confirm nothing needs it (CloudTrail: a), then schedule its deletion",
        needs_policy: false,
    },
    Check {
        id: CheckId::NoDenyBoundary,
        slug: "no-deny-boundary",
        security_hub: None,
        title: "resource policy without a Deny boundary",
        advice: "add a Deny for principals outside the account or organisation \
                 (aws:PrincipalOrgID / aws:PrincipalAccount)",
        needs_policy: true,
    },
    Check {
        id: CheckId::MissingTags,
        slug: "missing-tags",
        security_hub: Some("SecretsManager.5"),
        title: "required tags missing",
        advice: "tag the secret with the keys [audit] required_tags names",
        needs_policy: false,
    },
];

impl CheckId {
    pub fn check(self) -> &'static Check {
        CHECKS
            .iter()
            .find(|c| c.id == self)
            .expect("every check is listed")
    }

    pub fn slug(self) -> &'static str {
        self.check().slug
    }
}

/// One thing that needs attention on one secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: CheckId,
    pub severity: Severity,
    pub secret: String,
    pub arn: String,
    /// One line with the numbers ("not accessed for 143 days"). Never a
    /// value, nor text that looks like one.
    pub reason: String,
}

impl Finding {
    pub fn advice(&self) -> &'static str {
        self.check.check().advice
    }
}

/// The `[audit]` table: the limits the checks use.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Not accessed for more days than this is unused (SecretsManager.3).
    pub unused_days: i64,
    /// Not rotated for more days than this (SecretsManager.4).
    pub rotation_days: i64,
    /// Scheduled for deletion and read within this many days: still in use.
    pub deletion_in_use_days: i64,
    /// How late a scheduled rotation may be before it counts as overdue.
    pub rotation_grace_hours: i64,
    /// AWSPENDING older than this is stuck, younger is a rotation running.
    pub stuck_after_minutes: i64,
    /// Tag keys every secret must have (SecretsManager.5).
    pub required_tags: Vec<String>,
    /// Check slugs to leave out.
    pub ignore: Vec<String>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            unused_days: 90,
            rotation_days: 90,
            deletion_in_use_days: 30,
            rotation_grace_hours: 24,
            stuck_after_minutes: 60,
            required_tags: Vec::new(),
            ignore: Vec::new(),
        }
    }
}

impl Thresholds {
    /// An `ignore` entry that names no check, said at start rather than
    /// silently checking everything.
    pub fn problem(&self) -> Option<String> {
        let unknown: Vec<&str> = self
            .ignore
            .iter()
            .filter(|s| !CHECKS.iter().any(|c| c.slug == s.as_str()))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Some(format!(
                "[audit] ignore names no check: {} (checks: {})",
                unknown.join(", "),
                CHECKS.iter().map(|c| c.slug).collect::<Vec<_>>().join(", ")
            ));
        }
        let negative = [
            ("unused_days", self.unused_days),
            ("rotation_days", self.rotation_days),
            ("deletion_in_use_days", self.deletion_in_use_days),
            ("rotation_grace_hours", self.rotation_grace_hours),
            ("stuck_after_minutes", self.stuck_after_minutes),
        ]
        .into_iter()
        .find(|(_, n)| *n < 0);
        negative.map(|(key, n)| format!("[audit] {key} {n} is negative"))
    }

    pub fn ignored(&self, check: CheckId) -> bool {
        self.ignore.iter().any(|s| s == check.slug())
    }
}
