//! Overlays over the panes: help, the command palette, a diff, a typed
//! confirmation.

use crate::domain::diff::ValueDiff;
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
    /// One CloudTrail event's full record (`Enter` in the access pane).
    Event {
        title: String,
        text: String,
        scroll: u16,
    },
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

/// A destructive action waiting for the secret's name to be typed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub action: Confirmable,
    pub typed: String,
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
}

impl Confirmable {
    /// What must be typed to confirm.
    pub fn name(&self) -> &str {
        match self {
            Confirmable::Rollback { name, .. } => name,
        }
    }
}
