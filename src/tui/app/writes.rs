//! The keys and commands that change things: rotate (`R`), cancel a
//! rotation, set the schedule, put a value (`e`), create (`n`), delete
//! (`D`), restore, tag and untag. Each opens a confirmation showing what
//! will change; nothing is sent before the operator agrees, and nothing at
//! all in read-only mode.

use super::values::Purpose;
use super::{App, Command, Confirm, Confirmable, NewSecretForm, Overlay};
use crate::domain::diff::ValueDiff;
use crate::domain::edit::{self, Edited};
use crate::domain::error::AwsError;
use crate::domain::mutation::{Kind, NewSecret, Outcome};
use crate::domain::rules::{self, DEFAULT_RECOVERY_DAYS};
use crate::domain::schedule::Schedule;
use crate::domain::secret::{AWSCURRENT, AWSPENDING, SecretMeta};
use crate::domain::value::SecretValue;
use crate::domain::version::short_id;
use crate::tui::messages::EditPurpose;
use crate::tui::messages::Effect;

impl App {
    /// The selected secret's freshest metadata, unless read-only mode
    /// refuses `what` (said on the status line).
    fn write_target(&mut self, what: &str) -> Option<SecretMeta> {
        if self.conn.read_only {
            self.set_status(format!("read-only mode: {what} refused"), true);
            return None;
        }
        let meta = self.selected_detail().cloned();
        if meta.is_none() {
            self.set_status(format!("select a secret to {what}"), true);
        }
        meta
    }

    pub(super) fn open_confirm(&mut self, action: Confirmable) {
        self.overlay = Some(Overlay::Confirm(Confirm::new(action)));
    }

    /// `R`: rotate now with the secret's rotation function.
    pub(super) fn start_rotate(&mut self) {
        let Some(meta) = self.write_target("rotate") else {
            return;
        };
        self.confirm_rotate(&meta);
    }

    /// The confirmation to rotate `meta`'s secret, or why not.
    pub(super) fn confirm_rotate(&mut self, meta: &SecretMeta) {
        let Some(lambda) = meta.rotation.lambda_arn.clone() else {
            self.set_status(
                "no rotation function on this secret: set one with :rotation DAYS lambda=ARN",
                true,
            );
            return;
        };
        self.open_confirm(Confirmable::Rotate {
            current: meta.current_version(),
            pending: pending_version(meta),
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            lambda,
        });
    }

    /// `:cancel-rotation`: stop a running or stuck rotation.
    pub(super) fn start_cancel_rotation(&mut self) {
        let Some(meta) = self.write_target("cancel the rotation") else {
            return;
        };
        let pending = pending_version(&meta);
        if pending.is_none() && !meta.rotation.enabled {
            self.set_status(
                "no rotation to cancel: none is pending and rotation is off",
                true,
            );
            return;
        }
        self.open_confirm(Confirmable::CancelRotation {
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            pending,
            current: meta.current_version(),
        });
    }

    /// `:rotation SCHEDULE …`
    pub(super) fn start_set_rotation(&mut self, schedule: Schedule) {
        let Some(meta) = self.write_target("change the rotation schedule") else {
            return;
        };
        let Some(lambda) = schedule
            .lambda
            .clone()
            .or_else(|| meta.rotation.lambda_arn.clone())
        else {
            self.set_status(
                "no rotation function on this secret: add lambda=ARN to :rotation",
                true,
            );
            return;
        };
        let before = if meta.rotation.enabled {
            meta.rotation.rules_label()
        } else {
            String::new()
        };
        self.open_confirm(Confirmable::SetRotation {
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            schedule,
            lambda,
            before,
        });
    }

    /// `e`: read AWSCURRENT, then hand it to the editor.
    pub(super) fn start_edit(&mut self, out: &mut Vec<Command>) {
        let Some(meta) = self.write_target("edit") else {
            return;
        };
        self.read(&meta.arn().to_string(), None, Purpose::Edit, out);
    }

