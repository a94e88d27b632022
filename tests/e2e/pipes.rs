//! Commands at the ends of pipes: a reader that goes away ends the command
//! quietly, an endless writer cannot grow memory, and the log level is
//! only a level.

use std::process::Stdio;

use serde_json::json;

use crate::common::{Emulator, mutating};

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    let secrets: Vec<_> = (0..300)
        .map(|i| json!({"name": format!("svc/prod/key-{i:03}"), "versions": [{"value": "v"}]}))
        .collect();
    emu.seed(json!({"secrets": secrets}));
    emu
}

/// `sekret ARGS | head -c 1`: no panic, no error text, never exit 101.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let emu = seeded();
    let bin = env!("CARGO_BIN_EXE_sekret");
    for args in [
        "ls --json",
        "ls",
        "completions bash",
        "man",
        "events --since 1d --json",
    ] {
        let cmd = emu.sekret();
        let line =
            format!("{bin} {args} | head -c 1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"");
        let out = std::process::Command::new("bash")
            .args(["-c", &line])
            .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env_remove("AWS_PROFILE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.trim().is_empty(), "{args}: {stderr}");
        assert!(!stdout.contains("status=101"), "{args}: {stdout}");
        assert!(
            stdout.contains("status=0") || stdout.contains("status=141"),
            "{args}: {stdout}"
        );
    }
}

/// `put --from-file /dev/zero` reads one byte past the limit and stops.
#[test]
fn an_endless_value_is_refused_at_the_limit() {
    let emu = seeded();
    let out = emu
        .sekret()
        .args([
            "put",
            "svc/prod/key-000",
            "--from-file",
            "/dev/zero",
            "--yes",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("more than 65536 bytes"), "{stderr}");
    assert!(mutating(&emu.calls()).is_empty());
}

#[test]
fn the_log_level_is_only_a_level() {
    let emu = seeded();
    for bad in ["trace,trace", "aws_smithy_runtime=trace", "loud"] {
        let out = emu
            .sekret()
            .args(["--log-level", bad, "ls"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let out = emu
            .sekret()
            .env("SEKRET_LOG", bad)
            .arg("ls")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "SEKRET_LOG={bad}");
    }
}

/// Whichever of the log, the audit log or a report makes the state
/// directory first, it is the owner's alone.
#[test]
fn the_log_makes_a_private_state_directory() {
    use std::os::unix::fs::PermissionsExt;
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let out = emu
        .sekret()
        .env("XDG_STATE_HOME", state.path().join("fresh"))
        .args(["--log-level", "info", "ls"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for dir in ["fresh", "fresh/sekret"] {
        let mode = std::fs::metadata(state.path().join(dir))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{dir}");
    }
    let log = std::fs::metadata(state.path().join("fresh/sekret/sekret.log")).unwrap();
    assert_eq!(log.permissions().mode() & 0o777, 0o600);
}
