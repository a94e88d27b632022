//! `:import`: read the file and what is stored (the plan), then make the
//! confirmed writes through the one write gate.

use std::path::PathBuf;

use super::Task;
use crate::domain::import::naming::Target;
use crate::domain::import::plan::Write;
use crate::domain::import::selection::Selection;
use crate::ops::import;
use crate::tui::messages::{ImportDraft, ImportResult};

pub(super) async fn plan(
    task: &Task,
    path: &str,
    target: Target,
) -> Result<Box<ImportDraft>, String> {
    let path = expand_home(path);
    let source = import::read_source(&path, None, false)?;
    let selection = Selection::new(task.import_skip.clone());
    // Every key's name, skipped ones too: the operator may take them.
    let names = match target.bundle_name() {
        Some(bundle) => vec![bundle],
        None => {
            let mut names: Vec<String> =
                source.entries.iter().map(|e| target.name_for(e)).collect();
            names.sort();
            names.dedup();
            names
        }
    };
    let remote = import::inspect(&task.clients, names, target.bundle.is_some()).await;
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Box::new(ImportDraft {
        file,
        source,
        target,
        selection,
        remote,
    }))
}

pub(super) async fn apply(task: &Task, file: &str, writes: &[Write]) -> Vec<ImportResult> {
    import::apply(&task.clients, &task.audit, &task.guard, writes, file)
        .await
        .into_iter()
        .zip(writes)
        .map(|(applied, write)| ImportResult {
            name: applied.name,
            kind: write.mutation.kind(),
            result: applied.result,
        })
        .collect()
}

/// `~/x` is the operator's home, as in a shell.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), crate::paths::home()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}
