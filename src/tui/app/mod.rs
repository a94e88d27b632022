//! The console's state and its one entry point, `update(&mut App, Msg) -> Vec<Command>`.
//!
//! Pure: no I/O, no async, no SDK types, no clock reads. Time arrives as
//! `App::now` (wall clock, seconds) and `App::now_ms` (monotonic), set by
//! the event loop before each message. Every request carries a sequence
//! number, and a reply whose number is no longer awaited is dropped.

pub mod access;
pub mod action;
mod actions;
mod arn_index;
mod audit;
mod blast;
pub mod cache;
mod confirm;
pub mod copy;
pub mod fetched;
pub mod findings;
pub mod health;
pub mod import;
mod incident;
pub mod input;
pub mod keymap;
mod keys;
pub mod layout;
pub mod listing;
mod mouse;
mod overlay;
pub mod palette;
pub mod policies;
pub mod profiles;
mod reconfirm;
pub mod rollup;
pub mod rotation;
pub mod sessions;
pub mod tree_pane;
pub mod triage;
mod update;
pub mod values;
pub mod versions;
mod writes;

use crate::tui::messages::Job;
use std::collections::HashMap;

use crate::domain::filter::FuzzyFilter;
use crate::domain::interner::Interner;
use crate::domain::mutation::Kind;
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::domain::tree::Tree;
pub use crate::tui::messages::{Command, ConnectionInfo, EditPurpose, Msg};
use access::AccessPane;
use arn_index::ArnIndex;
use copy::Clip;
use fetched::Fetched;
use health::Health;
use listing::Listing;
pub use overlay::{
    BatchRotate, Confirm, Confirmable, DiffView, ImportConfirm, NewSecretForm, Overlay,
};
use rotation::RotationWatch;
use tree_pane::TreePane;
pub use update::update;
use values::Values;
use versions::VersionsPane;

/// DescribeSecret answers for the selected secret.
pub type DetailPane = Fetched<SecretMeta>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
    Versions,
    Access,
    Health,
}

impl Pane {
    pub const ORDER: [Pane; 5] = [
        Pane::Tree,
        Pane::Detail,
        Pane::Versions,
        Pane::Access,
        Pane::Health,
    ];

    /// The pane's name on its tab (small terminals).
    pub fn label(self) -> &'static str {
        match self {
            Pane::Tree => "Secrets",
            Pane::Detail => "Detail",
            Pane::Versions => "Versions",
            Pane::Access => "Access",
            Pane::Health => "Health",
        }
    }

    fn step(self, by: isize) -> Pane {
        let at = Self::ORDER.iter().position(|&p| p == self).unwrap_or(0) as isize;
        Self::ORDER[(at + by).rem_euclid(Self::ORDER.len() as isize) as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Debug)]
pub struct App {
    pub conn: ConnectionInfo,
    pub secrets: Vec<SecretMeta>,
    by_arn: ArnIndex,
    /// One copy of each set of tags and of each tag text.
    interner: Interner,
    pub tree: Tree,
    pub filter: FuzzyFilter,
    pub filter_editing: bool,
    pub tree_pane: TreePane,
    pub detail: DetailPane,
    pub detail_scroll: u16,
    pub versions: VersionsPane,
    pub values: Values,
    pub access: AccessPane,
    /// Resource policies: the selection's, and the others for `:findings`.
    pub policies: policies::Policies,
    /// The `[audit]` limits the findings use.
    pub audit_limits: crate::domain::findings::Thresholds,
    /// Bumped whenever a secret's metadata changes (derived views recount).
    pub revision: u64,
    /// Collapsed folders' badges.
    pub rollup: rollup::Rollup,
    /// Changes sent and not yet answered, by sequence number.
    writing: HashMap<u64, Kind>,
    /// Based changes in flight, and one being asked again.
    reconfirm: reconfirm::Reconfirm,
    /// The rotations started from this console, followed live (several
    /// after a batch from a pivot), one per secret.
    pub rotations: Vec<RotationWatch>,
    /// A secret just created: select it once the listing shows it.
    select_after_listing: Option<String>,
    /// The import being read or written, by sequence number.
    import_seq: Option<u64>,
    /// The last import's file and target, to plan it again when someone
    /// else changed a secret between the plan and the writes; and what to
    /// say when that plan arrives.
    import_again: Option<(String, crate::domain::import::naming::Target)>,
    import_note: Option<String>,
    /// What sekret last copied, until the clipboard is cleared.
    pub clipboard: Option<Clip>,
    pub clipboard_clear_ms: u64,
    pub health: Health,
    pub listing: Listing,
    /// Secrets (by index) seen by the listing in progress, to drop deleted
    /// secrets when it ends.
    relisted: Vec<bool>,
    pub focus: Pane,
    /// The focused pane fills the screen (`z`).
    pub zoom: bool,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub quit: bool,
    pub now: Timestamp,
    pub now_ms: u64,
    pub size: (u16, u16),
    /// What the console knew about the connections it switched away from.
    sessions: HashMap<sessions::SessionKey, sessions::Session>,
    /// Key overrides from the config file.
    pub keymap: keymap::KeyMap,
    /// How the screen is coloured (drawing reads it; nothing else does).
    pub theme: crate::config::ThemeName,
    next_seq: u64,
}

