//! The import journey in the real binary, in tmux: `:import` the backend
//! example, see the plan (no value on screen), take a placeholder key
//! after all, type the prefix, and find the new secrets in the tree —
//! then `sekret verify` agrees with the file.

use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, mutating, repo_root};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn import_a_dotenv_file_from_the_console() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "gaara-store/production/secret-key",
         "versions": [{"value": "an older django key"}]}
    ]}));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let env = console_env(&emu.url, &home);
    let script = launcher(dir.path(), &env, &[]);
    let file = repo_root().join("assets/examples/backend/.env");
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (1)", WAIT);
    emu.clear_calls();

    tmux.send(&[":"]);
    tmux.send(&[
        "-l",
        &format!("import {} gaara-store/production/", file.display()),
    ]);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Import .env → gaara-store/production/", WAIT);
    assert!(
        screen.contains("8 to create · 1 new version(s)"),
        "{screen}"
    );
    assert!(!screen.contains("fake-"), "no value on screen: {screen}");
    assert_eq!(
        mutating(&emu.calls()),
        Vec::<String>::new(),
        "the plan writes nothing"
    );

    // ENCRYPTION_KEY (7th row) is a placeholder: take it after all.
    for _ in 0..6 {
        tmux.send(&["j"]);
    }
    tmux.send(&["Space"]);
    tmux.wait_for("9 to create", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("Type the prefix", WAIT);
    tmux.send(&["-l", "gaara-store/production/"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("imported: 9 created, 1 new version(s)", WAIT);
    // The tree lists again, then selects the first new secret.
    tmux.wait_until(
        WAIT,
        "the new secrets in the tree, one selected",
        |screen| screen.contains("Secrets (10)") && screen.contains("Imported from .env"),
    );

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    let mut writes = mutating(&emu.calls());
    writes.sort();
    assert_eq!(writes.len(), 10);
    assert_eq!(writes[9], "PutSecretValue");

    let out = emu
        .sekret()
        .args([
            "verify",
            file.to_str().unwrap(),
            "--prefix",
            "gaara-store/production/",
        ])
        .args(["--keep", "ENCRYPTION_KEY"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("10 match · 0 mismatch"), "{shown}");
}
