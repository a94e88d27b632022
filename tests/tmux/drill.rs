//! The incident drill from the README, key for key, on the bundled demo:
//! find the secret, see who read it and what failed, pivot to the
//! suspicious principal, see what else it read, rotate the secret, see the
//! new version live, export the principal's report. Ten keystrokes plus
//! the secret's name typed twice (filter and confirmation).

use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, repo_root};

const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "gaara-store/production/jwt-secret";

fn drill(width: u16, height: u16) {
    let emu = Emulator::with_seed(&repo_root().join("assets/demo/seed.json"));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let script = launcher(dir.path(), &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(width, height);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (", WAIT);
    let mut keys = 0;
    let mut press = |key: &str| {
        keys += 1;
        tmux.send(&[key]);
    };

    // 1–2. Find it: `/`, its name, Enter.
    press("/");
    tmux.send(&["-l", SECRET]);
    press("Enter");
    tmux.wait_for("jwt-secret", WAIT);

    // 3. Who read it: `a` opens its access events, focused.
    press("a");
    tmux.wait_until(WAIT, "its readers", |s| {
        s.contains("Access · gaara-store/") && s.contains("GetSecretValue")
    });

    // 4. The principals, with their counts.
    press("S");
    let screen = tmux.wait_for("source IPs", WAIT);
    assert!(screen.contains("user/contractor-tmp"), "{screen}");
    assert!(screen.contains("203.0.113.9"), "{screen}");

    // 5–7. Onto the suspicious principal (third: the deploy bot and alice
    // read it more) and pivot.
    press("j");
    press("j");
    press("p");
    let screen = tmux.wait_for("Pivot: principal contractor-tmp", WAIT);
    // What else it read, failures first; the secret we came from marked.
    let screen = match screen.contains("✗ no") {
        true => screen,
        false => tmux.wait_for("✗ no", WAIT),
    };
    assert!(screen.contains("credlink-prod-api-keys"), "{screen}");
    assert!(screen.contains("▸ gaara-sto"), "{screen}");

    // 8–9. Rotate it: R, its name, Enter.
    press("R");
    tmux.wait_for("Type the secret's name", WAIT);
    tmux.send(&["-l", SECRET]);
    press("Enter");
    // The new version live: AWSCURRENT moved.
    let screen = tmux.wait_for("✓ rotated gaara-store/production/jwt-secret", WAIT);
    assert!(screen.contains("AWSCURRENT is now"), "{screen}");

    // 10. The principal's report.
    press("x");
    let screen = tmux.wait_for("report written to", WAIT);
    assert!(screen.contains("reports/principal-contract"), "{screen}");
    assert!(keys <= 10, "the drill took {keys} keystrokes");

    let reports = dir.path().join(".local/state/sekret/reports");
    let file = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("principal-contractor-tmp"))
        .expect("the principal's report");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("## Secrets touched"), "{text}");
    // The secret just rotated says so; the others still need it.
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("{name} in\n{text}"))
            .to_string()
    };
    assert!(row(SECRET).contains("yes: new value"), "{text}");
    assert!(row("gaara-store/production/database-url").contains("rotate it"));
    assert!(row("credlink-prod-api-keys").contains("not read"));

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
}

#[test]
fn the_incident_drill_in_ten_keystrokes() {
    drill(120, 40);
}

#[test]
fn the_incident_drill_at_80x24() {
    drill(80, 24);
}
