//! `sekret audit`: which secrets need attention — the findings of every
//! check (README: Posture) as a table, JSON or a Markdown report. From
//! metadata and resource policies only: never a value.

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::listing::Strategy;
use crate::domain::findings::{Finding, Severity, Tally, Thresholds};
use crate::domain::report::cell;
use crate::ops::posture::{self, Posture};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Print the findings as JSON (fields documented in the README)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// table (default), markdown (a report) or json
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when a finding is at this severity or above: critical, high, medium, low, info
    #[arg(long, value_name = "SEVERITY", value_parser = Severity::parse)]
    pub fail_on: Option<Severity>,
    /// Only secrets whose names contain TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Markdown,
    Json,
}

pub async fn run(
    opts: &ConnectOptions,
    strategy: Strategy,
    limits: &Thresholds,
    args: &AuditArgs,
) -> anyhow::Result<u8> {
    let clients = Clients::new(config::load(opts).await?);
    let now = chrono::Utc::now().timestamp();
    let found = posture::gather(&clients, strategy, args.filter.as_deref(), limits, now).await?;
    for (name, why) in found.unread() {
        eprintln!(
            "sekret: policy of {} not read: {}",
            crate::text::escaped(name),
            crate::text::escaped(&why)
        );
    }
    let format = if args.json {
        Format::Json
    } else {
        args.format.unwrap_or(Format::Table)
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&json(&found))?),
        Format::Markdown => print!("{}", markdown(&found, now)),
        Format::Table => print!("{}", table(&found.tally)),
    }
    Ok(match args.fail_on {
        Some(at) if found.tally.any_at_least(at) => 1,
        _ => 0,
    })
}

/// `sekret audit --json`: field names are stable (README: Posture).
#[derive(Serialize)]
pub struct AuditJson<'a> {
    pub score: u8,
    pub secrets: usize,
    /// Secrets whose resource policy could not be read: the policy checks
    /// did not decide them.
    pub policies_unknown: usize,
    pub counts: Counts,
    pub checks: Vec<CheckJson>,
    pub findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize, Default)]
pub struct Counts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

#[derive(Serialize)]
pub struct CheckJson {
    pub id: &'static str,
    pub security_hub: Option<&'static str>,
    pub title: &'static str,
    pub evaluated: usize,
    pub failing: usize,
    pub score: u8,
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct FindingJson<'a> {
    pub check: &'static str,
    pub severity: Severity,
    pub secret: &'a str,
    pub arn: &'a str,
    pub reason: &'a str,
    pub advice: &'static str,
}

fn counts(of: impl Fn(Severity) -> usize) -> Counts {
    Counts {
        critical: of(Severity::Critical),
        high: of(Severity::High),
        medium: of(Severity::Medium),
        low: of(Severity::Low),
        info: of(Severity::Info),
    }
}

pub fn json(found: &Posture) -> AuditJson<'_> {
    let tally = &found.tally;
    AuditJson {
        score: tally.score(),
        secrets: tally.secrets,
        policies_unknown: tally.policies_unknown,
        counts: counts(|s| tally.count(s)),
        checks: tally
            .rows
            .iter()
            .map(|r| CheckJson {
                id: r.check.slug,
                security_hub: r.check.security_hub,
                title: r.check.title,
                evaluated: r.evaluated,
                failing: r.failing(),
                score: r.score(),
                counts: counts(|s| r.count(s)),
            })
            .collect(),
        findings: tally.findings.iter().map(finding_json).collect(),
    }
}

fn finding_json(f: &Finding) -> FindingJson<'_> {
    FindingJson {
        check: f.check.slug(),
        severity: f.severity,
        secret: &f.secret,
        arn: &f.arn,
        reason: &f.reason,
        advice: f.advice(),
    }
}

/// The checks with their counts, then every finding.
pub fn table(tally: &Tally) -> String {
    let mut out = format!(
        "score {} · {} secrets · {} critical · {} high · {} medium · {} low",
        tally.score(),
        crate::text::format::thousands(tally.secrets),
        tally.count(Severity::Critical),
        tally.count(Severity::High),
        tally.count(Severity::Medium),
        tally.count(Severity::Low),
    );
    if tally.policies_unknown > 0 {
        out.push_str(&format!(
            " · {} policies not read",
            crate::text::format::thousands(tally.policies_unknown)
        ));
    }
    out.push_str("\n\n");
    let rows: Vec<[String; 8]> = tally
        .rows
        .iter()
        .map(|r| {
            let n = |s| match r.count(s) {
                0 => "·".to_string(),
                n => n.to_string(),
            };
            [
                r.check.slug.to_string(),
                r.check.security_hub.unwrap_or("").to_string(),
                n(Severity::Critical),
                n(Severity::High),
                n(Severity::Medium),
                n(Severity::Low),
                format!("{}%", r.score()),
                r.check.title.to_string(),
            ]
        })
        .collect();
    out.push_str(&super::table(
        &[
            "CHECK",
            "SECURITY HUB",
            "CRIT",
            "HIGH",
            "MED",
            "LOW",
            "SCORE",
            "WHAT",
        ],
        &rows,
    ));
    if !tally.findings.is_empty() {
        out.push('\n');
        let rows: Vec<[String; 4]> = tally
            .findings
            .iter()
            .map(|f| {
                [
                    f.severity.label().to_string(),
                    f.check.slug().to_string(),
                    f.secret.clone(),
                    f.reason.clone(),
                ]
            })
            .collect();
        out.push_str(&super::table(
            &["SEVERITY", "CHECK", "SECRET", "REASON"],
            &rows,
        ));
    }
    out
}

/// A report to paste into a ticket: the summary, the checks, and each
/// finding with what to do. Names and reasons are escaped for Markdown.
pub fn markdown(found: &Posture, now: i64) -> String {
    let tally = &found.tally;
    let mut out = format!(
        "# Secrets Manager audit\n\n- Generated: {}\n- Secrets checked: {}\n- Score: {}\n",
        crate::cli::iso(Some(now)).unwrap_or_default(),
        tally.secrets,
        tally.score()
    );
    if tally.policies_unknown > 0 {
        out.push_str(&format!(
            "- **Incomplete:** {} resource policies could not be read; the policy checks did not decide those secrets.\n",
            tally.policies_unknown
        ));
    }
    out.push_str("\n## Checks\n\n| Check | Security Hub | Critical | High | Medium | Low | Score |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for r in &tally.rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {}% |\n",
            r.check.title,
            r.check.security_hub.unwrap_or("—"),
            r.count(Severity::Critical),
            r.count(Severity::High),
            r.count(Severity::Medium),
            r.count(Severity::Low),
            r.score()
        ));
    }
    out.push_str("\n## Findings\n\n");
    if tally.findings.is_empty() {
        out.push_str("None.\n");
    }
    for r in &tally.rows {
        let mut of_check = tally.of_check(r.check.id).peekable();
        if of_check.peek().is_none() {
            continue;
        }
        out.push_str(&format!(
            "### {} ({})\n\nWhat to do: {}\n\n",
            r.check.title, r.check.slug, r.check.advice
        ));
        for f in of_check {
            out.push_str(&format!(
                "- **{}** {}: {}\n",
                f.severity.label(),
                cell(&f.secret),
                cell(&f.reason)
            ));
        }
        out.push('\n');
    }
    out
}
