//! Gathering and writing incident reports: the I/O around
//! `domain::report`. Shared by the console (`x`) and `sekret events
//! --format markdown|json`.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::aws::Clients;
use crate::domain::audit::AuditRecord;
use crate::domain::error::AwsError;
use crate::domain::event::{self, AccessEvent, Completeness, Target};
use crate::domain::report::Report;
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::domain::version::Version;
use crate::ops::audit_log::{AuditLog, private_dir};

/// What a report is made of, read from AWS and the audit log.
pub struct ReportData {
    pub meta: SecretMeta,
    pub versions: Vec<Version>,
    pub events: Vec<AccessEvent>,
    pub completeness: Completeness,
    pub actions: Vec<AuditRecord>,
    pub since: Timestamp,
    pub until: Timestamp,
}

impl ReportData {
    pub fn report(&self) -> Report<'_> {
        Report {
            meta: &self.meta,
            versions: &self.versions,
            events: &self.events,
            completeness: self.completeness,
            since: self.since,
            until: self.until,
            actions: &self.actions,
        }
    }
}

/// Metadata, labelled versions, the window's events (within the
/// LookupEvents budget) and this console's actions on the secret.
pub async fn gather(
    clients: &Clients,
    secret_id: &str,
    since: Timestamp,
    until: Timestamp,
    audit: &AuditLog,
) -> Result<ReportData, AwsError> {
    let meta = clients.describe_secret(secret_id).await?;
    let versions = clients
        .list_versions(&meta.arn().to_string(), false)
        .await?;
    let target = Target::Secret {
        arn: meta.arn().to_string(),
        name: meta.name().to_string(),
    };
    let mut events = Vec::new();
    let completeness = clients
        .lookup_events(&target, since, None, |page, _| {
            event::merge(&mut events, page)
        })
        .await?;
    // A report without the audit lines is still worth having; say so in them.
    let actions = match audit.read() {
        Ok(all) => all
            .into_iter()
            .filter(|a| a.secret_arn == meta.arn())
            .filter(|a| a.timestamp().is_some_and(|t| t >= since))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "audit log unreadable for the report");
            Vec::new()
        }
    };
    Ok(ReportData {
        meta,
        versions,
        events,
        completeness,
        actions,
        since,
        until,
    })
}

/// Write `text` to a new file `dir/<secret>-<time>.<ext>`, created 0600 in
/// a 0700 directory; never overwrites an existing file.
pub fn write(
    dir: &Path,
    name: &str,
    when: Timestamp,
    ext: &str,
    text: &str,
) -> io::Result<PathBuf> {
    private_dir(dir)?;
    let stamp = chrono::DateTime::from_timestamp(when, 0)
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default();
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{safe}-{stamp}.{ext}"));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn reports_are_private_files_named_after_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("reports");
        let path = write(&reports, "shop/prod/db", 0, "md", "# r\n").unwrap();
        assert_eq!(
            path.file_name().unwrap().to_str().unwrap(),
            "shop_prod_db-19700101T000000Z.md"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(write(&reports, "shop/prod/db", 0, "md", "again").is_err());
    }
}
