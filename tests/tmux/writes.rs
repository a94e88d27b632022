//! The change journeys in the real binary, in tmux: rotate a secret and
//! watch AWSPENDING become AWSCURRENT; edit a bundle in a (scripted)
//! `$EDITOR`, review the masked diff, confirm, and find the temporary file
//! gone.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, mutating};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:gaara-jwt-rotation";

fn seeded() -> Emulator {
    let emu = Emulator::start(&["--rotation-delay", "1.5"]);
    emu.seed(json!({"secrets": [
        {"name": "gaara-store/production/jwt-secret", "versions": [{"value": "jwt-1"}],
         "rotation": {"lambda_arn": LAMBDA, "days": 30}},
        {"name": "pipeline-pulse/prod/database",
         "versions": [{"json": {"username": "pulse", "password": "pw-tmux-old"}}]}
    ]}));
    emu
}

#[test]
fn rotate_and_watch_then_edit_a_bundle() {
    let emu = seeded();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    // The editor: changes the password, and notes the file's mode.
    let editor = dir.path().join("editor");
    let log = dir.path().join("editor.log");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c '%a' \"$1\" > '{}'\nsed -i 's/pw-tmux-old/pw-tmux-new/' \"$1\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut env = console_env(&emu.url, &home);
    let runtime_s = runtime.display().to_string();
    let editor_s = editor.display().to_string();
    env.push(("XDG_RUNTIME_DIR", &runtime_s));
    env.push(("EDITOR", &editor_s));
    let script = launcher(dir.path(), &env, &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (2)", WAIT);

    // Rotate: the confirmation names the function; the name is typed back.
    tmux.send(&["/"]);
    tmux.send(&["-l", "jwt"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("gaara-jwt-rotation", WAIT);
    tmux.send(&["R"]);
    let screen = tmux.wait_for("Rotate now · confirm", WAIT);
    assert!(screen.contains(LAMBDA), "{screen}");
    tmux.send(&["-l", "gaara-store/production/jwt-secret"]);
    tmux.send(&["Enter"]);
    // Live: AWSPENDING first, then AWSCURRENT moves.
    tmux.wait_for("AWSPENDING on", WAIT);
    let screen = tmux.wait_for("✓ rotated gaara-store/production/jwt-secret", WAIT);
    assert!(screen.contains("AWSCURRENT →"), "{screen}");
    // The rotation events join the access pane.
    tmux.wait_for("RotationSucceeded", WAIT);

    // Edit the bundle.
    tmux.send(&["/"]);
    tmux.send(&["BSpace", "BSpace", "BSpace"]);
    tmux.send(&["-l", "database"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("pipeline-pulse/prod/database ─", WAIT);
    tmux.send(&["e"]);
    let screen = tmux.wait_for("Put value · confirm", WAIT);
    assert!(screen.contains("~ password"), "{screen}");
    assert!(!screen.contains("pw-tmux"), "the diff is masked: {screen}");
    tmux.send(&["-l", "pipeline-pulse/prod/database"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("new value written to pipeline-pulse/prod/database", WAIT);
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "600");
    let left: Vec<_> = std::fs::read_dir(runtime.join("sekret")).unwrap().collect();
    assert!(left.is_empty(), "the temporary file is gone: {left:?}");

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_eq!(mutating(&emu.calls()), ["RotateSecret", "PutSecretValue"]);
}
