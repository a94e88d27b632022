//! The access pane: CloudTrail events for the selected secret, for all
//! Secrets Manager activity (`a`), or for one principal (`p`, the pivot).
//!
//! LookupEvents is the scarcest budget sekret has (2 requests per second),
//! so this pane asks late and little: only after the selection has settled
//! (`DEBOUNCE_MS`), one query at a time, cached per (target, window) for
//! the cache TTL, and refreshes ask only for what is newer than the newest
//! event seen (with a small overlap, because CloudTrail delivers late).

use crate::domain::error::AwsError;
use crate::domain::event::{self, AccessEvent, Completeness, Pivot, Target, Window};
use crate::domain::secret::Timestamp;
use crate::domain::timeline::{Own, TimelineFilter};
use crate::tui::app::cache::TtlCache;

/// Longer than the metadata debounce: a lookup costs half a second of budget.
pub const DEBOUNCE_MS: u64 = 400;
/// Follow mode polls this often (each poll is one or two requests).
pub const FOLLOW_EVERY_MS: u64 = 5_000;
/// A refresh reaches this far behind the newest event seen: CloudTrail
/// delivers events minutes late, and ids are de-duplicated anyway.
pub const OVERLAP_S: i64 = 300;

/// What the operator asked the pane to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Secret,
    All,
    Pivot(Pivot),
}

/// The timeline of one (target, window).
#[derive(Debug, Clone, PartialEq)]
pub struct EventSet {
    /// Newest first, one per event id.
    pub events: Vec<AccessEvent>,
    pub state: SetState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SetState {
    Loading,
    Done(Completeness),
    /// The events read before the failure are kept.
    Failed(AwsError),
}

pub type QueryKey = (Target, Window);

#[derive(Debug)]
pub struct AccessPane {
    pub mode: Mode,
    /// Where `Esc` returns to from a pivot.
    pub before_pivot: Option<Mode>,
    pub window: Window,
    pub follow: bool,
    /// The summary instead of the event list: principals (one secret, all
    /// activity) or, in a pivot, the secrets the principal touched.
    pub summary: bool,
    /// The selected event.
    pub selected: usize,
    /// The selected summary row.
    pub row: usize,
    /// The timeline filter (`/` in this pane), and whether it is typed.
    pub filter: TimelineFilter,
    /// The filter as typed (spaces and all).
    pub filter_typed: String,
    pub filter_editing: bool,
    /// Show this console's own metadata polling (`o`); hidden by default.
    pub show_own: bool,
    /// Who this console signs as, once STS has said.
    pub own: Own,
    /// The secret a pivot started from: its row is selected first, as soon
    /// as it arrives (`seek_origin`), unless the operator moved first.
    pub origin: Option<String>,
    pub seek_origin: bool,
    /// How far back the lookup in flight has read (the oldest event seen).
    pub reached: Option<Timestamp>,
    /// The query on display.
    pub key: Option<QueryKey>,
    /// When to send the lookup for `key` (monotonic ms).
    pub due: Option<u64>,
    /// The lookup in flight: (sequence number, its query).
    pub in_flight: Option<(u64, QueryKey)>,
    pub cache: TtlCache<QueryKey, EventSet>,
}

impl AccessPane {
    pub fn new(ttl_ms: u64) -> AccessPane {
        AccessPane {
            mode: Mode::Secret,
            before_pivot: None,
            window: Window::Day,
            follow: false,
            summary: false,
            selected: 0,
            row: 0,
            filter: TimelineFilter::default(),
            filter_typed: String::new(),
            filter_editing: false,
            show_own: false,
            own: Own::default(),
            origin: None,
            seek_origin: false,
            reached: None,
            key: None,
            due: None,
            in_flight: None,
            cache: TtlCache::new(ttl_ms),
        }
    }

    /// The target the mode points at, given the selected secret.
    pub fn target(&self, secret: Option<(&str, &str)>) -> Option<Target> {
        match &self.mode {
            Mode::Secret => secret.map(|(arn, name)| Target::Secret {
                arn: arn.to_string(),
                name: name.to_string(),
            }),
            Mode::All => Some(Target::All),
            Mode::Pivot(p) => Some(Target::Pivot(p.clone())),
        }
    }

    /// Show `target` in the current window; schedule a lookup unless the
    /// cache already has it. Returns true when a lookup in flight for
    /// another query was dropped (the worker should stop it: budget).
    pub fn show(&mut self, target: Option<Target>, now_ms: u64) -> bool {
        let key = target.map(|t| (t, self.window));
        if self.key == key {
            return false;
        }
        // A lookup cut short leaves a set that is neither complete nor
        // current: forget it, and read it again when it is next shown.
        let dropped = self.in_flight.take().map(|(_, k)| self.cache.remove(&k));
        self.key = key;
        self.selected = 0;
        self.row = 0;
        self.reached = None;
        self.due = match &self.key {
            Some(key) if self.cache.get(key, now_ms).is_none() => Some(now_ms + DEBOUNCE_MS),
            Some(_) if self.follow => Some(now_ms + FOLLOW_EVERY_MS),
            _ => None,
        };
        dropped.is_some()
    }

    /// The timeline on display, if any has been read.
    pub fn set(&self, now_ms: u64) -> Option<&EventSet> {
        self.cache.peek(self.key.as_ref()?, now_ms)
    }

