//! The incident journey in the real binary, in tmux: select a secret, see
//! who accessed it (a denied read stands out), pivot to that principal's
//! other reads, open the full event, come back, and write the report.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::Emulator;
use crate::common::tmux::{Tmux, console_env, launcher};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const CONTRACTOR: &str = "AKIACONTRACTOR000001";

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    let read = |secret: &str, time: &str, error: Option<&str>| {
        let mut e = json!({
            "time": time, "name": "GetSecretValue", "secret": secret,
            "access_key": CONTRACTOR, "source_ip": "198.51.100.23",
            "user_agent": "python-requests/2.31.0 Boto3/1.34.100",
        });
        if let Some(code) = error {
            e["error_code"] = code.into();
            e["error_message"] = "not authorized".into();
        }
        e
    };
    emu.seed(json!({
        "identities": {CONTRACTOR: "arn:aws:iam::123456789012:user/contractor-tmp"},
        "secrets": [
            {"name": "gaara-store/production/jwt-secret", "versions": [{"value": "fake-jwt"}]},
            {"name": "credlink-prod-api-keys", "versions": [{"value": "fake-keys"}]},
            {"name": "pipeline-pulse/prod/database", "versions": [{"value": "fake-db"}]}
        ],
        "events": [
            read("gaara-store/production/jwt-secret", "-5h", Some("AccessDeniedException")),
            read("credlink-prod-api-keys", "-4h", None),
            read("pipeline-pulse/prod/database", "-3h", None)
        ]
    }));
    emu
}

#[test]
fn select_access_pivot_and_report() {
    let emu = seeded();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let script = launcher(dir.path(), &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (3)", WAIT);

    // Select the secret: its access events, the denied read standing out.
    tmux.send(&["/"]);
    tmux.send(&["-l", "jwt"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Access · gaara-store/production/jwt-secret", WAIT);
    let screen = tmux.wait_for("✗ AccessDenied", WAIT);
    assert!(screen.contains("user/contractor-tmp"), "{screen}");
    assert!(screen.contains("198.51.100.23"), "{screen}");

    // Into the access pane, onto the oldest event (the denied read): pivot.
    tmux.send(&["Tab"]);
    tmux.send(&["Tab"]);
    tmux.send(&["Tab"]);
    tmux.send(&["G"]);
    tmux.send(&["p"]);
    tmux.wait_for("Pivot: principal contractor-tmp", WAIT);
    let screen = tmux.wait_for("credlink-prod-api-keys", WAIT);
    // Long names are shortened in the middle: the service and the key stay.
    let shortened =
        |l: &&str| l.contains("pipeline-pu") && l.contains("…") && l.contains("database");
    assert!(screen.lines().any(|l| shortened(&l)), "{screen}");

    // The full record of an event, then back.
    tmux.send(&["Enter"]);
    tmux.wait_for("\"sourceIPAddress\": \"198.51.100.23\"", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, "the event closed", |s| !s.contains("Esc closes"));
    tmux.send(&["Escape"]);
    tmux.wait_for("Access · gaara-store/production/jwt-secret", WAIT);

    // The report: a private file, named on screen.
    tmux.send(&["x"]);
    let screen = tmux.wait_for("report written to", WAIT);
    let reports = dir.path().join(".local/state/sekret/reports");
    let files: Vec<_> = std::fs::read_dir(&reports)
        .unwrap_or_else(|e| panic!("{}: {e}\n{screen}", reports.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("user/contractor-tmp"));
    assert!(text.contains("AccessDeniedException"));
    assert!(!text.contains("fake-jwt"));
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
}
