//! The editor hand-off with scripted editors: the value goes into a 0600
//! file in a private directory, comes back edited, and the file is gone
//! afterwards — also when the editor fails, replaces the file, or does
//! not exist.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use sekret::domain::value::SecretValue;
use sekret::tui::editor::edit;

const CANARY: &str = "canary-editor-31c9";

/// A shell script standing in for the operator's editor.
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn private_dir(root: &Path) -> std::path::PathBuf {
    let dir = root.join("run/sekret");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_edited_value_comes_back_and_the_file_is_gone() {
    let root = tempfile::tempdir().unwrap();
    let dir = private_dir(root.path());
    let log = root.path().join("editor.log");
    let editor = script(
        root.path(),
        "ed",
        &format!(
            "stat -c '%a' \"$1\" > {log}\ncat \"$1\" >> {log}\nprintf 'new-{CANARY}' > \"$1\"",
            log = log.display()
        ),
    );
    let initial = SecretValue::text(format!("old-{CANARY}"));
    let after = edit(&editor, &dir, &initial, ".txt").unwrap();
    assert_eq!(after.as_str(), Some(format!("new-{CANARY}").as_str()));
    let seen = std::fs::read_to_string(&log).unwrap();
    assert!(seen.starts_with("600\n"), "the file was {seen}");
    assert!(
        seen.contains(&format!("old-{CANARY}")),
        "the editor got the value"
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn a_failing_editor_leaves_nothing_behind() {
    let root = tempfile::tempdir().unwrap();
    let dir = private_dir(root.path());
    let editor = script(root.path(), "ed", "printf 'half-typed' > \"$1\"\nexit 3");
    let err = edit(&editor, &dir, &SecretValue::text(CANARY.into()), ".txt").unwrap_err();
    assert!(err.contains("exit status 3"), "{err}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn an_editor_that_replaces_the_file_still_has_it_removed() {
    let root = tempfile::tempdir().unwrap();
    let dir = private_dir(root.path());
    // Write a new file and rename it over the old one, as some editors do.
    let editor = script(
        root.path(),
        "ed",
        "printf 'replaced' > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"",
    );
    let after = edit(&editor, &dir, &SecretValue::text(CANARY.into()), ".json").unwrap();
    assert_eq!(after.as_str(), Some("replaced"));
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn a_missing_editor_is_reported_and_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = private_dir(root.path());
    let err = edit(
        "/nonexistent/editor",
        &dir,
        &SecretValue::text(CANARY.into()),
        ".txt",
    )
    .unwrap_err();
    assert!(err.contains("/nonexistent/editor"), "{err}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn the_private_directory_is_made_owner_only() {
    let root = tempfile::tempdir().unwrap();
    let runtime_dir = Some(root.path().to_path_buf());
    let dir = sekret::tui::editor::private_edit_dir_in(runtime_dir.clone()).unwrap();
    assert_eq!(dir, root.path().join("sekret"));
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    // A directory others can read is refused, not used.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let other = sekret::tui::editor::private_edit_dir_in(runtime_dir).unwrap();
    assert_ne!(other, dir, "an open directory is not used");
}
