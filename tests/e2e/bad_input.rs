//! The bad-input catalog (CONTRIBUTING.md, "Bad input"): unusual names and values,
//! secrets and versions that vanish, malformed CloudTrail records, clock
//! skew, and configuration mistakes. Each gets a clear answer, and nothing
//! is lost or changed by mistake.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Output;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

use crate::common::headless::{Headless, clients};
use crate::common::{Emulator, mutating, run_sekret};
use sekret::domain::error::AwsError;
use sekret::tui::app::App;
use sekret::tui::app::input::Key;
use sekret::tui::app::listing::Listing;

const EVERY_CHAR: &str = "svc/AZaz09_+=.@-/key";
const DEEP: &str = "a/b/c/d/e/f/g";
const TRAILING: &str = "ends-with/";
const DOUBLE: &str = "double//slash";

fn long_name() -> String {
    format!("{}{}", "svc/".repeat(20), "x".repeat(512 - 80))
}

fn text(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The whole screen at `width`×`height`, as text.
fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| sekret::tui::ui::draw(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusual_names_are_listed_read_and_drawn() {
    let long = long_name();
    assert_eq!(long.len(), 512);
    let names = [EVERY_CHAR, DEEP, TRAILING, DOUBLE, long.as_str()];
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": names.iter()
        .map(|n| json!({"name": n, "versions": [{"value": format!("value of {n}")}]}))
        .collect::<Vec<_>>()}));
    let state = tempfile::tempdir().unwrap();

    let (code, out, _) = text(&run_sekret(&emu, state.path(), &["ls", "--json"]));
    assert_eq!(code, 0);
    let listed: Vec<Value> = serde_json::from_str(&out).unwrap();
    let mut listed: Vec<&str> = listed.iter().map(|s| s["name"].as_str().unwrap()).collect();
    listed.sort();
    let mut expected = names.to_vec();
    expected.sort();
    assert_eq!(listed, expected);
    for name in names {
        let (code, out, err) = text(&run_sekret(&emu, state.path(), &["get", name]));
        assert_eq!(
            (code, out.trim()),
            (0, format!("value of {name}").as_str()),
            "{err}"
        );
    }

    // In the console: every name is one leaf at its own path, and each
    // can be selected and drawn at both sizes.
    let mut console = Headless::start(&emu.url).await;
    console
        .until("the listing", |app| {
            matches!(app.listing, Listing::Done { .. })
        })
        .await;
    for name in names {
        let id = console
            .app
            .secrets
            .iter()
            .position(|s| s.name() == name)
            .unwrap();
        let leaf = console.app.tree.leaf_of(id as u32);
        assert_eq!(console.app.tree.path(leaf), name);
    }
    console.key(Key::Char('f')); // flat: every row is a secret
    for (row, _) in names.iter().enumerate() {
        console.key(Key::Home);
        for _ in 0..row {
            console.key(Key::Down);
        }
        console
            .until("detail", |app| {
                app.selected_secret().is_some_and(|s| {
                    app.detail
                        .cache
                        .peek(&s.arn().to_string(), app.now_ms)
                        .is_some()
                })
            })
            .await;
        for (w, h) in [(120, 40), (80, 24), (40, 12)] {
            let text = screen(&console.app, w, h);
            assert!(text.contains("Secrets (5)"), "{text}");
        }
    }
}

