//! What a collapsed folder hides: its secrets' warning badges (a stuck
//! rotation, a scheduled deletion, access denied), rolled up so that
//! `▸ pipeline-pulse 4` shows the ⚠ of the one stuck inside it. Counted
//! again when secrets change — at once when the listing is quiet, at most
//! once a second while pages stream in.

use super::App;
use crate::domain::tree::NodeId;

pub const PENDING: u8 = 1;
pub const DELETION: u8 = 2;
pub const DENIED: u8 = 4;

/// Recount at most this often while the listing streams.
const RECOUNT_MS: u64 = 1_000;

#[derive(Debug, Default)]
pub struct Rollup {
    /// Flags by node id (folders and leaves); empty before the first count.
    flags: Vec<u8>,
    counted_from: Option<u64>,
    counted_at: u64,
}

impl Rollup {
    /// The badges a folder's subtree holds.
    pub fn of(&self, node: NodeId) -> u8 {
        self.flags.get(node as usize).copied().unwrap_or(0)
    }
}

impl App {
    pub(super) fn keep_rollup_fresh(&mut self) {
        if self.rollup.counted_from == Some(self.revision) {
            return;
        }
        let streaming = self.listing.seq().is_some();
        if streaming && self.now_ms < self.rollup.counted_at + RECOUNT_MS {
            return;
        }
        let mut flags = vec![0u8; self.tree.node_count()];
        for (id, meta) in self.secrets.iter().enumerate() {
            let mut f = 0;
            if meta.pending_rotation() {
                f |= PENDING;
            }
            if meta.scheduled_for_deletion() {
                f |= DELETION;
            }
            // Denied secrets are rare: no ARN text is made unless some are.
            if !self.detail.denied.is_empty()
                && self.detail.denied.contains(&meta.arn().to_string())
            {
                f |= DENIED;
            }
            if f == 0 {
                continue;
            }
            let mut at = self.tree.node(self.tree.leaf_of(id as u32)).parent;
            loop {
                let slot = &mut flags[at as usize];
                if *slot & f == f && at != crate::domain::tree::ROOT {
                    break; // the ancestors above have it already
                }
                *slot |= f;
                if at == crate::domain::tree::ROOT {
                    break;
                }
                at = self.tree.node(at).parent;
            }
        }
        self.rollup = Rollup {
            flags,
            counted_from: Some(self.revision),
            counted_at: self.now_ms,
        };
    }

    /// When a throttled recount is due.
    pub(super) fn rollup_deadline(&self) -> Option<u64> {
        (self.rollup.counted_from != Some(self.revision))
            .then_some(self.rollup.counted_at + RECOUNT_MS)
    }
}
