//! Logging goes to a file, and only when asked (`--log-level` or `SEKRET_LOG`).
//! Nothing logs secret values: the value type prints as `[redacted]`.

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// `$XDG_STATE_HOME/sekret`, else `~/.local/state/sekret`.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("sekret"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state/sekret"))
}

/// Start logging to `<state dir>/sekret.log` (created 0600); returns its path.
pub fn init(level: &str) -> io::Result<PathBuf> {
    // sekret's own events and the AWS SDK's (retries, timings, endpoints).
    // The SDK redacts operations whose output is sensitive (GetSecretValue),
    // even at trace; the leak tests check that with a canary.
    let directives = [
        "sekret",
        "aws_config",
        "aws_smithy_runtime",
        "aws_sdk_secretsmanager",
        "aws_sdk_cloudtrail",
        "aws_sdk_sts",
    ]
    .map(|target| format!("{target}={level}"))
    .join(",");
    let filter = EnvFilter::try_new(directives).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad log level {level:?}: {e}"),
        )
    })?;
    let dir = state_dir()
        .ok_or_else(|| io::Error::other("no HOME or XDG_STATE_HOME for the log file"))?;
    fs::create_dir_all(&dir)?;
    let path = dir.join("sekret.log");
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .init();
    Ok(path)
}
