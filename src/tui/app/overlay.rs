//! Overlays over the panes: help, the command palette, a diff, a
//! confirmation, the new-secret form, and scrolled text (an event, the
//! audit log).

use super::import::ImportView;
use crate::domain::diff::ValueDiff;
use crate::domain::import::plan::Write;
use crate::domain::mutation::{Mutation, NewSecret};
use crate::domain::schedule::Schedule;
use crate::domain::secret::Timestamp;
use crate::domain::value::SecretValue;
use crate::domain::version::{LabelMove, Version};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Palette {
        input: String,
    },
    Diff(DiffView),
    Confirm(Confirm),
    /// `n`: name, description and tags of a new secret.
    Create(NewSecretForm),
    /// `:import`: the plan, key by key, with toggles.
    Import(Box<ImportView>),
    /// `:profile` with no name: the profiles to pick from.
    Profiles(super::profiles::ProfilePicker),
    /// Scrolled text: one CloudTrail event's full record (`Enter` in the
    /// access pane), the audit log (`:audit`).
    Text {
        title: String,
        text: String,
        scroll: u16,
    },
    /// `:findings`: checks, then one check's secrets.
    Findings(Box<super::findings::FindingsView>),
}

/// Two versions of a secret compared (`d`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffView {
    pub arn: String,
    pub name: String,
    pub from: Version,
    pub to: Version,
    /// Computed once both values are read.
    pub diff: Option<ValueDiff>,
    pub error: Option<String>,
    /// Values shown (`v`); masked by default.
    pub reveal: bool,
    pub scroll: u16,
}

/// A change waiting for the operator's word: the secret's name typed back
/// for what cannot simply be undone, `Enter` for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub action: Confirmable,
    pub typed: String,
    /// Asked again: someone else changed the secret after this change was
    /// first confirmed.
    pub conflict: Option<ConflictNote>,
}

impl Confirm {
    pub fn new(action: Confirmable) -> Self {
        Confirm {
            action,
            typed: String::new(),
            conflict: None,
        }
    }
}

/// What moved under a change, shown above it when it is asked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictNote {
    /// Which version, made when, instead of which.
    pub text: String,
    /// What the operator based the change on → what is there now, masked
    /// (None when either side has no value or could not be read).
    pub meanwhile: Option<ValueDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmable {
    Rollback {
        arn: String,
        name: String,
        to: String,
        from: String,
        moves: Vec<LabelMove>,
    },
    Rotate {
        arn: String,
        name: String,
        lambda: String,
        current: Option<String>,
        /// AWSPENDING already on another version: a rotation running or stuck.
        pending: Option<String>,
    },
    CancelRotation {
        arn: String,
        name: String,
        /// The version AWSPENDING was left on, if any.
        pending: Option<String>,
        /// Where AWSCURRENT was when the cancel was decided.
        current: Option<String>,
    },
    SetRotation {
        arn: String,
        name: String,
        schedule: Schedule,
        /// The function the schedule will run.
        lambda: String,
        /// The schedule it replaces ("" when rotation was off).
        before: String,
    },
    Put {
        arn: String,
        name: String,
        base: Option<String>,
        value: SecretValue,
        /// The change, masked on screen.
        diff: ValueDiff,
    },
    Create(NewSecret),
    Delete {
        arn: String,
        name: String,
        recovery_days: u8,
    },
    Restore {
        arn: String,
        name: String,
        deletion_date: Option<Timestamp>,
    },
    Tag {
        arn: String,
        name: String,
        key: String,
        value: String,
        /// The value it replaces.
        old: Option<String>,
    },
    Untag {
        arn: String,
        name: String,
        key: String,
        old: String,
    },
    Import(ImportConfirm),
    RotateBatch(BatchRotate),
}

