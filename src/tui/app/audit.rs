//! `:audit`: this console's own changes, from the audit log the worker
//! reads, as scrolled text.

use super::{App, Overlay};
use crate::domain::audit::AuditRecord;
use crate::domain::version::short_id;

impl App {
    /// `:audit`: this console's own changes, newest first.
    pub(super) fn show_audit(&mut self, result: Result<Vec<AuditRecord>, String>) {
        let records = match result {
            Ok(records) => records,
            Err(why) => return self.set_status(format!("cannot read the audit log: {why}"), true),
        };
        let mut text = String::new();
        if records.is_empty() {
            text.push_str("No changes recorded yet: every change made from sekret is listed here.");
        }
        for r in records.iter().rev() {
            let versions = match (&r.version_before, &r.version_after) {
                (None, None) => String::new(),
                (b, a) => format!(
                    " · {} → {}",
                    b.as_deref().map(short_id).unwrap_or_else(|| "—".into()),
                    a.as_deref().map(short_id).unwrap_or_else(|| "—".into())
                ),
            };
            text.push_str(&format!(
                "{}  {:<15} {}{}\n    {} · {} · {}{}\n",
                r.time,
                r.action,
                crate::domain::event::name_from_arn(&r.secret_arn),
                versions,
                r.outcome,
                r.caller.as_deref().unwrap_or("caller unknown"),
                r.profile.as_deref().unwrap_or("default"),
                r.detail
                    .as_deref()
                    .map(|d| format!(" · {d}"))
                    .unwrap_or_default(),
            ));
        }
        self.overlay = Some(Overlay::Text {
            title: format!("Audit log · {} changes", records.len()),
            text,
            scroll: 0,
        });
    }
}
