//! Drive the real sekret binary in tmux, as a person would: type keys, read
//! the screen. Waits are on conditions with a deadline, never fixed sleeps.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One tmux server per test (its own socket): paste buffers and options
/// such as `set-clipboard` are the server's, and tests run in parallel.
pub struct Tmux {
    pub session: String,
}

impl Tmux {
    /// A new session running an interactive bash of the given size.
    pub fn start(width: u16, height: u16) -> Tmux {
        let session = format!(
            "t{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let status = tmux(&session)
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args([
                "env",
                "-i",
                "PATH=/usr/bin:/bin",
                "TERM=xterm-256color",
                "PS1=$ ",
                "bash",
                "--norc",
                "--noprofile",
            ])
            .status()
            .expect("tmux must be installed (apt-get install tmux)");
        assert!(status.success(), "tmux new-session failed");
        let t = Tmux { session };
        t.wait_for("$", Duration::from_secs(10));
        t
    }

    /// Type a line into the shell and press Enter.
    pub fn type_line(&self, line: &str) {
        self.send(&["-l", line]);
        self.send(&["Enter"]);
    }

    /// Send tmux key names (`q`, `Enter`, `C-c`, `Down`) or `-l TEXT`.
    pub fn send(&self, keys: &[&str]) {
        let status = tmux(&self.session)
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    pub fn screen(&self) -> String {
        let out = tmux(&self.session)
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run a tmux command against this server (e.g. `show-buffer`).
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = tmux(&self.session).args(args).output().expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format value of the pane, e.g. `#{alternate_on}`.
    pub fn pane_flag(&self, format: &str) -> String {
        let out = tmux(&self.session)
            .args(["display-message", "-p", "-t", &self.session, format])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Wait until the screen contains `text`; panics with the screen on timeout.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(timeout, &format!("{text:?} on screen"), |s| {
            s.contains(text)
        })
    }

    /// The pane's whole scrollback, not just the screen.
    pub fn history(&self) -> String {
        self.tmux(&[
            "capture-pane",
            "-p",
            "-t",
            &self.session,
            "-S",
            "-",
            "-E",
            "-",
        ])
    }

    /// The pid of the sekret running under the pane's shell.
    pub fn console_pid(&self) -> String {
        let out = Command::new("pgrep")
            .args(["-P", &self.pane_flag("#{pane_pid}"), "-x", "sekret"])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "sekret is running under the shell");
        pid
    }

    /// Send `signal` (`-TERM`, `-USR1`) to the sekret under the pane's
    /// shell (not to the shell).
    pub fn signal_console(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.console_pid()])
            .status()
            .expect("kill");
        assert!(status.success(), "signalled sekret");
    }

    /// Whether `text` is on screen within `timeout` (no panic).
    pub fn shows_within(&self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    pub fn wait_until(&self, timeout: Duration, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = tmux(&self.session).args(["kill-server"]).status();
    }
}

fn tmux(session: &str) -> Command {
    let mut cmd = Command::new("tmux");
    cmd.args(["-L", &format!("sekret-tests-{session}")]);
    cmd
}

/// The environment a console under test runs with: the emulator's
/// endpoint, static credentials, no profile files, `home` as HOME.
pub fn console_env<'a>(url: &'a str, home: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", super::ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", "x"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", url),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("HOME", home),
        // Reports and the audit log go under HOME/.local/state, the
        // config file under HOME/.config.
        ("XDG_STATE_HOME", ""),
        ("XDG_CONFIG_HOME", ""),
    ]
}

/// A script that runs sekret with exactly this environment: what a person
/// would type, without depending on the tmux server's environment.
pub fn launcher(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut script = String::from("#!/bin/sh\n");
    for (k, v) in env {
        script.push_str(&format!("export {k}='{v}'\n"));
    }
    script.push_str(&format!("exec '{}'", env!("CARGO_BIN_EXE_sekret")));
    for a in args {
        script.push_str(&format!(" '{a}'"));
    }
    script.push('\n');
    let path = dir.join("run-sekret");
    std::fs::write(&path, script).unwrap();
    Command::new("chmod").arg("+x").arg(&path).status().unwrap();
    path.display().to_string()
}
