//! `:findings`: which secrets need attention, one row per check with its
//! counts by severity and a score; `Enter` lists the check's secrets,
//! `Enter` again selects one in the tree. Recounted as the listing streams
//! and as policies are read in the background (at most once a second
//! while pages arrive, so that 100,000 secrets stay cheap).

use super::input::Key;
use super::policies::Policies;
use super::{App, Overlay, Pane};
use crate::domain::findings::{CheckId, Finding, Tally, Thresholds};
use crate::domain::secret::{SecretMeta, Timestamp};

/// Recount at most this often while the inputs keep changing.
pub const RECOUNT_MS: u64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Checks,
    /// The findings of one check.
    Secrets(CheckId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsView {
    pub level: Level,
    pub selected: usize,
    /// The check row to come back to from its secrets.
    check_row: usize,
    /// Only secrets whose names contain it (case-insensitive).
    pub filter: String,
    pub filter_editing: bool,
    pub tally: Tally,
    /// What the tally was counted from: (secrets revision, policies known).
    counted_from: Option<(u64, usize)>,
    counted_at: u64,
}

impl FindingsView {
    pub fn new() -> FindingsView {
        FindingsView {
            level: Level::Checks,
            selected: 0,
            check_row: 0,
            filter: String::new(),
            filter_editing: false,
            tally: Tally::default(),
            counted_from: None,
            counted_at: 0,
        }
    }

    /// Rows at the current level.
    pub fn len(&self) -> usize {
        match self.level {
            Level::Checks => self.tally.rows.len(),
            Level::Secrets(check) => self.tally.of_check(check).count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The findings listed at the Secrets level.
    pub fn listed(&self) -> Vec<&Finding> {
        match self.level {
            Level::Checks => Vec::new(),
            Level::Secrets(check) => self.tally.of_check(check).collect(),
        }
    }

    fn stale(&self, revision: u64, known: usize) -> bool {
        self.counted_from != Some((revision, known))
    }

    /// Count again from the secrets and the policies known.
    pub fn recount(
        &mut self,
        secrets: &[SecretMeta],
        policies: &Policies,
        now: Timestamp,
        limits: &Thresholds,
        from: (u64, u64),
    ) {
        let needle = self.filter.to_lowercase();
        let chosen = secrets
            .iter()
            .filter(|s| needle.is_empty() || s.name().to_lowercase().contains(&needle))
            .map(|s| (s, policies.of(&s.arn().to_string())));
        self.tally = Tally::of(chosen, now, limits);
        self.counted_from = Some((from.0, policies.known.len()));
        self.counted_at = from.1;
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }
}

impl Default for FindingsView {
    fn default() -> Self {
        FindingsView::new()
    }
}

impl App {
    /// `:findings`: open the view and start reading policies in the
    /// background.
    pub(super) fn open_findings(&mut self) {
        let mut view = FindingsView::new();
        self.count_findings(&mut view);
        self.overlay = Some(Overlay::Findings(Box::new(view)));
        self.policies.background = true;
        self.policies.wake();
    }

    fn count_findings(&self, view: &mut FindingsView) {
        view.recount(
            &self.secrets,
            &self.policies,
            self.now,
            &self.audit_limits,
            (self.revision, self.now_ms),
        );
    }

    /// Recount an open view when what it counts changed: at once when the
    /// listing is quiet, at most once a second while it streams.
    pub(super) fn keep_findings_fresh(&mut self) {
        if !matches!(self.overlay, Some(Overlay::Findings(_))) {
            return;
        }
        let Some(Overlay::Findings(mut view)) = self.overlay.take() else {
            return;
        };
        let streaming = self.listing.seq().is_some();
        if view.stale(self.revision, self.policies.known.len())
            && (!streaming || self.now_ms >= view.counted_at + RECOUNT_MS)
        {
            self.count_findings(&mut view);
        }
        self.overlay = Some(Overlay::Findings(view));
    }

    /// When an open view will recount (a listing page came within the
    /// last second).
    pub(super) fn findings_deadline(&self) -> Option<u64> {
        match &self.overlay {
            Some(Overlay::Findings(view))
                if view.stale(self.revision, self.policies.known.len()) =>
            {
                Some(view.counted_at + RECOUNT_MS)
            }
            _ => None,
        }
    }

    pub(super) fn findings_key(&mut self, mut view: Box<FindingsView>, key: Key) {
        if view.filter_editing {
            match key {
                Key::Enter => view.filter_editing = false,
                Key::Esc => {
                    view.filter_editing = false;
                    view.filter.clear();
                }
                Key::Backspace => {
                    view.filter.pop();
                }
                Key::Char(c) => view.filter.push(c),
                _ => {}
            }
            self.count_findings(&mut view);
            self.overlay = Some(Overlay::Findings(view));
            return;
        }
        let last = view.len().saturating_sub(1);
        match key {
            Key::Char('q') => return self.close_findings(),
            Key::Esc | Key::Char('h') | Key::Left | Key::Backspace => match view.level {
                Level::Checks if !view.filter.is_empty() && key == Key::Esc => {
                    view.filter.clear();
                    self.count_findings(&mut view);
                }
                Level::Checks => return self.close_findings(),
                Level::Secrets(_) => {
                    view.level = Level::Checks;
                    view.selected = view.check_row;
                }
            },
            Key::Char('j') | Key::Down => view.selected = (view.selected + 1).min(last),
            Key::Char('k') | Key::Up => view.selected = view.selected.saturating_sub(1),
            Key::Char('g') | Key::Home => view.selected = 0,
            Key::Char('G') | Key::End => view.selected = last,
            Key::PageDown => view.selected = (view.selected + 10).min(last),
            Key::PageUp => view.selected = view.selected.saturating_sub(10),
            Key::Char('/') => view.filter_editing = true,
            // Read every policy again (someone may have changed one).
            Key::Char('r') => {
                self.policies.reread();
                self.count_findings(&mut view);
            }
            Key::Enter | Key::Char('l') | Key::Right => match view.level {
                Level::Checks => match view.tally.rows.get(view.selected) {
                    Some(row) if row.failing() > 0 => {
                        view.check_row = view.selected;
                        view.level = Level::Secrets(row.check.id);
                        view.selected = 0;
                    }
                    Some(row) => {
                        let what = if row.evaluated == 0 {
                            "has decided no secret yet (policies unread)"
                        } else {
                            "found nothing"
                        };
                        self.set_status(format!("{} {what}", row.check.slug), false);
                    }
                    None => {}
                },
                Level::Secrets(_) => {
                    let name = view.listed().get(view.selected).map(|f| f.secret.clone());
                    if let Some(name) = name {
                        self.overlay = None;
                        self.policies.background = false;
                        if self.select_secret_named(&name) {
                            self.focus = Pane::Tree;
                            self.set_status(format!("{name} · :findings to go back"), false);
                        } else {
                            self.set_status(format!("{name} is no longer listed"), true);
                        }
                        return;
                    }
                }
            },
            _ => {}
        }
        self.overlay = Some(Overlay::Findings(view));
    }

    fn close_findings(&mut self) {
        self.overlay = None;
        self.policies.background = false;
    }
}
