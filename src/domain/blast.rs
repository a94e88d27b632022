//! "What else did this principal touch?": one principal's (or access
//! key's) timeline summed up per secret, failures first — the blast radius
//! the pivot shows and the principal's incident report lists.

use std::collections::{BTreeMap, BTreeSet};

use super::event::AccessEvent;
use super::secret::Timestamp;

/// One secret the principal touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touch {
    /// The secret as the timeline names it.
    pub secret: String,
    /// Event name → how many times.
    pub actions: BTreeMap<String, usize>,
    pub failures: usize,
    /// Successful value reads.
    pub reads: usize,
    pub last_read: Option<Timestamp>,
    pub first: Timestamp,
    pub last: Timestamp,
}

impl Touch {
    /// `GetSecretValue ×3, PutSecretValue`
    pub fn actions_label(&self) -> String {
        self.actions
            .iter()
            .map(|(name, n)| match n {
                1 => name.clone(),
                n => format!("{name} ×{n}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Was the value read (successfully)? Then it must be presumed known.
    pub fn was_read(&self) -> bool {
        self.reads > 0
    }
}

/// Everything one principal did, summed up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlastRadius {
    /// The principals as shown (one, unless an access key was shared).
    pub principals: BTreeSet<String>,
    pub principal_arns: BTreeSet<String>,
    pub access_keys: BTreeSet<String>,
    pub source_ips: BTreeSet<String>,
    pub user_agents: BTreeSet<String>,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub events: usize,
    pub failures: usize,
    /// Failures first, then the most read, then by name.
    pub secrets: Vec<Touch>,
    /// Events about no single secret (ListSecrets …).
    pub unnamed: usize,
}

impl BlastRadius {
    pub fn of<'a>(events: impl IntoIterator<Item = &'a AccessEvent>) -> BlastRadius {
        let mut out = BlastRadius::default();
        let mut touches: BTreeMap<String, Touch> = BTreeMap::new();
        for e in events {
            out.events += 1;
            out.failures += e.failed() as usize;
            out.principals.insert(e.principal());
            out.principal_arns.extend(e.principal_arn.clone());
            out.access_keys.extend(e.access_key.clone());
            if !e.source_ip.is_empty() {
                out.source_ips.insert(e.source_ip.clone());
            }
            if !e.user_agent.is_empty() {
                out.user_agents.insert(e.user_agent.clone());
            }
            out.first = Some(out.first.map_or(e.time, |t| t.min(e.time)));
            out.last = Some(out.last.map_or(e.time, |t| t.max(e.time)));
            let secret = e.secret_label();
            if secret.is_empty() {
                out.unnamed += 1;
                continue;
            }
            let touch = touches.entry(secret.clone()).or_insert_with(|| Touch {
                secret,
                first: e.time,
                last: e.time,
                ..Touch::default()
            });
            *touch.actions.entry(e.name.clone()).or_default() += 1;
            touch.failures += e.failed() as usize;
            touch.first = touch.first.min(e.time);
            touch.last = touch.last.max(e.time);
            if e.is_read() && !e.failed() {
                touch.reads += 1;
                touch.last_read = Some(touch.last_read.map_or(e.time, |t| t.max(e.time)));
            }
        }
        out.secrets = touches.into_values().collect();
        out.secrets.sort_by(|a, b| {
            (b.failures > 0, b.reads, b.failures)
                .cmp(&(a.failures > 0, a.reads, a.failures))
                .then_with(|| a.secret.cmp(&b.secret))
        });
        out
    }

    /// The secrets whose value was read: what to rotate.
    pub fn read(&self) -> impl Iterator<Item = &Touch> {
        self.secrets.iter().filter(|t| t.was_read())
    }
}

/// Has a secret's value changed since the principal last read it?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinceRead {
    /// Not read: nothing to rotate for this principal.
    NotRead,
    /// The current value is newer than the read (when it was made).
    Changed(Timestamp),
    /// The value read is still current: rotate it.
    Unchanged,
    /// It could not be told (the secret is gone, denied, …): why.
    Unknown(String),
}

impl SinceRead {
    /// From the last read and when the current value was made.
    pub fn of(last_read: Option<Timestamp>, current_since: Option<Timestamp>) -> SinceRead {
        match (last_read, current_since) {
            (None, _) => SinceRead::NotRead,
            (Some(_), None) => SinceRead::Unknown("no date on the current version".into()),
            (Some(read), Some(made)) if made > read => SinceRead::Changed(made),
            (Some(_), Some(_)) => SinceRead::Unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventEnvelope;

    fn at(time: Timestamp, name: &str, secret: &str, error: Option<&str>) -> AccessEvent {
        let mut record = serde_json::json!({
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::1:user/mallory",
                             "accessKeyId": "AKIAMAL"},
            "sourceIPAddress": "198.51.100.7",
            "userAgent": "curl/8.0",
        });
        if !secret.is_empty() {
            record["requestParameters"] = serde_json::json!({"secretId": secret});
        }
        if let Some(code) = error {
            record["errorCode"] = code.into();
        }
        let envelope = EventEnvelope {
            id: format!("{time}{name}{secret}"),
            time,
            name: name.into(),
            source: "secretsmanager.amazonaws.com".into(),
            ..Default::default()
        };
        AccessEvent::parse(envelope, record.to_string())
    }

    #[test]
    fn secrets_touched_failures_first_then_reads() {
        let events = vec![
            at(50, "GetSecretValue", "shop/prod/db", None),
            at(40, "GetSecretValue", "shop/prod/db", None),
            at(
                30,
                "GetSecretValue",
                "pay/prod/key",
                Some("AccessDeniedException"),
            ),
            at(20, "DescribeSecret", "ops/tool", None),
            at(10, "ListSecrets", "", None),
        ];
        let blast = BlastRadius::of(&events);
        let order: Vec<&str> = blast.secrets.iter().map(|t| t.secret.as_str()).collect();
        assert_eq!(order, ["pay/prod/key", "shop/prod/db", "ops/tool"]);
        assert_eq!(blast.events, 5);
        assert_eq!(blast.failures, 1);
        assert_eq!(blast.unnamed, 1);
        assert_eq!((blast.first, blast.last), (Some(10), Some(50)));
        let db = &blast.secrets[1];
        assert_eq!(db.actions_label(), "GetSecretValue ×2");
        assert_eq!(db.last_read, Some(50));
        let read: Vec<&str> = blast.read().map(|t| t.secret.as_str()).collect();
        assert_eq!(read, ["shop/prod/db"], "a denied read is no read");
        assert!(blast.principals.contains("user/mallory"));
        assert!(blast.access_keys.contains("AKIAMAL"));
        assert!(blast.user_agents.contains("curl/8.0"));
    }

    #[test]
    fn since_read_compares_the_current_value_with_the_last_read() {
        assert_eq!(SinceRead::of(None, Some(5)), SinceRead::NotRead);
        assert_eq!(SinceRead::of(Some(5), Some(9)), SinceRead::Changed(9));
        assert_eq!(SinceRead::of(Some(9), Some(5)), SinceRead::Unchanged);
        assert_eq!(SinceRead::of(Some(9), Some(9)), SinceRead::Unchanged);
        assert!(matches!(
            SinceRead::of(Some(9), None),
            SinceRead::Unknown(_)
        ));
    }
}
