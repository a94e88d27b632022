//! Following one rotation: from RotateSecret's new version id, the staging
//! labels (DescribeSecret) and the rotation events (CloudTrail) say how far
//! it got. Pure: the polling lives in `aws::rotation`.

use serde_json::Value;

use super::event::AccessEvent;
use super::secret::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// RotateSecret accepted; the new version is not visible yet.
    Requested,
    /// AWSPENDING is on the new version: the function is at work.
    Pending,
    /// AWSCURRENT moved to the new version; AWSPREVIOUS to `previous`.
    Succeeded { previous: Option<String> },
    /// CloudTrail recorded RotationFailed (or RotationAbandoned).
    Failed { reason: String },
    /// The new version lost AWSPENDING without becoming AWSCURRENT.
    Cancelled,
    /// Still not AWSCURRENT when the watch gave up.
    TimedOut { after_s: u64 },
}

impl Phase {
    pub fn is_final(&self) -> bool {
        !matches!(self, Phase::Requested | Phase::Pending)
    }

    pub fn succeeded(&self) -> bool {
        matches!(self, Phase::Succeeded { .. })
    }

    /// A short step for the progress list.
    pub fn step(&self, version: &str) -> String {
        let v = super::version::short_id(version);
        match self {
            Phase::Requested => format!("RotateSecret accepted · new version {v}"),
            Phase::Pending => format!("AWSPENDING on {v}"),
            Phase::Succeeded { previous } => match previous {
                Some(p) => format!(
                    "AWSCURRENT → {v} · AWSPREVIOUS → {}",
                    super::version::short_id(p)
                ),
                None => format!("AWSCURRENT → {v}"),
            },
            Phase::Failed { reason } => format!("RotationFailed: {reason}"),
            Phase::Cancelled => format!("cancelled: {v} is no longer AWSPENDING"),
            Phase::TimedOut { after_s } => format!("still AWSPENDING after {after_s}s"),
        }
    }

    /// What to do now, when it went wrong.
    pub fn next_step(&self) -> Option<&'static str> {
        match self {
            Phase::Failed { .. } | Phase::TimedOut { .. } => Some(
                "check the rotation function's logs, then :cancel-rotation (or R to try again)",
            ),
            _ => None,
        }
    }

    /// One line for the operator, with what to do next when it went wrong.
    pub fn describe(&self, version: &str) -> String {
        let v = super::version::short_id(version);
        match self {
            Phase::Requested => format!("RotateSecret accepted; waiting for version {v}"),
            Phase::Pending => format!("AWSPENDING on {v}: the rotation function is at work"),
            Phase::Succeeded { previous } => match previous {
                Some(p) => format!(
                    "AWSCURRENT is now {v} (AWSPREVIOUS {})",
                    super::version::short_id(p)
                ),
                None => format!("AWSCURRENT is now {v}"),
            },
            Phase::Failed { reason } => format!(
                "rotation failed: {reason} — AWSPENDING stays on {v}; check the rotation \
                 function's logs, then :cancel-rotation (or R to try again)"
            ),
            Phase::Cancelled => format!("rotation cancelled: {v} is no longer AWSPENDING"),
            Phase::TimedOut { after_s } => format!(
                "still AWSPENDING on {v} after {after_s}s: the rotation looks stuck — check the \
                 rotation function's logs, then :cancel-rotation"
            ),
        }
    }
}

/// Where the rotation to `version` stands, from the secret's labels and
/// any failure event seen.
pub fn observe(
    stages: &crate::domain::secret::Stages,
    version: &str,
    failure: Option<&str>,
) -> Phase {
    let has = |id: &str, label: &str| stages.get(id).is_some_and(|labels| labels.contains(label));
    if has(version, AWSCURRENT) {
        let previous = stages.with_label(AWSPREVIOUS).map(|id| id.to_string());
        return Phase::Succeeded { previous };
    }
    if let Some(reason) = failure {
        return Phase::Failed {
            reason: reason.to_string(),
        };
    }
    if has(version, AWSPENDING) {
        return Phase::Pending;
    }
    if stages.contains(version) {
        return Phase::Cancelled;
    }
    Phase::Requested
}

/// A RotationFailed / RotationAbandoned event for this rotation (at or
/// after `since`, and for `version` when the event names one): its reason.
pub fn failure(events: &[AccessEvent], version: &str, since: Timestamp) -> Option<String> {
    events
        .iter()
        .filter(|e| e.name == "RotationFailed" || e.name == "RotationAbandoned")
        .filter(|e| e.time >= since)
        .find_map(|e| {
            let record: Value = serde_json::from_str(&e.raw).unwrap_or(Value::Null);
            let details = &record["serviceEventDetails"];
            match details["versionId"].as_str() {
                Some(v) if v != version => None,
                _ => Some(
                    details["reason"]
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("CloudTrail recorded {}", e.name)),
                ),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stages::Labels;

    fn stages(pairs: &[(&str, &[&str])]) -> crate::domain::secret::Stages {
        pairs
            .iter()
            .map(|(v, l)| (v.to_string(), Labels::from(*l)))
            .collect()
    }

    #[test]
    fn phases_follow_the_labels() {
        let old = stages(&[("a", &[AWSCURRENT])]);
        assert_eq!(observe(&old, "n", None), Phase::Requested);
        let pending = stages(&[("a", &[AWSCURRENT]), ("n", &[AWSPENDING])]);
        assert_eq!(observe(&pending, "n", None), Phase::Pending);
        let done = stages(&[("a", &[AWSPREVIOUS]), ("n", &[AWSCURRENT])]);
        assert_eq!(
            observe(&done, "n", None),
            Phase::Succeeded {
                previous: Some("a".into())
            }
        );
        let dropped = stages(&[("a", &[AWSCURRENT]), ("n", &[])]);
        assert_eq!(observe(&dropped, "n", None), Phase::Cancelled);
        assert!(matches!(
            observe(&pending, "n", Some("setSecret failed")),
            Phase::Failed { .. }
        ));
        // Success wins over a failure event from an earlier attempt.
        assert!(observe(&done, "n", Some("old")).succeeded());
    }

    fn event(name: &str, time: Timestamp, details: &str) -> AccessEvent {
        AccessEvent::parse(
            crate::domain::event::EventEnvelope {
                id: "e".into(),
                time,
                name: name.into(),
                ..Default::default()
            },
            format!(r#"{{"serviceEventDetails":{details}}}"#),
        )
    }

    #[test]
    fn failures_are_read_from_the_events_of_this_rotation() {
        let events = vec![
            event("RotationStarted", 100, r#"{"versionId":"n"}"#),
            event("RotationFailed", 90, r#"{"versionId":"old"}"#),
            event(
                "RotationFailed",
                105,
                r#"{"versionId":"n","reason":"setSecret failed"}"#,
            ),
        ];
        assert_eq!(
            failure(&events, "n", 100).as_deref(),
            Some("setSecret failed")
        );
        assert_eq!(failure(&events, "other", 100), None);
        assert_eq!(failure(&events[..2], "n", 100), None);
        let bare = vec![event("RotationAbandoned", 100, "{}")];
        assert_eq!(
            failure(&bare, "n", 100).as_deref(),
            Some("CloudTrail recorded RotationAbandoned")
        );
    }
}
