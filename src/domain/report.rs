//! The incident report for one secret: metadata, version history, access
//! events in a window, unique principals and source IPs, failures, and the
//! actions this console took. Markdown for people, JSON for tools.
//!
//! A report never holds a secret value: it is built from metadata,
//! CloudTrail records (which carry none) and the audit log (which carries
//! none). Event fields come from whoever called AWS — a user agent is
//! attacker-controlled — so every cell is escaped before it is Markdown.

use serde::Serialize;

use super::activity::Activity;
use super::audit::{AuditRecord, rfc3339};
use super::event::{AccessEvent, Completeness};
use super::secret::{SecretMeta, Timestamp};
use super::version::Version;

/// Everything a report says, gathered by the caller.
pub struct Report<'a> {
    pub meta: &'a SecretMeta,
    pub versions: &'a [Version],
    /// Newest first.
    pub events: &'a [AccessEvent],
    pub completeness: Completeness,
    pub since: Timestamp,
    pub until: Timestamp,
    /// This console's actions on the secret in the window.
    pub actions: &'a [AuditRecord],
    /// What could not be read (CloudTrail down or throttled …), and why.
    pub missing: &'a [String],
}

/// One event as `--json` and the JSON report print it.
#[derive(Debug, Serialize)]
pub struct EventEntry {
    pub id: String,
    pub time: String,
    pub event: String,
    pub secret: String,
    pub principal: String,
    pub principal_arn: Option<String>,
    pub username: Option<String>,
    pub access_key: Option<String>,
    pub source_ip: String,
    pub user_agent: String,
    pub result: String,
    pub error_message: Option<String>,
}

impl From<&AccessEvent> for EventEntry {
    fn from(e: &AccessEvent) -> Self {
        EventEntry {
            id: e.id.clone(),
            time: rfc3339(e.time),
            event: e.name.clone(),
            secret: e.secret_label(),
            principal: e.principal(),
            principal_arn: e.principal_arn.clone(),
            username: e.username.clone(),
            access_key: e.access_key.clone(),
            source_ip: e.source_ip.clone(),
            user_agent: e.user_agent.clone(),
            result: e.result().to_string(),
            error_message: e.error_message.clone(),
        }
    }
}

