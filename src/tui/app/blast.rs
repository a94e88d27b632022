//! Acting on a pivot's blast radius: jump to a secret the principal
//! touched (`Enter`), rotate it (`R`), or rotate every secret it read
//! (`:rotate-read`, one typed confirmation naming the principal, with the
//! preview listing every secret).

use super::access::Mode;
use super::overlay::{BatchRotate, Confirmable};
use super::triage::View;
use super::{App, Pane};
use crate::domain::secret::SecretMeta;

impl App {
    /// The listed secret a timeline names (by name or ARN).
    pub fn listed_as(&self, label: &str) -> Option<&SecretMeta> {
        let id = match label.starts_with("arn:") {
            true => self.by_arn.get(label, &self.secrets),
            false => self.tree.find(label),
        };
        self.secrets.get(id? as usize)
    }

    /// The freshest metadata known for the secret a timeline names (by
    /// name or ARN): DescribeSecret's answer when cached, else the listing's.
    fn meta_of(&self, label: &str) -> Option<SecretMeta> {
        let listed = self.listed_as(label)?;
        let arn = listed.arn().to_string();
        let cached = self.detail.cache.peek(&arn, self.now_ms).cloned();
        Some(cached.unwrap_or_else(|| listed.clone()))
    }

    /// `Enter` on a secret of the blast radius: select it in the tree (the
    /// pivot stays on screen).
    pub(super) fn select_touched(&mut self) {
        let Some(touch) = self.access.selected_touch(self.now, self.now_ms) else {
            return;
        };
        if self.select_secret_named(&touch.secret) {
            self.set_status(format!("selected {}", touch.secret), false);
        } else {
            self.set_status(
                format!(
                    "{} is not in this listing (deleted, or another region)",
                    touch.secret
                ),
                true,
            );
        }
    }

    /// `R` with the access pane focused on a blast radius: the selected
    /// secret, else the tree's.
    pub(super) fn rotate_here(&mut self) {
        let touch = match (self.focus, self.access.view()) {
            (Pane::Access, View::Secrets) => self.access.selected_touch(self.now, self.now_ms),
            _ => None,
        };
        let Some(touch) = touch else {
            return self.start_rotate();
        };
        if self.conn.read_only {
            return self.set_status("read-only mode: rotate refused", true);
        }
        match self.meta_of(&touch.secret) {
            Some(meta) => self.confirm_rotate(&meta),
            None => self.set_status(
                format!(
                    "{} is not in this listing: cannot rotate it from here",
                    touch.secret
                ),
                true,
            ),
        }
    }

    /// `:rotate-read`: rotate every secret the pivot's principal read.
    pub(super) fn start_rotate_read(&mut self) {
        if self.conn.read_only {
            return self.set_status("read-only mode: rotate refused", true);
        }
        let Mode::Pivot(pivot) = &self.access.mode else {
            return self.set_status(
                "pivot to a principal first (p on an event or a summary row)",
                true,
            );
        };
        let label = pivot.label();
        let blast = self.access.blast(self.now, self.now_ms);
        let mut batch = BatchRotate {
            principal: label.clone(),
            confirmation: pivot_word(pivot).to_string(),
            rotations: Vec::new(),
            skipped: Vec::new(),
        };
        for touch in blast.read() {
            match self.meta_of(&touch.secret) {
                None => batch
                    .skipped
                    .push((touch.secret.clone(), "not in this listing".into())),
                Some(meta) if meta.rotation.lambda_arn.is_none() => batch
                    .skipped
                    .push((touch.secret.clone(), "no rotation function".into())),
                Some(meta) if meta.scheduled_for_deletion() => batch
                    .skipped
                    .push((touch.secret.clone(), "scheduled for deletion".into())),
                Some(meta) => batch.rotations.push(Confirmable::Rotate {
                    current: meta.current_version(),
                    pending: super::writes::pending_version(&meta),
                    arn: meta.arn().to_string(),
                    name: meta.name().to_string(),
                    lambda: meta.rotation.lambda_arn.clone().unwrap_or_default(),
                }),
            }
        }
        if batch.rotations.is_empty() {
            let text = match batch.skipped.len() {
                0 => format!(
                    "{label} read no secret in the last {}",
                    self.access.window.label()
                ),
                n => format!("{label} read {n} secret(s), none of which can be rotated from here"),
            };
            return self.set_status(text, true);
        }
        self.open_confirm(Confirmable::RotateBatch(batch));
    }

    /// Select the secret named `name` in the tree (folders open; a filter
    /// that hides it gives way). False when no listed secret has the name.
    pub(super) fn select_secret_named(&mut self, name: &str) -> bool {
        let id = match name.starts_with("arn:") {
            true => self.by_arn.get(name, &self.secrets),
            false => self.tree.find(name),
        };
        let Some(id) = id else {
            return false;
        };
        let leaf = self.tree.leaf_of(id);
        for folder in self.tree.ancestors(leaf) {
            self.tree_pane.expanded.insert(folder);
        }
        self.rebuild_rows();
        if !self.tree_pane.rows.iter().any(|r| r.node == leaf) {
            self.set_filter("");
        }
        self.tree_pane.select_node(leaf);
        true
    }
}

/// What the operator types to confirm a batch: the user or session name,
/// or the access key id.
fn pivot_word(pivot: &crate::domain::event::Pivot) -> &str {
    use crate::domain::event::Pivot;
    match pivot {
        Pivot::Username(u) => u,
        Pivot::AccessKey(k) => k,
        Pivot::Principal(p) => p,
    }
}
