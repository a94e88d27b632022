//! Shared by the end-to-end tests: a real emulator process, and the real
//! sekret binary pointed at it.
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod headless;
pub mod proxy;
pub mod tmux;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

pub const ACCESS_KEY: &str = "AKIAOPERATOR00000001";
pub const ACCOUNT: &str = "123456789012";

/// How long the emulator may take to start: a fresh machine builds its venv first.
const START_TIMEOUT: Duration = Duration::from_secs(600);

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running emulator, stopped when dropped.
pub struct Emulator {
    pub url: String,
    child: Child,
}

impl Emulator {
    /// Start `scripts/emulator` with these arguments on a free port.
    /// Panics with the reason when it cannot start: tests never skip.
    pub fn start(args: &[&str]) -> Emulator {
        let script = repo_root().join("scripts/emulator");
        let mut child = Command::new(&script)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("the emulator did not print EMULATOR_URL within {START_TIMEOUT:?}");
            }
        };
        let Some(url) = line.trim().strip_prefix("EMULATOR_URL=") else {
            let status = child.wait().ok();
            panic!(
                "the emulator did not start (exit {status:?}); first line: {line:?}. \
                 Run scripts/emulator by hand to see why."
            );
        };
        Emulator {
            url: url.to_string(),
            child,
        }
    }

    /// Start with one of the repo's seed files.
    pub fn with_seed(seed: &Path) -> Emulator {
        Emulator::start(&["--seed", seed.to_str().expect("utf-8 path")])
    }

    /// The sekret binary, configured for this emulator and nothing else:
    /// fixed static credentials, no profile files, no instance metadata.
    pub fn sekret(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
        isolate_aws_env(&mut cmd);
        cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", "emulator-does-not-check-this")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &self.url);
        cmd
    }

    pub fn calls(&self) -> Value {
        self.control("GET", "calls", None)
    }

    pub fn clear_calls(&self) {
        self.control("DELETE", "calls", None);
    }

    pub fn set_faults(&self, faults: Value) -> Value {
        self.control("POST", "faults", Some(faults))
    }

    pub fn seed(&self, seed: Value) -> Value {
        self.control("POST", "seed", Some(seed))
    }

    /// A request to the emulator's control API (`/_emulator/...`).
    pub fn control(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to the emulator");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            stream,
            "{method} /_emulator/{what} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("send to the emulator");
        let mut reply = String::new();
        stream
            .read_to_string(&mut reply)
            .expect("read the emulator's reply");
        let (head, payload) = reply.split_once("\r\n\r\n").expect("an HTTP reply");
        assert!(
            head.starts_with("HTTP/1.1 200"),
            "control call failed: {head}\n{payload}"
        );
        serde_json::from_str(payload).expect("JSON from the control API")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // SIGTERM lets it shut down cleanly; kill is the fallback.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Remove every AWS setting the developer's shell may have, so that tests
/// see only what they set, and never reach out to instance metadata.
pub fn isolate_aws_env(cmd: &mut Command) {
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") || key == "SEKRET_LOG" {
            cmd.env_remove(key);
        }
    }
    let empty = std::env::temp_dir().join("sekret-tests-no-aws-config");
    cmd.env("AWS_CONFIG_FILE", empty.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", empty.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    // Audit log and reports stay out of the real state directory (a test
    // that reads them sets its own XDG_STATE_HOME after this).
    let state = std::env::temp_dir().join(format!("sekret-tests-state-{}", std::process::id()));
    cmd.env("XDG_STATE_HOME", state);
    // No config file of the developer's (its read-only rules, say).
    cmd.env("XDG_CONFIG_HOME", empty.join("config-home"));
}

/// Run sekret with its audit log and reports under `state`, no terminal
/// on stdin (a confirmation needs `--yes`).
pub fn run_sekret(emu: &Emulator, state: &Path, args: &[&str]) -> std::process::Output {
    emu.sekret()
        .env("XDG_STATE_HOME", state)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Secrets Manager operations that change something.
pub const MUTATING: &[&str] = &[
    "PutSecretValue",
    "CreateSecret",
    "DeleteSecret",
    "RestoreSecret",
    "RotateSecret",
    "CancelRotateSecret",
    "UpdateSecretVersionStage",
    "UpdateSecret",
    "TagResource",
    "UntagResource",
    "PutResourcePolicy",
    "DeleteResourcePolicy",
    "ReplicateSecretToRegions",
];

/// The mutating operations in the call log, in order.
pub fn mutating(calls: &Value) -> Vec<String> {
    operations(calls)
        .into_iter()
        .filter(|o| MUTATING.contains(&o.as_str()))
        .collect()
}

/// A command's stdout, once it has succeeded (else its stderr, as the
/// failure).
pub fn stdout_of(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` whose bytes contain `needle`, and how many
/// files were read.
pub fn files_containing(dir: &Path, needle: &str) -> (Vec<String>, usize) {
    let (mut found, mut checked) = (Vec::new(), 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                checked += 1;
                if String::from_utf8_lossy(&bytes).contains(needle) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    (found, checked)
}

/// Operations in the call log, in order.
pub fn operations(calls: &Value) -> Vec<String> {
    calls
        .as_array()
        .expect("call log is an array")
        .iter()
        .map(|c| c["operation"].as_str().unwrap_or_default().to_string())
        .collect()
}
