//! The real binary in tmux: it opens, answers keys, and gives the terminal
//! back exactly as it found it.

mod common;

use std::time::Duration;

use common::tmux::{Tmux, launcher};
use common::{ACCESS_KEY, Emulator};

const WAIT: Duration = Duration::from_secs(20);

fn start_console(emu: &Emulator, dir: &std::path::Path) -> Tmux {
    let script = launcher(
        dir,
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", "x"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", &emu.url),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", "/nonexistent/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
            ("HOME", &dir.display().to_string()),
        ],
        &[],
    );
    let tmux = Tmux::start(120, 40);
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
fn sigterm_restores_the_terminal() {
    let emu = Emulator::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let tmux = start_console(&emu, dir.path());
    let pid = tmux.pane_flag("#{pane_pid}");
    // The console is the shell's child; signal it, not the shell.
    let status = std::process::Command::new("pkill")
        .args(["-TERM", "-P", &pid, "-x", "sekret"])
        .status()
        .unwrap();
    assert!(status.success(), "sekret was running under the shell");
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_terminal_restored(&tmux);
}
