//! The rules: one secret's metadata (and policy, when read) in, its
//! findings out.

use super::{CheckId, Finding, Severity, Thresholds, looks_like_value};
use crate::domain::policy::PolicyState;
use crate::domain::secret::{SecretMeta, Timestamp};

const DAY: i64 = 86_400;

/// Every finding for `meta`. `policy` is None while the resource policy
/// has not been read: the policy checks then say nothing (the caller
/// counts such secrets as unread).
pub fn evaluate(
    meta: &SecretMeta,
    policy: Option<&PolicyState>,
    now: Timestamp,
    limits: &Thresholds,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |check: CheckId, severity: Severity, reason: String| {
        if !limits.ignored(check) {
            out.push(Finding {
                check,
                severity,
                secret: meta.name().to_string(),
                arn: meta.arn().to_string(),
                reason,
            });
        }
    };
    rotation(meta, now, limits, &mut add);
    usage(meta, now, limits, &mut add);
    metadata(meta, limits, &mut add);
    if let Some(summary) = policy.and_then(PolicyState::summary) {
        if summary.public {
            let reads = summary
                .allows
                .iter()
                .any(|g| g.open_to_everyone() && !g.restricted() && g.reads_value());
            let (severity, what) = if reads {
                (Severity::Critical, "including GetSecretValue")
            } else {
                (Severity::High, "not the value")
            };
            add(
                CheckId::PublicPolicy,
                severity,
                format!("an Allow to everyone with no condition on who ({what})"),
            );
        }
        if !summary.cross_accounts.is_empty() {
            let accounts: Vec<&str> = summary.cross_accounts.iter().map(String::as_str).collect();
            add(
                CheckId::CrossAccount,
                Severity::Medium,
                format!(
                    "granted to {} other account{}: {}",
                    accounts.len(),
                    plural(accounts.len() as i64),
                    accounts.join(", ")
                ),
            );
            if uses_default_key(meta) {
                add(
                    CheckId::CrossAccountDefaultKey,
                    Severity::Medium,
                    "encrypted with aws/secretsmanager: other accounts cannot decrypt it".into(),
                );
            }
        }
        if summary.no_deny_boundary() {
            add(
                CheckId::NoDenyBoundary,
                Severity::Low,
                format!(
                    "{} Allow statement{} and no Deny",
                    summary.allows.len(),
                    plural(summary.allows.len() as i64)
                ),
            );
        }
    }
    out
}

fn rotation(
    meta: &SecretMeta,
    now: Timestamp,
    limits: &Thresholds,
    add: &mut impl FnMut(CheckId, Severity, String),
) {
    let r = &*meta.rotation;
    // Another service (RDS, Redshift…) rotates the secrets it manages.
    let managed = meta.extras.owning_service.is_some();
    if !r.enabled {
        add(
            CheckId::RotationDisabled,
            Severity::Medium,
            match r.last_rotated {
                Some(t) => format!(
                    "automatic rotation is off; last rotated {} ago",
                    ago(now - t)
                ),
                None => "automatic rotation is off; never rotated".into(),
            },
        );
    } else if r.lambda_arn.is_none() && !managed {
        add(
            CheckId::RotationWithoutFunction,
            Severity::High,
            "rotation is on but no rotation function is set: every rotation will fail".into(),
        );
    }
    if meta.pending_rotation() {
        // RotateSecret sets LastChangedDate: the pending version's age.
        match meta.last_changed.map(|t| now - t) {
            Some(age) if age < limits.stuck_after_minutes * 60 => {} // running
            Some(age) => add(
                CheckId::RotationStuck,
                Severity::High,
                format!("AWSPENDING not current for {}", ago(age)),
            ),
            None => add(
                CheckId::RotationStuck,
                Severity::High,
                "AWSPENDING not current (since an unknown time)".into(),
            ),
        }
    }
    if r.enabled {
        let grace = limits.rotation_grace_hours * 3600;
        let since = r.last_rotated.or(meta.created);
        let late_by = match (interval(r), since) {
            (Some(every), Some(since)) => now - (since + every),
            _ => match r.next {
                Some(next) => now - next,
                None => i64::MIN,
            },
        };
        if late_by > grace {
            let last = match r.last_rotated {
                Some(t) => format!("last rotated {} ago", ago(now - t)),
                None => "never rotated".into(),
            };
            let rules = r.rules_label();
            add(
                CheckId::RotationOverdue,
                Severity::Medium,
                format!("{last}; its rules say {rules}: {} late", ago(late_by)),
            );
        }
    }
    if let Some(since) = r.last_rotated.or(meta.created) {
        // Whole days, as LastAccessedDate and Security Hub count them.
        let age = now - since;
        if age / DAY > limits.rotation_days {
            let what = match r.last_rotated {
                Some(_) => "not rotated for",
                None => "never rotated; created",
            };
            let tail = if r.last_rotated.is_some() { "" } else { " ago" };
            add(
                CheckId::NotRotated,
                Severity::Medium,
                format!(
                    "{what} {} days{tail} (limit {})",
                    age / DAY,
                    limits.rotation_days
                ),
            );
        }
    }
}

