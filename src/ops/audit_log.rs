//! The audit log file: one JSON line per mutating action, appended to
//! `$XDG_STATE_HOME/sekret/audit.jsonl` (else `~/.local/state/sekret/`),
//! created 0600 in a 0700 directory. Reports read it back.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::aws::Clients;
use crate::domain::audit::{AuditRecord, rfc3339};
use crate::domain::error::AwsError;

pub use crate::paths::{private_dir, state_dir};

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: Option<PathBuf>,
}

impl AuditLog {
    /// The usual place (see the module comment).
    pub fn default_location() -> AuditLog {
        AuditLog {
            path: state_dir().map(|d| d.join("audit.jsonl")),
        }
    }

    pub fn at(path: PathBuf) -> AuditLog {
        AuditLog { path: Some(path) }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Make sure a line can be appended (the directory and the file can be
    /// made and opened), without writing one: checked before a change, so
    /// a change is never made that the log cannot record.
    pub fn check_writable(&self) -> io::Result<()> {
        self.open_for_append().map(drop)
    }

    pub fn append(&self, record: &AuditRecord) -> io::Result<()> {
        let mut line = serde_json::to_string(record).map_err(io::Error::other)?;
        line.push('\n');
        // One write per line: concurrent writers append whole lines.
        self.open_for_append()?.write_all(line.as_bytes())
    }

    /// The log file, made 0600 in a private directory if need be.
    fn open_for_append(&self) -> io::Result<fs::File> {
        let Some(path) = &self.path else {
            return Err(io::Error::other("no state directory (HOME is not set)"));
        };
        if let Some(dir) = path.parent() {
            private_dir(dir)?;
        }
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
    }

    /// Every record, oldest first; a missing file is an empty log and a
    /// line that does not parse is skipped.
    pub fn read(&self) -> io::Result<Vec<AuditRecord>> {
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        let file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str(&l).ok())
            .collect())
    }
}

/// Append one line for an action that reached AWS: who, where, what,
/// which versions, and how it ended. A log that cannot be written is
/// reported in the tracing log; the action itself has happened, and its
/// outcome is shown to the operator either way.
pub async fn record<T>(
    log: &AuditLog,
    clients: &Clients,
    action: &str,
    arn: &str,
    versions: (Option<&str>, Option<&str>),
    detail: Option<String>,
    result: &Result<T, AwsError>,
) {
    let ctx = &clients.ctx;
    let record = AuditRecord {
        time: rfc3339(chrono::Utc::now().timestamp()),
        profile: ctx.profile.clone(),
        region: ctx.region.clone(),
        caller: clients.caller_arn().await,
        action: action.to_string(),
        secret_arn: arn.to_string(),
        version_before: versions.0.map(str::to_string),
        version_after: versions.1.map(str::to_string),
        detail,
        outcome: match result {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        },
    };
    if let Err(e) = log.append(&record) {
        tracing::error!(error = %e, action, "could not write the audit log");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn appends_lines_owner_only_and_reads_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(dir.path().join("state/sekret/audit.jsonl"));
        assert!(log.read().unwrap().is_empty());
        let record = AuditRecord {
            time: "2026-11-22T10:00:00Z".into(),
            profile: Some("prod".into()),
            region: "us-east-1".into(),
            caller: Some("arn:aws:iam::1:user/op".into()),
            action: "rollback".into(),
            secret_arn: "arn:s".into(),
            version_before: Some("b".into()),
            version_after: Some("a".into()),
            detail: None,
            outcome: "ok".into(),
        };
        log.append(&record).unwrap();
        log.append(&record).unwrap();
        assert_eq!(log.read().unwrap(), vec![record.clone(), record]);
        let mode = fs::metadata(log.path().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = fs::metadata(log.path().unwrap().parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }
}
