//! What the value keys do: reveal (`v`, `V`), copy (`c`), diff (`Space`,
//! `d`) and roll back (`b`). Each reads a value only when the operator asks,
//! and at most once per version within the cache TTL.

use super::values::{Purpose, Request, ValueView, ViewState};
use super::{App, Command, Confirm, Confirmable, DiffView, Overlay, Pane};
use crate::domain::diff::ValueDiff;
use crate::domain::secret::{AWSCURRENT, AWSPREVIOUS};
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::{self, Version, short_id};
use crate::tui::messages::{Effect, Job};

impl App {
    /// The version a value key acts on: the selected one in the versions
    /// pane when it has focus, else AWSCURRENT (None).
    fn target_version(&self) -> Option<String> {
        if self.focus == Pane::Versions {
            return self
                .versions
                .selected_version(self.now_ms)
                .map(|v| v.id.clone());
        }
        None
    }

    /// The JSON key under the cursor, when a bundle is shown and the detail
    /// pane has focus.
    fn cursor_key(&self) -> Option<String> {
        let view = self.values.view.as_ref()?;
        if self.focus != Pane::Detail {
            return None;
        }
        let fields = self.shown_value()?.json_fields()?;
        fields.get(view.cursor).map(|f| f.key.clone())
    }

    /// The value on display, if it is still in the cache.
    pub fn shown_value(&self) -> Option<&SecretValue> {
        let view = self.values.view.as_ref()?;
        let id = view.shown_version()?;
        self.values.peek(&view.arn, id, self.now_ms)
    }

    /// Read a value for `purpose`: from the cache when it is there, else a
    /// GetSecretValue (joined with an identical read already on its way).
    pub(super) fn read(
        &mut self,
        arn: &str,
        version: Option<String>,
        purpose: Purpose,
        out: &mut Vec<Command>,
    ) {
        let known = version
            .clone()
            .or_else(|| self.versions.current(self.now_ms).map(|v| v.id.clone()));
        if let Some(id) = &known
            && let Some(value) = self.values.lookup(arn, id, self.now_ms)
        {
            let read = VersionValue {
                version_id: id.clone(),
                value,
            };
            self.serve(
                arn,
                &Request {
                    arn: arn.into(),
                    version,
                    purpose,
                },
                Some(read),
                out,
            );
            return;
        }
        let seq = self.seq();
        let request = Request {
            arn: arn.to_string(),
            version: version.clone(),
            purpose,
        };
        if self.values.ask(seq, request) {
            out.push(Command::Job(Job::ReadValue {
                seq,
                arn: arn.to_string(),
                version,
            }));
        }
    }

    /// `v`: show the value (text, binary) or the bundle's keys; on a shown
    /// bundle in the detail pane, reveal or mask the key under the cursor;
    /// otherwise mask again.
    pub(super) fn toggle_reveal(&mut self, out: &mut Vec<Command>) {
        let Some(arn) = self.detail.arn.clone() else {
            return;
        };
        let version = self.target_version();
        if let Some(view) = &self.values.view
            && view.arn == arn
            && (self.focus != Pane::Versions || view.version == version)
        {
            if let Some(key) = self.cursor_key() {
                let view = self.values.view.as_mut().expect("checked");
                if !view.revealed_keys.remove(&key) {
                    view.revealed_keys.insert(key);
                }
                view.all_revealed = false;
            } else {
                self.values.view = None;
                self.set_status("value masked", false);
            }
            return;
        }
        self.values.view = Some(ValueView::new(&arn, version.clone()));
        self.read(&arn, version, Purpose::Show, out);
    }

    /// `V`: reveal every key of a bundle, or mask them all.
    pub(super) fn toggle_reveal_all(&mut self, out: &mut Vec<Command>) {
        let shown = self
            .values
            .view
            .as_ref()
            .is_some_and(|v| Some(&v.arn) == self.detail.arn.as_ref());
        if !shown {
            self.toggle_reveal(out);
        }
        if let Some(view) = self.values.view.as_mut() {
            view.all_revealed = !view.all_revealed || !shown;
            view.revealed_keys.clear();
        }
    }

    /// `c`: copy the value, or the JSON key under the cursor.
    pub(super) fn copy(&mut self, out: &mut Vec<Command>) {
        let Some(arn) = self.detail.arn.clone() else {
            return;
        };
        let key = self.cursor_key();
        let version = match (&self.values.view, self.focus) {
            (_, Pane::Versions) => self.target_version(),
            (Some(view), _) if view.arn == arn => view.version.clone(),
            _ => None,
        };
        self.read(&arn, version, Purpose::Copy(key), out);
    }

