//! Values, versions, diff and rollback end to end against the emulator:
//! the CLI commands, and the console's real worker without a terminal.

use crate::common;
use sekret::tui::messages::Job;

use std::process::Output;

use crate::common::headless::Headless;
use crate::common::{Emulator, operations};
use sekret::domain::diff::{Change, ValueDiff};
use sekret::domain::mutation::Mutation;
use sekret::domain::secret::AWSCURRENT;
use sekret::tui::app::input::Key;
use sekret::tui::app::values::ViewState;
use sekret::tui::app::{Overlay, Pane};
use serde_json::{Value, json};

const CANARY: &str = "CANARY-7f3e9c2a-never-print-me";
const V1: &str = "00000001-0000-4000-8000-000000000000";
const V2: &str = "00000002-0000-4000-8000-000000000000";
const V3: &str = "00000003-0000-4000-8000-000000000000";

fn many_ids() -> Vec<String> {
    (0..130)
        .map(|i| format!("{i:08}-aaaa-4000-8000-000000000000"))
        .collect()
}

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    let many: Vec<Value> = many_ids()
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"id": id, "value": format!("v{i}"), "created": format!("-{}h", 200 - i)}))
        .collect();
    emu.seed(json!({"secrets": [
        {"name": "app/db", "versions": [
            {"id": V1, "created": "-30d", "json": {"user": "app", "password": "pw-1", "legacy": "x"}},
            {"id": V2, "created": "-20d", "json": {"user": "app", "password": "pw-2"}},
            {"id": V3, "created": "-1d", "json": {"user": "app", "password": CANARY, "sslmode": "require"}}
        ]},
        {"name": "app/many", "versions": many},
        {"name": "app/blob", "versions": [{"binary_base64": "AAECAwQF/w=="}]},
        {"name": "app/empty", "versions": []}
    ]}));
    emu.clear_calls();
    emu
}

fn run(emu: &Emulator, args: &[&str]) -> Output {
    let out = emu.sekret().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(CANARY), "a value on stderr: {stderr}");
    out
}

fn json_of(out: &Output) -> Value {
    serde_json::from_str(&common::stdout_of(out)).unwrap()
}

fn count(emu: &Emulator, operation: &str) -> usize {
    operations(&emu.calls())
        .iter()
        .filter(|o| *o == operation)
        .count()
}

