//! One console, several (profile, region) pairs. Switching with
//! `:profile` / `:region` keeps what the console knew about the one it
//! leaves — the listing, the describe / versions / events caches, the
//! health counters — and brings it back when the operator returns, so a
//! quick look at another account costs no re-reading. The listing is
//! still refreshed on return (a tree is only as good as its last page).
//!
//! Values are the exception: they never outlive a switch (dropped and
//! zeroized), and neither do requests made with the old clients.

use super::access::AccessPane;
use super::health::Health;
use super::tree_pane::TreePane;
use super::values::Values;
use super::versions::VersionsPane;
use super::{App, Command, ConnectionInfo, DetailPane};
use crate::domain::filter::FuzzyFilter;
use crate::domain::secret::SecretMeta;
use crate::domain::tree::Tree;

/// Which connection a session belongs to: (profile, region).
pub type SessionKey = (String, String);

/// No profile named means the `default` profile (as for the AWS CLI), so
/// `:profile default` returns to the session the console started in.
pub fn key(conn: &ConnectionInfo) -> SessionKey {
    let profile = conn.profile.as_deref().unwrap_or("default");
    (profile.to_string(), conn.region.clone())
}

/// What the console knew about a connection it left.
#[derive(Debug)]
pub struct Session {
    secrets: Vec<SecretMeta>,
    by_arn: super::arn_index::ArnIndex,
    tree: Tree,
    filter: FuzzyFilter,
    tree_pane: TreePane,
    detail: DetailPane,
    versions: VersionsPane,
    access: AccessPane,
    health: Health,
}

impl App {
    /// The worker has new clients for `conn` (a switch, or `r` after a
    /// credentials error): show that connection's session, relist.
    pub(super) fn connected(&mut self, conn: ConnectionInfo, out: &mut Vec<Command>) {
        let (old, new) = (key(&self.conn), key(&conn));
        // The worker decides read-only mode for the new profile
        // (--read-only, or the config file's rules).
        self.conn = conn;
        self.set_status(
            format!(
                "connected: profile {} · region {}",
                self.conn.profile.as_deref().unwrap_or("default"),
                self.conn.region
            ),
            false,
        );
        if old != new {
            let left = self.take_session();
            self.sessions.insert(old, left);
            if let Some(back) = self.sessions.remove(&new) {
                self.restore_session(back);
            }
        }
        // Answers to requests made with the old clients are not awaited.
        self.detail.forget_pending();
        self.versions.fetch.forget_pending();
        self.policies.forget();
        self.access.show(None, self.now_ms);
        self.values = Values::new(self.values.cache.ttl_ms());
        self.writing.clear();
        self.reconfirm.clear();
        self.rotations.clear();
        out.extend(self.start().into_iter().map(Command::from));
    }

    /// Move the current connection's state out, leaving a fresh one.
    fn take_session(&mut self) -> Session {
        let ttl = self.detail.cache.ttl_ms();
        let query = self.filter.query().to_string();
        let session = Session {
            secrets: std::mem::take(&mut self.secrets),
            by_arn: std::mem::take(&mut self.by_arn),
            tree: std::mem::take(&mut self.tree),
            filter: std::mem::take(&mut self.filter),
            tree_pane: std::mem::take(&mut self.tree_pane),
            detail: std::mem::replace(&mut self.detail, DetailPane::new(ttl)),
            versions: std::mem::replace(&mut self.versions, VersionsPane::new(ttl)),
            access: std::mem::replace(&mut self.access, AccessPane::new(ttl)),
            health: std::mem::take(&mut self.health),
        };
        // The operator's view settings follow them across connections.
        self.tree_pane.sort = session.tree_pane.sort;
        self.tree_pane.flat = session.tree_pane.flat;
        self.relisted = Vec::new();
        self.set_filter(&query);
        session
    }

    fn restore_session(&mut self, back: Session) {
        let query = self.filter.query().to_string();
        let (sort, flat) = (self.tree_pane.sort, self.tree_pane.flat);
        self.secrets = back.secrets;
        self.by_arn = back.by_arn;
        self.tree = back.tree;
        self.filter = back.filter;
        self.tree_pane = back.tree_pane;
        self.tree_pane.sort = sort;
        self.tree_pane.flat = flat;
        self.detail = back.detail;
        self.versions = back.versions;
        self.access = back.access;
        self.health = back.health;
        let selected = self.tree_pane.selected;
        self.secrets_changed();
        self.set_filter(&query);
        self.tree_pane.selected = selected;
        self.tree_pane.clamp();
    }

    /// Connections switched away from, kept for a return.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }
}
