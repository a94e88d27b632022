//! Two responders, one secret. Each write that is based on an earlier read
//! (an edit, a rollback, a cancelled rotation, an import into a bundle) is
//! raced by a second writer between the plan and the confirmation: nothing
//! is written over the newer version, the operator is asked again with
//! what is there now, and the audit log names the version actually
//! replaced.

use std::path::Path;

use crate::common::headless::Headless;
use crate::common::{self, Emulator, mutating};
use sekret::domain::value::SecretValue;
use sekret::tui::app::input::Key;
use sekret::tui::app::{Msg, Overlay, Pane};
use serde_json::{Value, json};

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db";
const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const OLD: &str = "00000000-0000-4000-8000-000000000000";

fn seeded() -> Emulator {
    let emu = Emulator::start(&["--rotation-delay", "0.5"]);
    emu.seed(json!({"secrets": [
        {"name": "svc/db", "versions": [
            {"id": OLD, "created": "-10d", "json": {"user": "app", "password": "pw-old"}},
            {"id": A, "created": "-1d", "json": {"user": "app", "password": "pw-a"}}
        ]},
        {"name": "svc/flaky", "versions": [{"value": "flaky-1"}],
         "rotation": {"lambda_arn": LAMBDA, "days": 30},
         "tags": {"emulator:rotation": "fail"}}
    ]}));
    emu
}

/// The second responder: a put from another sekret, returning its version.
fn other_put(emu: &Emulator, name: &str, value: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("value");
    std::fs::write(&file, value).unwrap();
    let out = common::run_sekret(
        emu,
        dir.path(),
        &["put", name, "--from-file", file.to_str().unwrap(), "--yes"],
    );
    common::stdout_of(&out).trim().to_string()
}

fn audit(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Wait for the confirmation to be asked again, after a conflict.
async fn until_asked_again(console: &mut Headless) {
    console
        .until(
            "the confirmation asked again",
            |app| matches!(&app.overlay, Some(Overlay::Confirm(c)) if c.conflict.is_some()),
        )
        .await;
}

fn note(console: &Headless) -> String {
    let Some(Overlay::Confirm(confirm)) = &console.app.overlay else {
        unreachable!()
    };
    confirm.conflict.as_ref().unwrap().text.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_raced_by_another_put_is_asked_again_and_replaces_the_newer_version() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/db").await;
    console.key(Key::Char('e'));
    console.until_edit().await;
    let (purpose, initial) = console.edits.remove(0);
    let edited = initial.as_str().unwrap().replace("pw-a", "pw-mine");
    console.apply(Msg::Edited {
        purpose,
        before: initial,
        after: Ok(SecretValue::text(edited)),
    });
    // Someone else fixes the host while the operator reads the diff.
    let b = other_put(
        &emu,
        "svc/db",
        r#"{"user":"app","password":"pw-a","host":"db-2"}"#,
    );
    emu.clear_calls();
    console.type_text("svc/db");
    console.key(Key::Enter);
    until_asked_again(&mut console).await;
    assert!(mutating(&emu.calls()).is_empty(), "nothing written over B");
    let text = note(&console);
    assert!(text.contains(&b[..8]), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    let Some(Overlay::Confirm(confirm)) = &console.app.overlay else {
        unreachable!()
    };
    let meanwhile = confirm
        .conflict
        .as_ref()
        .unwrap()
        .meanwhile
        .as_ref()
        .unwrap();
    assert_eq!(meanwhile.summary(), "keys: 1 added, 0 removed, 0 changed");
    // Confirmed again, knowingly: it replaces B, and the audit log says so.
    console.type_text("svc/db");
    console.key(Key::Enter);
    console
        .until("the put", |app| {
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("new value written"))
        })
        .await;
    assert_eq!(mutating(&emu.calls()), ["PutSecretValue"]);
    let lines = audit(console.state.path());
    let put = lines.last().unwrap();
    assert_eq!(put["action"], "put-value");
    assert_eq!(put["version_before"], b.as_str(), "{put}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_raced_by_another_put_is_replanned_from_the_newer_version() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/db").await;
    console.app.focus = Pane::Versions;
    console.key(Key::Char('j'));
    console.key(Key::Char('b'));
    let b = other_put(&emu, "svc/db", r#"{"user":"app","password":"pw-b"}"#);
    emu.clear_calls();
    console.type_text("svc/db");
    console.key(Key::Enter);
    until_asked_again(&mut console).await;
    assert!(mutating(&emu.calls()).is_empty());
    console.type_text("svc/db");
    console.key(Key::Enter);
    console
        .until("the rollback", |app| {
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("rolled back"))
        })
        .await;
    assert_eq!(mutating(&emu.calls()), ["UpdateSecretVersionStage"]);
    let lines = audit(console.state.path());
    let rollback = lines.last().unwrap();
    assert_eq!(rollback["action"], "rollback");
    assert_eq!(rollback["version_before"], b.as_str(), "{rollback}");
    assert_eq!(rollback["version_after"], OLD, "{rollback}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_raced_by_another_put_is_asked_again() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/flaky").await;
    console.key(Key::Char('R'));
    console.type_text("svc/flaky");
    console.key(Key::Enter);
    console
        .until("the stuck label", |app| {
            app.selected_detail().is_some_and(|m| m.pending_rotation())
        })
        .await;
    console.key(Key::Char(':'));
    console.type_text("cancel-rotation");
    console.key(Key::Enter);
    let b = other_put(&emu, "svc/flaky", "flaky-2");
    emu.clear_calls();
    console.type_text("svc/flaky");
    console.key(Key::Enter);
    until_asked_again(&mut console).await;
    assert!(mutating(&emu.calls()).is_empty());
    assert!(note(&console).contains(&b[..8]));
    console.type_text("svc/flaky");
    console.key(Key::Enter);
    console
        .until("the cancellation", |app| {
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("rotation cancelled"))
        })
        .await;
    assert_eq!(
        mutating(&emu.calls()),
        ["CancelRotateSecret", "UpdateSecretVersionStage"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_into_a_bundle_raced_by_another_put_is_planned_again() {
    let emu = seeded();
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("db.env");
    std::fs::write(&env, "password=pw-file\n").unwrap();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/db").await;
    console.key(Key::Char(':'));
    console.type_text(&format!("import {} svc/ bundle=db", env.display()));
    console.key(Key::Enter);
    console
        .until("the plan", |app| {
            matches!(app.overlay, Some(Overlay::Import(_)))
        })
        .await;
    console.key(Key::Enter);
    let b = other_put(
        &emu,
        "svc/db",
        r#"{"user":"app","password":"pw-b","host":"db-2"}"#,
    );
    emu.clear_calls();
    console.type_text("svc/db");
    console.key(Key::Enter);
    console
        .until("the plan made again", |app| {
            matches!(app.overlay, Some(Overlay::Import(_)))
                && app
                    .status
                    .as_ref()
                    .is_some_and(|s| s.text.contains("someone else changed svc/db"))
        })
        .await;
    assert!(mutating(&emu.calls()).is_empty(), "nothing written over B");
    console.key(Key::Enter);
    console.type_text("svc/db");
    console.key(Key::Enter);
    console
        .until("the import", |app| {
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("imported: 0 created, 1 new version"))
        })
        .await;
    // The merge is made on B: its host is kept.
    let state = tempfile::tempdir().unwrap();
    let out = common::run_sekret(&emu, state.path(), &["get", "svc/db", "--key", "host"]);
    assert_eq!(common::stdout_of(&out).trim(), "db-2");
    let lines = audit(console.state.path());
    assert_eq!(lines.last().unwrap()["version_before"], b.as_str());
}
