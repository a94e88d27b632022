//! `sekret history`: every version of a secret (ListSecretVersionIds, all
//! pages), newest first. Metadata only.

use clap::Args;
use serde::Serialize;

use super::iso;
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::version::Version;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Secret name or ARN
    pub name: String,
    /// Include deprecated (unlabeled) versions
    #[arg(long)]
    pub include_deprecated: bool,
    /// Print a JSON array
    #[arg(long)]
    pub json: bool,
}

/// One version in `sekret history --json`.
#[derive(Debug, Serialize)]
pub struct HistoryEntry {
    pub version_id: String,
    pub stages: Vec<String>,
    pub created: Option<String>,
    pub last_accessed: Option<String>,
}

impl From<&Version> for HistoryEntry {
    fn from(v: &Version) -> Self {
        HistoryEntry {
            version_id: v.id.clone(),
            stages: v.stages.clone(),
            created: iso(v.created),
            last_accessed: iso(v.last_accessed),
        }
    }
}

pub async fn run(opts: &ConnectOptions, args: &HistoryArgs) -> anyhow::Result<u8> {
    let clients = Clients::new(config::load(opts).await?);
    let versions = clients
        .list_versions(&args.name, args.include_deprecated)
        .await?;
    if args.json {
        let entries: Vec<HistoryEntry> = versions.iter().map(HistoryEntry::from).collect();
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(0);
    }
    let rows: Vec<[String; 4]> = versions
        .iter()
        .map(|v| {
            let e = HistoryEntry::from(v);
            [
                e.version_id,
                if e.stages.is_empty() {
                    "(deprecated)".into()
                } else {
                    e.stages.join(",")
                },
                e.created.unwrap_or_else(|| "-".into()),
                e.last_accessed.unwrap_or_else(|| "never".into()),
            ]
        })
        .collect();
    print!(
        "{}",
        super::table(&["VERSION", "LABELS", "CREATED", "LAST ACCESSED"], &rows)
    );
    Ok(0)
}