#[test]
fn unusual_values_are_shown_as_what_they_are() {
    let big = "x".repeat(65_536);
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "v/unicode", "versions": [{"value": "pässwörd 🔑 パスワード"}]},
        {"name": "v/broken-json", "versions": [{"value": "{\"user\": \"a\""}, {"value": "{\"user\": \"b\""}]},
        {"name": "v/binary", "versions": [{"binary_base64": "AAEC/f7/"}]},
        {"name": "v/big", "versions": [{"value": big}]},
        {"name": "v/no-value"}
    ]}));
    let state = tempfile::tempdir().unwrap();
    let s = state.path();
    let get = |args: &[&str]| text(&run_sekret(&emu, s, &[&["get"], args].concat()));

    assert_eq!(get(&["v/unicode"]).1.trim_end(), "pässwörd 🔑 パスワード");
    assert_eq!(get(&["v/big"]).1.trim_end().len(), 65_536);
    assert_eq!(get(&["v/broken-json"]).1.trim_end(), "{\"user\": \"b\"");
    // Binary values come out as the bytes they are.
    let out = run_sekret(&emu, s, &["get", "v/binary"]);
    assert_eq!(out.stdout, [0, 1, 2, 0xfd, 0xfe, 0xff]);
    // Asking for a JSON key of text that is not JSON, or of nothing.
    let (code, _, err) = get(&["v/broken-json", "--key", "user"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs a JSON object value"), "{err}");
    let (code, _, err) = get(&["v/no-value"]);
    assert_eq!(code, 1);
    assert!(err.contains("v/no-value has no value"), "{err}");
    // Broken JSON is diffed as text.
    let (code, out, _) = text(&run_sekret(&emu, s, &["diff", "v/broken-json", "--json"]));
    assert_eq!(code, 0);
    assert!(out.contains("\"kind\": \"text\""), "{out}");

    // Values AWS would refuse are refused before any call.
    emu.clear_calls();
    let too_big = s.join("too-big");
    std::fs::write(&too_big, "y".repeat(65_537)).unwrap();
    let empty = s.join("empty");
    std::fs::write(&empty, "").unwrap();
    let (code, _, err) = text(&run_sekret(
        &emu,
        s,
        &[
            "put",
            "v/unicode",
            "--from-file",
            too_big.to_str().unwrap(),
            "--yes",
        ],
    ));
    assert_eq!(code, 1);
    assert!(
        err.contains("more than 65536 bytes, the most Secrets Manager keeps"),
        "{err}"
    );
    let (code, _, err) = text(&run_sekret(
        &emu,
        s,
        &[
            "create",
            "v/new",
            "--from-file",
            empty.to_str().unwrap(),
            "--yes",
        ],
    ));
    assert_eq!(code, 1);
    assert!(err.contains("the value is empty: nothing written"), "{err}");
    let (code, _, err) = text(&run_sekret(&emu, s, &["create", TRAILING, "--yes"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_and_versions_that_vanish_while_on_screen() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "app/gone", "versions": [{"value": "a"}, {"value": "b"}]},
        {"name": "app/stays", "versions": [{"value": "c"}]}
    ]}));
    let mut console = Headless::start(&emu.url).await;
    console.open("app/gone").await;

    // Someone else deletes it for good.
    let other = clients(&emu.url).await;
    other
        .secrets
        .delete_secret()
        .secret_id("app/gone")
        .force_delete_without_recovery(true)
        .send()
        .await
        .unwrap();
    // Revealing it now says it is gone; `r` relists, and it leaves the tree.
    console.key(Key::Char('v'));
    console
        .until("the read fails", |app| {
            app.status.as_ref().is_some_and(|s| s.error)
        })
        .await;
    let status = console.app.status.clone().unwrap().text;
    assert!(status.contains("reading the value: not found"), "{status}");
    console.key(Key::Char('r'));
    console
        .until("the relisted tree", |app| {
            matches!(app.listing, Listing::Done { .. })
                && app.secrets.iter().all(|s| s.name() != "app/gone")
        })
        .await;
    assert_eq!(console.app.secrets.len(), 1);
    assert!(console.app.tree_pane.selected < console.app.tree_pane.rows.len().max(1));
    let _ = screen(&console.app, 120, 40);

    // A version that no longer exists, asked for by id.
    let state = tempfile::tempdir().unwrap();
    let missing = "00000000-0000-0000-0000-000000000000";
    let (code, _, err) = text(&run_sekret(
        &emu,
        state.path(),
        &["get", "app/stays", "--version-id", missing],
    ));
    assert_eq!(code, 1);
    assert!(err.contains(missing), "{err}");
    let (code, _, err) = text(&run_sekret(
        &emu,
        state.path(),
        &["diff", "app/stays", "--from", missing],
    ));
    assert_eq!(code, 1);
    assert!(err.contains(missing), "{err}");
    let (code, _, err) = text(&run_sekret(&emu, state.path(), &["get", "app/gone"]));
    assert_eq!(code, 1);
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn malformed_cloudtrail_records_and_clock_skew() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({
        "secrets": [{"name": "app/db", "versions": [{"value": "v"}]}],
        "events": [
            {"time": "-1h", "secret": "app/db", "access_key": "AKIAOLD", "legacy_arn": true},
            {"time": "-2h", "secret": "app/db", "omit": ["userIdentity.arn", "sourceIPAddress", "userAgent"]},
            {"time": "-3h", "secret": "app/db", "omit": ["userIdentity", "requestParameters"]},
            {"time": "-4h", "secret": "app/db", "error_code": "AccessDeniedException"},
            // A clock ahead of ours: an event "from the future".
            {"time": "+10m", "secret": "app/db", "source_ip": "203.0.113.50"}
        ]
    }));
    let state = tempfile::tempdir().unwrap();
    let (code, out, err) = text(&run_sekret(
        &emu,
        state.path(),
        &["events", "app/db", "--since", "24h", "--json"],
    ));
    assert_eq!(code, 0, "{err}");
    let events: Vec<Value> = serde_json::from_str(&out).unwrap();
    let reads: Vec<&Value> = events
        .iter()
        .filter(|e| e["event"] == "GetSecretValue")
        .collect();
    assert_eq!(reads.len(), 5, "every record is kept: {out}");
    assert!(
        reads.iter().any(|e| e["source_ip"] == "203.0.113.50"),
        "the skewed one"
    );
    assert!(
        reads.iter().any(|e| e["principal"]
            .as_str()
            .is_some_and(|p| p.contains("AKIAOLD"))
            || e["access_key"] == "AKIAOLD"),
        "{out}"
    );
    let (code, report, _) = text(&run_sekret(
        &emu,
        state.path(),
        &["events", "app/db", "--since", "24h", "--format", "markdown"],
    ));
    assert_eq!(code, 0);
    assert!(report.contains("AccessDenied"), "{report}");
}

