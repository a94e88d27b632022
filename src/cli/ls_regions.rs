//! `sekret ls --all-regions`: every enabled region, replicas marked.

use serde::Serialize;

use super::ls::{LsArgs, LsEntry, matches_filter};
use super::table;
use crate::aws::config::ConnectOptions;
use crate::aws::listing::Strategy;
use crate::ops::regions::{self, AllRegions, RegionSource, Regional, Role};
use crate::text::format;

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
    args: &LsArgs,
) -> anyhow::Result<u8> {
    let mut all = regions::list(opts, strategy, configured).await?;
    all.secrets
        .retain(|r| matches_filter(r.meta.name(), args.filter.as_deref()));
    if args.json {
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

/// What the operator should know beside the table: where the regions
/// came from, and every region that could not be listed.
pub fn notes(all: &AllRegions) -> Vec<String> {
    let mut out = Vec::new();
    if all.source == Some(RegionSource::ConfigFile) {
        let why = all
            .list_regions_error
            .as_ref()
            .map(|e| format!(" (ListRegions: {e})"))
            .unwrap_or_default();
        out.push(format!(
            "note: regions from the config file's [listing] regions{why}"
        ));
    }
    for (region, err) in &all.failed {
        let hint = err.hint().map(|h| format!(" — {h}")).unwrap_or_default();
        out.push(format!("error: {region} not listed: {err}{hint}"));
    }
    out
}

/// The role column: `primary → eu-west-1`, `replica ← us-east-1 InSync`.
pub fn role_label(role: &Role) -> String {
    match role {
        Role::Single => String::new(),
        Role::Primary { replicas } => format!("primary → {}", replicas.join(",")),
        Role::Replica {
            primary,
            status,
            status_error,
            ..
        } => match (status, status_error) {
            (Some(status), _) => format!("replica ← {primary} {status}"),
            (None, Some(why)) => format!("replica ← {primary} (status unknown: {why})"),
            (None, None) => format!("replica ← {primary}"),
        },
    }
}

pub fn regional_table(all: &AllRegions) -> String {
    let rows: Vec<[String; 5]> = all
        .secrets
        .iter()
        .map(|r| {
            [
                r.region.clone(),
                r.meta.name().to_string(),
                role_label(&r.role),
                r.meta
                    .last_changed
                    .map(format::date)
                    .unwrap_or_else(|| "-".into()),
                r.meta
                    .deletion_date
                    .map(|t| format!("deletes {}", format::date(t)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = table(
        &["REGION", "NAME", "REPLICATION", "CHANGED", "DELETION"],
        &rows,
    );
    out.push_str(&format!(
        "{} secrets in {} of {} regions\n",
        all.secrets.len(),
        all.regions.len() - all.failed.len(),
        all.regions.len()
    ));
    out
}
