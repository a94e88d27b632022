//! The incident report for one principal or access key: who it is (ARNs,
//! keys, source IPs, user agents, time span), every secret it touched with
//! what was done to it, and for each secret it read whether the value has
//! changed since — the rotation to-do list of an incident.
//!
//! A report is written even when part of the data is missing (CloudTrail
//! throttled or down, a secret denied or gone): `missing` says what and
//! why. It never holds a value: events and metadata carry none.

use std::collections::BTreeMap;

use super::audit::rfc3339;
use super::blast::{BlastRadius, SinceRead};
use super::event::{AccessEvent, Completeness};
use super::report::{EventEntry, cell, preamble};
use super::secret::Timestamp;

pub struct PrincipalReport<'a> {
    /// `principal mallory`, `access key AKIA…`
    pub subject: String,
    /// Newest first.
    pub events: &'a [AccessEvent],
    pub completeness: Completeness,
    /// Secret (as the timeline names it) → has it changed since the read.
    pub since_read: &'a BTreeMap<String, SinceRead>,
    /// What could not be read, and why.
    pub missing: &'a [String],
    pub since: Timestamp,
    pub until: Timestamp,
}

impl PrincipalReport<'_> {
    fn status(&self, secret: &str, was_read: bool) -> SinceRead {
        match self.since_read.get(secret) {
            Some(s) => s.clone(),
            None if !was_read => SinceRead::NotRead,
            None => SinceRead::Unknown("not checked".into()),
        }
    }

    pub fn markdown(&self) -> String {
        let blast = BlastRadius::of(self.events);
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(preamble(
            &self.subject,
            (self.since, self.until),
            self.completeness,
            self.missing,
        ));

        line("\n## Identity\n".into());
        line("| field | value |\n| --- | --- |".into());
        let join = |set: &std::collections::BTreeSet<String>| {
            let all: Vec<&str> = set.iter().map(String::as_str).collect();
            if all.is_empty() {
                "—".to_string()
            } else {
                cell(&all.join(", "))
            }
        };
        let span = match (blast.first, blast.last) {
            (Some(a), Some(b)) => format!("{} to {}", rfc3339(a), rfc3339(b)),
            _ => "—".into(),
        };
        for (k, v) in [
            ("principal", join(&blast.principals)),
            ("ARN", join(&blast.principal_arns)),
            ("access keys", join(&blast.access_keys)),
            ("source IPs", join(&blast.source_ips)),
            ("user agents", join(&blast.user_agents)),
            ("first / last seen", span),
            (
                "events",
                format!("{} ({} failed)", blast.events, blast.failures),
            ),
        ] {
            line(format!("| {k} | {v} |"));
        }

        line(format!(
            "\n## Secrets touched ({}, failures first)\n",
            blast.secrets.len()
        ));
        if blast.secrets.is_empty() {
            line("None in the window.".into());
        } else {
            line("| secret | what was done | failed | last read | changed since the read |".into());
            line("| --- | --- | --- | --- | --- |".into());
        }
        for t in &blast.secrets {
            let since = match self.status(&t.secret, t.was_read()) {
                SinceRead::NotRead => "not read".to_string(),
                SinceRead::Changed(at) => format!("yes: new value {}", rfc3339(at)),
                SinceRead::Unchanged => "**no: rotate it**".to_string(),
                SinceRead::Unknown(why) => format!("unknown: {}", cell(&why)),
            };
            line(format!(
                "| {} | {} | {} | {} | {} |",
                cell(&t.secret),
                cell(&t.actions_label()),
                t.failures,
                t.last_read.map(rfc3339).unwrap_or_else(|| "—".into()),
                since
            ));
        }
        if blast.unnamed > 0 {
            line(format!(
                "\n{} more event(s) named no single secret (ListSecrets …).",
                blast.unnamed
            ));
        }

        line("\n## Failures\n".into());
        let failed: Vec<&AccessEvent> = self.events.iter().filter(|e| e.failed()).collect();
        if failed.is_empty() {
            line("None in the window.".into());
        }
        for e in failed {
            line(format!(
                "- {} {} on {} from {}: **{}** {}",
                rfc3339(e.time),
                cell(&e.name),
                cell(&e.secret_label()),
                cell(&e.source_ip),
                cell(e.result()),
                cell(e.error_message.as_deref().unwrap_or(""))
            ));
        }

        line(format!("\n## Events ({})\n", self.events.len()));
        line("| time (UTC) | event | secret | source IP | user agent | result |".into());
        line("| --- | --- | --- | --- | --- | --- |".into());
        for e in self.events {
            line(format!(
                "| {} | {} | {} | {} | {} | {} |",
                rfc3339(e.time),
                cell(&e.name),
                cell(&e.secret_label()),
                cell(&e.source_ip),
                cell(&e.user_agent),
                cell(e.result())
            ));
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        let blast = BlastRadius::of(self.events);
        let secrets: Vec<serde_json::Value> = blast
            .secrets
            .iter()
            .map(|t| {
                let (changed, changed_at, why) = match self.status(&t.secret, t.was_read()) {
                    SinceRead::NotRead => (None, None, None),
                    SinceRead::Changed(at) => (Some(true), Some(rfc3339(at)), None),
                    SinceRead::Unchanged => (Some(false), None, None),
                    SinceRead::Unknown(why) => (None, None, Some(why)),
                };
                serde_json::json!({
                    "secret": t.secret,
                    "actions": t.actions,
                    "failures": t.failures,
                    "reads": t.reads,
                    "last_read": t.last_read.map(rfc3339),
                    "changed_since_read": changed,
                    "changed_at": changed_at,
                    "unknown_because": why,
                })
            })
            .collect();
        serde_json::json!({
            "subject": self.subject,
            "window": {"from": rfc3339(self.since), "to": rfc3339(self.until)},
            "complete": self.completeness == Completeness::Complete && self.missing.is_empty(),
            "missing": self.missing,
            "identity": {
                "principals": blast.principals,
                "arns": blast.principal_arns,
                "access_keys": blast.access_keys,
                "source_ips": blast.source_ips,
                "user_agents": blast.user_agents,
                "first_seen": blast.first.map(rfc3339),
                "last_seen": blast.last.map(rfc3339),
            },
            "secrets": secrets,
            "events": self.events.iter().map(EventEntry::from).collect::<Vec<_>>(),
        })
    }
}