    /// A value arrived: cache it and serve every request waiting for it.
    pub(super) fn value_read(
        &mut self,
        seq: u64,
        arn: &str,
        result: Result<Option<VersionValue>, crate::domain::error::AwsError>,
        out: &mut Vec<Command>,
    ) {
        let served = self.values.answered(seq);
        match result {
            Ok(read) => {
                if let Some(read) = &read {
                    self.values.cache.insert(
                        (arn.to_string(), read.version_id.clone()),
                        read.value.clone(),
                        self.now_ms,
                    );
                }
                for request in served {
                    self.serve(arn, &request, read.clone(), out);
                }
            }
            Err(error) => {
                if let Some(view) = self.values.view.as_mut()
                    && view.arn == arn
                    && served.iter().any(|r| r.purpose == Purpose::Show)
                {
                    view.state = ViewState::Failed(error.clone());
                }
                if let Some(Overlay::Diff(diff)) = self.overlay.as_mut()
                    && diff.arn == arn
                {
                    diff.error = Some(error.to_string());
                }
                if served.iter().any(|r| r.purpose == Purpose::Reconfirm) {
                    self.reconfirm_read_failed(arn);
                }
                let hint = error.hint().map(|h| format!(" — {h}")).unwrap_or_default();
                self.set_status(format!("reading the value: {error}{hint}"), true);
            }
        }
    }

    fn serve(
        &mut self,
        arn: &str,
        request: &Request,
        read: Option<VersionValue>,
        out: &mut Vec<Command>,
    ) {
        match &request.purpose {
            Purpose::Show => {
                if let Some(view) = self.values.view.as_mut()
                    && view.arn == arn
                    && view.version == request.version
                {
                    view.state = match &read {
                        Some(r) => ViewState::Shown {
                            version_id: r.version_id.clone(),
                        },
                        None => ViewState::Missing,
                    };
                    let bundle = read
                        .as_ref()
                        .is_some_and(|r| r.value.json_fields().is_some());
                    if bundle && self.focus == Pane::Tree {
                        // Keys are picked one at a time in the detail pane.
                        self.focus = Pane::Detail;
                    }
                }
            }
            Purpose::Copy(key) => {
                let Some(read) = read else {
                    self.set_status("nothing to copy: the secret has no value", true);
                    return;
                };
                let name = self.secret_name(arn);
                let (what, value) = match key {
                    Some(key) => match read.value.json_field(key) {
                        Some(value) => (format!("{name} · {key}"), value),
                        None => {
                            self.set_status(format!("no key {key:?} in this version"), true);
                            return;
                        }
                    },
                    None => (name, read.value),
                };
                out.push(Command::Effect(Effect::Copy { what, value }));
            }
            Purpose::Diff => self.complete_diff(),
            Purpose::Edit => self.open_editor(arn, read, out),
            Purpose::Reconfirm => match read {
                Some(_) => self.complete_reconfirm(),
                None => self.reconfirm_read_failed(arn),
            },
        }
    }

    pub(super) fn secret_name(&self, arn: &str) -> String {
        self.by_arn
            .get(arn, &self.secrets)
            .map(|id| self.secrets[id as usize].name().to_string())
            .unwrap_or_else(|| arn.to_string())
    }

    /// `Space` in the versions pane.
    pub(super) fn toggle_mark(&mut self) {
        match self.versions.toggle_mark(self.now_ms) {
            Some(true) => self.set_status(
                "version marked: select another and press d to compare",
                false,
            ),
            Some(false) => self.set_status("mark cleared", false),
            None => {}
        }
    }

    /// `d`: marked vs selected, or selected vs AWSCURRENT (AWSPREVIOUS vs
    /// AWSCURRENT when the selection is AWSCURRENT).
    pub(super) fn open_diff(&mut self, out: &mut Vec<Command>) {
        let Some(arn) = self.detail.arn.clone() else {
            return;
        };
        let Some(list) = self.versions.list(self.now_ms).map(<[Version]>::to_vec) else {
            self.set_status("the versions are still loading", true);
            return;
        };
        let selected = self
            .versions
            .selected_version(self.now_ms)
            .map(|v| v.id.clone());
        let current = version::with_label(&list, AWSCURRENT).map(|v| v.id.clone());
        let pair = match (&self.versions.marked, selected, current) {
            (Some(marked), Some(sel), _) if *marked != sel => Some((marked.clone(), sel)),
            (_, Some(sel), Some(cur)) if sel != cur => Some((sel, cur)),
            (_, _, Some(cur)) => {
                version::with_label(&list, AWSPREVIOUS).map(|prev| (prev.id.clone(), cur))
            }
            _ => None,
        };
        let Some((from, to)) = pair else {
            self.set_status(
                "nothing to compare: mark a version with Space, or select one",
                true,
            );
            return;
        };
        let label = |id: &str| {
            list.iter()
                .find(|v| v.id == id)
                .cloned()
                .expect("versions from the list")
        };
        self.overlay = Some(Overlay::Diff(DiffView {
            arn: arn.clone(),
            name: self.secret_name(&arn),
            from: label(&from),
            to: label(&to),
            diff: None,
            error: None,
            reveal: false,
            scroll: 0,
        }));
        self.read(&arn, Some(from), Purpose::Diff, out);
        self.read(&arn, Some(to), Purpose::Diff, out);
        self.complete_diff();
    }

