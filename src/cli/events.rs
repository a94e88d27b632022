//! `sekret events`: who did what, from CloudTrail. For one secret (NAME),
//! for all Secrets Manager activity, or for one principal / access key;
//! as a table, a JSON array (`--json`), or an incident report
//! (`--format markdown|json`). Within the LookupEvents budget; never a value.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::error::AwsError;
use crate::domain::event::{self, AccessEvent, Completeness, Pivot, Target, short_agent};
use crate::domain::report::EventEntry;
use crate::ops::audit_log::AuditLog;
use crate::ops::incident;

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Secret name or ARN (default: all Secrets Manager activity)
    pub name: Option<String>,
    /// How far back: 30m, 24h, 7d … (at most 90d, CloudTrail's history)
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_since)]
    pub since: i64,
    /// Only this principal: a user/role name, `user/alice`, `role/x`, or an ARN
    #[arg(long, value_name = "P", conflicts_with = "access_key")]
    pub principal: Option<String>,
    /// Only calls made with this access key id
    #[arg(long, value_name = "K")]
    pub access_key: Option<String>,
    /// Print the events as a JSON array
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// table (default), or an incident report: for NAME, or with
    /// --principal / --access-key for that principal (markdown or json)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to this file (created 0600) instead of stdout
    #[arg(long, value_name = "FILE", requires = "format")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Markdown,
    Json,
}

/// `90m`, `24h`, `7d`, `2w`, `3600s` → seconds; 1 s to 90 days.
pub fn parse_since(text: &str) -> Result<i64, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a number and a unit, like 24h or 7d"))?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("{text:?}: the unit must be s, m, h, d or w")),
    };
    let seconds = n.saturating_mul(scale);
    if !(1..=90 * 86_400).contains(&seconds) {
        return Err(format!(
            "{text:?}: CloudTrail keeps 90 days of events; choose 1s to 90d"
        ));
    }
    Ok(seconds)
}

