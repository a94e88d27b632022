//! Asking again when someone else got there first. A change based on an
//! earlier read (an edited value, a rollback, a cancelled rotation) is
//! checked by the write gate just before it is made; when AWSCURRENT moved,
//! nothing is written and the gate answers with a `Conflict`. The console
//! then prepares the same change on what is there now, reads the two
//! values (the one the operator based the change on, and the newer one) so
//! that what changed meanwhile can be shown masked, and opens the
//! confirmation again.

use std::collections::HashMap;

use super::values::Purpose;
use super::{App, Command, Confirm, Confirmable, Overlay};
use crate::domain::conflict::Conflict;
use crate::domain::diff::ValueDiff;
use crate::domain::version::{self, short_id};
use crate::tui::app::overlay::ConflictNote;

#[derive(Debug, Default)]
pub struct Reconfirm {
    /// Based changes sent and not yet answered, by sequence number: what
    /// to ask again if the gate finds the secret moved.
    in_flight: HashMap<u64, Confirmable>,
    /// A change re-prepared, waiting for the two values of its diff.
    waiting: Option<Waiting>,
}

#[derive(Debug)]
struct Waiting {
    arn: String,
    action: Confirmable,
    note: String,
    /// Based on → now, when both are versions with values to compare.
    pair: Option<(String, String)>,
}

impl Reconfirm {
    /// Keep `action` (about to be sent as `seq`) in case it is refused.
    pub(super) fn sent(&mut self, seq: u64, action: &Confirmable) {
        if based(action) {
            self.in_flight.insert(seq, action.clone());
        }
    }

    /// The answer to `seq` came: what was kept for it goes.
    pub(super) fn answered(&mut self, seq: u64) -> Option<Confirmable> {
        self.in_flight.remove(&seq)
    }

    pub(super) fn clear(&mut self) {
        self.in_flight.clear();
        self.waiting = None;
    }
}

/// Changes that depend on what was read before.
fn based(action: &Confirmable) -> bool {
    matches!(
        action,
        Confirmable::Put { .. } | Confirmable::Rollback { .. } | Confirmable::CancelRotation { .. }
    )
}

impl App {
    /// The gate refused `action` because the secret moved: prepare it again
    /// on what is there now and ask (or say why it cannot be asked again).
    pub(super) fn ask_again(
        &mut self,
        action: Confirmable,
        conflict: &Conflict,
        out: &mut Vec<Command>,
    ) {
        let note = conflict.to_string();
        let redo = match replanned(action, conflict) {
            Ok(redo) => redo,
            Err(why) => {
                return self.set_status(format!("{note}. {why}"), true);
            }
        };
        let arn = arn_of(&redo).to_string();
        let pair = match (&conflict.based_on, &conflict.current) {
            (Some(from), Some(to)) if conflict.current_moved() => Some((from.clone(), to.clone())),
            _ => None,
        };
        self.reconfirm.waiting = Some(Waiting {
            arn: arn.clone(),
            action: redo,
            note,
            pair: pair.clone(),
        });
        if let Some((from, to)) = pair {
            self.read(&arn, Some(from), Purpose::Reconfirm, out);
            self.read(&arn, Some(to), Purpose::Reconfirm, out);
        }
        self.complete_reconfirm();
    }

    /// A value for the re-asked change arrived (or one failed to read:
    /// then the confirmation opens without the diff of what changed).
    pub(super) fn complete_reconfirm(&mut self) {
        let Some(waiting) = &self.reconfirm.waiting else {
            return;
        };
        let meanwhile = match &waiting.pair {
            None => None,
            Some((from, to)) => {
                let a = self.values.peek(&waiting.arn, from, self.now_ms);
                let b = self.values.peek(&waiting.arn, to, self.now_ms);
                match (a, b) {
                    (Some(a), Some(b)) => Some((ValueDiff::between(a, b), b.clone())),
                    _ => return, // still reading
                }
            }
        };
        self.finish_reconfirm(meanwhile);
    }

    /// A read for the re-asked change failed: ask without the diff.
    pub(super) fn reconfirm_read_failed(&mut self, arn: &str) {
        if self
            .reconfirm
            .waiting
            .as_ref()
            .is_some_and(|w| w.arn == arn)
        {
            self.finish_reconfirm(None);
        }
    }

    fn finish_reconfirm(
        &mut self,
        meanwhile: Option<(ValueDiff, crate::domain::value::SecretValue)>,
    ) {
        let Some(waiting) = self.reconfirm.waiting.take() else {
            return;
        };
        let mut action = waiting.action;
        // A put now replaces the newer value: its diff is against that.
        if let (Confirmable::Put { value, diff, .. }, Some((_, now))) = (&mut action, &meanwhile) {
            *diff = ValueDiff::between(now, value);
        }
        self.overlay = Some(Overlay::Confirm(Confirm {
            action,
            typed: String::new(),
            conflict: Some(ConflictNote {
                text: waiting.note,
                meanwhile: meanwhile.map(|(diff, _)| diff),
            }),
        }));
        self.set_status(
            "someone else changed the secret: nothing was written; review and confirm again",
            true,
        );
    }
}

fn arn_of(action: &Confirmable) -> &str {
    match action {
        Confirmable::Put { arn, .. }
        | Confirmable::Rollback { arn, .. }
        | Confirmable::CancelRotation { arn, .. } => arn,
        _ => "",
    }
}

/// The same change, prepared on the versions as they are now.
fn replanned(action: Confirmable, conflict: &Conflict) -> Result<Confirmable, String> {
    Ok(match action {
        Confirmable::Put {
            arn,
            name,
            value,
            diff,
            ..
        } => Confirmable::Put {
            arn,
            name,
            base: conflict.current.clone(),
            value,
            diff,
        },
        Confirmable::Rollback { arn, name, to, .. } => {
            let moves = version::rollback_moves(&conflict.versions, &to).map_err(|why| {
                format!("Rolling back to {} no longer applies: {why}", short_id(&to))
            })?;
            let from = moves[0]
                .from
                .clone()
                .ok_or("No version is AWSCURRENT now; nothing to roll back")?;
            Confirmable::Rollback {
                arn,
                name,
                to,
                from,
                moves,
            }
        }
        Confirmable::CancelRotation { arn, name, .. } => Confirmable::CancelRotation {
            arn,
            name,
            pending: conflict.pending_now.clone(),
            current: conflict.current.clone(),
        },
        other => other,
    })
}
