//! Changes against the emulator: rotation (watched to the end, a failing
//! one stuck then cancelled), put, create, delete, restore, tags — each
//! doing exactly what it says, written to the audit log without a value —
//! and read-only mode, in which no key or command reaches a mutating call.

use crate::common;
use sekret::tui::messages::Job;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::headless::Headless;
use crate::common::{Emulator, mutating};
use sekret::domain::mutation::{Mutation, NewSecret};
use sekret::domain::rotation::Phase;
use sekret::domain::schedule::Schedule;
use sekret::domain::value::SecretValue;
use sekret::tui::app::Msg;
use sekret::tui::app::input::Key;
use serde_json::{Value, json};

const CANARY: &str = "canary-write-5e1d";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db";

fn seeded() -> Emulator {
    let emu = Emulator::start(&["--rotation-delay", "0.5"]);
    emu.seed(json!({"secrets": [
        {"name": "svc/db", "versions": [
            {"id": "old-version-0000000000000000000001", "created": "-10d",
             "json": {"user": "app", "password": "pw-old"}},
            {"id": "cur-version-0000000000000000000002", "created": "-1d",
             "json": {"user": "app", "password": "pw-current"}}
        ], "rotation": {"lambda_arn": LAMBDA, "days": 30}, "tags": {"team": "db"}},
        {"name": "svc/flaky", "versions": [{"value": "flaky-1"}],
         "rotation": {"lambda_arn": LAMBDA, "days": 30},
         "tags": {"emulator:rotation": "fail"}},
        {"name": "svc/api-key", "versions": [{"value": "key-1"}]}
    ]}));
    emu.clear_calls();
    emu
}

fn run(emu: &Emulator, state: &Path, args: &[&str]) -> Output {
    let out = common::run_sekret(emu, state, args);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains(CANARY),
        "{args:?}: a value on stderr"
    );
    out
}

fn ok(out: &Output) -> String {
    common::stdout_of(out)
}

fn history(emu: &Emulator, state: &Path, name: &str) -> Value {
    serde_json::from_str(&ok(&run(emu, state, &["history", name, "--json"]))).unwrap()
}

