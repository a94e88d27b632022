//! The versions pane: ListSecretVersionIds for the selected secret, a
//! cursor, a mark (for diffs), and whether deprecated versions are shown.

use super::fetched::Fetched;
use crate::domain::secret::AWSCURRENT;
use crate::domain::version::{self, Version};

#[derive(Debug)]
pub struct VersionsPane {
    pub fetch: Fetched<Vec<Version>>,
    pub include_deprecated: bool,
    pub selected: usize,
    /// The version marked with `Space`.
    pub marked: Option<String>,
    /// AWSCURRENT as last seen for `fetch.arn`, to notice it moving.
    pub current_seen: Option<String>,
}

impl VersionsPane {
    pub fn new(ttl_ms: u64) -> Self {
        VersionsPane {
            fetch: Fetched::new(ttl_ms),
            include_deprecated: false,
            selected: 0,
            marked: None,
            current_seen: None,
        }
    }

    /// The selection moved to another secret (or a folder).
    pub fn select(&mut self, arn: Option<&str>, now_ms: u64) {
        if self.fetch.arn.as_deref() != arn {
            self.selected = 0;
            self.marked = None;
            self.current_seen = None;
        }
        self.fetch.select(arn, now_ms);
    }

    /// The versions of the selected secret, when known.
    pub fn list(&self, now_ms: u64) -> Option<&[Version]> {
        let arn = self.fetch.arn.as_ref()?;
        self.fetch.cache.peek(arn, now_ms).map(Vec::as_slice)
    }

    pub fn selected_version(&self, now_ms: u64) -> Option<&Version> {
        self.list(now_ms)?.get(self.selected)
    }

    pub fn current(&self, now_ms: u64) -> Option<&Version> {
        version::with_label(self.list(now_ms)?, AWSCURRENT)
    }

    pub fn move_by(&mut self, by: isize, now_ms: u64) {
        let len = self.list(now_ms).map_or(0, <[Version]>::len);
        if len == 0 {
            return;
        }
        self.selected = (self.selected as isize + by).clamp(0, len as isize - 1) as usize;
    }

    /// `Space`: mark the selected version, or unmark it.
    pub fn toggle_mark(&mut self, now_ms: u64) -> Option<bool> {
        let id = self.selected_version(now_ms)?.id.clone();
        if self.marked.as_deref() == Some(&id) {
            self.marked = None;
            Some(false)
        } else {
            self.marked = Some(id);
            Some(true)
        }
    }

    /// Apply an answer. Returns the new AWSCURRENT id when it moved since
    /// this secret's versions were last seen.
    pub fn answer(&mut self, list: Vec<Version>) -> Option<String> {
        let current = version::with_label(&list, AWSCURRENT).map(|v| v.id.clone());
        let moved = match (&self.current_seen, &current) {
            (Some(before), Some(now)) if before != now => Some(now.clone()),
            _ => None,
        };
        self.current_seen = current;
        self.selected = self.selected.min(list.len().saturating_sub(1));
        if let Some(marked) = &self.marked
            && !list.iter().any(|v| &v.id == marked)
        {
            self.marked = None;
        }
        moved
    }
}