    /// Compute the open diff once both values are cached.
    pub(super) fn complete_diff(&mut self) {
        let Some(Overlay::Diff(view)) = &self.overlay else {
            return;
        };
        if view.diff.is_some() {
            return;
        }
        let from = self.values.peek(&view.arn, &view.from.id, self.now_ms);
        let to = self.values.peek(&view.arn, &view.to.id, self.now_ms);
        if let (Some(from), Some(to)) = (from, to) {
            let diff = ValueDiff::between(from, to);
            if let Some(Overlay::Diff(view)) = self.overlay.as_mut() {
                view.diff = Some(diff);
            }
        }
    }

    /// `b`: roll back to the selected version, after a preview and the
    /// secret's name typed back.
    pub(super) fn start_rollback(&mut self) {
        let Some(arn) = self.detail.arn.clone() else {
            return;
        };
        if self.conn.read_only {
            self.set_status("read-only mode: rollback refused", true);
            return;
        }
        let Some(list) = self.versions.list(self.now_ms) else {
            self.set_status("the versions are still loading", true);
            return;
        };
        let Some(target) = self.versions.selected_version(self.now_ms) else {
            return;
        };
        match version::rollback_moves(list, &target.id) {
            Ok(moves) => {
                let from = moves[0].from.clone();
                let Some(from) = from else {
                    self.set_status("no version is AWSCURRENT; nothing to roll back", true);
                    return;
                };
                self.overlay = Some(Overlay::Confirm(Confirm::new(Confirmable::Rollback {
                    arn: arn.clone(),
                    name: self.secret_name(&arn),
                    to: target.id.clone(),
                    from,
                    moves,
                })));
            }
            Err(why) => self.set_status(
                format!("cannot roll back to {}: {why}", short_id(&target.id)),
                true,
            ),
        }
    }

    /// `i`: show or hide deprecated (unlabeled) versions.
    pub(super) fn toggle_deprecated(&mut self) {
        self.versions.include_deprecated = !self.versions.include_deprecated;
        self.versions.fetch.refresh(self.now_ms);
        self.set_status(
            if self.versions.include_deprecated {
                "versions: deprecated (unlabeled) versions included"
            } else {
                "versions: labeled versions only"
            },
            false,
        );
    }

    /// The cache dropped values: forget views of them.
    pub(super) fn forget_expired_values(&mut self) {
        let gone = |app: &App, arn: &str, id: &str| app.values.peek(arn, id, app.now_ms).is_none();
        if let Some(view) = &self.values.view
            && let Some(id) = view.shown_version()
            && gone(self, &view.arn, id)
        {
            self.values.view = None;
            self.set_status(
                "the value was dropped from memory (cache TTL); v reads it again",
                false,
            );
        }
        if let Some(Overlay::Diff(diff)) = &self.overlay
            && diff.diff.is_some()
            && (gone(self, &diff.arn, &diff.from.id) || gone(self, &diff.arn, &diff.to.id))
        {
            self.overlay = None;
            self.set_status(
                "the diff's values were dropped from memory (cache TTL)",
                false,
            );
        }
    }

    /// AWSCURRENT moved (a refresh, a rollback, a rotation): a view of
    /// AWSCURRENT follows it.
    pub(super) fn current_moved(&mut self, arn: &str, to: &str) {
        let Some(view) = self.values.view.as_mut() else {
            return;
        };
        if view.arn != arn || view.version.is_some() || view.shown_version() == Some(to) {
            return;
        }
        if self
            .values
            .cache
            .peek(&(arn.to_string(), to.to_string()), self.now_ms)
            .is_some()
        {
            view.state = ViewState::Shown {
                version_id: to.to_string(),
            };
        } else {
            self.values.view = None;
            if self.status.is_none() {
                self.set_status(
                    format!(
                        "AWSCURRENT moved to {}; v reads the new value",
                        short_id(to)
                    ),
                    false,
                );
            }
        }
    }
}
