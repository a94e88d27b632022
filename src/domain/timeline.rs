//! Narrowing a timeline during triage: a filter over the events on
//! screen (not the tree), and sekret's own polling set apart.
//!
//! The filter is typed as words, all of which must hold:
//! `failed` (errors and failed rotations), `principal:TEXT` (`p:`),
//! `event:TEXT` (`e:`), `ip:TEXT`, `agent:TEXT` (`ua:`), `secret:TEXT`
//! (`s:`); a bare word matches any of those fields. Matching ignores case
//! and finds the text anywhere in the field.

use super::event::AccessEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Failed,
    Principal(String),
    Event(String),
    Ip(String),
    Agent(String),
    Secret(String),
    Any(String),
}

/// A parsed timeline filter; the empty filter keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    text: String,
    terms: Vec<Term>,
}

impl TimelineFilter {
    pub fn parse(text: &str) -> TimelineFilter {
        let terms = text
            .split_whitespace()
            .map(|word| {
                let lower = word.to_lowercase();
                let (field, value) = match lower.split_once(':') {
                    // An ARN or `ACCOUNT:role/x` is a value, not a field.
                    Some((f, v)) if is_field(f) => (f.to_string(), v.to_string()),
                    _ => (String::new(), lower.clone()),
                };
                match field.as_str() {
                    "principal" | "p" => Term::Principal(value),
                    "event" | "e" => Term::Event(value),
                    "ip" => Term::Ip(value),
                    "agent" | "ua" => Term::Agent(value),
                    "secret" | "s" => Term::Secret(value),
                    _ if matches!(value.as_str(), "failed" | "fail" | "!ok") => Term::Failed,
                    _ => Term::Any(value),
                }
            })
            .collect();
        TimelineFilter {
            text: text.trim().to_string(),
            terms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// What was typed, for the pane's title.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn keeps(&self, e: &AccessEvent) -> bool {
        self.terms.iter().all(|term| match term {
            Term::Failed => e.failed(),
            Term::Principal(t) => principal_has(e, t),
            Term::Event(t) => has(&e.name, t),
            Term::Ip(t) => has(&e.source_ip, t),
            Term::Agent(t) => has(&e.user_agent, t),
            Term::Secret(t) => has(&e.secret_label(), t),
            Term::Any(t) => {
                principal_has(e, t)
                    || has(&e.name, t)
                    || has(&e.source_ip, t)
                    || has(&e.user_agent, t)
                    || has(&e.secret_label(), t)
                    || has(e.result(), t)
            }
        })
    }
}

fn is_field(name: &str) -> bool {
    matches!(
        name,
        "principal" | "p" | "event" | "e" | "ip" | "agent" | "ua" | "secret" | "s"
    )
}

fn has(field: &str, lower: &str) -> bool {
    field.to_lowercase().contains(lower)
}

/// As shown, as an ARN, or as CloudTrail's Username.
fn principal_has(e: &AccessEvent, lower: &str) -> bool {
    has(&e.principal(), lower)
        || e.principal_arn.as_deref().is_some_and(|a| has(a, lower))
        || e.username.as_deref().is_some_and(|u| has(u, lower))
        || e.access_key.as_deref().is_some_and(|k| has(k, lower))
}

/// Who this console signs as: its calls are recognised by the access key
/// or by the ARN STS names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Own {
    pub access_key: Option<String>,
    pub arn: Option<String>,
}

impl Own {
    /// One of this console's own metadata calls (DescribeSecret,
    /// ListSecretVersionIds, ListSecrets …, the polling that browsing and
    /// following a rotation make). Its value reads and its changes are
    /// not: they are what an incident asks about.
    pub fn polled(&self, e: &AccessEvent) -> bool {
        let ours = match (&self.access_key, &e.access_key) {
            (Some(mine), Some(theirs)) if mine == theirs => true,
            _ => self.arn.is_some() && self.arn == e.principal_arn,
        };
        ours && is_metadata_read(&e.name)
    }
}

/// A read-only call that reads no value.
pub fn is_metadata_read(name: &str) -> bool {
    let reads = name.starts_with("Describe") || name.starts_with("List") || name.starts_with("Get");
    reads && !matches!(name, "GetSecretValue" | "BatchGetSecretValue")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventEnvelope;

    fn event(name: &str, record: serde_json::Value) -> AccessEvent {
        let envelope = EventEnvelope {
            id: "1".into(),
            name: name.into(),
            source: "secretsmanager.amazonaws.com".into(),
            access_key: record["userIdentity"]["accessKeyId"]
                .as_str()
                .map(str::to_string),
            ..Default::default()
        };
        AccessEvent::parse(envelope, record.to_string())
    }

    fn alice_denied() -> AccessEvent {
        event(
            "GetSecretValue",
            serde_json::json!({
                "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::1:user/alice",
                                 "accessKeyId": "AKIAALICE"},
                "sourceIPAddress": "203.0.113.9",
                "userAgent": "aws-cli/2.15.0 Python/3.11",
                "errorCode": "AccessDeniedException",
                "requestParameters": {"secretId": "shop/prod/db"}
            }),
        )
    }

    #[test]
    fn words_narrow_by_field_and_all_must_hold() {
        let e = alice_denied();
        for keeps in [
            "",
            "failed",
            "p:alice",
            "principal:user/ALICE",
            "event:getsecret",
            "ip:203.0.113",
            "ua:aws-cli",
            "s:prod/db",
            "alice failed",
            "accessdenied",
            "arn:aws:iam::1:user/alice",
        ] {
            assert!(TimelineFilter::parse(keeps).keeps(&e), "{keeps}");
        }
        for drops in ["p:bob", "failed p:bob", "ip:10.", "ua:terraform", "e:Put"] {
            assert!(!TimelineFilter::parse(drops).keeps(&e), "{drops}");
        }
        assert!(TimelineFilter::parse("  ").is_empty());
        assert_eq!(TimelineFilter::parse(" failed  p:x ").text(), "failed  p:x");
    }

    #[test]
    fn own_polling_is_metadata_reads_by_our_key_or_arn() {
        let own = Own {
            access_key: Some("AKIAALICE".into()),
            arn: None,
        };
        let describe = event(
            "DescribeSecret",
            serde_json::json!({"userIdentity": {"accessKeyId": "AKIAALICE"}}),
        );
        assert!(own.polled(&describe));
        // Our value reads are not polling: they are accesses.
        assert!(!own.polled(&alice_denied()));
        let theirs = event(
            "DescribeSecret",
            serde_json::json!({"userIdentity": {"accessKeyId": "AKIABOB"}}),
        );
        assert!(!own.polled(&theirs));
        let by_arn = Own {
            access_key: None,
            arn: Some("arn:aws:iam::1:user/alice".into()),
        };
        let listed = event(
            "ListSecretVersionIds",
            serde_json::json!({"userIdentity": {"arn": "arn:aws:iam::1:user/alice"}}),
        );
        assert!(by_arn.polled(&listed));
        assert!(!Own::default().polled(&listed));
        assert!(!is_metadata_read("PutSecretValue"));
        assert!(is_metadata_read("GetResourcePolicy"));
    }
}
