//! One line of the operator's own audit log: a mutating action this
//! console took. Never a value: ids, names, labels and outcomes only.

use serde::{Deserialize, Serialize};

use super::secret::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// RFC 3339, UTC.
    pub time: String,
    pub profile: Option<String>,
    pub region: String,
    /// The caller's ARN (STS GetCallerIdentity), when known.
    pub caller: Option<String>,
    /// `rollback`, `rotate`, `put-value`, `create`, `delete`, … (see `mutation::Kind`)
    pub action: String,
    pub secret_arn: String,
    /// The version that held AWSCURRENT before, and after.
    pub version_before: Option<String>,
    pub version_after: Option<String>,
    /// What else was set: a schedule, a recovery window, a tag, a size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `ok`, or the error.
    pub outcome: String,
}

impl AuditRecord {
    /// Seconds since the epoch, if `time` parses.
    pub fn timestamp(&self) -> Option<Timestamp> {
        chrono::DateTime::parse_from_rfc3339(&self.time)
            .ok()
            .map(|t| t.timestamp())
    }
}

/// `2026-11-22T10:04:05Z`
pub fn rfc3339(ts: Timestamp) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        let r = AuditRecord {
            time: rfc3339(1_763_647_320),
            profile: None,
            region: "us-east-1".into(),
            caller: None,
            action: "rollback".into(),
            secret_arn: "arn".into(),
            version_before: None,
            version_after: None,
            detail: None,
            outcome: "ok".into(),
        };
        assert_eq!(r.time, "2025-11-20T14:02:00Z");
        assert_eq!(r.timestamp(), Some(1_763_647_320));
    }
}