    /// The events in the window as of `now`, before the filter and
    /// without hiding anything.
    pub fn in_window(&self, now: Timestamp, now_ms: u64) -> &[AccessEvent] {
        let Some(set) = self.set(now_ms) else {
            return &[];
        };
        let oldest = now - self.window.seconds();
        let end = set.events.partition_point(|e| e.time >= oldest);
        &set.events[..end]
    }

    /// The events on display: in the window, kept by the filter, and
    /// without this console's own polling unless asked for.
    pub fn visible(&self, now: Timestamp, now_ms: u64) -> Vec<&AccessEvent> {
        self.in_window(now, now_ms)
            .iter()
            .filter(|e| self.show_own || !self.own.polled(e))
            .filter(|e| self.filter.keeps(e))
            .collect()
    }

    /// How many of the window's events are this console's own polling
    /// (hidden unless `o`).
    pub fn own_calls(&self, now: Timestamp, now_ms: u64) -> usize {
        let events = self.in_window(now, now_ms);
        events.iter().filter(|e| self.own.polled(e)).count()
    }

    pub fn selected_event(&self, now: Timestamp, now_ms: u64) -> Option<&AccessEvent> {
        self.visible(now, now_ms).get(self.selected).copied()
    }

    /// When a tick has work here: never while a lookup runs (the next
    /// one waits for it).
    pub fn deadline(&self) -> Option<u64> {
        self.due.filter(|_| self.in_flight.is_none())
    }

    pub fn loading(&self) -> bool {
        self.due.is_some() || self.in_flight.is_some()
    }

    /// The lookup to send now, if one is due: (target, start time).
    pub fn take_due(
        &mut self,
        now: Timestamp,
        now_ms: u64,
        seq: u64,
    ) -> Option<(Target, Timestamp)> {
        let due = self.due?;
        if now_ms < due || self.in_flight.is_some() {
            return None;
        }
        self.due = None;
        let key = self.key.clone()?;
        let oldest = now - key.1.seconds();
        let start = match self.cache.peek_mut(&key, now_ms) {
            // Only what is newer than what we have (with the overlap).
            Some(set) if !set.events.is_empty() => {
                set.state = SetState::Loading;
                (set.events[0].time - OVERLAP_S).max(oldest)
            }
            _ => {
                let fresh = EventSet {
                    events: Vec::new(),
                    state: SetState::Loading,
                };
                self.cache.insert(key.clone(), fresh, now_ms);
                oldest
            }
        };
        self.in_flight = Some((seq, key.clone()));
        self.reached = None;
        Some((key.0, start))
    }

    /// Ask again now (`r`), for what is newer than what is shown.
    pub fn refresh(&mut self, now_ms: u64) {
        if self.key.is_some() {
            self.due = Some(now_ms);
        }
    }

    pub fn toggle_follow(&mut self, now_ms: u64) {
        self.follow = !self.follow;
        if self.follow && self.key.is_some() && self.in_flight.is_none() {
            self.due = Some(now_ms);
        } else if !self.follow && self.in_flight.is_none() {
            self.due = self.due.filter(|_| self.set(now_ms).is_none());
        }
    }

    /// A page of events for the lookup with this sequence number.
    pub fn page(&mut self, seq: u64, events: Vec<AccessEvent>, now_ms: u64) {
        let Some((s, key)) = &self.in_flight else {
            return;
        };
        if *s != seq {
            return;
        }
        let (show_own, own, filter) = (self.show_own, &self.own, &self.filter);
        let shown = |e: &&AccessEvent| (show_own || !own.polled(e)) && filter.keeps(e);
        if let Some(set) = self.cache.peek_mut(key, now_ms) {
            // New events land on top. At the top, the pane stays there and
            // shows them (like tail -f); further down, the selection stays
            // on the event being read. (The window trims only the oldest
            // events, so positions among the shown ones hold without it.)
            let selected = (self.selected > 0)
                .then(|| set.events.iter().filter(shown).nth(self.selected))
                .flatten()
                .map(|e| e.id.clone());
            let oldest = events.iter().map(|e| e.time).min();
            self.reached = match (self.reached, oldest) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            event::merge(&mut set.events, events);
            if let Some(id) = selected {
                self.selected = set
                    .events
                    .iter()
                    .filter(shown)
                    .position(|e| e.id == id)
                    .unwrap_or(0);
            }
        }
    }

    /// The lookup ended. Follow mode schedules the next poll.
    pub fn done(&mut self, seq: u64, result: Result<Completeness, AwsError>, now_ms: u64) {
        let Some((s, key)) = self.in_flight.take() else {
            return;
        };
        if s != seq {
            self.in_flight = Some((s, key));
            return;
        }
        if let Some(set) = self.cache.peek_mut(&key, now_ms) {
            set.state = match result {
                Ok(c) => SetState::Done(c),
                Err(e) => SetState::Failed(e),
            };
        }
        if self.follow && self.key.as_ref() == Some(&key) {
            self.due = Some(now_ms + FOLLOW_EVERY_MS);
        }
    }

    /// Events leave the window as time passes, and the timeline leaves
    /// with the cache: keep the cursor on an event still shown.
    pub fn keep_selection_shown(&mut self, now: Timestamp, now_ms: u64) {
        let shown = self.visible(now, now_ms).len();
        self.selected = self.selected.min(shown.saturating_sub(1));
        if self.summary {
            if self.seek_origin {
                self.select_origin(now, now_ms);
            }
            self.row = self.row.min(self.rows(now, now_ms).saturating_sub(1));
        }
    }

    pub fn move_by(&mut self, by: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let at = self.selected as isize + by;
        self.selected = at.clamp(0, len as isize - 1) as usize;
    }
}
