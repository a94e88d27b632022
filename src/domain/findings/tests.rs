//! Each check: a secret that passes, one that fails, and the threshold at
//! its boundary (exactly at the limit passes, one step over fails).

use super::*;
use crate::domain::policy::PolicyState;
use crate::domain::secret::{Extras, Replica, Rotation, SecretId, SecretMeta, Timestamp};
use crate::domain::small_map::small_map;

const NOW: Timestamp = 1_800_000_000;
const DAY: i64 = 86_400;
const ARN: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/db-AbC123";

/// A secret no check complains about: rotated yesterday by its function,
/// every 30 days, read today.
fn healthy() -> SecretMeta {
    let mut m = SecretMeta {
        id: SecretId::new("shop/prod/db", ARN),
        created: Some(NOW - 400 * DAY),
        last_changed: Some(NOW - DAY),
        last_accessed: Some(NOW - 3600),
        ..Default::default()
    };
    *m.rotation = Rotation {
        enabled: true,
        lambda_arn: Some("arn:aws:lambda:us-east-1:123456789012:function:rotate".into()),
        after_days: Some(30),
        last_rotated: Some(NOW - DAY),
        next: Some(NOW + 29 * DAY),
        ..Default::default()
    };
    m.version_stages.insert("v1", ["AWSCURRENT"]);
    m
}

fn checks(meta: &SecretMeta, policy: Option<&PolicyState>, limits: &Thresholds) -> Vec<CheckId> {
    evaluate(meta, policy, NOW, limits)
        .into_iter()
        .map(|f| f.check)
        .collect()
}

fn only(meta: &SecretMeta) -> Vec<CheckId> {
    checks(meta, None, &Thresholds::default())
}

fn finding(meta: &SecretMeta, check: CheckId) -> Finding {
    evaluate(meta, None, NOW, &Thresholds::default())
        .into_iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no {check:?} finding"))
}

fn policy(json: serde_json::Value) -> PolicyState {
    PolicyState::from_answer(Ok(Some(json.to_string())), ARN)
}

#[test]
fn a_healthy_secret_has_no_findings() {
    assert_eq!(only(&healthy()), []);
    let none = PolicyState::from_answer(Ok(None), ARN);
    assert_eq!(checks(&healthy(), Some(&none), &Thresholds::default()), []);
}

#[test]
fn rotation_disabled_is_security_hub_1() {
    let mut m = healthy();
    m.rotation.enabled = false;
    assert!(only(&m).contains(&CheckId::RotationDisabled));
    assert_eq!(
        finding(&m, CheckId::RotationDisabled).reason,
        "automatic rotation is off; last rotated 1d ago"
    );
    assert_eq!(
        CheckId::RotationDisabled.check().security_hub,
        Some("SecretsManager.1")
    );
}

#[test]
fn rotation_overdue_counts_from_the_rules_plus_grace() {
    let limits = Thresholds::default();
    let mut m = healthy();
    // Every 30 days, 24 h grace: exactly 31 days since is on time.
    m.rotation.last_rotated = Some(NOW - 31 * DAY);
    assert!(!only(&m).contains(&CheckId::RotationOverdue));
    m.rotation.last_rotated = Some(NOW - 31 * DAY - 1);
    assert!(only(&m).contains(&CheckId::RotationOverdue));
    let reason = finding(&m, CheckId::RotationOverdue).reason;
    assert!(
        reason.contains("last rotated 31 days ago") && reason.contains("every 30d"),
        "{reason}"
    );
    // A rate expression is read as well.
    m.rotation.after_days = None;
    m.rotation.schedule = Some("rate(10 days)".into());
    m.rotation.last_rotated = Some(NOW - 12 * DAY);
    assert!(checks(&m, None, &limits).contains(&CheckId::RotationOverdue));
    // A cron schedule is judged by the next rotation date.
    m.rotation.schedule = Some("cron(0 4 ? * MON *)".into());
    m.rotation.next = Some(NOW - 2 * DAY);
    assert!(only(&m).contains(&CheckId::RotationOverdue));
    m.rotation.next = Some(NOW + DAY);
    assert!(!only(&m).contains(&CheckId::RotationOverdue));
}

#[test]
fn a_stuck_rotation_states_its_age_and_a_running_one_is_not_stuck() {
    let mut m = healthy();
    m.version_stages.insert("v2", ["AWSPENDING"]);
    m.last_changed = Some(NOW - 59 * 60);
    assert!(
        !only(&m).contains(&CheckId::RotationStuck),
        "59 min: running"
    );
    m.last_changed = Some(NOW - 60 * 60);
    assert!(only(&m).contains(&CheckId::RotationStuck));
    m.last_changed = Some(NOW - DAY - 3 * 3600);
    let f = finding(&m, CheckId::RotationStuck);
    assert_eq!(f.reason, "AWSPENDING not current for 1d 3h");
    assert_eq!(f.severity, Severity::High);
}

