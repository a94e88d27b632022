//! `sekret ls --all-regions`: every enabled region, replicas marked.

use serde::Serialize;

use super::entry::{LsEntry, matches_filter};
use crate::aws::config::ConnectOptions;
use crate::aws::listing::Strategy;
use crate::ops::regions::{self, Regional, Role};
use crate::text::regions::{notes, regional_table};

/// One secret in one region (`--all-regions --json`): the `ls` fields
/// plus where it is and how it is replicated.
#[derive(Debug, Serialize)]
pub struct RegionalEntry {
    pub region: String,
    #[serde(flatten)]
    pub secret: LsEntry,
    pub replication: Replication,
}

#[derive(Debug, Serialize)]
pub struct Replication {
    /// "single", "primary" or "replica".
    pub role: &'static str,
    pub primary_region: Option<String>,
    /// For a primary: the regions its replicas were listed in.
    pub replica_regions: Vec<String>,
    /// For a replica: the status its primary reports (InSync, InProgress, Failed).
    pub status: Option<String>,
    pub status_message: Option<String>,
    /// For a replica whose status could not be read: why.
    pub status_error: Option<String>,
}

impl From<&Regional> for RegionalEntry {
    fn from(r: &Regional) -> Self {
        let replication = match &r.role {
            Role::Single => Replication {
                role: "single",
                primary_region: None,
                replica_regions: Vec::new(),
                status: None,
                status_message: None,
                status_error: None,
            },
            Role::Primary { replicas } => Replication {
                role: "primary",
                primary_region: Some(r.region.clone()),
                replica_regions: replicas.clone(),
                status: None,
                status_message: None,
                status_error: None,
            },
            Role::Replica {
                primary,
                status,
                message,
                status_error,
            } => Replication {
                role: "replica",
                primary_region: Some(primary.clone()),
                replica_regions: Vec::new(),
                status: status.clone(),
                status_message: message.clone(),
                status_error: status_error.clone(),
            },
        };
        RegionalEntry {
            region: r.region.clone(),
            secret: LsEntry::from(&r.meta),
            replication,
        }
    }
}

pub async fn run(
    opts: &ConnectOptions,
    strategy: Strategy,
    configured: &[String],
    filter: Option<&str>,
    json: bool,
) -> anyhow::Result<u8> {
    let mut all = regions::list(opts, strategy, configured).await?;
    all.secrets
        .retain(|r| matches_filter(r.meta.name(), filter));
    if json {
        let entries: Vec<RegionalEntry> = all.secrets.iter().map(RegionalEntry::from).collect();
        println!("{}", serde_json::to_string_pretty(&entries)?);
    } else {
        print!("{}", regional_table(&all));
    }
    for line in notes(&all) {
        eprintln!("sekret: {line}");
    }
    // Partial results are printed, and the exit code says they are partial.
    Ok(if all.failed.is_empty() { 0 } else { 1 })
}
