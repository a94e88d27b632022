//! `:import FILE [PREFIX] [bundle=NAME]`: the import plan as an overlay,
//! key by key (create / new version / unchanged / skipped / blocked),
//! `Space` to take or leave out a key, `Enter` to confirm by typing the
//! prefix, then the writes and a fresh listing that shows the new secrets.

use super::input::Key;
use super::{App, Command, Confirm, Confirmable, ImportConfirm, Overlay};
use crate::domain::error::AwsError;
use crate::domain::import::Entry;
use crate::domain::import::naming::Target;
use crate::domain::import::plan::{self, Plan};
use crate::domain::mutation::Kind;
use crate::tui::messages::Job;
pub use crate::tui::messages::{ImportDraft, ImportResult};

/// The import overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportView {
    pub draft: ImportDraft,
    /// The key under the cursor.
    pub cursor: usize,
}

impl ImportView {
    /// The plan for the current toggles.
    pub fn plan(&self) -> Plan {
        let d = &self.draft;
        plan::plan(&d.source, &d.target, &d.selection, &d.remote)
    }

    fn entry(&self) -> Option<&Entry> {
        self.draft.source.entries.get(self.cursor)
    }
}

impl App {
    /// `:import`: read the file and what is stored, in the worker.
    pub(super) fn start_import(
        &mut self,
        file: String,
        prefix: Option<String>,
        bundle: Option<String>,
        out: &mut Vec<Command>,
    ) {
        let prefix = prefix.unwrap_or_else(|| self.selected_folder());
        if prefix.is_empty() {
            return self.set_status(
                ":import needs a prefix: :import FILE SERVICE/ENV/ (or select a folder first)",
                true,
            );
        }
        let target = match Target::new(&prefix, bundle.as_deref()) {
            Ok(t) => t,
            Err(e) => return self.set_status(format!(":import: {e}"), true),
        };
        let seq = self.seq();
        self.import_seq = Some(seq);
        self.import_note = None;
        self.import_again = Some((file.clone(), target.clone()));
        self.set_status(
            format!(
                "reading {file} and what Secrets Manager holds under {}…",
                target.prefix
            ),
            false,
        );
        out.push(Command::Job(Job::PlanImport {
            seq,
            path: file,
            target,
        }));
    }

    pub(super) fn import_planned(&mut self, seq: u64, result: Result<Box<ImportDraft>, String>) {
        if self.import_seq != Some(seq) {
            return;
        }
        self.import_seq = None;
        match result {
            Ok(draft) => {
                self.status = None;
                if let Some(note) = self.import_note.take() {
                    self.set_status(note, true);
                }
                self.overlay = Some(Overlay::Import(Box::new(ImportView {
                    draft: *draft,
                    cursor: 0,
                })));
            }
            Err(why) => self.set_status(format!("cannot import: {why}"), true),
        }
    }

    pub(super) fn import_key(&mut self, mut view: Box<ImportView>, key: Key) {
        let last = view.draft.source.entries.len().saturating_sub(1);
        match key {
            Key::Esc | Key::Char('q') => {
                return self.set_status("import cancelled: nothing changed", false);
            }
            Key::Char('j') | Key::Down => view.cursor = (view.cursor + 1).min(last),
            Key::Char('k') | Key::Up => view.cursor = view.cursor.saturating_sub(1),
            Key::Char('g') | Key::Home => view.cursor = 0,
            Key::Char('G') | Key::End => view.cursor = last,
            Key::PageDown => view.cursor = (view.cursor + 10).min(last),
            Key::PageUp => view.cursor = view.cursor.saturating_sub(10),
            Key::Char(' ') => {
                if let Some(entry) = view.entry().cloned() {
                    view.draft.selection.toggle(&entry);
                }
            }
            Key::Enter => return self.submit_import(view),
            _ => {}
        }
        self.overlay = Some(Overlay::Import(view));
    }