#[test]
fn unused_after_the_limit_or_never_accessed() {
    let mut m = healthy();
    m.last_accessed = Some(NOW - 91 * DAY + 1);
    assert!(!only(&m).contains(&CheckId::Unused), "90 whole days pass");
    m.last_accessed = Some(NOW - 91 * DAY);
    assert!(only(&m).contains(&CheckId::Unused));
    m.last_accessed = Some(NOW - 143 * DAY);
    assert_eq!(
        finding(&m, CheckId::Unused).reason,
        "not accessed for 143 days (limit 90)"
    );
    m.last_accessed = None;
    let f = finding(&m, CheckId::Unused);
    assert_eq!(f.reason, "never accessed (created 400 days ago)");
    assert_eq!(f.severity, Severity::Medium);
    m.created = Some(NOW - 2 * DAY);
    assert_eq!(finding(&m, CheckId::Unused).severity, Severity::Low, "new");
}

#[test]
fn not_rotated_within_the_limit_is_security_hub_4() {
    let mut m = healthy();
    m.rotation.enabled = false;
    m.rotation.last_rotated = Some(NOW - 91 * DAY + 1);
    assert!(
        !only(&m).contains(&CheckId::NotRotated),
        "90 whole days pass"
    );
    m.rotation.last_rotated = Some(NOW - 91 * DAY);
    assert_eq!(
        finding(&m, CheckId::NotRotated).reason,
        "not rotated for 91 days (limit 90)"
    );
    m.rotation.last_rotated = None;
    assert_eq!(
        finding(&m, CheckId::NotRotated).reason,
        "never rotated; created 400 days ago (limit 90)"
    );
    let limits = Thresholds {
        rotation_days: 500,
        ..Default::default()
    };
    assert!(!checks(&m, None, &limits).contains(&CheckId::NotRotated));
}

#[test]
fn required_tags_are_none_by_default() {
    let mut m = healthy();
    assert!(!only(&m).contains(&CheckId::MissingTags));
    let limits = Thresholds {
        required_tags: vec!["owner".into(), "team".into()],
        ..Default::default()
    };
    let got = evaluate(&m, None, NOW, &limits);
    assert_eq!(got[0].reason, "missing tags owner, team");
    m.tags = std::sync::Arc::new(small_map([
        ("owner".into(), "a".into()),
        ("team".into(), "b".into()),
    ]));
    assert!(!checks(&m, None, &limits).contains(&CheckId::MissingTags));
}

