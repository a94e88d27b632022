//! Handing the terminal away and back, again and again: ten edits in a
//! row in a (scripted) `$EDITOR`, each confirmed or cancelled, and the
//! console still answers keys afterwards; and the clipboard holds no value
//! after any way of leaving the console.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, mutating};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const NAME: &str = "gaara-store/production/redis-password";

/// An editor that writes a new value each time it runs (a counter kept
/// beside it), as a person changing the value would.
fn counting_editor(dir: &Path) -> String {
    let editor = dir.join("editor");
    let count = dir.join("count");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nn=$(cat '{c}' 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > '{c}'\n\
             printf 'redis-pw-%s' \"$n\" > \"$1\"\n",
            c = count.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    editor.display().to_string()
}

#[test]
fn ten_edits_in_a_row_and_the_console_still_answers() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": NAME, "versions": [{"value": "redis-pw-0"}]},
        {"name": "gaara-store/production/jwt-secret", "versions": [{"value": "jwt"}]}
    ]}));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    let runtime_s = runtime.display().to_string();
    let editor = counting_editor(dir.path());
    let mut env = console_env(&emu.url, &home);
    env.push(("XDG_RUNTIME_DIR", &runtime_s));
    env.push(("EDITOR", &editor));
    let script = launcher(dir.path(), &env, &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script} 2>{home}/stderr; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (2)", WAIT);
    tmux.send(&["/"]);
    tmux.send(&["-l", "redis-password"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Versions (1)", WAIT);

    let mut written = 0;
    for round in 1..=10 {
        tmux.send(&["e"]);
        let screen = tmux.wait_for("Put value · confirm", WAIT);
        assert!(
            !screen.contains("redis-pw-"),
            "the diff is masked: {screen}"
        );
        if round % 2 == 0 {
            tmux.send(&["-l", NAME]);
            tmux.send(&["Enter"]);
            written += 1;
            tmux.wait_for(&format!("new value written to {NAME}"), WAIT);
        } else {
            tmux.send(&["Escape"]);
            tmux.wait_for("cancelled: nothing changed", WAIT);
        }
    }

    // Still the console: it answers keys and draws.
    tmux.send(&["?"]);
    tmux.wait_for("Anywhere", WAIT);
    tmux.send(&["Escape"]);
    // A key sent right after Escape would arrive as Alt+key: wait for the
    // help to close first.
    tmux.wait_until(WAIT, "help closed", |s| !s.contains("Anywhere"));
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
    assert!(stderr.trim().is_empty(), "nothing went wrong: {stderr}");
    assert_eq!(written, 5);
    assert_eq!(
        mutating(&emu.calls()).len(),
        written,
        "each confirmed edit wrote once"
    );
}

/// Copy a value over OSC 52 (there is no display), leave the console the
/// way `exit` says, and read tmux's paste buffer: it holds no value.
#[test]
fn the_clipboard_is_cleared_on_every_way_out() {
    const VALUE: &str = "CANARY-clip-5e21";
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [{"name": NAME, "versions": [{"value": VALUE}]}]}));
    // (how to leave, what the shell then says about the exit)
    let exits: [(&str, &str); 6] = [
        ("q", "SEKRET_EXIT=0"),
        ("-TERM", "SEKRET_EXIT=0"),
        ("-INT", "SEKRET_EXIT=0"),
        ("-HUP", "SEKRET_EXIT=0"),
        // Debug builds: SIGUSR2 makes the loop return an error, SIGUSR1 panic.
        ("-USR2", "SEKRET_EXIT=1"),
        ("-USR1", "SEKRET_EXIT=101"),
    ];
    for (exit, status) in exits {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().display().to_string();
        let env = console_env(&emu.url, &home);
        let script = launcher(dir.path(), &env, &["--clipboard-clear", "600"]);
        let tmux = Tmux::start(120, 40);
        tmux.tmux(&["set-option", "-g", "set-clipboard", "on"]);
        tmux.type_line(&format!("{script} 2>{home}/stderr; echo SEKRET_EXIT=$?"));
        tmux.wait_for("Secrets (1)", WAIT);
        tmux.send(&["/"]);
        tmux.send(&["-l", "redis-password"]);
        tmux.send(&["Enter"]);
        tmux.wait_for("Versions (1)", WAIT);
        tmux.send(&["c"]);
        tmux.wait_for("clears in", WAIT);
        assert_eq!(tmux.tmux(&["show-buffer"]), VALUE, "{exit}: copied");
        if exit == "q" {
            tmux.send(&["q"]);
        } else {
            tmux.signal_console(exit);
        }
        tmux.wait_for(status, WAIT);
        assert_eq!(
            tmux.pane_flag("#{alternate_on}"),
            "0",
            "{exit}: screen given back"
        );
        let buffer = tmux.tmux(&["show-buffer"]);
        assert!(
            !buffer.contains(VALUE),
            "{exit}: the clipboard still holds the value"
        );
        let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
        assert!(!stderr.contains(VALUE), "{exit}: {stderr}");
    }
}