impl Report<'_> {
    pub fn json(&self) -> serde_json::Value {
        let activity = Activity::of(self.events);
        let failures: Vec<EventEntry> = self
            .events
            .iter()
            .filter(|e| e.failed())
            .map(EventEntry::from)
            .collect();
        serde_json::json!({
            "secret": {
                "name": self.meta.name(),
                "arn": self.meta.arn(),
                "description": self.meta.description,
                "kms_key_id": self.meta.extras.kms_key_id,
                "created": self.meta.created.map(rfc3339),
                "last_changed": self.meta.last_changed.map(rfc3339),
                "last_accessed": self.meta.last_accessed.map(rfc3339),
                "deletion_date": self.meta.deletion_date.map(rfc3339),
                "rotation_enabled": self.meta.rotation.enabled,
                "rotation_lambda": self.meta.rotation.lambda_arn,
                "tags": self.meta.tags,
            },
            "window": {"from": rfc3339(self.since), "to": rfc3339(self.until)},
            "complete": self.completeness == Completeness::Complete && self.missing.is_empty(),
            "missing": self.missing,
            "versions": self.versions.iter().map(|v| serde_json::json!({
                "version_id": v.id,
                "stages": v.stages,
                "created": v.created.map(rfc3339),
                "last_accessed": v.last_accessed.map(rfc3339),
            })).collect::<Vec<_>>(),
            "events": self.events.iter().map(EventEntry::from).collect::<Vec<_>>(),
            "principals": activity.principals.iter().map(|p| serde_json::json!({
                "principal": p.principal,
                "events": p.events,
                "reads": p.reads,
                "failures": p.failures,
                "source_ips": p.source_ips,
            })).collect::<Vec<_>>(),
            "source_ips": activity.source_ips,
            "failures": failures,
            "console_actions": self.actions,
        })
    }

    pub fn markdown(&self) -> String {
        let m = self.meta;
        let activity = Activity::of(self.events);
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(preamble(
            m.name(),
            (self.since, self.until),
            self.completeness,
            self.missing,
        ));
        line("\n## Secret\n".into());
        line("| field | value |\n| --- | --- |".into());
        let opt = |v: Option<Timestamp>| v.map(rfc3339).unwrap_or_else(|| "—".into());
        let fields = [
            ("ARN", m.arn().to_string()),
            (
                "description",
                m.description.as_deref().unwrap_or_default().to_string(),
            ),
            (
                "KMS key",
                m.extras
                    .kms_key_id
                    .clone()
                    .unwrap_or_else(|| "aws/secretsmanager".into()),
            ),
            ("created", opt(m.created)),
            ("last changed", opt(m.last_changed)),
            ("last accessed", opt(m.last_accessed)),
            (
                "rotation",
                if m.rotation.enabled {
                    format!(
                        "on {} · {}",
                        m.rotation.rules_label(),
                        m.rotation.lambda_arn.clone().unwrap_or_default()
                    )
                } else {
                    "off".into()
                },
            ),
            ("scheduled deletion", opt(m.deletion_date)),
        ];
        for (k, v) in fields {
            line(format!("| {k} | {} |", cell(&v)));
        }

        line("\n## Versions\n".into());
        line("| version | labels | created |\n| --- | --- | --- |".into());
        for v in self.versions {
            let labels = if v.stages.is_empty() {
                "(deprecated)".to_string()
            } else {
                v.stages.join(", ")
            };
            line(format!(
                "| `{}` | {} | {} |",
                cell(&v.id),
                cell(&labels),
                opt(v.created)
            ));
        }

        line(format!(
            "\n## Access events ({} in the window, {} failed)\n",
            activity.events, activity.failures
        ));
        line("| time (UTC) | event | principal | source IP | user agent | result |".into());
        line("| --- | --- | --- | --- | --- | --- |".into());
        for e in self.events {
            let result = if e.failed() {
                format!("**{}**", cell(e.result()))
            } else {
                "ok".into()
            };
            line(format!(
                "| {} | {} | {} | {} | {} | {} |",
                rfc3339(e.time),
                cell(&e.name),
                cell(&e.principal()),
                cell(&e.source_ip),
                // The whole agent: a report is read by someone deciding
                // whether a caller was really the tool it claims to be.
                cell(&e.user_agent),
                result
            ));
        }

        line("\n## Principals\n".into());
        line("| principal | events | reads | failures | source IPs |".into());
        line("| --- | --- | --- | --- | --- |".into());
        for p in &activity.principals {
            let ips: Vec<&str> = p.source_ips.iter().map(String::as_str).collect();
            line(format!(
                "| {} | {} | {} | {} | {} |",
                cell(&p.principal),
                p.events,
                p.reads,
                p.failures,
                cell(&ips.join(", "))
            ));
        }
        let ips: Vec<&str> = activity.source_ips.iter().map(String::as_str).collect();
        line(format!("\nSource IPs: {}", cell(&ips.join(", "))));

        line("\n## Failures\n".into());
        let failed: Vec<&AccessEvent> = self.events.iter().filter(|e| e.failed()).collect();
        if failed.is_empty() {
            line("None in the window.".into());
        }
        for e in failed {
            line(format!(
                "- {} {} by {} from {}: **{}** {}",
                rfc3339(e.time),
                cell(&e.name),
                cell(&e.principal()),
                cell(&e.source_ip),
                cell(e.result()),
                cell(e.error_message.as_deref().unwrap_or(""))
            ));
        }

        line("\n## Actions taken from sekret\n".into());
        if self.actions.is_empty() {
            line("None in the window.".into());
        }
        for a in self.actions {
            line(format!(
                "- {} {} by {} ({}): {} → {}: {}",
                cell(&a.time),
                cell(&a.action),
                cell(a.caller.as_deref().unwrap_or("unknown caller")),
                cell(a.profile.as_deref().unwrap_or("default profile")),
                cell(a.version_before.as_deref().unwrap_or("—")),
                cell(a.version_after.as_deref().unwrap_or("—")),
                cell(&a.outcome)
            ));
        }
        out
    }
}

/// A report's opening: its title, the window, and what it lacks (a lookup
/// cut at the page limit; data that could not be read, and why).
pub fn preamble(
    subject: &str,
    (since, until): (Timestamp, Timestamp),
    completeness: Completeness,
    missing: &[String],
) -> String {
    let mut out = format!(
        "# Incident report: {}\n\nWindow: {} to {} (UTC). Generated by sekret. \
         Contains no secret values.",
        cell(subject),
        rfc3339(since),
        rfc3339(until)
    );
    if let Completeness::Truncated { scanned } = completeness {
        out.push_str(&format!(
            "\n\n**Partial:** the lookup stopped after {scanned} events; older events \
             in the window were not read. Narrow the window for a complete report."
        ));
    }
    if !missing.is_empty() {
        out.push_str("\n\n**Incomplete:** some data could not be read:\n");
        for m in missing {
            out.push_str(&format!("\n- {}", cell(m)));
        }
    }
    out
}

/// Text made safe for one Markdown table cell or list item: no control
/// characters or line breaks, and Markdown's own characters escaped.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Control characters and bidi overrides become visible escapes first.
    for c in super::escape::escaped(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