/// A TCP server on 127.0.0.1 that answers every connection with a line
/// that is not HTTP.
fn not_http() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0; 512];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.2\r\n");
        }
    });
    url
}

#[test]
fn configuration_mistakes_are_named() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [{"name": "app/db", "versions": [{"value": "v1"}]}]}));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |cmd: &mut std::process::Command| text(&cmd.output().unwrap());

    // A profile the config files do not have: refused, even though the
    // environment's keys would sign (they may be another account's).
    let config = d.join("aws-config");
    std::fs::write(&config, "[profile ops]\n[profile prod]\n").unwrap();
    let (code, _, err) =
        run(emu
            .sekret()
            .env("AWS_CONFIG_FILE", &config)
            .args(["--profile", "prdo", "ls"]));
    assert_eq!(code, 1);
    assert!(err.contains("no profile prdo"), "{err}");
    assert!(err.contains("ops, prod"), "{err}");

    let (code, _, err) = run(emu.sekret().env_remove("AWS_REGION").args(["ls"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("no AWS region") && err.contains("--region"),
        "{err}"
    );

    let (code, _, err) = run(emu
        .sekret()
        .args(["--endpoint-url", "localhost:4566", "ls"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("\"localhost:4566\" is not an endpoint URL"),
        "{err}"
    );
    let (code, _, err) = run(emu.sekret().env("AWS_ENDPOINT_URL", "notaurl").args(["ls"]));
    assert_eq!(code, 1);
    assert!(err.contains("\"notaurl\" is not an endpoint URL"), "{err}");

    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    for url in [closed, not_http()] {
        let (code, _, err) = run(emu.sekret().args(["--endpoint-url", &url, "ls"]));
        assert_eq!(code, 1);
        assert!(err.contains(&format!("cannot reach {url}")), "{err}");
    }

    for ttl in ["0", "abc", "86401"] {
        let (code, _, err) = run(emu.sekret().args(["--cache-ttl", ttl, "ls"]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--cache-ttl"), "{err}");
    }

    // An unwritable state directory: no log, and no change that the
    // audit log could not record.
    let not_a_dir = d.join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    let (code, _, err) =
        run(emu
            .sekret()
            .env("XDG_STATE_HOME", &not_a_dir)
            .args(["--log-level", "debug", "ls"]));
    assert_eq!(code, 2);
    assert!(err.contains("cannot start logging"), "{err}");
    emu.clear_calls();
    let value = d.join("value");
    std::fs::write(&value, "v2").unwrap();
    let (code, _, err) = run(emu.sekret().env("XDG_STATE_HOME", &not_a_dir).args([
        "put",
        "app/db",
        "--from-file",
        value.to_str().unwrap(),
        "--yes",
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("nothing changed: the audit log"), "{err}");
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
    let (_, out, _) = run(emu.sekret().args(["get", "app/db"]));
    assert_eq!(out.trim(), "v1");
}

/// The console's answer to a profile that does not exist.
#[test]
fn unknown_profile_is_an_error_of_its_own() {
    let err = AwsError::UnknownProfile {
        profile: "prdo".into(),
        known: vec!["ops".into(), "prod".into()],
    };
    assert_eq!(err.to_string(), "the AWS config files have no profile prdo");
    assert_eq!(err.short(), "unknown profile");
}