fn labels(history: &Value) -> Vec<(String, Vec<String>)> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version_id"].as_str().unwrap().to_string(),
                v["stages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn history_reads_every_page_of_versions_and_no_value() {
    let emu = seeded();
    let all = json_of(&run(
        &emu,
        &["history", "app/many", "--include-deprecated", "--json"],
    ));
    let ids: Vec<String> = labels(&all).into_iter().map(|(id, _)| id).collect();
    let mut expected = many_ids();
    expected.reverse(); // newest first
    assert_eq!(ids, expected, "130 versions over two pages, newest first");
    assert_eq!(labels(&all)[0].1, [AWSCURRENT]);
    assert_eq!(labels(&all)[1].1, ["AWSPREVIOUS"]);
    assert!(count(&emu, "ListSecretVersionIds") >= 2, "paged");

    let labeled = json_of(&run(&emu, &["history", "app/many", "--json"]));
    assert_eq!(labels(&labeled).len(), 2, "deprecated versions hidden");
    let text = run(&emu, &["history", "app/db"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(V3) && text.contains("AWSCURRENT"), "{text}");
    assert_eq!(count(&emu, "GetSecretValue"), 0);
}

#[test]
fn diff_of_a_bundle_is_key_by_key_and_masked_unless_revealed() {
    let emu = seeded();
    let out = json_of(&run(
        &emu,
        &[
            "diff",
            "app/db",
            "--from",
            "00000001",
            "--to",
            "AWSCURRENT",
            "--json",
        ],
    ));
    let keys: Vec<(String, String)> = out["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["key"].as_str().unwrap().into(),
                k["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = |k: &str, c: &str| (k.to_string(), c.to_string());
    assert_eq!(
        keys,
        [
            expect("legacy", "removed"),
            expect("password", "changed"),
            expect("sslmode", "added"),
            expect("user", "unchanged"),
        ]
    );
    let text = out.to_string();
    assert!(!text.contains(CANARY) && !text.contains("pw-1"), "{text}");
    assert_eq!(count(&emu, "GetSecretValue"), 2, "only the two versions");

    let masked = run(&emu, &["diff", "app/db"]);
    let masked = String::from_utf8(masked.stdout).unwrap();
    assert!(
        masked.contains("~ password  •••••••• → ••••••••"),
        "{masked}"
    );
    assert!(!masked.contains(CANARY) && !masked.contains("pw-2"));

    let revealed = run(&emu, &["diff", "app/db", "--reveal"]);
    let revealed = String::from_utf8(revealed.stdout).unwrap();
    assert!(revealed.contains(&format!("pw-2 → {CANARY}")), "{revealed}");
}

#[test]
fn rollback_moves_current_and_previous_exactly() {
    let emu = seeded();
    // Refused without a terminal and without --yes, and in read-only mode.
    let no_tty = run(&emu, &["rollback", "app/db", "--to", "AWSPREVIOUS"]);
    assert_eq!(no_tty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_tty.stderr).contains("--yes"));
    let ro = run(
        &emu,
        &["--read-only", "rollback", "app/db", "--to", V2, "--yes"],
    );
    assert_eq!(ro.status.code(), Some(1));
    assert_eq!(count(&emu, "UpdateSecretVersionStage"), 0);

    let done = run(
        &emu,
        &["rollback", "app/db", "--to", "AWSPREVIOUS", "--yes"],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(count(&emu, "UpdateSecretVersionStage"), 1);
    let after = json_of(&run(
        &emu,
        &["history", "app/db", "--include-deprecated", "--json"],
    ));
    let got = labels(&after);
    let stages = |id: &str| got.iter().find(|(v, _)| v == id).unwrap().1.clone();
    assert_eq!(stages(V2), [AWSCURRENT]);
    assert_eq!(stages(V3), ["AWSPREVIOUS"]);
    assert!(stages(V1).is_empty());
    // And the value that applications read is the older one.
    let value = run(&emu, &["get", "app/db", "--key", "password"]);
    assert_eq!(value.stdout, b"pw-2");
}

#[test]
fn get_prints_exactly_the_value_asked_for() {
    let emu = seeded();
    let key = run(&emu, &["get", "app/db", "--key", "password"]);
    assert_eq!(key.stdout, CANARY.as_bytes(), "no newline into a pipe");
    let old = run(
        &emu,
        &[
            "get",
            "app/db",
            "--stage",
            "AWSPREVIOUS",
            "--key",
            "password",
        ],
    );
    assert_eq!(old.stdout, b"pw-2");
    let by_id = run(&emu, &["get", "app/db", "--version-id", V1]);
    let v1: Value = serde_json::from_slice(&by_id.stdout).unwrap();
    assert_eq!(v1["legacy"], "x");
    let blob = run(&emu, &["get", "app/blob"]);
    assert_eq!(blob.stdout, [0, 1, 2, 3, 4, 5, 255]);

    let missing = run(&emu, &["get", "app/db", "--key", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("password, sslmode, user"), "{err}");
    let empty = run(&emu, &["get", "app/empty"]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("has no value"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_reads_values_only_when_asked_and_once_per_version() {
    let emu = seeded();
    let mut console = Headless::start(&emu.url).await;
    console.open("app/db").await;
    assert_eq!(count(&emu, "GetSecretValue"), 0, "browsing reads no value");

    console.key(Key::Char('v'));
    console
        .until("the value", |app| {
            matches!(
                app.values.view.as_ref().map(|v| &v.state),
                Some(ViewState::Shown { .. })
            )
        })
        .await;
    assert_eq!(count(&emu, "GetSecretValue"), 1);
    // Mask, show again, copy: all from the cache.
    console.key(Key::Esc);
    console.key(Key::Char('v'));
    console.key(Key::Char('v'));
    assert!(console.app.shown_value().is_some());

    // Diff AWSPREVIOUS against AWSCURRENT: only AWSPREVIOUS is read.
    console.key(Key::Char('d'));
    console
        .until(
            "the diff",
            |app| matches!(&app.overlay, Some(Overlay::Diff(d)) if d.diff.is_some()),
        )
        .await;
    let Some(Overlay::Diff(view)) = &console.app.overlay else {
        unreachable!()
    };
    let Some(ValueDiff::Json(keys)) = &view.diff else {
        panic!("{:?}", view.diff)
    };
    let changed: Vec<&str> = keys
        .iter()
        .filter(|k| k.change != Change::Unchanged)
        .map(|k| k.key.as_str())
        .collect();
    assert_eq!(changed, ["password", "sslmode"]);
    assert_eq!(count(&emu, "GetSecretValue"), 2, "once per version");
    console.key(Key::Esc);

    // Roll back from the versions pane, typing the name.
    console.app.focus = Pane::Versions;
    console.key(Key::Char('j'));
    console.key(Key::Char('b'));
    for c in "app/db".chars() {
        console.key(Key::Char(c));
    }
    console.key(Key::Enter);
    console
        .until("AWSCURRENT on V2", |app| {
            app.versions.current(app.now_ms).is_some_and(|v| v.id == V2)
        })
        .await;
    assert_eq!(count(&emu, "UpdateSecretVersionStage"), 1);
    assert!(
        console
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("rolled back app/db"),
        "{:?}",
        console.app.status
    );
    // The value shown for AWSCURRENT followed the move (from the cache).
    assert_eq!(count(&emu, "GetSecretValue"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_is_enforced_by_the_worker_itself() {
    let emu = seeded();
    let mut console = Headless::start_with(&emu.url, true).await;
    console.open("app/db").await;
    // Even a rollback command that bypasses the UI is refused.
    console
        .commands
        .send(Job::Mutate {
            seq: 999,
            secret: console.app.selected_secret().unwrap().arn().to_string(),
            mutation: Mutation::Rollback {
                to: V2.into(),
                from: V3.into(),
            },
        })
        .unwrap();
    console.until_change().await;
    let refusal = console.changes[0].clone().expect_err("refused");
    assert!(refusal.to_string().contains("read-only"), "{refusal}");
    assert_eq!(count(&emu, "UpdateSecretVersionStage"), 0);
}

#[test]
fn with_trace_logging_the_canary_is_printed_only_where_asked() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let traced = |args: &[&str]| {
        let out = emu
            .sekret()
            .env("SEKRET_LOG", "trace")
            .env("XDG_STATE_HOME", state.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains(CANARY),
            "{args:?}: a value on stderr"
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Asked to print it: only these.
    assert!(traced(&["get", "app/db", "--key", "password"]).contains(CANARY));
    assert!(traced(&["diff", "app/db", "--reveal"]).contains(CANARY));
    // Not asked: never.
    for args in [
        &["diff", "app/db"][..],
        &["diff", "app/db", "--json"],
        &["history", "app/db", "--json"],
        &["ls", "--json"],
        &["get", "app/db", "--key", "user"],
        &["rollback", "app/db", "--to", "AWSPREVIOUS", "--yes"],
        &["get", "app/db", "--key", "nope"],
    ] {
        assert!(!traced(args).contains(CANARY), "{args:?} printed the value");
    }
    let log = std::fs::read_to_string(state.path().join("sekret/sekret.log")).unwrap();
    assert!(log.contains("GetSecretValue"), "the log is verbose");
    assert!(!log.contains(CANARY), "the value is in the log");
}
