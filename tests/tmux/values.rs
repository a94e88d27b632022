//! The value journey in the real binary, in tmux: select a bundle, reveal
//! one key, copy it, diff two versions, roll back — with logging at its
//! most verbose, and a canary value that must end up in no file.

use std::path::Path;
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, files_containing, operations};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);
const CANARY: &str = "CANARY-b41d-only-on-screen";

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "pipeline-pulse/prod/database", "versions": [
            {"created": "-40d", "json": {"host": "db-1.internal", "password": "old-pw", "username": "pulse"}},
            {"created": "-2d", "json": {"host": "db-2.internal", "password": CANARY, "username": "pulse"}}
        ]},
        {"name": "gaara-store/production/jwt-secret", "versions": [{"value": "not-the-canary"}]}
    ]}));
    emu
}

fn start(emu: &Emulator, dir: &Path) -> Tmux {
    let home = dir.display().to_string();
    let state = dir.join("state").display().to_string();
    let mut env = console_env(&emu.url, &home);
    env.extend([
        ("XDG_STATE_HOME", state.as_str()),
        ("SEKRET_LOG", "trace"),
        ("TMPDIR", home.as_str()),
    ]);
    let script = launcher(dir, &env, &["--clipboard-clear", "3"]);
    let tmux = Tmux::start(120, 40);
    // Let OSC 52 reach tmux's own paste buffers (there is no display).
    tmux.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.type_line(&format!("{script} 2>{home}/stderr; echo SEKRET_EXIT=$?"));
    tmux.wait_for("q quit", WAIT);
    tmux
}

/// Every file under `dir` (logs, state, temporary files) without the canary.
fn assert_no_canary_in_files(dir: &Path) -> usize {
    let (found, checked) = files_containing(dir, CANARY);
    assert!(found.is_empty(), "the canary is in {found:?}");
    checked
}

#[test]
fn reveal_one_key_copy_diff_and_roll_back() {
    let emu = seeded();
    emu.clear_calls();
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(&emu, dir.path());
    tmux.wait_for("Secrets (2)", WAIT);

    // Select the bundle: the value is masked, and nothing was read.
    tmux.send(&["/"]);
    tmux.send(&["-l", "pulse"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Versions (2)", WAIT);
    let screen = tmux.wait_for("v reveal · c copy", WAIT);
    assert!(!screen.contains(CANARY));
    assert!(!operations(&emu.calls()).contains(&"GetSecretValue".to_string()));

    // `v`: the keys, masked; `j` `v`: only the password is revealed.
    tmux.send(&["v"]);
    let screen = tmux.wait_for("JSON · 3 keys", WAIT);
    assert!(!screen.contains(CANARY), "{screen}");
    tmux.send(&["j"]);
    tmux.send(&["v"]);
    let screen = tmux.wait_for(CANARY, WAIT);
    assert!(!screen.contains("db-2.internal"), "one key only:\n{screen}");

    // `c` copies that key through OSC 52 (no display here), then clears.
    tmux.send(&["c"]);
    tmux.wait_for("clears in", WAIT);
    assert_eq!(tmux.tmux(&["show-buffer"]), CANARY);
    tmux.wait_for("clipboard cleared", WAIT);
    assert_ne!(tmux.tmux(&["show-buffer"]), CANARY);

    // Diff: the versions pane, previous against current, masked.
    tmux.send(&["Tab"]);
    tmux.send(&["d"]);
    let screen = tmux.wait_for("keys: 0 added, 0 removed, 2 changed", WAIT);
    assert!(
        screen.contains("~ password  •••••••• → ••••••••"),
        "{screen}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, "the diff closed", |s| !s.contains("Diff ·"));

    // Roll back to AWSPREVIOUS, typing the name.
    tmux.send(&["j"]);
    tmux.send(&["b"]);
    tmux.wait_for("Type the secret's name", WAIT);
    tmux.send(&["-l", "pipeline-pulse/prod/database"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("rolled back pipeline-pulse/prod/database", WAIT);

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    let ops = operations(&emu.calls());
    let reads = ops.iter().filter(|o| *o == "GetSecretValue").count();
    assert_eq!(reads, 2, "one read per version: {ops:?}");
    assert_eq!(
        ops.iter()
            .filter(|o| *o == "UpdateSecretVersionStage")
            .count(),
        1
    );

    // The trace log exists and says what happened, without the value.
    let log = std::fs::read_to_string(dir.path().join("state/sekret/sekret.log")).unwrap();
    assert!(
        log.contains("GetSecretValue"),
        "a trace log was written:\n{}",
        &log[..log.len().min(3000)]
    );
    let files = assert_no_canary_in_files(dir.path());
    assert!(files >= 3, "log, stderr and the launcher were checked");
    // The canary left the screen with the console.
    assert!(!tmux.screen().contains(CANARY));
}
