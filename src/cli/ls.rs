//! `sekret ls`: every secret (all pages), metadata only.

use clap::Args;

use super::entry::{LsEntry, matches_filter};
use super::table;
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::listing::{Collect, Strategy};
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::text::format;

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only names containing TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Print a JSON array (fields documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
    /// List page by page instead of over name prefixes in parallel
    #[arg(long)]
    pub sequential: bool,
    /// List every enabled region concurrently, replicas marked with their replication status
    #[arg(long)]
    pub all_regions: bool,
}

pub async fn run(
    opts: &ConnectOptions,
    strategy: Strategy,
    configured_regions: &[String],
    args: &LsArgs,
) -> anyhow::Result<u8> {
    if args.all_regions {
        return super::ls_regions::run(
            opts,
            strategy,
            configured_regions,
            args.filter.as_deref(),
            args.json,
        )
        .await;
    }
    let clients = Clients::new(config::load(opts).await?);
    let mut collected = Collect(Vec::new());
    let stats = clients.list_streaming(strategy, &mut collected).await?;
    if stats.fell_back {
        eprintln!(
            "sekret: warning: the parallel listing missed secrets the plain listing shows; \
             listed again page by page (--sequential skips the first attempt)"
        );
    }
    let mut secrets = collected.0;
    secrets.retain(|s| matches_filter(s.name(), args.filter.as_deref()));
    secrets.sort_by(|a, b| a.name().cmp(b.name()));
    if args.json {
        // Streamed: 100,000 entries need not sit in memory twice first.
        use serde::Serializer;
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::Serializer::pretty(&mut out).collect_seq(secrets.iter().map(LsEntry::from))?;
        writeln!(out)?;
        out.flush()?;
    } else {
        let now = chrono::Utc::now().timestamp();
        print!("{}", secrets_table(&secrets, now));
    }
    Ok(0)
}

pub fn secrets_table(secrets: &[SecretMeta], now: Timestamp) -> String {
    let rows: Vec<[String; 5]> = secrets
        .iter()
        .map(|s| {
            let mut rotation = if s.rotation.enabled {
                format!("on {}", s.rotation.rules_label())
                    .trim()
                    .to_string()
            } else {
                "off".to_string()
            };
            if s.pending_rotation() {
                rotation.push_str(" PENDING");
            }
            [
                s.name().to_string(),
                s.last_changed
                    .map(format::date)
                    .unwrap_or_else(|| "-".into()),
                s.last_accessed
                    .map(|t| format::access_day(t, now))
                    .unwrap_or_else(|| "never".into()),
                rotation,
                s.deletion_date
                    .map(|t| format!("deletes {}", format::date(t)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &["NAME", "CHANGED", "ACCESSED", "ROTATION", "DELETION"],
        &rows,
    )
}