impl App {
    pub fn new(conn: ConnectionInfo, cache_ttl_ms: u64) -> App {
        App {
            conn,
            secrets: Vec::new(),
            by_arn: ArnIndex::default(),
            interner: Interner::default(),
            tree: Tree::default(),
            filter: FuzzyFilter::default(),
            filter_editing: false,
            tree_pane: TreePane::default(),
            detail: DetailPane::new(cache_ttl_ms),
            detail_scroll: 0,
            versions: VersionsPane::new(cache_ttl_ms),
            values: Values::new(cache_ttl_ms),
            access: AccessPane::new(cache_ttl_ms),
            policies: policies::Policies::new(cache_ttl_ms),
            audit_limits: Default::default(),
            revision: 0,
            rollup: Default::default(),
            writing: HashMap::new(),
            reconfirm: reconfirm::Reconfirm::default(),
            rotations: Vec::new(),
            select_after_listing: None,
            import_seq: None,
            import_again: None,
            import_note: None,
            clipboard: None,
            clipboard_clear_ms: copy::DEFAULT_CLEAR_MS,
            health: Health::default(),
            listing: Listing::Idle,
            relisted: Vec::new(),
            focus: Pane::Tree,
            zoom: false,
            overlay: None,
            status: None,
            quit: false,
            now: 0,
            now_ms: 0,
            size: (120, 40),
            sessions: HashMap::new(),
            keymap: keymap::KeyMap::default(),
            theme: crate::config::ThemeName::Dark,
            next_seq: 1,
        }
    }

    /// The commands to send when the console opens.
    pub fn start(&mut self) -> Vec<Job> {
        vec![Job::Identity, self.list()]
    }

    fn seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    fn list(&mut self) -> Job {
        let seq = self.seq();
        self.listing = Listing::Loading { seq, pages: 0 };
        self.relisted.clear();
        Job::ListSecrets { seq }
    }

    /// The secret on the selected row, if the row is a secret.
    pub fn selected_secret(&self) -> Option<&SecretMeta> {
        let node = self.tree_pane.selected_node()?;
        let secret = self.tree.node(node).secret()?;
        self.secrets.get(secret as usize)
    }

    /// The freshest metadata for the selected secret: DescribeSecret's
    /// answer when cached, else what the listing said.
    pub fn selected_detail(&self) -> Option<&SecretMeta> {
        let listed = self.selected_secret()?;
        // The detail pane follows the selection and names it by ARN: look
        // the cache up by that text rather than building it on every frame.
        let cached = (self.detail.arn.as_ref())
            .and_then(|arn| self.detail.cache.peek(arn, self.now_ms))
            .filter(|fresh| fresh.arn() == listed.arn());
        Some(cached.unwrap_or(listed))
    }

