//! `x`: gather an incident report and write it under the state directory.

use super::Task;
use crate::domain::event::Window;
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