fn usage(
    meta: &SecretMeta,
    now: Timestamp,
    limits: &Thresholds,
    add: &mut impl FnMut(CheckId, Severity, String),
) {
    match meta.last_accessed {
        Some(t) if (now - t) / DAY > limits.unused_days => add(
            CheckId::Unused,
            Severity::Medium,
            format!(
                "not accessed for {} days (limit {})",
                (now - t) / DAY,
                limits.unused_days
            ),
        ),
        Some(_) => {}
        None => {
            let old = meta
                .created
                .is_none_or(|c| (now - c) / DAY > limits.unused_days);
            let created = meta
                .created
                .map(|c| format!(" (created {} days ago)", (now - c) / DAY))
                .unwrap_or_default();
            let severity = if old { Severity::Medium } else { Severity::Low };
            add(
                CheckId::Unused,
                severity,
                format!("never accessed{created}"),
            );
        }
    }
    if let (Some(deletion), Some(read)) = (meta.deletion_date, meta.last_accessed)
        && (now - read) / DAY <= limits.deletion_in_use_days
    {
        // LastAccessedDate is a day: "0 days ago" is today.
        let days = (now - read).max(0) / DAY;
        let when = match days {
            0 => "today".to_string(),
            1 => "yesterday".to_string(),
            n => format!("{n} days ago"),
        };
        let left = (deletion - now).max(0);
        add(
            CheckId::DeletionInUse,
            Severity::High,
            format!("deleted in {} but read {when}", ago(left)),
        );
    }
}

fn metadata(
    meta: &SecretMeta,
    limits: &Thresholds,
    add: &mut impl FnMut(CheckId, Severity, String),
) {
    let missing: Vec<&str> = limits
        .required_tags
        .iter()
        .filter(|key| !meta.tags.iter().any(|(k, _)| &**k == key.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        add(
            CheckId::MissingTags,
            Severity::Low,
            format!(
                "missing tag{} {}",
                plural(missing.len() as i64),
                missing.join(", ")
            ),
        );
    }
    for replica in &meta.extras.replicas {
        if replica.status != "InSync" {
            let status = if replica.status.is_empty() {
                "unknown"
            } else {
                &replica.status
            };
            // The message is AWS's; whoever draws it escapes it.
            let why = replica
                .message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            add(
                CheckId::ReplicaNotInSync,
                Severity::High,
                format!("replica in {} is {status}{why}", replica.region),
            );
        }
    }
    // Where a value-like text sits, never the text.
    let mut places = Vec::new();
    if meta.description.as_deref().is_some_and(looks_like_value) {
        places.push("the description".to_string());
    }
    for (key, value) in meta.tags.iter() {
        if looks_like_value(value) {
            places.push(format!("tag {key}"));
        }
    }
    if !places.is_empty() {
        add(
            CheckId::ValueInMetadata,
            Severity::High,
            format!("{} holds text that looks like a secret", places.join(", ")),
        );
    }
}

/// The rotation interval the rules set, when it is a fixed one (a cron
/// schedule is judged by NextRotationDate instead).
fn interval(r: &crate::domain::secret::Rotation) -> Option<i64> {
    if let Some(expr) = &r.schedule {
        let inner = expr.trim().strip_prefix("rate(")?.strip_suffix(')')?;
        let (n, unit) = inner.trim().split_once(' ')?;
        let n: i64 = n.parse().ok()?;
        return match unit.trim() {
            "day" | "days" => Some(n * DAY),
            "hour" | "hours" => Some(n * 3600),
            _ => None,
        };
    }
    r.after_days.map(|d| d * DAY)
}

/// No customer key: ListSecrets names none when aws/secretsmanager is used.
fn uses_default_key(meta: &SecretMeta) -> bool {
    match meta.extras.kms_key_id.as_deref() {
        None | Some("") => true,
        Some(key) => key.ends_with("alias/aws/secretsmanager"),
    }
}

/// `3h`, `1d 3h`, `143 days`.
pub(super) fn ago(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m) = (secs / DAY, secs % DAY / 3600, secs % 3600 / 60);
    match d {
        0 if h == 0 => format!("{m}m"),
        0 => format!("{h}h"),
        1..=6 if h > 0 => format!("{d}d {h}h"),
        1..=6 => format!("{d}d"),
        _ => format!("{d} days"),
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
