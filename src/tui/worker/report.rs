//! `x`: gather an incident report and write it under the state directory.

use super::Task;
use crate::domain::event::{Pivot, Window};
use crate::ops::incident;

/// The written file's path, or why there is none.
pub(super) async fn write(task: &Task, arn: &str, window: Window) -> Result<String, String> {
    let Some(dir) = &task.reports_dir else {
        return Err("no state directory to write to (HOME is not set)".into());
    };
    let until = chrono::Utc::now().timestamp();
    let since = until - window.seconds();
    let data = incident::gather(&task.clients, arn, since, until, &task.audit)
        .await
        .map_err(|e| e.to_string())?;
    let text = data.report().markdown();
    incident::write(dir, data.meta.name(), until, "md", &text)
        .map(|p| p.display().to_string())
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// `x` in a pivot: the principal's report, written even when part of the
/// data could not be read (the report says what).
pub(super) async fn write_principal(
    task: &Task,
    pivot: Pivot,
    window: Window,
) -> Result<String, String> {
    let Some(dir) = &task.reports_dir else {
        return Err("no state directory to write to (HOME is not set)".into());
    };
    let until = chrono::Utc::now().timestamp();
    let since = until - window.seconds();
    let data = incident::gather_principal(&task.clients, pivot, since, until).await;
    let text = data.report().markdown();
    let incomplete = match data.missing.len() {
        0 => String::new(),
        n => format!(" (incomplete: {n} part(s) could not be read; the report lists them)"),
    };
    incident::write(dir, &data.file_stem(), until, "md", &text)
        .map(|p| format!("{}{incomplete}", p.display()))
        .map_err(|e| format!("{}: {e}", dir.display()))
}