#[test]
fn public_policies_by_what_they_allow() {
    let open = policy(serde_json::json!({"Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}));
    let got = evaluate(&healthy(), Some(&open), NOW, &Thresholds::default());
    let public = got
        .iter()
        .find(|f| f.check == CheckId::PublicPolicy)
        .unwrap();
    assert_eq!(public.severity, Severity::Critical);
    assert!(got.iter().any(|f| f.check == CheckId::NoDenyBoundary));
    let describe_only = policy(serde_json::json!({"Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}}));
    let got = evaluate(
        &healthy(),
        Some(&describe_only),
        NOW,
        &Thresholds::default(),
    );
    assert_eq!(
        got.iter()
            .find(|f| f.check == CheckId::PublicPolicy)
            .unwrap()
            .severity,
        Severity::High
    );
    let org = policy(serde_json::json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
        {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}));
    assert_eq!(checks(&healthy(), Some(&org), &Thresholds::default()), []);
}

#[test]
fn cross_account_grants_and_the_default_key() {
    let grant = policy(serde_json::json!({"Statement": {
        "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/app", "444455556666"]},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}));
    let mut m = healthy();
    let got = evaluate(&m, Some(&grant), NOW, &Thresholds::default());
    let cross = got
        .iter()
        .find(|f| f.check == CheckId::CrossAccount)
        .unwrap();
    assert_eq!(
        cross.reason,
        "granted to 2 other accounts: 111122223333, 444455556666"
    );
    assert!(
        got.iter()
            .any(|f| f.check == CheckId::CrossAccountDefaultKey)
    );
    m.extras = Extras {
        kms_key_id: Some("arn:aws:kms:us-east-1:123456789012:key/1234abcd".into()),
        ..Default::default()
    }
    .into();
    let ids = checks(&m, Some(&grant), &Thresholds::default());
    assert!(
        ids.contains(&CheckId::CrossAccount) && !ids.contains(&CheckId::CrossAccountDefaultKey)
    );
    // Our own account is not cross-account.
    let own = policy(serde_json::json!({"Statement": {
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}));
    assert_eq!(
        checks(&healthy(), Some(&own), &Thresholds::default()),
        [CheckId::NoDenyBoundary]
    );
}

#[test]
fn policy_checks_wait_for_a_read_policy() {
    for state in [PolicyState::Denied, PolicyState::Failed("timeout".into())] {
        assert!(!state.known());
        assert_eq!(checks(&healthy(), Some(&state), &Thresholds::default()), []);
    }
}

#[test]
fn deletion_while_still_read() {
    let mut m = healthy();
    m.deletion_date = Some(NOW + 6 * DAY);
    m.last_accessed = Some(NOW - DAY);
    let f = finding(&m, CheckId::DeletionInUse);
    assert_eq!(f.reason, "deleted in 6d but read yesterday");
    assert_eq!(f.severity, Severity::High);
    m.last_accessed = Some(NOW - 30 * DAY);
    assert!(
        only(&m).contains(&CheckId::DeletionInUse),
        "30 days is within"
    );
    m.last_accessed = Some(NOW - 31 * DAY);
    assert!(!only(&m).contains(&CheckId::DeletionInUse));
    m.last_accessed = None;
    assert!(!only(&m).contains(&CheckId::DeletionInUse));
}

#[test]
fn rotation_without_a_function_unless_a_service_manages_it() {
    let mut m = healthy();
    m.rotation.lambda_arn = None;
    assert!(only(&m).contains(&CheckId::RotationWithoutFunction));
    m.extras = Extras {
        owning_service: Some("rds".into()),
        ..Default::default()
    }
    .into();
    assert!(!only(&m).contains(&CheckId::RotationWithoutFunction));
}

#[test]
fn replicas_out_of_sync() {
    let mut m = healthy();
    m.extras = Extras {
        replicas: vec![
            Replica {
                region: "eu-west-1".into(),
                status: "InSync".into(),
                message: None,
            },
            Replica {
                region: "ap-south-1".into(),
                status: "Failed".into(),
                message: Some("KMS key not found".into()),
            },
        ],
        ..Default::default()
    }
    .into();
    assert_eq!(
        finding(&m, CheckId::ReplicaNotInSync).reason,
        "replica in ap-south-1 is Failed: KMS key not found"
    );
}

#[test]
fn value_like_metadata_names_the_place_never_the_text() {
    let mut m = healthy();
    m.description = Some("db password is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into());
    m.tags = std::sync::Arc::new(small_map([
        (
            "token".into(),
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a".into(),
        ),
        ("team".into(), "payments".into()),
    ]));
    let f = finding(&m, CheckId::ValueInMetadata);
    assert_eq!(
        f.reason,
        "the description, tag token holds text that looks like a secret"
    );
    assert!(!f.reason.contains("EXAMPLEKEY") && !f.reason.contains("ghp_"));
}

#[test]
fn ignored_checks_give_nothing_and_unknown_names_are_refused() {
    let mut m = healthy();
    m.rotation.enabled = false;
    let limits = Thresholds {
        ignore: vec!["rotation-disabled".into()],
        ..Default::default()
    };
    assert!(limits.problem().is_none());
    assert!(!checks(&m, None, &limits).contains(&CheckId::RotationDisabled));
    let bad = Thresholds {
        ignore: vec!["rotation-off".into()],
        ..Default::default()
    };
    assert!(bad.problem().unwrap().contains("rotation-off"));
}

#[test]
fn the_tally_counts_scores_and_unknown_policies() {
    let mut stale = healthy();
    stale.id = SecretId::new("shop/prod/old", &ARN.replace("db-AbC123", "old-XyZ789"));
    stale.last_accessed = Some(NOW - 200 * DAY);
    let none = PolicyState::from_answer(Ok(None), ARN);
    let tally = Tally::of(
        [(&healthy(), Some(&none)), (&stale, None)],
        NOW,
        &Thresholds::default(),
    );
    assert_eq!(tally.secrets, 2);
    assert_eq!(tally.policies_unknown, 1);
    let unused = tally
        .rows
        .iter()
        .find(|r| r.check.id == CheckId::Unused)
        .unwrap();
    assert_eq!(
        (unused.failing(), unused.evaluated, unused.score()),
        (1, 2, 50)
    );
    let public = tally
        .rows
        .iter()
        .find(|r| r.check.id == CheckId::PublicPolicy)
        .unwrap();
    assert_eq!(public.evaluated, 1, "only the secret whose policy is known");
    assert!(tally.any_at_least(Severity::Medium));
    assert!(!tally.any_at_least(Severity::High));
    assert_eq!(
        tally
            .worst_by_secret()
            .get(stale.arn().to_string().as_str()),
        Some(&Severity::Medium)
    );
    assert!(tally.score() < 100);
}

#[test]
fn severities_parse_and_order() {
    assert_eq!(Severity::parse("HIGH"), Ok(Severity::High));
    assert!(Severity::parse("urgent").is_err());
    assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
    let slugs: std::collections::HashSet<_> = CHECKS.iter().map(|c| c.slug).collect();
    assert_eq!(slugs.len(), CHECKS.len(), "slugs are unique");
}
