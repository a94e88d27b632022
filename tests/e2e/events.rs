//! CloudTrail access events end to end: the emulator records real calls
//! made with different access keys, `sekret events` and the console's
//! worker read them back through the real SDK, within the 2-per-second
//! LookupEvents budget.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::Emulator;
use crate::common::headless::Headless;
use sekret::domain::error::AwsError;
use sekret::tui::app::Pane;
use sekret::tui::app::access::SetState;
use sekret::tui::app::input::Key;
use sekret::tui::app::listing::Listing;
use serde_json::{Value, json};

const ALICE: &str = "AKIAALICE00000000001";
const BOB: &str = "AKIABOB0000000000001";
const VALUE: &str = "VALUE-3b1d-not-in-any-report";

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({
        "identities": {
            ALICE: "arn:aws:iam::123456789012:user/alice",
            BOB: "arn:aws:sts::123456789012:assumed-role/deploy-bot/run-7",
        },
        "secrets": [
            {"name": "shop/prod/db", "versions": [{"value": VALUE}]},
            {"name": "shop/prod/jwt", "versions": [{"value": VALUE}]},
            {"name": "shop/prod/mail", "versions": [{"value": VALUE}]},
            {"name": "other/old", "versions": [{"value": VALUE}]}
        ],
        "events": [
            {"time": "-30m", "name": "GetSecretValue", "secret": "other/old", "access_key": BOB,
             "source_ip": "10.9.9.9", "user_agent": "aws-sdk-go-v2/1.30.3 os/linux"},
            {"time": "-3h", "name": "GetSecretValue", "secret": "other/old", "access_key": BOB,
             "secret_id_as": "partial", "no_resources": true},
            {"time": "-3d", "name": "GetSecretValue", "secret": "other/old", "access_key": ALICE,
             "error_code": "AccessDeniedException", "error_message": "not authorized"},
            {"time": "-30d", "name": "RotationSucceeded", "secret": "other/old", "rotation_event": true}
        ]
    }));
    emu
}

fn run(emu: &Emulator, key: &str, args: &[&str]) -> Output {
    let out = emu
        .sekret()
        .env("AWS_ACCESS_KEY_ID", key)
        .args(args)
        .output()
        .unwrap();
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(VALUE) || args[0] == "get");
    }
    out
}