pub async fn run(opts: &ConnectOptions, args: &EventsArgs) -> anyhow::Result<u8> {
    let clients = Clients::new(config::load(opts).await?);
    let until = chrono::Utc::now().timestamp();
    let since = until - args.since;
    let report = matches!(args.format, Some(Format::Markdown | Format::Json));
    if report {
        let Some(name) = &args.name else {
            return principal_report(&clients, args, since, until).await;
        };
        let data =
            incident::gather(&clients, name, since, until, &AuditLog::default_location()).await?;
        warn_partial(data.completeness);
        let text = match args.format {
            Some(Format::Json) => serde_json::to_string_pretty(&data.report().json())? + "\n",
            _ => data.report().markdown(),
        };
        return write_out(&args.output, &text);
    }

    let target = match (&args.name, &args.principal, &args.access_key) {
        (Some(name), ..) => match clients.describe_secret(name).await {
            Ok(meta) => Target::Secret {
                arn: meta.arn().to_string(),
                name: meta.name().to_string(),
            },
            // CloudTrail may be readable when the secret is not (or is gone):
            // match on what was given.
            Err(err @ (AwsError::AccessDenied { .. } | AwsError::NotFound { .. })) => {
                eprintln!("warning: {err}; matching events on {name:?} as given");
                let short = event::name_from_arn(name).to_string();
                Target::Secret {
                    arn: name.clone(),
                    name: short,
                }
            }
            Err(err) => return Err(err.into()),
        },
        // Without a secret, ask CloudTrail for the principal directly when
        // its Username index can answer; else read every Secrets Manager
        // event and match what the timeline shows.
        (None, Some(p), _) => match username_of(p) {
            Some(user) => Target::Pivot(Pivot::Username(user)),
            None => Target::All,
        },
        (None, None, Some(k)) => Target::Pivot(Pivot::AccessKey(k.clone())),
        (None, None, None) => Target::All,
    };
    let mut events = Vec::new();
    let completeness = clients
        .lookup_events(&target, since, None, |page, _| {
            event::merge(&mut events, page)
        })
        .await?;
    events.retain(|e| keep(e, args));
    warn_partial(completeness);
    if args.json {
        let entries: Vec<EventEntry> = events.iter().map(EventEntry::from).collect();
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(0);
    }
    let rows: Vec<[String; 7]> = events
        .iter()
        .map(|e| {
            [
                super::iso(Some(e.time)).unwrap_or_default(),
                e.name.clone(),
                e.secret_label(),
                e.principal(),
                e.source_ip.clone(),
                short_agent(&e.user_agent).to_string(),
                e.result().to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        super::table(
            &[
                "TIME",
                "EVENT",
                "SECRET",
                "PRINCIPAL",
                "SOURCE IP",
                "AGENT",
                "RESULT"
            ],
            &rows
        )
    );
    Ok(0)
}

/// CloudTrail's Username (the lookup attribute) for a principal as the
/// timeline shows it or as an ARN: an IAM user's name, an assumed role's
/// session name. None when the Username cannot say: `role/x` (any session
/// of the role) or a caller from another account (`111122223333:role/x`).
fn username_of(principal: &str) -> Option<String> {
    let resource = match principal.strip_prefix("arn:") {
        Some(_) => principal.splitn(6, ':').nth(5)?,
        None if principal.contains(':') => return None,
        None => principal,
    };
    let parts: Vec<&str> = resource.split('/').collect();
    match parts.as_slice() {
        [name] => Some(name.to_string()),
        ["user", .., name] => Some(name.to_string()),
        ["sso", _, session] | ["assumed-role", _, session] => Some(session.to_string()),
        _ => None,
    }
}

/// `--principal P` or `--access-key K` with `--format`: the blast radius
/// report, written even when part of the data is missing (it says what).
async fn principal_report(
    clients: &Clients,
    args: &EventsArgs,
    since: i64,
    until: i64,
) -> anyhow::Result<u8> {
    let pivot = match (&args.principal, &args.access_key) {
        (Some(p), _) => principal_pivot(p),
        (None, Some(k)) => Pivot::AccessKey(k.clone()),
        (None, None) => bail!(
            "a report is about one secret (NAME) or one principal (--principal / --access-key)"
        ),
    };
    let data = incident::gather_principal(clients, pivot, since, until).await;
    warn_partial(data.completeness);
    for missing in &data.missing {
        eprintln!("warning: not in the report: {missing}");
    }
    let text = match args.format {
        Some(Format::Json) => serde_json::to_string_pretty(&data.report().json())? + "\n",
        _ => data.report().markdown(),
    };
    write_out(&args.output, &text)
}

/// The pivot for `--principal`: CloudTrail's Username when it can say,
/// else the principal as the timeline shows it (`role/x`: every session).
fn principal_pivot(principal: &str) -> Pivot {
    if let Some(user) = username_of(principal) {
        return Pivot::Username(user);
    }
    let shown = match principal.starts_with("arn:") {
        true => event::short_principal(principal),
        false => principal.to_string(),
    };
    Pivot::Principal(shown)
}

fn keep(e: &AccessEvent, args: &EventsArgs) -> bool {
    let principal_ok = match &args.principal {
        None => true,
        Some(p) => {
            e.principal() == *p
                || e.principal_arn.as_deref() == Some(p.as_str())
                || username_of(p).is_some_and(|u| e.username.as_deref() == Some(u.as_str()))
        }
    };
    let key_ok = match &args.access_key {
        None => true,
        Some(k) => e.access_key.as_deref() == Some(k.as_str()),
    };
    principal_ok && key_ok
}

fn warn_partial(completeness: Completeness) {
    if let Completeness::Truncated { scanned } = completeness {
        eprintln!(
            "warning: stopped after {scanned} events (the LookupEvents page limit); \
             older events in the window were not read — narrow --since"
        );
    }
}

fn write_out(output: &Option<PathBuf>, text: &str) -> anyhow::Result<u8> {
    match output {
        None => print!("{text}"),
        Some(path) => {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            file.write_all(text.as_bytes())?;
            eprintln!("report written to {}", path.display());
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_since("24h"), Ok(86_400));
        assert_eq!(parse_since("90d"), Ok(90 * 86_400));
        assert_eq!(parse_since("30m"), Ok(1800));
        assert!(parse_since("91d").is_err());
        assert!(parse_since("0h").is_err());
        assert!(parse_since("h").is_err());
        assert!(parse_since("5y").is_err());
    }

    #[test]
    fn principals_become_usernames() {
        let user = |p: &str| username_of(p);
        assert_eq!(user("user/alice").as_deref(), Some("alice"));
        assert_eq!(user("arn:aws:iam::1:user/alice").as_deref(), Some("alice"));
        assert_eq!(user("alice").as_deref(), Some("alice"));
        assert_eq!(
            user("sso/Admin/jane@example.com").as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(
            user("arn:aws:sts::1:assumed-role/deploy/i-0abc").as_deref(),
            Some("i-0abc")
        );
        assert_eq!(user("role/deploy-bot"), None);
        assert_eq!(user("111122223333:role/x"), None);
    }
}
