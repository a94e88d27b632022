//! Every change sekret can make to Secrets Manager, as data. The console
//! and the CLI build a `Mutation`; one gate (`crate::ops::writes`) refuses it in
//! read-only mode, makes the call and writes the audit line.

use super::conflict::Basis;
use super::schedule::Schedule;
use super::secret::Timestamp;
use super::value::SecretValue;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// UpdateSecretVersionStage: AWSCURRENT from `from` to `to`.
    Rollback {
        to: String,
        from: String,
    },
    /// RotateSecret now, with the secret's rotation function.
    Rotate {
        current: Option<String>,
    },
    /// RotateSecret with RotateImmediately=false: set the schedule.
    SetRotation(Schedule),
    /// CancelRotateSecret, then AWSPENDING removed from the version it was
    /// left on (AWS leaves it there; the next rotation would fail on it).
    /// `current` is where AWSCURRENT was when the cancel was decided.
    CancelRotation {
        pending: Option<String>,
        current: Option<String>,
    },
    /// PutSecretValue; `base` is the AWSCURRENT the new value replaces.
    Put {
        value: SecretValue,
        base: Option<String>,
    },
    Create(NewSecret),
    /// DeleteSecret with a recovery window; never ForceDeleteWithoutRecovery.
    Delete {
        recovery_days: u8,
    },
    Restore,
    Tag {
        key: String,
        value: String,
    },
    Untag {
        key: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSecret {
    pub name: String,
    pub description: Option<String>,
    pub tags: Vec<(String, String)>,
    pub value: Option<SecretValue>,
}

/// Which kind of change, without its data (for replies and messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rollback,
    Rotate,
    SetRotation,
    CancelRotation,
    Put,
    Create,
    Delete,
    Restore,
    Tag,
    Untag,
}

/// What AWS answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub arn: String,
    /// The version a put, a create or a rotation made.
    pub version: Option<String>,
    /// When a deleted secret goes for good.
    pub deletion_date: Option<Timestamp>,
    /// The version a put replaced, as AWS labels it afterwards
    /// (AWSPREVIOUS), when that could be read.
    pub replaced: Option<String>,
    /// Someone else's version that a put replaced: written between the
    /// check and the put (no conditional write exists to stop it).
    pub overwrote: Option<String>,
}

impl Mutation {
    pub fn kind(&self) -> Kind {
        match self {
            Mutation::Rollback { .. } => Kind::Rollback,
            Mutation::Rotate { .. } => Kind::Rotate,
            Mutation::SetRotation(_) => Kind::SetRotation,
            Mutation::CancelRotation { .. } => Kind::CancelRotation,
            Mutation::Put { .. } => Kind::Put,
            Mutation::Create(_) => Kind::Create,
            Mutation::Delete { .. } => Kind::Delete,
            Mutation::Restore => Kind::Restore,
            Mutation::Tag { .. } => Kind::Tag,
            Mutation::Untag { .. } => Kind::Untag,
        }
    }

    /// What the change was based on, checked just before it is made (see
    /// `conflict`); None for changes that do not depend on an earlier read.
    pub fn basis(&self) -> Option<Basis> {
        match self {
            Mutation::Put { base, .. } => Some(Basis::Current(base.clone())),
            Mutation::Rollback { from, .. } => Some(Basis::Current(Some(from.clone()))),
            Mutation::CancelRotation { pending, current } => Some(Basis::Rotation {
                current: current.clone(),
                pending: pending.clone(),
            }),
            _ => None,
        }
    }

    /// The version that held AWSCURRENT before, when the change moves it.
    pub fn version_before(&self) -> Option<&str> {
        match self {
            Mutation::Rollback { from, .. } => Some(from),
            Mutation::Rotate { current } => current.as_deref(),
            Mutation::Put { base, .. } => base.as_deref(),
            _ => None,
        }
    }

    /// What the audit line says beyond the action (never a value).
    pub fn detail(&self) -> Option<String> {
        match self {
            Mutation::SetRotation(s) => Some(match &s.lambda {
                Some(l) => format!("{} · function {l}", s.label()),
                None => s.label(),
            }),
            Mutation::Delete { recovery_days } => {
                Some(format!("recovery window {recovery_days} days"))
            }
            // Tags are metadata, not secrets: the line says what was set.
            Mutation::Rotate { .. } => {
                Some("started; AWSCURRENT moves when the function succeeds".into())
            }
            Mutation::CancelRotation {
                pending: Some(pending),
                ..
            } => Some(format!("AWSPENDING removed from {pending}")),
            Mutation::Tag { key, value } => Some(format!("tag {key}={value}")),
            Mutation::Untag { key } => Some(format!("tag {key} removed")),
            Mutation::Put { value, .. } => Some(format!("{} bytes", value.len())),
            Mutation::Create(new) => Some(match &new.value {
                Some(v) => format!("{} bytes, {} tags", v.len(), new.tags.len()),
                None => format!("no value, {} tags", new.tags.len()),
            }),
            _ => None,
        }
    }
}

impl Kind {
    /// Does it make a version AWSCURRENT (so the audit line names it)?
    pub fn moves_current(self) -> bool {
        matches!(
            self,
            Kind::Rollback | Kind::Rotate | Kind::Put | Kind::Create
        )
    }

    /// The audit log's `action`.
    pub fn action(self) -> &'static str {
        match self {
            Kind::Rollback => "rollback",
            Kind::Rotate => "rotate",
            Kind::SetRotation => "set-rotation",
            Kind::CancelRotation => "cancel-rotation",
            Kind::Put => "put-value",
            Kind::Create => "create",
            Kind::Delete => "delete",
            Kind::Restore => "restore",
            Kind::Tag => "tag",
            Kind::Untag => "untag",
        }
    }

    /// The API operation, for refusals and errors.
    pub fn operation(self) -> &'static str {
        match self {
            Kind::Rollback => "UpdateSecretVersionStage",
            Kind::Rotate | Kind::SetRotation => "RotateSecret",
            Kind::CancelRotation => "CancelRotateSecret",
            Kind::Put => "PutSecretValue",
            Kind::Create => "CreateSecret",
            Kind::Delete => "DeleteSecret",
            Kind::Restore => "RestoreSecret",
            Kind::Tag => "TagResource",
            Kind::Untag => "UntagResource",
        }
    }

    /// "rolled back", "rotation started", … for status lines.
    pub fn done(self) -> &'static str {
        match self {
            Kind::Rollback => "rolled back",
            Kind::Rotate => "rotation started on",
            Kind::SetRotation => "rotation schedule set on",
            Kind::CancelRotation => "rotation cancelled on",
            Kind::Put => "new value written to",
            Kind::Create => "created",
            Kind::Delete => "deletion scheduled for",
            Kind::Restore => "restored",
            Kind::Tag => "tagged",
            Kind::Untag => "untagged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_detail_never_holds_a_value() {
        let put = Mutation::Put {
            value: SecretValue::text("canary-4f1".into()),
            base: Some("v1".into()),
        };
        assert_eq!(put.detail().as_deref(), Some("10 bytes"));
        assert_eq!(put.version_before(), Some("v1"));
        assert!(!format!("{put:?}").contains("canary"));
        let tag = Mutation::Tag {
            key: "Team".into(),
            value: "payments".into(),
        };
        assert_eq!(tag.kind().operation(), "TagResource");
    }
}
