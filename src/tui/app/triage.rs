//! The access pane as a triage tool: its views (events, principals, the
//! pivot's secrets), the timeline filter (`/` in the pane), this
//! console's own polling hidden (`o`), and the zoom (`z`).

use super::App;
use super::access::{AccessPane, Mode};
use super::input::Key;
use crate::domain::activity::{Activity, PrincipalSummary};
use crate::domain::blast::{BlastRadius, Touch};
use crate::domain::secret::Timestamp;
use crate::domain::timeline::TimelineFilter;

/// What the access pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Events,
    /// Who did what: one row per principal (`S` on a secret or on all
    /// activity).
    Principals,
    /// The pivot's blast radius: one row per secret touched (`S` in a
    /// pivot, and where a pivot from the principals lands).
    Secrets,
}

impl AccessPane {
    pub fn view(&self) -> View {
        match (self.summary, &self.mode) {
            (false, _) => View::Events,
            (true, Mode::Pivot(_)) => View::Secrets,
            (true, _) => View::Principals,
        }
    }

    /// The principals of the events on display, failures first.
    pub fn activity(&self, now: Timestamp, now_ms: u64) -> Activity {
        Activity::of(self.visible(now, now_ms))
    }

    /// The secrets the events on display touched, failures first.
    pub fn blast(&self, now: Timestamp, now_ms: u64) -> BlastRadius {
        BlastRadius::of(self.visible(now, now_ms))
    }

    /// How many rows the current view has.
    pub fn rows(&self, now: Timestamp, now_ms: u64) -> usize {
        match self.view() {
            View::Events => self.visible(now, now_ms).len(),
            View::Principals => self.activity(now, now_ms).principals.len(),
            View::Secrets => self.blast(now, now_ms).secrets.len(),
        }
    }

    pub fn selected_principal(&self, now: Timestamp, now_ms: u64) -> Option<PrincipalSummary> {
        (self.view() == View::Principals)
            .then(|| self.activity(now, now_ms).principals.get(self.row).cloned())
            .flatten()
    }

    pub fn selected_touch(&self, now: Timestamp, now_ms: u64) -> Option<Touch> {
        (self.view() == View::Secrets)
            .then(|| self.blast(now, now_ms).secrets.get(self.row).cloned())
            .flatten()
    }

    /// Move the cursor of whichever view is shown.
    pub fn move_in_view(&mut self, by: isize, now: Timestamp, now_ms: u64) {
        let len = self.rows(now, now_ms);
        self.seek_origin = false;
        match self.view() {
            View::Events => self.move_by(by, len),
            _ => {
                let at = self.row as isize + by;
                self.row = at.clamp(0, len.saturating_sub(1) as isize) as usize;
            }
        }
    }

    /// In the secrets view, start on the secret the pivot came from (once
    /// its events have arrived).
    pub fn select_origin(&mut self, now: Timestamp, now_ms: u64) {
        let Some(origin) = self.origin.clone() else {
            return;
        };
        if self.view() != View::Secrets {
            return;
        }
        let blast = self.blast(now, now_ms);
        if let Some(at) = blast.secrets.iter().position(|t| t.secret == origin) {
            self.row = at;
            self.seek_origin = false;
        } else if !self.loading() {
            self.seek_origin = false;
        }
    }
}

impl App {
    /// `S`: the summary ↔ the events.
    pub(super) fn toggle_summary(&mut self) {
        self.access.summary = !self.access.summary;
        self.access.row = 0;
        self.access.seek_origin = true;
        self.access.select_origin(self.now, self.now_ms);
    }

    /// `o`: show or hide this console's own metadata polling.
    pub(super) fn toggle_own(&mut self) {
        self.access.show_own = !self.access.show_own;
        self.access.selected = 0;
        self.access.row = 0;
        let text = if self.access.show_own {
            "showing sekret's own DescribeSecret / List… calls (o: hide)"
        } else {
            "hiding sekret's own DescribeSecret / List… calls (o: show)"
        };
        self.set_status(text, false);
    }

    /// `/` in the access pane: filter the timeline, not the tree.
    pub(super) fn start_timeline_filter(&mut self) {
        self.access.filter_editing = true;
    }

    /// A key while the timeline filter is typed: it narrows as you type;
    /// Enter keeps it, Esc clears it, Ctrl-U empties it.
    pub(super) fn timeline_filter_key(&mut self, key: Key) {
        let mut text = self.access.filter_typed.clone();
        match key {
            Key::Enter => {
                self.access.filter_editing = false;
                return;
            }
            Key::Esc => {
                self.access.filter_editing = false;
                text.clear();
            }
            Key::Ctrl('u') => text.clear(),
            Key::Backspace => {
                text.pop();
            }
            Key::Char(c) => text.push(c),
            Key::Down => return self.access.move_in_view(1, self.now, self.now_ms),
            Key::Up => return self.access.move_in_view(-1, self.now, self.now_ms),
            _ => return,
        }
        self.access.filter = TimelineFilter::parse(&text);
        self.access.filter_typed = text;
        self.access.selected = 0;
        self.access.row = 0;
    }

    /// `Esc` in the pane: a kept filter goes first (true when there was one).
    pub(super) fn clear_timeline_filter(&mut self) -> bool {
        if self.access.filter.is_empty() {
            return false;
        }
        self.access.filter = TimelineFilter::default();
        self.access.filter_typed.clear();
        self.access.selected = 0;
        self.access.row = 0;
        true
    }

    /// `z`: the focused pane fills the screen, and back.
    pub(super) fn toggle_zoom(&mut self) {
        self.zoom = !self.zoom;
        let text = match self.zoom {
            true => format!("{} fills the screen (z: back)", self.focus.label()),
            false => "all panes".to_string(),
        };
        self.set_status(text, false);
    }
}
