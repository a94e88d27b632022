//! `sekret doctor`: is everything in place to use sekret here?
//!
//! Checks, in order: configuration (region, endpoint, profile), credentials,
//! identity (STS), Secrets Manager (ListSecrets) and CloudTrail
//! (LookupEvents), with the latency of each call. Every failure says what to
//! do; the exit code is 1 when any check fails.

use crate::domain::read_only::Guard;
use std::future::Future;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::error::AwsError;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub ok: bool,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub read_only: bool,
    /// Why writes are refused (the flag, a profile, account or identity
    /// rule, or an identity STS could not confirm).
    pub read_only_reason: Option<String>,
    pub checks: Vec<Check>,
}

pub async fn run(opts: &ConnectOptions, guard: &Guard, args: &DoctorArgs) -> i32 {
    let report = diagnose(opts, guard).await;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report is serialisable")
        );
    } else {
        print!("{}", render(&report));
    }
    if report.ok { 0 } else { 1 }
}

pub async fn diagnose(opts: &ConnectOptions, guard: &Guard) -> Report {
    let why = guard.before_identity().map(|w| w.to_string());
    let mut report = Report {
        ok: false,
        profile: opts.profile.clone(),
        region: None,
        endpoint: None,
        // Until STS says who signs, identity rules keep it read-only.
        read_only: why.is_some() || guard.needs_identity(),
        read_only_reason: why,
        checks: Vec::new(),
    };
    let ctx = match config::load(opts).await {
        Ok(ctx) => ctx,
        Err(err) => {
            report.checks.push(failed("config", &err, None));
            return report;
        }
    };
    report.profile = ctx.profile.clone();
    report.region = Some(ctx.region.clone());
    report.endpoint = Some(ctx.endpoint_label());

    match ctx.check_credentials().await {
        Ok(key) => report.checks.push(passed(
            "credentials",
            format!("access key {}", mask_key(&key)),
            None,
        )),
        Err(err) => {
            report.checks.push(failed("credentials", &err, None));
            return report;
        }
    }

    let clients = Clients::new(ctx);
    let (identity, fatal) = timed("identity", clients.caller_identity(), |id| {
        format!("{} (account {})", id.arn, id.account)
    })
    .await;
    report.checks.push(identity);
    let why = crate::ops::writes::refusal(&clients, guard).await;
    report.read_only = why.is_some();
    report.read_only_reason = why.map(|w| w.to_string());
    if let Some(reason) = fatal {
        // Every later call would fail the same way, slowly, after retries.
        for name in ["secrets", "cloudtrail"] {
            report.checks.push(Check {
                name,
                ok: false,
                detail: format!("skipped: {reason}"),
                hint: None,
                latency_ms: None,
            });
        }
        return report;
    }
    report.checks.push(
        timed("secrets", clients.probe_list_secrets(), |_| {
            "ListSecrets ok".to_string()
        })
        .await
        .0,
    );
    report.checks.push(
        timed("cloudtrail", clients.probe_lookup_events(), |_| {
            "LookupEvents ok".to_string()
        })
        .await
        .0,
    );
    report.ok = report.checks.iter().all(|c| c.ok);
    report
}

/// Run one check; the second value says why no later call can work, if so.
async fn timed<T>(
    name: &'static str,
    call: impl Future<Output = Result<T, AwsError>>,
    describe: impl FnOnce(T) -> String,
) -> (Check, Option<&'static str>) {
    let began = Instant::now();
    let result = call.await;
    let latency = Some(round_ms(began.elapsed().as_secs_f64() * 1000.0));
    match result {
        Ok(value) => (passed(name, describe(value), latency), None),
        Err(err) => {
            let fatal = match err {
                AwsError::Unreachable { .. } | AwsError::Timeout { .. } => {
                    Some("the endpoint cannot be reached")
                }
                AwsError::NoCredentials { .. } | AwsError::ExpiredCredentials { .. } => {
                    Some("no valid credentials")
                }
                _ => None,
            };
            (failed(name, &err, latency), fatal)
        }
    }
}

fn round_ms(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}

fn passed(name: &'static str, detail: String, latency_ms: Option<f64>) -> Check {
    Check {
        name,
        ok: true,
        detail,
        hint: None,
        latency_ms,
    }
}

fn failed(name: &'static str, err: &AwsError, latency_ms: Option<f64>) -> Check {
    Check {
        name,
        ok: false,
        detail: err.to_string(),
        hint: err.hint(),
        latency_ms,
    }
}

/// Show enough of an access key id to recognise it, not the whole id.
fn mask_key(key: &str) -> String {
    if key.len() <= 8 {
        return key.to_string();
    }
    format!("{}…{}", &key[..4], &key[key.len() - 4..])
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let or_unset = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
    out.push_str(&format!(
        "  profile      {}\n",
        report.profile.clone().unwrap_or_else(|| "default".into())
    ));
    out.push_str(&format!("  region       {}\n", or_unset(&report.region)));
    out.push_str(&format!("  endpoint     {}\n", or_unset(&report.endpoint)));
    out.push_str(&format!(
        "  mode         {}\n",
        match (&report.read_only, &report.read_only_reason) {
            (true, Some(why)) => format!("read-only: {why}"),
            (true, None) => "read-only".into(),
            (false, _) => "read-write".into(),
        }
    ));
    for check in &report.checks {
        let mark = if check.ok { "ok  " } else { "FAIL" };
        let latency = check
            .latency_ms
            .map(|ms| format!("  {ms} ms"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{mark} {:<12} {}{latency}\n",
            check.name, check.detail
        ));
        if let Some(hint) = &check.hint {
            out.push_str(&format!("     {:<12} hint: {hint}\n", ""));
        }
    }
    out.push_str(if report.ok {
        "all checks passed\n"
    } else {
        "some checks failed\n"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_keys_are_shortened() {
        assert_eq!(mask_key("AKIAIOSFODNN7EXAMPLE"), "AKIA…MPLE");
        assert_eq!(mask_key("short"), "short");
    }

    #[test]
    fn failures_carry_their_hint_into_the_text() {
        let report = Report {
            ok: false,
            profile: Some("prod".into()),
            region: None,
            endpoint: None,
            read_only: false,
            read_only_reason: None,
            checks: vec![failed("config", &AwsError::NoRegion, None)],
        };
        let text = render(&report);
        assert!(text.contains("FAIL config"));
        assert!(text.contains("hint: pass --region"));
        assert!(text.ends_with("some checks failed\n"));
    }
}