    /// The value to edit arrived (None: the secret has no value yet).
    pub(super) fn open_editor(
        &mut self,
        arn: &str,
        read: Option<crate::domain::value::VersionValue>,
        out: &mut Vec<Command>,
    ) {
        let (base, initial) = match read {
            Some(r) if r.value.is_binary() => {
                self.set_status(
                    "a binary value cannot be edited as text: use sekret put NAME --from-file",
                    true,
                );
                return;
            }
            Some(r) => (Some(r.version_id), r.value),
            None => (None, SecretValue::text(String::new())),
        };
        self.set_status("editing in $EDITOR…", false);
        out.push(Command::Effect(Effect::Edit {
            purpose: EditPurpose::Put {
                arn: arn.to_string(),
                name: self.secret_name(arn),
                base,
            },
            initial,
        }));
    }

    /// `n`: the new-secret form, starting in the selected folder.
    pub(super) fn start_create(&mut self) {
        if self.conn.read_only {
            self.set_status("read-only mode: create refused", true);
            return;
        }
        let folder = self.selected_folder();
        self.overlay = Some(Overlay::Create(NewSecretForm {
            name: folder,
            ..NewSecretForm::default()
        }));
    }

    /// `Enter` in the form: check it, then open the editor for the value.
    pub(super) fn submit_create(&mut self, mut form: NewSecretForm, out: &mut Vec<Command>) {
        let name = form.name.trim().to_string();
        let checked = rules::secret_name(&name).and_then(|()| rules::tag_list(&form.tags));
        match checked {
            Err(why) => {
                form.error = Some(why);
                self.overlay = Some(Overlay::Create(form));
            }
            Ok(tags) => {
                let description =
                    Some(form.description.trim().to_string()).filter(|d| !d.is_empty());
                self.set_status("the new secret's value: editing in $EDITOR…", false);
                out.push(Command::Effect(Effect::Edit {
                    purpose: EditPurpose::Create {
                        name,
                        description,
                        tags,
                    },
                    initial: SecretValue::text(String::new()),
                }));
            }
        }
    }

    /// The editor closed.
    pub(super) fn edited(
        &mut self,
        purpose: EditPurpose,
        before: SecretValue,
        after: Result<SecretValue, String>,
    ) {
        let after = match after {
            Ok(after) => after,
            Err(why) => {
                self.set_status(format!("{why}: nothing written"), true);
                return;
            }
        };
        let value = match edit::check(&before, after) {
            Err(why) => return self.set_status(why, true),
            Ok(Edited::Unchanged) => {
                return self.set_status("the value is unchanged: nothing written", false);
            }
            Ok(Edited::Emptied) => {
                return self.set_status("the file was emptied: nothing written", false);
            }
            Ok(Edited::Changed(value)) => value,
        };
        match purpose {
            EditPurpose::Put { arn, name, base } => {
                let diff = ValueDiff::between(&before, &value);
                self.set_status("the editor closed: review the change", false);
                self.open_confirm(Confirmable::Put {
                    arn,
                    name,
                    base,
                    value,
                    diff,
                });
            }
            EditPurpose::Create {
                name,
                description,
                tags,
            } => self.open_confirm(Confirmable::Create(NewSecret {
                name,
                description,
                tags,
                value: Some(value),
            })),
        }
    }

    /// `D`: schedule the deletion (never forced).
    pub(super) fn start_delete(&mut self) {
        let Some(meta) = self.write_target("delete") else {
            return;
        };
        if meta.scheduled_for_deletion() {
            self.set_status(
                "already scheduled for deletion: :restore cancels the deletion",
                true,
            );
            return;
        }
        self.open_confirm(Confirmable::Delete {
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            recovery_days: DEFAULT_RECOVERY_DAYS,
        });
    }

    /// `:restore`
    pub(super) fn start_restore(&mut self) {
        let Some(meta) = self.write_target("restore") else {
            return;
        };
        if !meta.scheduled_for_deletion() {
            self.set_status("this secret is not scheduled for deletion", true);
            return;
        }
        self.open_confirm(Confirmable::Restore {
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            deletion_date: meta.deletion_date,
        });
    }

    /// `:tag KEY=VALUE`
    pub(super) fn start_tag(&mut self, key: String, value: String) {
        let Some(meta) = self.write_target("tag") else {
            return;
        };
        self.open_confirm(Confirmable::Tag {
            old: meta.tags.get(key.as_str()).map(|v| v.to_string()),
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            key,
            value,
        });
    }

