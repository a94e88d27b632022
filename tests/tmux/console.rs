//! The real binary in tmux: it opens, answers keys, and gives the terminal
//! back exactly as it found it.

use crate::common;

use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{ACCESS_KEY, Emulator};

const WAIT: Duration = Duration::from_secs(20);

fn start_console(emu: &Emulator, dir: &std::path::Path) -> Tmux {
    start_console_sized(emu, dir, 120, 40)
}

fn start_console_sized(emu: &Emulator, dir: &std::path::Path, width: u16, height: u16) -> Tmux {
    let home = dir.display().to_string();
    let script = launcher(dir, &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(width, height);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("q quit", WAIT);
    assert_eq!(
        tmux.pane_flag("#{alternate_on}"),
        "1",
        "the console uses the alternate screen"
    );
    tmux
}

fn assert_terminal_restored(tmux: &Tmux) {
    assert_eq!(
        tmux.pane_flag("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(tmux.pane_flag("#{cursor_flag}"), "1", "cursor visible");
    // Raw mode is off: the terminal is canonical and echoes again. The
    // marker is split in the typed line so only the output contains it.
    tmux.type_line(
        "echo \"ST\"\"TY=$(stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"",
    );
    let screen = tmux.wait_for("STTY=", WAIT);
    assert!(
        screen.contains("STTY=icanon echo"),
        "terminal still raw:\n{screen}"
    );
}

#[test]
fn quit_with_q_restores_the_terminal() {
    let emu = Emulator::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let tmux = start_console(&emu, dir.path());
    let screen = tmux.wait_for("ListSecrets 1", WAIT);
    assert!(screen.contains("us-east-1"), "{screen}");
    assert!(screen.contains(&emu.url), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_terminal_restored(&tmux);
}

#[test]
fn sigterm_sigint_and_sighup_restore_the_terminal() {
    let emu = Emulator::start(&[]);
    for signal in ["-TERM", "-INT", "-HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let tmux = start_console(&emu, dir.path());
        tmux.wait_for("ListSecrets 1", WAIT);
        tmux.signal_console(signal);
        tmux.wait_for("SEKRET_EXIT=0", WAIT);
        assert_terminal_restored(&tmux);
    }
}

/// A panic (forced: debug builds panic on SIGUSR1) gives the terminal
/// back and says what happened; the process ran without core dumps.
#[test]
fn a_panic_restores_the_terminal_and_core_dumps_are_off() {
    let emu = Emulator::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let script = launcher(dir.path(), &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script} 2>{home}/stderr; echo SEKRET_EXIT=$?"));
    tmux.wait_for("ListSecrets 1", WAIT);
    let pid = tmux.console_pid();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().collect::<Vec<_>>()[4..6],
        ["0", "0"],
        "{core}"
    );
    tmux.signal_console("-USR1");
    tmux.wait_for("SEKRET_EXIT=101", WAIT);
    assert_terminal_restored(&tmux);
    let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
    assert!(stderr.contains("forced panic"), "{stderr}");
}

/// The browsing journey on the demo data: tree → filter → move → help → quit.
#[test]
fn browse_the_demo_as_an_operator_would() {
    let emu = Emulator::with_seed(&common::repo_root().join("assets/demo/seed.json"));
    emu.seed(
        serde_json::json!({"identities": {ACCESS_KEY: "arn:aws:iam::123456789012:user/operator"}}),
    );
    let dir = tempfile::tempdir().unwrap();
    let tmux = start_console(&emu, dir.path());
    let screen = tmux.wait_for("Secrets (19)", WAIT);
    assert!(screen.contains("▸ gaara-store"), "{screen}");
    // The identity arrives on its own (STS), maybe after the listing.
    tmux.wait_for("user/operator", WAIT);

    // Filter: only matches and their folders remain, opened.
    tmux.send(&["/"]);
    tmux.send(&["-l", "jwt"]);
    let screen = tmux.wait_for("/jwt (3)", WAIT);
    assert!(screen.contains("▾ gaara-store"), "{screen}");
    assert!(!screen.contains("credlink"), "{screen}");
    tmux.send(&["Enter"]);

    // The first match is selected; move down to the gaara-store one
    // (past its two folders): the detail pane describes it.
    tmux.wait_for("argo-alpine/alpine-backend/jwt-secret ─", WAIT);
    tmux.send(&["j", "j", "j"]);
    tmux.wait_for("gaara-store/production/jwt-secret ─", WAIT);
    // Once the selection settles, DescribeSecret runs (the health pane counts it).
    let screen = tmux.wait_for("DescribeSecret 1", WAIT);
    assert!(screen.contains("every 30d"), "{screen}");
    assert!(screen.contains("JWT signing secret"), "{screen}");
    assert!(screen.contains("alias/gaara-store"), "{screen}");

    // Clear the filter, open help, close it.
    tmux.send(&["Escape"]);
    // The focused pane has a heavy border.
    tmux.wait_for("Secrets (19) ━", WAIT);
    tmux.send(&["?"]);
    tmux.wait_for("Help", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, "help closed", |s| !s.contains("Help ·"));

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_terminal_restored(&tmux);

    // Browsing read no value.
    let ops = common::operations(&emu.calls());
    assert!(ops.iter().any(|o| o == "DescribeSecret"), "{ops:?}");
    assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");
}

#[test]
fn small_terminal_80x24_stays_usable() {
    let emu = Emulator::with_seed(&common::repo_root().join("assets/demo/seed.json"));
    let dir = tempfile::tempdir().unwrap();
    let tmux = start_console_sized(&emu, dir.path(), 80, 24);
    tmux.wait_for("Secrets (19)", WAIT);
    tmux.send(&["f"]);
    // Wait on the pane's own words: the footer always says "f flat".
    let screen = tmux.wait_for("flat list · sorted by name", WAIT);
    assert!(screen.contains("credlink-prod-api-keys"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_terminal_restored(&tmux);
}
