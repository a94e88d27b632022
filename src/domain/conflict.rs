//! Two responders, one secret. Secrets Manager has no conditional write,
//! so a change based on something read earlier (an edited value, a merged
//! bundle, a rollback, a cancelled rotation) is checked against the labels
//! as they are immediately before it is made. If AWSCURRENT (or, for a
//! cancel, AWSPENDING) has moved, the change stops and the operator is
//! asked again with what is there now.

use std::fmt;

use super::secret::{AWSCURRENT, AWSPENDING, Timestamp};
use super::version::{Version, short_id, with_label};

/// What a change was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// AWSCURRENT must still be on this version (None: the secret had no
    /// value when the change was prepared).
    Current(Option<String>),
    /// A rotation is cancelled as it was seen: AWSCURRENT and AWSPENDING
    /// where they were.
    Rotation {
        current: Option<String>,
        pending: Option<String>,
    },
}

/// The labels moved since the change was prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The version the change was based on.
    pub based_on: Option<String>,
    /// Where AWSCURRENT is now, and when that version was made.
    pub current: Option<String>,
    pub current_created: Option<Timestamp>,
    /// For a cancel: where AWSPENDING was seen, and where it is now.
    pub pending_seen: Option<String>,
    pub pending_now: Option<String>,
    /// The versions as they are now (to prepare the change again).
    pub versions: Vec<Version>,
}

/// Does `basis` still hold for `versions` (ListSecretVersionIds, read just now)?
pub fn check(basis: &Basis, versions: &[Version]) -> Result<(), Box<Conflict>> {
    let current = with_label(versions, AWSCURRENT);
    let current_id = current.map(|v| v.id.clone());
    let pending_now = versions
        .iter()
        .find(|v| v.has(AWSPENDING) && !v.has(AWSCURRENT))
        .map(|v| v.id.clone());
    let (based_on, pending_seen, moved) = match basis {
        Basis::Current(base) => (base, None, *base != current_id),
        Basis::Rotation { current, pending } => (
            current,
            pending.clone(),
            *current != current_id || *pending != pending_now,
        ),
    };
    if !moved {
        return Ok(());
    }
    Err(Box::new(Conflict {
        based_on: based_on.clone(),
        current: current_id,
        current_created: current.and_then(|v| v.created),
        pending_seen,
        pending_now,
        versions: versions.to_vec(),
    }))
}

impl Conflict {
    /// Did AWSCURRENT itself move (rather than only AWSPENDING)?
    pub fn current_moved(&self) -> bool {
        self.based_on != self.current
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = |v: &Option<String>| v.as_deref().map_or_else(|| "none".into(), short_id);
        if self.current_moved() {
            write!(
                f,
                "AWSCURRENT moved since this change was prepared: it is on {}",
                id(&self.current)
            )?;
            if let Some(created) = self.current_created {
                write!(f, " (made {})", super::audit::rfc3339(created))?;
            }
            write!(f, ", not {}", id(&self.based_on))?;
        } else {
            write!(
                f,
                "AWSPENDING moved since this change was prepared: it is on {}, not {}",
                id(&self.pending_now),
                id(&self.pending_seen)
            )?;
        }
        write!(f, "; nothing was written")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::secret::AWSPREVIOUS;

    fn v(id: &str, stages: &[&str], created: i64) -> Version {
        Version {
            id: id.into(),
            stages: stages.iter().map(|s| s.to_string()).collect(),
            created: Some(created),
            last_accessed: None,
        }
    }

    #[test]
    fn a_change_based_on_the_current_version_goes_ahead() {
        let versions = [v("b", &[AWSCURRENT], 2), v("a", &[AWSPREVIOUS], 1)];
        assert_eq!(check(&Basis::Current(Some("b".into())), &versions), Ok(()));
    }

    #[test]
    fn a_newer_version_stops_it_and_says_which_and_when() {
        let versions = [
            v("bbbbbbbbbb", &[AWSCURRENT], 1_764_666_000),
            v("aaaaaaaaaa", &[AWSPREVIOUS], 1),
        ];
        let conflict = check(&Basis::Current(Some("aaaaaaaaaa".into())), &versions).unwrap_err();
        assert_eq!(conflict.current.as_deref(), Some("bbbbbbbbbb"));
        assert_eq!(conflict.current_created, Some(1_764_666_000));
        let text = conflict.to_string();
        assert!(text.contains("it is on bbbbbbbb…"), "{text}");
        assert!(text.contains("not aaaaaaaa…"), "{text}");
        assert!(text.contains("(made 2025-12-02T09:00:00Z)"), "{text}");
        assert!(text.ends_with("nothing was written"), "{text}");
    }

    #[test]
    fn a_value_put_on_an_empty_secret_meanwhile_stops_a_first_put() {
        let versions = [v("b", &[AWSCURRENT], 2)];
        assert!(check(&Basis::Current(None), &versions).is_err());
        assert_eq!(check(&Basis::Current(None), &[]), Ok(()));
    }

    #[test]
    fn a_cancel_checks_both_labels() {
        let versions = [v("c", &[AWSCURRENT], 2), v("p", &[AWSPENDING], 3)];
        let seen = Basis::Rotation {
            current: Some("c".into()),
            pending: Some("p".into()),
        };
        assert_eq!(check(&seen, &versions), Ok(()));
        // The rotation finished meanwhile: AWSPENDING is on the new current.
        let finished = [
            v("p", &[AWSCURRENT, AWSPENDING], 3),
            v("c", &[AWSPREVIOUS], 2),
        ];
        let conflict = check(&seen, &finished).unwrap_err();
        assert!(conflict.current_moved());
        // Another rotation started over it: only AWSPENDING moved.
        let restarted = [v("c", &[AWSCURRENT], 2), v("q", &[AWSPENDING], 4)];
        let conflict = check(&seen, &restarted).unwrap_err();
        assert!(!conflict.current_moved());
        assert!(
            conflict.to_string().contains("AWSPENDING moved"),
            "{conflict}"
        );
    }
}
