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
use std::collections::BTreeMap;

use crate::domain::blast::{BlastRadius, SinceRead};
use crate::domain::event::{self, AccessEvent, Completeness, Pivot, Target};
use crate::domain::principal_report::PrincipalReport;
use crate::domain::report::Report;
use crate::domain::secret::{AWSCURRENT, SecretMeta, Timestamp};
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
    pub missing: Vec<String>,
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
            missing: &self.missing,
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
    let mut missing = Vec::new();
    let (events, completeness) = lookup(clients, &target, since, &mut missing).await;
    // A report without the audit lines is still worth having; say so in them.
    let actions = match audit.read() {
        Ok(all) => all
            .into_iter()
            .filter(|a| a.secret_arn == meta.arn())
            .filter(|a| a.timestamp().is_some_and(|t| t >= since))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "audit log unreadable for the report");
            missing.push(format!("sekret's audit log: {e}"));
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
        missing,
    })
}

/// What a principal's report is made of. Never an error: what could not
/// be read is listed in `missing`, and the report says so.
pub struct PrincipalData {
    pub pivot: Pivot,
    pub events: Vec<AccessEvent>,
    pub completeness: Completeness,
    pub since_read: BTreeMap<String, SinceRead>,
    pub missing: Vec<String>,
    pub since: Timestamp,
    pub until: Timestamp,
}

impl PrincipalData {
    pub fn report(&self) -> PrincipalReport<'_> {
        PrincipalReport {
            subject: self.pivot.label(),
            events: &self.events,
            completeness: self.completeness,
            since_read: &self.since_read,
            missing: &self.missing,
            since: self.since,
            until: self.until,
        }
    }

    /// A file name for the report.
    pub fn file_stem(&self) -> String {
        match &self.pivot {
            Pivot::Username(u) | Pivot::Principal(u) => format!("principal-{u}"),
            Pivot::AccessKey(k) => format!("access-key-{k}"),
        }
    }
}

/// Everything `pivot` did in the window (within the LookupEvents budget),
/// then, for each secret it read, whether AWSCURRENT was made after the
/// last read: one DescribeSecret and one ListSecretVersionIds per secret
/// read, never a value.
pub async fn gather_principal(
    clients: &Clients,
    pivot: Pivot,
    since: Timestamp,
    until: Timestamp,
) -> PrincipalData {
    let target = Target::Pivot(pivot.clone());
    let mut missing = Vec::new();
    let (events, completeness) = lookup(clients, &target, since, &mut missing).await;
    let mut since_read = BTreeMap::new();
    for touch in BlastRadius::of(&events).read() {
        let status = match current_since(clients, &touch.secret).await {
            Ok(made) => SinceRead::of(touch.last_read, made),
            Err(err) => {
                missing.push(format!("{}: {err}", touch.secret));
                SinceRead::Unknown(err.short())
            }
        };
        since_read.insert(touch.secret.clone(), status);
    }
    PrincipalData {
        pivot,
        events,
        completeness,
        since_read,
        missing,
        since,
        until,
    }
}

/// The window's events for `target`. CloudTrail down or throttled still
/// leaves a report worth having: what was read before it failed, and the
/// failure in `missing`.
async fn lookup(
    clients: &Clients,
    target: &Target,
    since: Timestamp,
    missing: &mut Vec<String>,
) -> (Vec<AccessEvent>, Completeness) {
    let mut events = Vec::new();
    let result = clients
        .lookup_events(target, since, None, |page, _| {
            event::merge(&mut events, page)
        })
        .await;
    let completeness = result.unwrap_or_else(|err| {
        missing.push(format!(
            "CloudTrail events: {err} — only the {} event(s) read before it are listed",
            events.len()
        ));
        Completeness::Complete
    });
    (events, completeness)
}

/// When the secret's current value was made (AWSCURRENT's version date).
async fn current_since(clients: &Clients, secret: &str) -> Result<Option<Timestamp>, AwsError> {
    let meta = clients.describe_secret(secret).await?;
    let versions = clients
        .list_versions(&meta.arn().to_string(), false)
        .await?;
    Ok(versions
        .iter()
        .find(|v| v.has(AWSCURRENT))
        .and_then(|v| v.created))
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