    /// `:untag KEY`
    pub(super) fn start_untag(&mut self, key: String) {
        let Some(meta) = self.write_target("untag") else {
            return;
        };
        let Some(old) = meta.tags.get(key.as_str()).map(|v| v.to_string()) else {
            self.set_status(format!("no tag {key:?} on this secret"), true);
            return;
        };
        self.open_confirm(Confirmable::Untag {
            arn: meta.arn().to_string(),
            name: meta.name().to_string(),
            key,
            old,
        });
    }

    /// A change came back from the worker.
    pub(super) fn mutated(
        &mut self,
        seq: u64,
        secret: &str,
        kind: Kind,
        result: Result<Outcome, AwsError>,
        out: &mut Vec<Command>,
    ) {
        if self.writing.remove(&seq).is_none() {
            return; // not a change this console is waiting for
        }
        let result = match (result, self.reconfirm.answered(seq)) {
            (Err(AwsError::Conflict(conflict)), Some(action)) => {
                return self.ask_again(action, &conflict, out);
            }
            (result, _) => result,
        };
        let name = self.secret_name(secret);
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(error) => {
                let hint = error.hint().map(|h| format!(" — {h}")).unwrap_or_default();
                self.set_status(
                    format!("{} on {name} failed: {error}{hint}", kind.action()),
                    true,
                );
                return;
            }
        };
        let version = outcome.version.as_deref().map(short_id).unwrap_or_default();
        let text = match kind {
            Kind::Rollback => format!("rolled back {name}: AWSCURRENT is now {version}"),
            Kind::Put => format!("new value written to {name}: AWSCURRENT is now {version}"),
            Kind::CancelRotation => format!(
                "rotation cancelled on {name}{}; automatic rotation is off (:rotation turns it on)",
                if version.is_empty() {
                    String::new()
                } else {
                    format!(", AWSPENDING removed from {version}")
                }
            ),
            Kind::Delete => format!(
                "deletion scheduled for {name}{} (:restore cancels it)",
                outcome
                    .deletion_date
                    .map(|d| format!(" on {} UTC", crate::text::format::datetime(d)))
                    .unwrap_or_default()
            ),
            other => format!("{} {name}", other.done()),
        };
        match &outcome.overwrote {
            // Written between the check and the put: said, not hidden.
            Some(other) => self.set_status(
                format!(
                    "{text} — but it replaced {}, written by someone else a moment before; \
                     compare with d and roll back with b if needed",
                    short_id(other)
                ),
                true,
            ),
            None => self.set_status(text, false),
        }
        self.show_fresh(&outcome.arn);
        match kind {
            Kind::Rotate => {
                if let Some(version) = outcome.version {
                    self.watch_rotation(&outcome.arn, version, out);
                }
            }
            Kind::CancelRotation => {
                if let Some(watch) = self.rotations.iter_mut().find(|w| w.arn == outcome.arn) {
                    watch.phase = crate::domain::rotation::Phase::Cancelled;
                }
            }
            Kind::Create => {
                self.select_after_listing = Some(secret.to_string());
                out.push(Command::Job(self.list()));
            }
            _ => {}
        }
    }

    /// Select the secret just created, once a listing page holds it.
    pub(super) fn select_created(&mut self) {
        let Some(name) = &self.select_after_listing else {
            return;
        };
        let name = name.clone();
        if self.select_secret_named(&name) {
            self.select_after_listing = None;
        }
    }

    /// Show what AWS now says about `arn`, whatever the caches hold.
    pub(super) fn show_fresh(&mut self, arn: &str) {
        self.detail.cache.remove(&arn.to_string());
        self.versions.fetch.cache.remove(&arn.to_string());
        if self.detail.arn.as_deref() == Some(arn) {
            self.detail.refresh(self.now_ms);
            self.versions.fetch.refresh(self.now_ms);
        }
    }
}

/// The version AWSPENDING sits on, when it is not AWSCURRENT.
pub(super) fn pending_version(meta: &SecretMeta) -> Option<String> {
    meta.version_stages
        .iter()
        .find(|(_, labels)| labels.contains(AWSPENDING) && !labels.contains(AWSCURRENT))
        .map(|(id, _)| id.to_string())
}
