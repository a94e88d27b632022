//! `sekret ls`: every secret (all pages), metadata only.

use clap::Args;
use serde::Serialize;

use super::{iso, table};
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
    /// Print a JSON array (fields documented in the README)
    #[arg(long)]
    pub json: bool,
    /// List page by page instead of over name prefixes in parallel
    #[arg(long)]
    pub sequential: bool,
    /// List every enabled region concurrently, replicas marked with their replication status
    #[arg(long)]
    pub all_regions: bool,
}

/// One secret in `sekret ls --json`. Field names are a stable interface.
#[derive(Debug, Serialize)]
pub struct LsEntry {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub created: Option<String>,
    pub last_changed: Option<String>,
    pub last_accessed: Option<String>,
    pub rotation: LsRotation,
    pub deletion_date: Option<String>,
    pub tags: crate::domain::small_map::SmallMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct LsRotation {
    pub enabled: bool,
    /// AWSPENDING sits on a version that is not AWSCURRENT.
    pub pending: bool,
    pub rules: Option<String>,
    pub next: Option<String>,
    pub last_rotated: Option<String>,
    pub lambda_arn: Option<String>,
}

impl From<&SecretMeta> for LsEntry {
    fn from(s: &SecretMeta) -> Self {
        let rules = s.rotation.rules_label();
        LsEntry {
            name: s.name().to_string(),
            arn: s.arn().to_string(),
            description: s.description.as_deref().map(str::to_string),
            created: iso(s.created),
            last_changed: iso(s.last_changed),
            last_accessed: iso(s.last_accessed),
            rotation: LsRotation {
                enabled: s.rotation.enabled,
                pending: s.pending_rotation(),
                rules: (!rules.is_empty()).then_some(rules),
                next: iso(s.rotation.next.filter(|_| s.rotation.enabled)),
                last_rotated: iso(s.rotation.last_rotated),
                lambda_arn: s.rotation.lambda_arn.clone(),
            },
            deletion_date: iso(s.deletion_date),
            tags: s
                .tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

pub async fn run(
    opts: &ConnectOptions,
    strategy: Strategy,
    configured_regions: &[String],
    args: &LsArgs,
) -> anyhow::Result<u8> {
    if args.all_regions {
        return super::ls_regions::run(opts, strategy, configured_regions, args).await;
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

/// `--filter`: the name contains the text, case-insensitively.
pub fn matches_filter(name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|text| name.to_lowercase().contains(&text.to_lowercase()))
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
