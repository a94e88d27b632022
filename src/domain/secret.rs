//! A secret's metadata, as ListSecrets and DescribeSecret report it.
//! Never a value: values live only in `SecretValue` (see `value.rs`, later).

use std::sync::Arc;

pub use super::secret_id::{Arn, SecretId};
use super::small_map::SmallMap;
use super::sparse::{Empty, Sparse};
pub use super::stages::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, Labels, Stages, VersionId};

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// Tag key -> value.
pub type TagMap = SmallMap<Arc<str>, Arc<str>>;

/// A secret's tags, shared: the same few sets of tags (team, environment,
/// owner) repeat over thousands of secrets, and the console keeps one copy
/// of each set and of each text (`interner::Interner`).
pub type Tags = Arc<TagMap>;

/// Secrets not read for this long are flagged as stale.
pub const STALE_AFTER_DAYS: i64 = 90;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    pub enabled: bool,
    pub lambda_arn: Option<String>,
    pub after_days: Option<i64>,
    pub schedule: Option<String>,
    pub duration: Option<String>,
    pub last_rotated: Option<Timestamp>,
    pub next: Option<Timestamp>,
}

impl Empty for Rotation {
    const EMPTY: &'static Rotation = &Rotation {
        enabled: false,
        lambda_arn: None,
        after_days: None,
        schedule: None,
        duration: None,
        last_rotated: None,
        next: None,
    };
}

impl Rotation {
    /// "every 30d", "rate(10 days)", or "" when no rules are set.
    pub fn rules_label(&self) -> String {
        match (&self.schedule, self.after_days) {
            (Some(expr), _) => expr.clone(),
            (None, Some(days)) => format!("every {days}d"),
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replica {
    pub region: String,
    pub status: String,
    pub message: Option<String>,
}

/// What few secrets have: a customer KMS key, an owning service,
/// replication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    pub kms_key_id: Option<String>,
    pub owning_service: Option<String>,
    pub primary_region: Option<String>,
    pub replicas: Vec<Replica>,
}

impl Empty for Extras {
    const EMPTY: &'static Extras = &Extras {
        kms_key_id: None,
        owning_service: None,
        primary_region: None,
        replicas: Vec::new(),
    };
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretMeta {
    /// The ARN and the name (`name()`, `arn()`).
    pub id: SecretId,
    pub description: Option<Box<str>>,
    pub created: Option<Timestamp>,
    pub last_changed: Option<Timestamp>,
    pub last_accessed: Option<Timestamp>,
    /// When the secret will be deleted, if deletion is scheduled.
    pub deletion_date: Option<Timestamp>,
    pub rotation: Sparse<Rotation>,
    pub tags: Tags,
    /// Version id -> staging labels (ListSecrets' SecretVersionsToStages).
    pub version_stages: Stages,
    pub extras: Sparse<Extras>,
}

impl SecretMeta {
    pub fn name(&self) -> &str {
        self.id.name()
    }

    pub fn arn(&self) -> Arn<'_> {
        self.id.arn()
    }

    /// AWSPENDING on a version that is not AWSCURRENT: a rotation is running
    /// or stuck.
    pub fn pending_rotation(&self) -> bool {
        self.version_stages
            .values()
            .any(|labels| labels.contains(AWSPENDING) && !labels.contains(AWSCURRENT))
    }

    pub fn current_version(&self) -> Option<String> {
        self.version_stages
            .with_label(AWSCURRENT)
            .map(VersionId::to_string)
    }

    pub fn scheduled_for_deletion(&self) -> bool {
        self.deletion_date.is_some()
    }

    /// Never read, or not read for 90 days (relative to `now`).
    pub fn access(&self, now: Timestamp) -> Access {
        match self.last_accessed {
            None => Access::Never,
            Some(t) if now - t > STALE_AFTER_DAYS * 86_400 => Access::Stale,
            Some(_) => Access::Recent,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Recent,
    Stale,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_stages(stages: &[(&str, &[&str])]) -> SecretMeta {
        SecretMeta {
            version_stages: stages
                .iter()
                .map(|(v, l)| (*v, l.iter().collect::<Labels>()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn pending_on_another_version_is_a_running_or_stuck_rotation() {
        assert!(with_stages(&[("a", &[AWSCURRENT]), ("b", &[AWSPENDING])]).pending_rotation());
        assert!(
            !with_stages(&[("a", &[AWSCURRENT, AWSPENDING]), ("b", &[AWSPREVIOUS])])
                .pending_rotation()
        );
        assert!(!with_stages(&[("a", &[AWSCURRENT])]).pending_rotation());
    }

    #[test]
    fn access_age() {
        let now = 200 * 86_400;
        let mut s = SecretMeta::default();
        assert_eq!(s.access(now), Access::Never);
        s.last_accessed = Some(now - 10 * 86_400);
        assert_eq!(s.access(now), Access::Recent);
        s.last_accessed = Some(now - 91 * 86_400);
        assert_eq!(s.access(now), Access::Stale);
    }
}
