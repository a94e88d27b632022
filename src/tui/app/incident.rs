//! The incident-response actions around the access pane: all activity
//! (`a`), pivot (`p`), time window (`w`), follow (`F`), the full event
//! (`Enter`) and the report (`x`).

use super::access::Mode;
use super::triage::View;
use super::{App, Command, Overlay, Pane};
use crate::domain::event::Pivot;
use crate::tui::messages::Job;

impl App {
    /// Keep the access pane on its target and send its lookup when due.
    pub(super) fn follow_access(&mut self, out: &mut Vec<Command>) {
        let secret = self
            .selected_secret()
            .map(|s| (s.arn().to_string(), s.name().to_string()));
        let target = self
            .access
            .target(secret.as_ref().map(|(a, n)| (a.as_str(), n.as_str())));
        if self.access.show(target, self.now_ms) {
            out.push(Command::Job(Job::CancelEvents));
        }
        if self.access.deadline().is_some_and(|due| self.now_ms >= due) {
            let seq = self.seq();
            if let Some((target, start)) = self.access.take_due(self.now, self.now_ms, seq) {
                out.push(Command::Job(Job::LookupEvents { seq, target, start }));
            }
        }
    }

    /// `a`: from another pane, this secret's events, focused; in the
    /// access pane, this secret's events ↔ all Secrets Manager activity.
    pub(super) fn toggle_activity(&mut self) {
        let access = &mut self.access;
        access.before_pivot = None;
        access.mode = match (&access.mode, self.focus) {
            (Mode::Secret, Pane::Access) => Mode::All,
            _ => Mode::Secret,
        };
        self.focus = Pane::Access;
        let text = match self.access.mode {
            Mode::All => "all Secrets Manager activity (a: back to this secret)",
            _ => "events for the selected secret",
        };
        self.set_status(text, false);
    }

    /// `p`: everything the selected event's principal (or, without one,
    /// its access key) did; `P` (`by_key`): everything its access key did.
    /// In the principals summary: the selected principal.
    pub(super) fn pivot(&mut self, by_key: bool) {
        let (now, now_ms) = (self.now, self.now_ms);
        let (target, origin) = match self.access.view() {
            View::Secrets => {
                return self.set_status(
                    "this is the pivot's blast radius: Enter selects the secret · R rotates it · x writes the report",
                    false,
                );
            }
            View::Principals => {
                let row = self.access.selected_principal(now, now_ms);
                (row.map(|p| p.pivot), None)
            }
            View::Events => {
                let event = self.access.selected_event(now, now_ms);
                let target = event.map(|e| match by_key {
                    true => e.access_key.clone().map(Pivot::AccessKey),
                    false => e.pivot_target(),
                });
                (target, event.map(|e| e.secret_label()))
            }
        };
        // The blast radius starts on the secret the pivot came from.
        let origin = match &self.access.mode {
            Mode::Secret => self.selected_secret().map(|s| s.name().to_string()),
            _ => origin.filter(|o| !o.is_empty()),
        };
        match target {
            None => self.set_status("select an event or a principal to pivot on", true),
            Some(None) => self.set_status("this event names no principal or access key", true),
            Some(Some(pivot)) => {
                let window = self.access.window.label();
                self.set_status(
                    format!(
                        "everything {} did in the last {window} (Esc: back)",
                        pivot.label()
                    ),
                    false,
                );
                let access = &mut self.access;
                if access.before_pivot.is_none() {
                    access.before_pivot = Some(access.mode.clone());
                }
                access.mode = Mode::Pivot(pivot);
                access.origin = origin;
                access.seek_origin = true;
                access.row = 0;
            }
        }
    }

    /// `Esc` in a pivot: back to where it started.
    pub(super) fn unpivot(&mut self) -> bool {
        match self.access.before_pivot.take() {
            Some(mode) => {
                self.access.mode = mode;
                self.access.origin = None;
                true
            }
            None => false,
        }
    }

    /// `w`: 1 h → 24 h → 7 d → 90 d.
    pub(super) fn cycle_window(&mut self) {
        self.access.window = self.access.window.next();
        let label = self.access.window.label();
        self.set_status(format!("access events: last {label}"), false);
    }

    /// `F`: poll for new events every few seconds, within the budget.
    pub(super) fn toggle_follow(&mut self) {
        self.access.toggle_follow(self.now_ms);
        let text = if self.access.follow {
            "following new events (F: stop)"
        } else {
            "stopped following"
        };
        self.set_status(text, false);
    }

    /// `Enter`: an event's full record; on a principal, the pivot; on a
    /// secret of the blast radius, that secret in the tree.
    pub(super) fn open_in_access(&mut self) {
        match self.access.view() {
            View::Events => self.open_event(),
            View::Principals => self.pivot(false),
            View::Secrets => self.select_touched(),
        }
    }

    /// `Enter` on an event: its full CloudTrail record.
    fn open_event(&mut self) {
        if let Some(e) = self.access.selected_event(self.now, self.now_ms) {
            self.overlay = Some(Overlay::Text {
                title: format!("{} · {}", e.name, e.id),
                text: e.pretty(),
                scroll: 0,
            });
        }
    }

    /// `x`: an incident report for the selected secret; in a pivot (with
    /// the access pane focused), for the principal.
    pub(super) fn report(&mut self, out: &mut Vec<Command>) {
        if let (Mode::Pivot(pivot), Pane::Access) = (&self.access.mode, self.focus) {
            let (pivot, window) = (pivot.clone(), self.access.window);
            self.set_status(
                format!(
                    "writing the report on {} (last {})…",
                    pivot.label(),
                    window.label()
                ),
                false,
            );
            out.push(Command::Job(Job::PrincipalReport { pivot, window }));
            return;
        }
        let Some(secret) = self.selected_secret() else {
            self.set_status("select a secret to report on", true);
            return;
        };
        let arn = secret.arn().to_string();
        let window = self.access.window;
        self.set_status(
            format!("writing the report (last {})…", window.label()),
            false,
        );
        out.push(Command::Job(Job::Report { arn, window }));
    }
}
