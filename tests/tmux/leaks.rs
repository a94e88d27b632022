//! The canary suite in the console: every journey that touches a value —
//! reveal, copy, diff, rollback preview, edit, rotate, import, report —
//! with logging at `trace`, ended by a forced panic. Afterwards the canary
//! is in no file sekret could have written (log, audit, report, temporary
//! and editor files), not on stderr, and not in the terminal's scrollback.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, files_containing};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const CANARY: &str = "CANARY-7f3a-console-leaks";
const NAME: &str = "app/prod/db";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:db-rotation";

#[test]
fn no_journey_leaves_the_value_anywhere_even_after_a_panic() {
    let emu = Emulator::start(&["--rotation-delay", "1"]);
    emu.seed(json!({"secrets": [
        {"name": NAME, "rotation": {"lambda_arn": LAMBDA, "days": 30}, "versions": [
            {"created": "-9d", "json": {"host": "db-1", "password": "old-pw", "user": "app"}},
            {"created": "-1d", "json": {"host": "db-1", "password": CANARY, "user": "app"}}
        ]}
    ]}));
    // What sekret may write to lives under `home`; the operator's own
    // input (the .env to import, the editor script) under `input`.
    let home = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let runtime = home.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    let editor = input.path().join("editor");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/db-1/db-2/' \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let dotenv = input.path().join(".env");
    std::fs::write(&dotenv, format!("API_TOKEN={CANARY}\n")).unwrap();

    let h = home.path().display().to_string();
    let state = format!("{h}/state");
    let runtime_s = runtime.display().to_string();
    let editor_s = editor.display().to_string();
    let mut env = console_env(&emu.url, &h);
    env.extend([
        ("XDG_STATE_HOME", state.as_str()),
        ("XDG_RUNTIME_DIR", runtime_s.as_str()),
        ("TMPDIR", h.as_str()),
        ("EDITOR", editor_s.as_str()),
        ("SEKRET_LOG", "trace"),
    ]);
    let script = launcher(input.path(), &env, &["--clipboard-clear", "2"]);
    let tmux = Tmux::start(120, 40);
    tmux.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.type_line(&format!("{script} 2>{h}/stderr; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (1)", WAIT);
    tmux.send(&["/"]);
    tmux.send(&["-l", "db"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Versions (2)", WAIT);

    // Reveal the password, copy it (and watch the clipboard clear).
    tmux.send(&["v"]);
    tmux.wait_for("JSON · 3 keys", WAIT);
    tmux.send(&["j"]);
    tmux.send(&["v"]);
    tmux.wait_for(CANARY, WAIT);
    tmux.send(&["c"]);
    tmux.wait_for("clipboard cleared", WAIT);

    // Diff previous against current; preview a rollback, and cancel it.
    tmux.send(&["Tab"]);
    tmux.send(&["d"]);
    tmux.wait_for("keys: 0 added, 0 removed, 1 changed", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, "the diff closed", |s| !s.contains("Diff ·"));
    tmux.send(&["j"]);
    tmux.send(&["b"]);
    tmux.wait_for("Type the secret's name", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, "the rollback was cancelled", |s| {
        !s.contains("Type the secret's name")
    });

    // Edit through $EDITOR, confirm.
    tmux.send(&["e"]);
    tmux.wait_for("Put value · confirm", WAIT);
    tmux.send(&["-l", NAME]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("new value written to {NAME}"), WAIT);

    // Rotate now, confirm, watch it finish.
    tmux.send(&["R"]);
    tmux.wait_for("Rotate now · confirm", WAIT);
    tmux.send(&["-l", NAME]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("✓ rotated {NAME}"), WAIT);

    // An incident report of the secret.
    tmux.send(&["x"]);
    tmux.wait_for("report written to", WAIT);

    // Import a .env holding the canary.
    tmux.send(&[":"]);
    tmux.send(&["-l", &format!("import {} app/dev/", dotenv.display())]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Import .env → app/dev/", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("Type the prefix", WAIT);
    tmux.send(&["-l", "app/dev/"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("imported: 1 created", WAIT);

    // A crash now: the terminal comes back, and nothing leaks on the way.
    tmux.signal_console("-USR1");
    tmux.wait_for("SEKRET_EXIT=101", WAIT);
    assert_eq!(tmux.pane_flag("#{alternate_on}"), "0");

    let stderr = std::fs::read_to_string(home.path().join("stderr")).unwrap();
    assert!(stderr.contains("forced panic"), "{stderr}");
    let (found, checked) = files_containing(home.path(), CANARY);
    assert!(found.is_empty(), "the canary is in {found:?}");
    // The log, the audit log, the report and stderr at least were read.
    assert!(checked >= 4, "only {checked} files");
    let log = std::fs::read_to_string(home.path().join("state/sekret/sekret.log")).unwrap();
    assert!(log.contains("GetSecretValue") && log.contains("PutSecretValue"));
    // The whole scrollback, not just the screen.
    let history = tmux.history();
    assert!(history.contains("SEKRET_EXIT=101"), "{history}");
    assert!(!history.contains(CANARY), "the canary is in the scrollback");
    // And the editor's private directory is empty again.
    let left: Vec<_> = std::fs::read_dir(runtime.join("sekret"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}
