//! Logging goes to a file, and only when asked (`--log-level` or `SEKRET_LOG`).
//! Nothing logs secret values: the value type prints as `[redacted]`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::paths::{private_dir, state_dir};

/// The log file is rotated to `sekret.log.1` when it would pass this size,
/// so a long trace session cannot fill the disk.
pub const MAX_LOG_BYTES: u64 = 10 * 1024 * 1024;

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
    private_dir(&dir)?;
    let path = dir.join("sekret.log");
    let file = CappedFile::open(&path, MAX_LOG_BYTES)?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .init();
    Ok(path)
}

/// An append-only 0600 file that moves itself to `<path>.1` (replacing an
/// older one) before a write would take it past `cap` bytes.
pub struct CappedFile {
    path: PathBuf,
    file: File,
    size: u64,
    cap: u64,
}

impl CappedFile {
    pub fn open(path: &Path, cap: u64) -> io::Result<CappedFile> {
        let file = open_private(path)?;
        let size = file.metadata()?.len();
        Ok(CappedFile {
            path: path.to_path_buf(),
            file,
            size,
            cap,
        })
    }

    fn rotate(&mut self) -> io::Result<()> {
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        fs::rename(&self.path, &old)?;
        self.file = open_private(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

fn open_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
}

impl Write for CappedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size > 0 && self.size + buf.len() as u64 > self.cap {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_log_rotates_at_its_cap_and_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sekret.log");
        let mut log = CappedFile::open(&path, 100).unwrap();
        for _ in 0..25 {
            log.write_all(b"0123456789\n").unwrap();
        }
        let now = fs::metadata(&path).unwrap();
        let old = fs::metadata(dir.path().join("sekret.log.1")).unwrap();
        assert!(now.len() <= 100, "{}", now.len());
        assert!(old.len() <= 100, "{}", old.len());
        assert!(
            !dir.path().join("sekret.log.2").exists(),
            "one old file kept"
        );
        assert_eq!(now.permissions().mode() & 0o777, 0o600);
        assert_eq!(old.permissions().mode() & 0o777, 0o600);
    }
}