    /// When `update(Msg::Tick)` next has work to do, in monotonic ms.
    pub fn next_deadline(&self) -> Option<u64> {
        [
            self.detail.due,
            self.versions.fetch.due,
            self.policies.fetch.due,
            self.policies.deadline(),
            self.findings_deadline(),
            self.rollup_deadline(),
            self.values.next_expiry(),
            self.access.deadline(),
            self.clipboard.as_ref().map(|c| c.next_tick(self.now_ms)),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Rows of the tree pane that fit on screen (see `ui::layout`).
    pub fn tree_viewport(&self) -> usize {
        if self.zoom && self.focus == Pane::Tree {
            // The whole screen but the status line and the pane's borders.
            return self.size.1.saturating_sub(3) as usize;
        }
        crate::tui::app::layout::tree_rows_visible(self.size.0, self.size.1)
    }

    fn rebuild_rows(&mut self) {
        self.tree_pane
            .rebuild(&self.tree, &self.secrets, &self.filter);
    }

    fn set_filter(&mut self, query: &str) {
        let secrets = &self.secrets;
        self.filter
            .set_query(query, |i| secrets[i as usize].name(), secrets.len());
        self.rebuild_rows();
        if self.filter.is_active() {
            // Land on the first match, not on a folder above it.
            let first_leaf = self
                .tree_pane
                .rows
                .iter()
                .position(|r| !self.tree.node(r.node).is_folder());
            self.tree_pane.selected = first_leaf.unwrap_or(0);
        }
    }

    fn add_page(&mut self, page: Vec<SecretMeta>) {
        for mut meta in page {
            meta.tags = self.interner.tags(&meta.tags);
            if let Some(id) = self.by_arn.get(meta.arn(), &self.secrets) {
                self.mark_relisted(id);
                self.secrets[id as usize] = meta;
                continue;
            }
            let id = self.secrets.len() as u32;
            self.tree.insert(id, meta.name());
            self.filter.add(id, meta.name());
            self.mark_relisted(id);
            self.secrets.push(meta);
            self.by_arn.insert(id, &self.secrets);
        }
        self.rebuild_rows();
        self.select_created();
        self.secrets_changed();
    }

    /// A secret's metadata changed, or secrets came or went.
    pub(super) fn secrets_changed(&mut self) {
        self.revision += 1;
        self.policies.wake();
    }

    fn mark_relisted(&mut self, id: u32) {
        let id = id as usize;
        if self.relisted.len() <= id {
            self.relisted.resize(id + 1, false);
        }
        self.relisted[id] = true;
    }

    /// After a complete re-listing: forget secrets that are gone.
    fn drop_unlisted(&mut self) {
        if self.relisted.iter().filter(|&&seen| seen).count() == self.secrets.len() {
            return;
        }
        let keep: Vec<SecretMeta> = std::mem::take(&mut self.secrets)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.relisted.get(*i).copied().unwrap_or(false))
            .map(|(_, s)| s)
            .collect();
        self.reset_secrets();
        self.add_page(keep);
    }

    fn reset_secrets(&mut self) {
        let query = self.filter.query().to_string();
        self.secrets.clear();
        self.by_arn.clear();
        self.interner.prune();
        self.tree = Tree::default();
        self.filter = FuzzyFilter::default();
        self.filter.set_query(&query, |_| "", 0);
        self.tree_pane.rows.clear();
        self.tree_pane.expanded.clear();
        self.tree_pane.selected = 0;
        self.tree_pane.offset = 0;
        self.secrets_changed();
    }

    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Keep the detail pane on the selected secret, and send its request
    /// once the debounce has passed.
    fn follow_selection(&mut self, out: &mut Vec<Command>) {
        let arn = self.selected_secret().map(|s| s.arn().to_string());
        if self.detail.arn != arn {
            self.detail_scroll = 0;
            // A value is shown only for the secret it was asked for.
            if self.values.view.as_ref().map(|v| &v.arn) != arn.as_ref() {
                self.values.view = None;
            }
        }
        self.detail.select(arn.as_deref(), self.now_ms);
        self.versions.select(arn.as_deref(), self.now_ms);
        self.policies.fetch.select(arn.as_deref(), self.now_ms);
        if self.detail.due.is_some_and(|due| self.now_ms >= due) {
            let seq = self.seq();
            if let Some(arn) = self.detail.take_due(self.now_ms, seq) {
                out.push(Command::Job(Job::Describe { seq, arn }));
            }
        }
        if self
            .versions
            .fetch
            .due
            .is_some_and(|due| self.now_ms >= due)
        {
            let seq = self.seq();
            if let Some(arn) = self.versions.fetch.take_due(self.now_ms, seq) {
                out.push(Command::Job(Job::ListVersions {
                    seq,
                    arn,
                    include_deprecated: self.versions.include_deprecated,
                }));
            }
        }
        if self
            .policies
            .fetch
            .due
            .is_some_and(|due| self.now_ms >= due)
        {
            let seq = self.seq();
            if let Some(arn) = self.policies.fetch.take_due(self.now_ms, seq) {
                out.push(Command::Job(Job::ReadPolicy { seq, arn }));
            }
        }
        let next = &mut self.next_seq;
        let fresh = || {
            *next += 1;
            *next - 1
        };
        if let Some((seq, arn)) = self
            .policies
            .next_background(&self.secrets, self.now_ms, fresh)
        {
            out.push(Command::Job(Job::ReadPolicy { seq, arn }));
        }
        self.keep_findings_fresh();
        self.keep_rollup_fresh();
        self.follow_access(out);
        let height = self.tree_viewport();
        self.tree_pane.scroll_into_view(height);
    }
}

#[cfg(test)]
mod access_tests;
#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod reconfirm_tests;
#[cfg(test)]
mod session_tests;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod triage_tests;
#[cfg(test)]
mod value_tests;
#[cfg(test)]
mod write_tests;