/// Rotations of every secret a principal read, waiting for the
/// principal's name typed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRotate {
    /// `principal mallory`, as the pivot names it.
    pub principal: String,
    /// What is typed: the user, session or access key.
    pub confirmation: String,
    /// One `Confirmable::Rotate` per secret, each sent as if confirmed
    /// alone (its AWSCURRENT checked before the call).
    pub rotations: Vec<Confirmable>,
    /// Secrets read that cannot be rotated from here, and why.
    pub skipped: Vec<(String, String)>,
}

/// An import's writes, waiting for the prefix (or bundle name) typed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportConfirm {
    /// The prefix, or the bundle's full name: what is typed.
    pub confirmation: String,
    pub file: String,
    pub writes: Vec<Write>,
}

impl Confirmable {
    /// The secret's name (what must be typed, when typing is asked).
    pub fn name(&self) -> &str {
        match self {
            Confirmable::Rollback { name, .. }
            | Confirmable::Rotate { name, .. }
            | Confirmable::CancelRotation { name, .. }
            | Confirmable::SetRotation { name, .. }
            | Confirmable::Put { name, .. }
            | Confirmable::Delete { name, .. }
            | Confirmable::Restore { name, .. }
            | Confirmable::Tag { name, .. }
            | Confirmable::Untag { name, .. } => name,
            Confirmable::Create(new) => &new.name,
            Confirmable::Import(import) => &import.confirmation,
            Confirmable::RotateBatch(batch) => &batch.confirmation,
        }
    }

    /// Every change asks for the name typed back: tags can grant or remove
    /// access (ABAC), the rotation schedule decides when readers see a new
    /// value, and create and restore put a secret into use. One key is too
    /// easy to press by mistake during an incident.
    pub fn typed(&self) -> bool {
        match self {
            Confirmable::Rollback { .. }
            | Confirmable::Rotate { .. }
            | Confirmable::CancelRotation { .. }
            | Confirmable::SetRotation { .. }
            | Confirmable::Put { .. }
            | Confirmable::Create(_)
            | Confirmable::Delete { .. }
            | Confirmable::Restore { .. }
            | Confirmable::Tag { .. }
            | Confirmable::Untag { .. }
            | Confirmable::Import(_)
            | Confirmable::RotateBatch(_) => true,
        }
    }

    /// The call to make: on which secret, and what (None for an import,
    /// which is many calls).
    pub fn mutation(self) -> Option<(String, Mutation)> {
        Some(match self {
            Confirmable::Rollback { arn, to, from, .. } => (arn, Mutation::Rollback { to, from }),
            Confirmable::Rotate { arn, current, .. } => (arn, Mutation::Rotate { current }),
            Confirmable::CancelRotation {
                arn,
                pending,
                current,
                ..
            } => (arn, Mutation::CancelRotation { pending, current }),
            Confirmable::SetRotation { arn, schedule, .. } => {
                (arn, Mutation::SetRotation(schedule))
            }
            Confirmable::Put {
                arn, base, value, ..
            } => (arn, Mutation::Put { value, base }),
            Confirmable::Create(new) => (new.name.clone(), Mutation::Create(new)),
            Confirmable::Delete {
                arn, recovery_days, ..
            } => (arn, Mutation::Delete { recovery_days }),
            Confirmable::Restore { arn, .. } => (arn, Mutation::Restore),
            Confirmable::Tag {
                arn, key, value, ..
            } => (arn, Mutation::Tag { key, value }),
            Confirmable::Untag { arn, key, .. } => (arn, Mutation::Untag { key }),
            Confirmable::Import(_) | Confirmable::RotateBatch(_) => return None,
        })
    }
}

/// The `n` form. The value comes from the editor afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSecretForm {
    pub name: String,
    pub description: String,
    /// `KEY=VALUE, KEY=VALUE`
    pub tags: String,
    /// 0 name, 1 description, 2 tags.
    pub field: usize,
    pub error: Option<String>,
}

impl NewSecretForm {
    /// The field being typed in.
    pub fn field_mut(&mut self) -> &mut String {
        match self.field {
            0 => &mut self.name,
            1 => &mut self.description,
            _ => &mut self.tags,
        }
    }
}
