//! `:findings` on the bundled demo, as an operator would: open the view,
//! wait for every policy to be read, open the public-policy check, jump to
//! the secret, and see its policy line in the detail pane — with no value
//! read along the way.

use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, operations, repo_root};

const WAIT: Duration = Duration::from_secs(30);

fn journey(width: u16, height: u16) {
    let emu = Emulator::with_seed(&repo_root().join("assets/demo/seed.json"));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let script = launcher(dir.path(), &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(width, height);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (19", WAIT);
    // The collapsed folders already show what they hide.
    let screen = tmux.wait_for("⚠ 4", WAIT);
    assert!(screen.contains("✗ 6"), "{screen}");

    tmux.send(&[":"]);
    tmux.send(&["-l", "findings"]);
    tmux.send(&["Enter"]);
    // Policies are read in the background; the title stops counting them.
    let screen = tmux.wait_until(WAIT, "every policy read", |s| {
        s.contains("Findings · score") && !s.contains("policies not read")
    });
    assert!(screen.contains("resource policy allows anyone"), "{screen}");
    assert!(
        screen.contains("SM.3") || screen.contains("SecretsManager.3"),
        "{screen}"
    );

    // The first row is the public-policy check: its secrets.
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Findings › resource policy allows anyone", WAIT);
    assert!(
        screen.contains("gaara-store/production/sentry-dsn"),
        "{screen}"
    );
    assert!(screen.contains("critical"), "{screen}");

    // Enter again: the secret, selected in the tree, its policy shown.
    tmux.send(&["Enter"]);
    let screen = tmux.wait_until(WAIT, "the secret and its policy", |s| {
        s.contains("┌ gaara-store/production/sentry-dsn") && s.contains("PUBLIC")
    });
    assert!(!screen.contains("Findings ·"), "the view closed:\n{screen}");

    let ops = operations(&emu.calls());
    assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
}

#[test]
fn findings_to_a_check_to_the_secret_120x40() {
    journey(120, 40);
}

#[test]
fn findings_to_a_check_to_the_secret_80x24() {
    journey(80, 24);
}
