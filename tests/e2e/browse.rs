//! Browsing end to end against the emulator: the real worker and SDK, the
//! real `update`, no terminal. Waits are on conditions with a deadline.

use std::collections::BTreeSet;

use crate::common::headless::{Headless, clients};
use crate::common::{Emulator, operations};
use sekret::tui::app::input::Key;
use sekret::tui::app::listing::Listing;
use serde_json::{Value, json};

const BULK: usize = 2_500;

fn bulk_emulator() -> Emulator {
    let emu = Emulator::start(&[]);
    // Nested names so the tree has real folders.
    let names: Vec<String> = (0..BULK)
        .map(|i| format!("team-{}/env-{}/secret-{i:05}", i % 7, i % 3))
        .collect();
    let secrets: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "versions": [{"value": "v"}]}))
        .collect();
    emu.seed(json!({ "secrets": secrets }));
    emu
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_lists_every_page_and_browsing_reads_no_value() {
    let emu = bulk_emulator();
    emu.clear_calls();
    let mut console = Headless::start(&emu.url).await;
    console
        .until("the listing to finish", |app| {
            matches!(app.listing, Listing::Done { .. })
        })
        .await;

    // The tree holds exactly what ListSecrets returns.
    let expected: BTreeSet<String> = clients(&emu.url)
        .await
        .list_all_secrets()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name().to_string())
        .collect();
    let shown: BTreeSet<String> = console
        .app
        .secrets
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    assert_eq!(shown.len(), BULK);
    assert_eq!(shown, expected);
    let Listing::Done { pages } = console.app.listing else {
        unreachable!()
    };
    assert!(pages >= 25, "{pages} pages");

    // Browse as a person would: open folders, move, filter, open details.
    for k in "jljljjjjjjjkkkhhjjl".chars() {
        console.key(Key::Char(k));
        console
            .until("the debounce", |app| app.detail.due.is_none())
            .await;
    }
    console.key(Key::Char('/'));
    for c in "env-2 00042".chars() {
        console.key(Key::Char(c));
    }
    console.key(Key::Enter);
    console
        .until("the filtered secret's details", |app| {
            app.selected_secret()
                .is_some_and(|s| s.name().contains("00042"))
                && !app.detail.loading()
                && !app.policies.fetch.loading()
        })
        .await;
    assert!(console.app.filter.hit_count() >= 1);

    let calls = emu.calls();
    let ops = operations(&calls);
    assert!(
        ops.iter().any(|o| o == "DescribeSecret"),
        "details were fetched: {ops:?}"
    );
    assert!(
        ops.iter().any(|o| o == "GetResourcePolicy"),
        "the selection's resource policy was read: {ops:?}"
    );
    assert_eq!(
        ops.iter().filter(|o| *o == "GetSecretValue").count(),
        0,
        "browsing must never read a value"
    );
    assert!(ops.iter().filter(|o| *o == "ListSecrets").count() >= 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_endpoint_shows_offline_and_retries() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut console = Headless::start(&format!("http://127.0.0.1:{port}")).await;
    console
        .until("the offline state", |app| {
            matches!(app.listing, Listing::Retrying { .. })
        })
        .await;
    // Still answering keys while offline.
    console.key(Key::Char('?'));
    assert!(console.app.overlay.is_some());
    assert!(sekret::tui::ui::tree::title(&console.app).contains("retrying in"));
}

#[test]
fn ls_json_has_every_secret_and_documented_fields() {
    let emu = bulk_emulator();
    emu.seed(json!({"secrets": [{
        "name": "gaara-store/production/jwt-secret",
        "versions": [{"value": "a", "created": "-3d"}],
        "rotation": {"lambda_arn": "arn:aws:lambda:us-east-1:123456789012:function:rot", "days": 30},
        "tags": {"team": "gaara"}
    }]}));
    emu.clear_calls();
    let out = emu.sekret().args(["ls", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.len(), BULK + 1);
    let jwt = entries
        .iter()
        .find(|e| e["name"] == "gaara-store/production/jwt-secret")
        .unwrap();
    assert!(
        jwt["arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:secretsmanager:us-east-1:")
    );
    assert_eq!(jwt["rotation"]["enabled"], true);
    assert_eq!(jwt["rotation"]["rules"], "every 30d");
    assert_eq!(jwt["rotation"]["pending"], false);
    assert_eq!(jwt["tags"]["team"], "gaara");
    assert!(jwt["last_changed"].as_str().unwrap().ends_with('Z'));
    assert_eq!(jwt["last_accessed"], Value::Null);
    assert_eq!(jwt["deletion_date"], Value::Null);
    // Metadata only: pages, and names equal to a split prefix looked up.
    let ops = operations(&emu.calls());
    assert!(
        ops.iter()
            .all(|o| o == "ListSecrets" || o == "DescribeSecret"),
        "{ops:?}"
    );
    assert!(ops.len() >= 26);

    let filtered = emu
        .sekret()
        .args(["ls", "--filter", "JWT-SECRET"])
        .output()
        .unwrap();
    let text = String::from_utf8(filtered.stdout).unwrap();
    assert!(text.starts_with("NAME"), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("on every 30d"));
}

#[test]
fn ls_reports_denied_listing_with_the_permission() {
    let emu = Emulator::start(&[]);
    emu.set_faults(json!({"deny_operations": ["ListSecrets"]}));
    let out = emu.sekret().arg("ls").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("access denied for secretsmanager:ListSecrets"),
        "{err}"
    );
    assert!(
        err.contains("hint: the caller's IAM policy must allow secretsmanager:ListSecrets"),
        "{err}"
    );
}