    /// `Enter` on the plan: refuse what cannot go, else ask for the prefix.
    fn submit_import(&mut self, view: Box<ImportView>) {
        let plan = view.plan();
        let refusal = if self.conn.read_only {
            Some("read-only mode: the plan is shown, the import is refused".to_string())
        } else if plan.blocked() > 0 {
            Some(format!(
                "{} key(s) blocked (see NOTE): Space leaves a key out",
                plan.blocked()
            ))
        } else if !plan.writes_anything() {
            Some("nothing to write: Secrets Manager already holds what the file says".into())
        } else {
            None
        };
        if let Some(why) = refusal {
            self.set_status(why, true);
            self.overlay = Some(Overlay::Import(view));
            return;
        }
        let d = &view.draft;
        let writes = plan::writes(&plan, &d.source, &d.remote, &d.file);
        self.overlay = Some(Overlay::Confirm(Confirm::new(Confirmable::Import(
            ImportConfirm {
                confirmation: d.target.confirmation(),
                file: d.file.clone(),
                writes,
            },
        ))));
    }

    /// Confirmed: send the writes.
    pub(super) fn send_import(&mut self, import: ImportConfirm, out: &mut Vec<Command>) {
        let seq = self.seq();
        self.import_seq = Some(seq);
        self.set_status(
            format!("importing {} into {}…", import.file, import.confirmation),
            false,
        );
        out.push(Command::Job(Job::Import {
            seq,
            file: import.file,
            writes: import.writes,
        }));
    }

    pub(super) fn imported(
        &mut self,
        seq: u64,
        results: Vec<ImportResult>,
        out: &mut Vec<Command>,
    ) {
        if self.import_seq != Some(seq) {
            return;
        }
        self.import_seq = None;
        let created = results
            .iter()
            .filter(|r| r.kind == Kind::Create && r.result.is_ok())
            .count();
        let updated = results
            .iter()
            .filter(|r| r.kind == Kind::Put && r.result.is_ok())
            .count();
        let moved: Vec<&str> = results
            .iter()
            .filter(|r| matches!(r.result, Err(AwsError::Conflict(_))))
            .map(|r| r.name.as_str())
            .collect();
        let failed: Vec<String> = results
            .iter()
            .filter(|r| !matches!(r.result, Err(AwsError::Conflict(_))))
            .filter_map(|r| r.result.as_ref().err().map(|e| format!("{}: {e}", r.name)))
            .collect();
        let mut text = format!("imported: {created} created, {updated} new version(s)");
        if !failed.is_empty() {
            text.push_str(&format!(
                "; {} failed ({}) — :import again once fixed",
                failed.len(),
                failed.join("; ")
            ));
        }
        self.set_status(text, !failed.is_empty());
        for r in &results {
            if let Ok(outcome) = &r.result {
                self.show_fresh(&outcome.arn);
            }
        }
        self.select_after_listing = results
            .iter()
            .find(|r| r.result.is_ok())
            .map(|r| r.name.clone());
        out.push(Command::Job(self.list()));
        if !moved.is_empty()
            && let Some((path, target)) = self.import_again.clone()
        {
            // Planned again on what is there now, and asked again.
            let note = format!(
                "someone else changed {} after the plan was made: nothing was written to it; \
                 this plan is made again on what is there now — review, then confirm again",
                moved.join(", ")
            );
            self.start_import(
                path,
                Some(target.prefix.clone()),
                target.bundle.clone(),
                out,
            );
            self.import_note = Some(note);
        }
    }

    /// The folder of the selected row (`a/b/` for `a/b/c`), "" at the root.
    pub(super) fn selected_folder(&self) -> String {
        match self.tree_pane.selected_node() {
            Some(node) if self.tree.node(node).is_folder() => format!("{}/", self.tree.path(node)),
            Some(node) => {
                let path = self.tree.path(node);
                path.rsplit_once('/')
                    .map(|(dir, _)| format!("{dir}/"))
                    .unwrap_or_default()
            }
            None => String::new(),
        }
    }
}