/// The version holding `label`, per `sekret history --json`.
fn with_label(history: &Value, label: &str) -> Option<String> {
    history.as_array().unwrap().iter().find_map(|v| {
        v["stages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == label)
            .then(|| v["version_id"].as_str().unwrap().to_string())
    })
}

fn audit(state: &Path) -> Vec<Value> {
    std::fs::read_to_string(state.join("sekret/audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn rotate_wait_ends_when_awscurrent_holds_a_new_value() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let before = ok(&run(&emu, state.path(), &["get", "svc/db"]));
    let out = run(&emu, state.path(), &["rotate", "svc/db", "--yes", "--wait"]);
    let stdout = ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let new = stdout.trim().to_string();
    assert!(stderr.contains("AWSPENDING on"), "{stderr}");
    assert!(stderr.contains("done: AWSCURRENT is now"), "{stderr}");
    let h = history(&emu, state.path(), "svc/db");
    assert_eq!(with_label(&h, "AWSCURRENT"), Some(new.clone()));
    assert_eq!(
        with_label(&h, "AWSPREVIOUS").as_deref(),
        Some("cur-version-0000000000000000000002")
    );
    let after = ok(&run(&emu, state.path(), &["get", "svc/db"]));
    assert_ne!(before, after, "the rotation wrote a new value");
    let line = audit(state.path()).pop().unwrap();
    assert_eq!(line["action"], "rotate");
    assert_eq!(line["version_after"], new.as_str());
    assert_eq!(line["version_before"], "cur-version-0000000000000000000002");
}

#[test]
fn rotate_wait_fails_when_the_function_fails() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let out = run(
        &emu,
        state.path(),
        &["rotate", "svc/flaky", "--yes", "--wait"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rotation failed"), "{stderr}");
    assert!(stderr.contains(":cancel-rotation"), "{stderr}");
    // Without a terminal and without --yes: refused, nothing called.
    emu.clear_calls();
    let out = run(&emu, state.path(), &["rotate", "svc/db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert!(mutating(&emu.calls()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_shows_a_stuck_rotation_and_cancel_clears_it() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/flaky").await;
    console.key(Key::Char('R'));
    console.type_text("svc/flaky");
    console.key(Key::Enter);
    console
        .until("the rotation to fail", |app| {
            app.rotations
                .last()
                .is_some_and(|w| matches!(w.phase, Phase::Failed { .. }))
        })
        .await;
    let status = console.app.status.clone().unwrap();
    assert!(status.error, "{status:?}");
    assert!(
        status.text.contains("rotation function reported an error"),
        "{status:?}"
    );
    console
        .until("the stuck label on screen", |app| {
            app.selected_detail().is_some_and(|m| m.pending_rotation())
        })
        .await;

    console.key(Key::Char(':'));
    console.type_text("cancel-rotation");
    console.key(Key::Enter);
    console.type_text("svc/flaky");
    console.key(Key::Enter);
    console
        .until("the cancellation", |app| {
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("rotation cancelled"))
        })
        .await;
    console
        .until("fresh metadata", |app| {
            app.selected_detail()
                .is_some_and(|m| !m.pending_rotation() && !m.rotation.enabled)
        })
        .await;
    let ops = mutating(&emu.calls());
    assert_eq!(
        ops,
        [
            "RotateSecret",
            "CancelRotateSecret",
            "UpdateSecretVersionStage"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_puts_an_edited_value_after_the_diff() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/db").await;
    console.key(Key::Char('e'));
    console.until_edit().await;
    let (purpose, initial) = console.edits.remove(0);
    assert!(initial.as_str().unwrap().contains("pw-current"));
    let edited = initial.as_str().unwrap().replace("pw-current", CANARY);
    console.apply(Msg::Edited {
        purpose,
        before: initial,
        after: Ok(SecretValue::text(format!("{edited}\n"))),
    });
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
    let audit = std::fs::read_to_string(console.state.path().join("audit.jsonl")).unwrap();
    assert!(audit.contains("\"put-value\""), "{audit}");
    assert!(!audit.contains(CANARY), "a value in the audit log");
    let state = tempfile::tempdir().unwrap();
    let value = ok(&run(
        &emu,
        state.path(),
        &["get", "svc/db", "--key", "password"],
    ));
    assert_eq!(value.trim(), CANARY);
}

#[test]
fn put_create_delete_restore_do_exactly_what_they_say() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let s = state.path();
    let file = s.join("value.txt");
    std::fs::write(&file, format!("{CANARY}-file")).unwrap();

    // put: from a file, exactly as given.
    let version = ok(&run(
        &emu,
        s,
        &[
            "put",
            "svc/api-key",
            "--from-file",
            file.to_str().unwrap(),
            "--yes",
        ],
    ));
    assert_eq!(
        ok(&run(&emu, s, &["get", "svc/api-key"])),
        format!("{CANARY}-file")
    );
    let h = history(&emu, s, "svc/api-key");
    assert_eq!(with_label(&h, "AWSCURRENT").unwrap(), version.trim());

    // create: value on stdin, description and tags.
    let mut child = emu
        .sekret()
        .env("XDG_STATE_HOME", s)
        .args([
            "create",
            "svc/new-token",
            "--stdin",
            "--yes",
            "--description",
            "made by the test",
            "--tag",
            "team=api",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{CANARY}-stdin").as_bytes())
        .unwrap();
    ok(&child.wait_with_output().unwrap());
    let listed: Value = serde_json::from_str(&ok(&run(&emu, s, &["ls", "--json"]))).unwrap();
    let new = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "svc/new-token")
        .expect("created");
    assert_eq!(new["description"], "made by the test");
    assert_eq!(new["tags"]["team"], "api");
    assert_eq!(
        ok(&run(&emu, s, &["get", "svc/new-token"])),
        format!("{CANARY}-stdin")
    );

    // delete: scheduled, with the window asked for, never forced.
    ok(&run(
        &emu,
        s,
        &["delete", "svc/new-token", "--recovery-days", "7", "--yes"],
    ));
    let listed: Value = serde_json::from_str(&ok(&run(&emu, s, &["ls", "--json"]))).unwrap();
    let deleted = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "svc/new-token")
        .expect("still listed, scheduled for deletion");
    let when =
        chrono::DateTime::parse_from_rfc3339(deleted["deletion_date"].as_str().unwrap()).unwrap();
    let days = (when.timestamp() - chrono::Utc::now().timestamp()) as f64 / 86_400.0;
    assert!((6.9..=7.1).contains(&days), "{days} days");
    assert_ne!(
        run(
            &emu,
            s,
            &["delete", "svc/api-key", "--recovery-days", "3", "--yes"]
        )
        .status
        .code(),
        Some(0),
        "a window under 7 days is a usage error"
    );

    // restore: the deletion is cancelled.
    ok(&run(&emu, s, &["restore", "svc/new-token", "--yes"]));
    let listed: Value = serde_json::from_str(&ok(&run(&emu, s, &["ls", "--json"]))).unwrap();
    let restored = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "svc/new-token")
        .unwrap();
    assert!(restored["deletion_date"].is_null(), "{restored}");

    assert_eq!(
        mutating(&emu.calls()),
        [
            "PutSecretValue",
            "CreateSecret",
            "DeleteSecret",
            "RestoreSecret"
        ]
    );
    let actions: Vec<String> = audit(s)
        .iter()
        .map(|l| l["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["put-value", "create", "delete", "restore"]);
    let text = std::fs::read_to_string(s.join("sekret/audit.jsonl")).unwrap();
    assert!(!text.contains(CANARY), "a value in the audit log");
    assert!(text.contains("recovery window 7 days"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_makes_no_mutating_call_from_any_key_command_or_cli() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let s = state.path();
    let file = s.join("value.txt");
    std::fs::write(&file, CANARY).unwrap();
    let f = file.to_str().unwrap();

    // Every CLI change, with --read-only and --yes.
    for args in [
        &["rotate", "svc/db", "--yes", "--wait"][..],
        &["put", "svc/db", "--from-file", f, "--yes"],
        &["create", "svc/x", "--from-file", f, "--yes"],
        &["delete", "svc/db", "--yes"],
        &["restore", "svc/db", "--yes"],
        &["rollback", "svc/db", "--to", "AWSPREVIOUS", "--yes"],
    ] {
        let mut with = vec!["--read-only"];
        with.extend_from_slice(args);
        let out = run(&emu, s, &with);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("refused"), "{args:?}: {stderr}");
    }
    // The config file's rule: a profile matching *prod* is read-only.
    let config = s.join("config-home/sekret");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[read_only]\nprofiles = [\"*prod*\"]\n",
    )
    .unwrap();
    // The profile exists (its keys come from the environment).
    let aws_config = s.join("aws-config");
    std::fs::write(&aws_config, "[profile gaara-prod]\nregion = us-east-1\n").unwrap();
    let out = emu
        .sekret()
        .env("XDG_STATE_HOME", s)
        .env("XDG_CONFIG_HOME", s.join("config-home"))
        .env("AWS_PROFILE", "gaara-prod")
        .env("AWS_CONFIG_FILE", &aws_config)
        .args(["delete", "svc/db", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only mode is on"));

    // Every key and palette command in a read-only console.
    let mut console = Headless::start_with(&emu.url, true).await;
    console.open("svc/db").await;
    let arn = console.app.selected_secret().unwrap().arn().to_string();
    for key in ['R', 'e', 'n', 'D', 'b'] {
        console.key(Key::Char(key));
        assert!(
            console.app.overlay.is_none(),
            "{key}: {:?}",
            console.app.overlay
        );
        let status = console.app.status.clone().unwrap();
        assert!(status.text.contains("read-only"), "{key}: {status:?}");
    }
    for command in [
        "rotate",
        "rotation 30",
        "cancel-rotation",
        "edit",
        "new",
        "delete",
        "restore",
        "tag a=b",
        "untag team",
    ] {
        console.key(Key::Char(':'));
        console.type_text(command);
        console.key(Key::Enter);
        assert!(console.app.overlay.is_none(), ":{command}");
    }
    assert!(console.edits.is_empty(), "no editor in read-only mode");
    // And every change sent to the worker directly, bypassing the UI.
    let changes = [
        Mutation::Rotate { current: None },
        Mutation::SetRotation(Schedule::parse("30").unwrap()),
        Mutation::CancelRotation {
            pending: None,
            current: None,
        },
        Mutation::Put {
            value: SecretValue::text(CANARY.into()),
            base: None,
        },
        Mutation::Create(NewSecret {
            name: "svc/x".into(),
            description: None,
            tags: vec![],
            value: None,
        }),
        Mutation::Delete { recovery_days: 30 },
        Mutation::Restore,
        Mutation::Tag {
            key: "a".into(),
            value: "b".into(),
        },
        Mutation::Untag { key: "team".into() },
        Mutation::Rollback {
            to: "old-version-0000000000000000000001".into(),
            from: "cur-version-0000000000000000000002".into(),
        },
    ];
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let worker = sekret::tui::worker::Worker::new(
        common::headless::clients(&emu.url).await,
        Default::default(),
        sekret::domain::read_only::Guard::new(true, Default::default(), "default"),
        tx,
    )
    .with_state_dir(s);
    let (cmd_tx, cmd_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(worker.run(cmd_rx));
    for (seq, mutation) in changes.into_iter().enumerate() {
        cmd_tx
            .send(Job::Mutate {
                seq: seq as u64,
                secret: arn.clone(),
                mutation,
            })
            .unwrap();
    }
    // An import's writes, too.
    cmd_tx
        .send(Job::Import {
            seq: 99,
            file: ".env".into(),
            writes: vec![sekret::domain::import::plan::Write {
                name: "svc/imported".into(),
                keys: vec!["IMPORTED".into()],
                mutation: Mutation::Create(NewSecret {
                    name: "svc/imported".into(),
                    description: None,
                    tags: vec![],
                    value: Some(SecretValue::text(CANARY.into())),
                }),
            }],
        })
        .unwrap();
    let mut refused = 0;
    while refused < 11 {
        match rx.recv().await.unwrap() {
            Msg::Mutated { result, .. } => {
                let err = result.expect_err("refused");
                assert!(err.to_string().contains("read-only"), "{err}");
                refused += 1;
            }
            Msg::Imported { results, .. } => {
                let err = results[0].result.as_ref().expect_err("refused");
                assert!(err.to_string().contains("read-only"), "{err}");
                refused += 1;
            }
            _ => continue,
        }
    }
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
    assert!(audit(s).is_empty(), "nothing happened, nothing to audit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rotation_events_reach_the_access_pane() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("svc/db").await;
    console
        .until("the first lookup", |app| !app.access.loading())
        .await;
    console.key(Key::Char('R'));
    console.type_text("svc/db");
    console.key(Key::Enter);
    console
        .until("the rotation to end", |app| {
            app.rotations.last().is_some_and(|w| w.ended())
        })
        .await;
    console
        .until("RotationSucceeded in the access pane", |app| {
            app.access
                .visible(app.now, app.now_ms)
                .iter()
                .any(|e| e.name == "RotationSucceeded")
        })
        .await;
}
