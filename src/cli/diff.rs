//! `sekret diff`: compare two versions of a secret. Values are masked
//! unless `--reveal`; the JSON output carries values only with `--reveal`.

use clap::Args;
use serde::Serialize;

use super::history::HistoryEntry;
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::values::Which;
use crate::domain::diff::{Change, ValueDiff};
use crate::domain::secret::{AWSCURRENT, AWSPREVIOUS};
use crate::domain::value::{SecretValue, short_hash};
use crate::domain::version::{self, Version, short_id};

const MASK: &str = "••••••••";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Secret name or ARN
    pub name: String,
    /// The older side: a version id (or unique prefix) or a staging label
    #[arg(long, value_name = "ID|LABEL", default_value = AWSPREVIOUS)]
    pub from: String,
    /// The newer side: a version id (or unique prefix) or a staging label
    #[arg(long, value_name = "ID|LABEL", default_value = AWSCURRENT)]
    pub to: String,
    /// Print the values that differ (masked otherwise)
    #[arg(long)]
    pub reveal: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct DiffOutput {
    from: HistoryEntry,
    to: HistoryEntry,
    /// "json", "text" or "binary"
    kind: &'static str,
    identical: bool,
    summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keys: Vec<KeyOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lines: Vec<LineOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    binary: Option<BinaryOut>,
}

#[derive(Debug, Serialize)]
struct KeyOut {
    key: String,
    change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

#[derive(Debug, Serialize)]
struct LineOut {
    change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Debug, Serialize)]
struct BinaryOut {
    from_bytes: usize,
    to_bytes: usize,
    from_sha256: String,
    to_sha256: String,
}

pub async fn run(opts: &ConnectOptions, args: &DiffArgs) -> anyhow::Result<u8> {
    let clients = Clients::new(config::load(opts).await?);
    let versions = clients.list_versions(&args.name, true).await?;
    let pick = |wanted: &str| -> anyhow::Result<Version> {
        version::resolve(&versions, wanted)
            .cloned()
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.name))
    };
    let (from, to) = (pick(&args.from)?, pick(&args.to)?);
    let read = |v: &Version| {
        let clients = &clients;
        let id = v.id.clone();
        async move {
            clients
                .get_value(&args.name, &Which::Id(id.clone()))
                .await?
                .map(|r| r.value)
                .ok_or_else(|| anyhow::anyhow!("version {id} has no value"))
        }
    };
    let (a, b) = (read(&from).await?, read(&to).await?);
    let diff = ValueDiff::between(&a, &b);
    if args.json {
        let out = json_output(&from, &to, &diff, args.reveal);
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", text_output(&from, &to, &diff, args.reveal));
    }
    Ok(0)
}

fn shown(v: Option<&SecretValue>, reveal: bool) -> Option<String> {
    v.map(|v| {
        if reveal {
            // On a terminal, a revealed value is text to read, not to obey.
            crate::text::escaped(v.as_str().unwrap_or("")).into_owned()
        } else {
            MASK.to_string()
        }
    })
}

fn json_output(from: &Version, to: &Version, diff: &ValueDiff, reveal: bool) -> DiffOutput {
    let mut out = DiffOutput {
        from: from.into(),
        to: to.into(),
        kind: "text",
        identical: diff.identical(),
        summary: diff.summary(),
        keys: Vec::new(),
        lines: Vec::new(),
        binary: None,
    };
    // Values go into the JSON only when asked for.
    // JSON escapes control characters itself: the exact text goes in.
    let value = |v: Option<&SecretValue>| {
        v.filter(|_| reveal)
            .map(|v| v.as_str().unwrap_or("").to_string())
    };
    match diff {
        ValueDiff::Json(keys) => {
            out.kind = "json";
            out.keys = keys
                .iter()
                .map(|k| {
                    // Only values that differ are printed, even with --reveal.
                    let differs = k.change != Change::Unchanged;
                    KeyOut {
                        key: k.key.clone(),
                        change: k.change.word(),
                        from: value(k.from.as_ref().filter(|_| differs)),
                        to: value(k.to.as_ref().filter(|_| differs)),
                    }
                })
                .collect();
        }
        ValueDiff::Text(lines) => {
            out.lines = lines
                .iter()
                .map(|l| LineOut {
                    change: l.change.word(),
                    text: value(Some(&l.text)),
                })
                .collect();
        }
        ValueDiff::Binary {
            from_len,
            to_len,
            from_sha256,
            to_sha256,
        } => {
            out.kind = "binary";
            out.binary = Some(BinaryOut {
                from_bytes: *from_len,
                to_bytes: *to_len,
                from_sha256: hex(from_sha256),
                to_sha256: hex(to_sha256),
            });
        }
    }
    out
}

fn hex(hash: &[u8; 32]) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn describe(v: &Version) -> String {
    if v.stages.is_empty() {
        format!("{} (deprecated)", short_id(&v.id))
    } else {
        format!(
            "{} ({})",
            short_id(&v.id),
            crate::text::escaped(&v.stages.join(","))
        )
    }
}

fn text_output(from: &Version, to: &Version, diff: &ValueDiff, reveal: bool) -> String {
    let mut out = format!("from {}  to {}\n", describe(from), describe(to));
    out.push_str(&body(diff, reveal));
    out
}

/// What changed, values masked (for a conflict: what someone else changed).
pub fn masked_summary(diff: &ValueDiff) -> String {
    body(diff, false)
}

fn body(diff: &ValueDiff, reveal: bool) -> String {
    let mut out = format!("{}\n", diff.summary());
    match diff {
        ValueDiff::Json(keys) => {
            let names: Vec<String> = keys
                .iter()
                .map(|k| crate::text::escaped(&k.key).into_owned())
                .collect();
            let width = names.iter().map(|k| k.chars().count()).max().unwrap_or(0);
            for (k, name) in keys.iter().zip(&names) {
                let detail = match k.change {
                    Change::Unchanged => "unchanged".to_string(),
                    Change::Added => shown(k.to.as_ref(), reveal).unwrap_or_default(),
                    Change::Removed => shown(k.from.as_ref(), reveal).unwrap_or_default(),
                    Change::Changed => format!(
                        "{} → {}",
                        shown(k.from.as_ref(), reveal).unwrap_or_default(),
                        shown(k.to.as_ref(), reveal).unwrap_or_default()
                    ),
                };
                out.push_str(&format!("{} {:<width$}  {detail}\n", k.change.sign(), name));
            }
        }
        ValueDiff::Text(lines) => {
            for l in lines {
                out.push_str(&format!(
                    "{} {}\n",
                    l.change.sign(),
                    shown(Some(&l.text), reveal).unwrap_or_default()
                ));
            }
        }
        ValueDiff::Binary {
            from_len,
            to_len,
            from_sha256,
            to_sha256,
        } => {
            out.push_str(&format!(
                "size    {from_len} → {to_len} bytes\nsha256  {}… → {}…\n",
                short_hash(from_sha256),
                short_hash(to_sha256)
            ));
        }
    }
    out
}
