//! One secret as `ls --json` and `ls --all-regions --json` print it, and
//! the `--filter` both apply.

use serde::Serialize;

use super::iso;
use crate::domain::secret::SecretMeta;

/// One secret in `sekret ls --json`. Field names are a stable interface.
#[derive(Debug, Serialize)]
pub struct LsEntry {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub created: Option<String>,
    pub last_changed: Option<String>,
    pub last_accessed: Option<String>,
    pub rotation: LsRotation,
    pub deletion_date: Option<String>,
    pub tags: crate::domain::small_map::SmallMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct LsRotation {
    pub enabled: bool,
    /// AWSPENDING sits on a version that is not AWSCURRENT.
    pub pending: bool,
    pub rules: Option<String>,
    pub next: Option<String>,
    pub last_rotated: Option<String>,
    pub lambda_arn: Option<String>,
}

impl From<&SecretMeta> for LsEntry {
    fn from(s: &SecretMeta) -> Self {
        let rules = s.rotation.rules_label();
        LsEntry {
            name: s.name().to_string(),
            arn: s.arn().to_string(),
            description: s.description.as_deref().map(str::to_string),
            created: iso(s.created),
            last_changed: iso(s.last_changed),
            last_accessed: iso(s.last_accessed),
            rotation: LsRotation {
                enabled: s.rotation.enabled,
                pending: s.pending_rotation(),
                rules: (!rules.is_empty()).then_some(rules),
                next: iso(s.rotation.next.filter(|_| s.rotation.enabled)),
                last_rotated: iso(s.rotation.last_rotated),
                lambda_arn: s.rotation.lambda_arn.clone(),
            },
            deletion_date: iso(s.deletion_date),
            tags: s
                .tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// `--filter`: the name contains the text, case-insensitively.
pub fn matches_filter(name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|text| name.to_lowercase().contains(&text.to_lowercase()))
}