fn events(emu: &Emulator, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--json"];
    all.extend_from_slice(args);
    let out = run(emu, common::ACCESS_KEY, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn calls_appear_with_their_principal_result_and_the_id_they_used() {
    let emu = seeded();
    emu.set_faults(json!({"deny": ["shop/prod/mail"]}));
    // alice reads by name and by ARN; bob reads two secrets; alice is denied one.
    assert!(run(&emu, ALICE, &["get", "shop/prod/db"]).status.success());
    let arn_out = run(&emu, ALICE, &["ls", "--json"]);
    let listed: Value = serde_json::from_slice(&arn_out.stdout).unwrap();
    let arn = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "shop/prod/db")
        .unwrap()["arn"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(run(&emu, ALICE, &["get", &arn]).status.success());
    assert!(
        !run(&emu, ALICE, &["get", "shop/prod/mail"])
            .status
            .success()
    );
    assert!(run(&emu, BOB, &["get", "shop/prod/db"]).status.success());
    assert!(run(&emu, BOB, &["get", "shop/prod/jwt"]).status.success());
    emu.control("DELETE", "faults", None);

    let db = events(&emu, &["shop/prod/db"]);
    let reads: Vec<&Value> = db
        .iter()
        .filter(|e| e["event"] == "GetSecretValue")
        .collect();
    assert_eq!(reads.len(), 3, "{db:#?}");
    let by_alice: Vec<&&Value> = reads
        .iter()
        .filter(|e| e["principal"] == "user/alice")
        .collect();
    assert_eq!(by_alice.len(), 2, "by name and by ARN: {db:#?}");
    assert!(reads.iter().any(|e| e["principal"] == "role/deploy-bot"));
    for e in &reads {
        assert_eq!(e["source_ip"], "127.0.0.1");
        assert!(e["user_agent"].as_str().unwrap().contains("aws-sdk-rust"));
        assert_eq!(e["result"], "ok");
        assert_eq!(e["secret"], "shop/prod/db");
    }

    let mail = events(&emu, &["shop/prod/mail"]);
    let denied = mail
        .iter()
        .find(|e| e["event"] == "GetSecretValue")
        .expect("the denied read is recorded");
    assert_eq!(denied["principal"], "user/alice");
    assert!(
        denied["result"].as_str().unwrap().contains("AccessDenied"),
        "{denied}"
    );

    // The pivot: everything bob's key did, across secrets.
    let bob = events(&emu, &["--access-key", BOB]);
    let secrets: Vec<&str> = bob
        .iter()
        .filter(|e| e["event"] == "GetSecretValue")
        .map(|e| e["secret"].as_str().unwrap())
        .collect();
    for s in ["shop/prod/db", "shop/prod/jwt", "other/old"] {
        assert!(secrets.contains(&s), "{s} missing from {secrets:?}");
    }
    let alice = events(&emu, &["--principal", "user/alice", "--since", "1h"]);
    assert!(alice.iter().all(|e| e["principal"] == "user/alice"));
    assert!(alice.iter().any(|e| e["secret"] == "shop/prod/mail"));
}

#[test]
fn seeded_history_falls_in_the_right_windows() {
    let emu = seeded();
    let count = |since: &str| {
        events(&emu, &["other/old", "--since", since])
            .iter()
            .filter(|e| e["event"] != "DescribeSecret")
            .count()
    };
    // -30m (by ARN), -3h (partial ARN, no resources), -3d (denied), -30d (rotation).
    assert_eq!(count("1h"), 1);
    assert_eq!(count("24h"), 2);
    assert_eq!(count("7d"), 3);
    assert_eq!(count("90d"), 4);
    let all = events(&emu, &["other/old", "--since", "90d"]);
    let rotation = all
        .iter()
        .find(|e| e["event"] == "RotationSucceeded")
        .unwrap();
    assert_eq!(rotation["principal"], "secretsmanager");
    let denied = all.iter().find(|e| e["result"] != "ok").unwrap();
    assert_eq!(denied["result"], "AccessDeniedException");
    assert_eq!(denied["source_ip"], "10.0.0.10");
    let recent = all.iter().find(|e| e["event"] == "GetSecretValue").unwrap();
    assert_eq!(recent["source_ip"], "10.9.9.9");
    assert_eq!(recent["principal"], "role/deploy-bot");
}

#[test]
fn the_markdown_report_is_private_and_holds_no_value() {
    let emu = seeded();
    assert!(run(&emu, ALICE, &["get", "shop/prod/db"]).status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    let out = run(
        &emu,
        common::ACCESS_KEY,
        &[
            "events",
            "shop/prod/db",
            "--format",
            "markdown",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# Incident report: shop/prod/db"));
    assert!(text.contains("user/alice"));
    assert!(!text.contains(VALUE));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// 30 seconds of follow mode while the operator moves between secrets and
/// views: never more than 2 LookupEvents in any second at the emulator,
/// and never a throttling error on screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_mode_stays_within_the_lookup_budget() {
    let emu = seeded();
    let mut h = Headless::start(&emu.url).await;
    h.until("listing", |app| matches!(app.listing, Listing::Done { .. }))
        .await;
    emu.clear_calls();
    h.key(Key::Char('f')); // a flat list: j moves from secret to secret
    h.key(Key::Char('F'));
    let keys = [
        Key::Char('j'),
        Key::Char('a'),
        Key::Char('j'),
        Key::Char('w'),
        Key::Char('a'),
    ];
    let began = Instant::now();
    let mut step = 0;
    while began.elapsed() < Duration::from_secs(30) {
        // Move every 3 seconds, between waits on the worker.
        let next_move = began + Duration::from_secs(3 * (step + 1));
        h.until("the next move", |_| Instant::now() >= next_move)
            .await;
        if step < keys.len() as u64 * 2 {
            h.app.focus = Pane::Tree;
            h.key(keys[step as usize % keys.len()]);
        }
        step += 1;
        let shown = h.app.access.set(h.app.now_ms).map(|s| s.state.clone());
        assert!(
            !matches!(shown, Some(SetState::Failed(AwsError::Throttled { .. }))),
            "a throttling error reached the screen"
        );
        let status = h.app.status.as_ref().map(|s| s.text.to_lowercase());
        assert!(!status.unwrap_or_default().contains("throttl"));
    }
    let mut per_second: BTreeMap<String, usize> = BTreeMap::new();
    for call in emu.calls().as_array().unwrap() {
        if call["operation"] == "LookupEvents" {
            let second = call["time"].as_str().unwrap()[..19].to_string();
            *per_second.entry(second).or_default() += 1;
        }
    }
    let lookups: usize = per_second.values().sum();
    assert!(lookups >= 6, "follow mode polled only {lookups} times");
    let worst = per_second.values().max().copied().unwrap_or(0);
    assert!(
        worst <= 2,
        "{worst} LookupEvents in one second: {per_second:?}"
    );
    assert_eq!(h.app.health.throttled, 0, "the emulator throttled a lookup");
}

/// The console's `x`: a report under the state directory, 0600, naming
/// the rollback this console made, without any value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_report_includes_this_consoles_actions() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [{"name": "shop/prod/db", "versions": [
        {"id": "00000001-0000-4000-8000-000000000000", "created": "-2d", "value": VALUE},
        {"id": "00000002-0000-4000-8000-000000000000", "created": "-1d", "value": VALUE}
    ]}]}));
    let mut h = Headless::start(&emu.url).await;
    h.until("listing", |app| matches!(app.listing, Listing::Done { .. }))
        .await;
    h.key(Key::Char('f'));
    h.until("versions", |app| {
        app.versions.list(app.now_ms).is_some_and(|l| l.len() == 2)
    })
    .await;
    h.app.focus = Pane::Versions;
    h.key(Key::Char('j'));
    h.key(Key::Char('b'));
    for c in "shop/prod/db".chars() {
        h.key(Key::Char(c));
    }
    h.key(Key::Enter);
    h.until("rollback", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("rolled back"))
    })
    .await;
    h.key(Key::Char('x'));
    h.until("report", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("report"))
    })
    .await;
    let status = h.app.status.clone().unwrap().text;
    let path = status
        .strip_prefix("report written to ")
        .unwrap_or_else(|| panic!("{status}"));
    assert!(path.starts_with(h.state.path().to_str().unwrap()));
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("## Actions taken from sekret"));
    assert!(text.contains("rollback"), "{text}");
    assert!(text.contains("00000001-0000-4000-8000-000000000000"));
    assert!(!text.contains(VALUE));
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let audit = std::fs::read_to_string(h.state.path().join("audit.jsonl")).unwrap();
    let line: Value = serde_json::from_str(audit.lines().next().unwrap()).unwrap();
    assert_eq!(line["action"], "rollback");
    assert_eq!(line["outcome"], "ok");
    assert!(line["caller"].as_str().unwrap().contains("arn:aws:"));
}
