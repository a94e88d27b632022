use super::*;
use crate::domain::activity::Activity;

const ARN: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/db-AbC123";

fn event(id: &str, time: Timestamp, name: &str, record: Value) -> AccessEvent {
    AccessEvent::parse(
        EventEnvelope {
            id: id.into(),
            time,
            name: name.into(),
            source: SECRETS_MANAGER.into(),
            username: record["userIdentity"]["userName"]
                .as_str()
                .map(str::to_string),
            access_key: None,
            resources: record["resources"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter_map(|x| x["ARN"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        },
        record.to_string(),
    )
}

fn read_by(
    id: &str,
    time: Timestamp,
    who: &str,
    secret_id: &str,
    error: Option<&str>,
) -> AccessEvent {
    let mut record = serde_json::json!({
        "userIdentity": {"type": "IAMUser", "arn": format!("arn:aws:iam::123456789012:user/{who}"),
                         "accessKeyId": format!("AKIA{who}"), "userName": who},
        "sourceIPAddress": "203.0.113.9",
        "userAgent": "aws-cli/2.15.0 Python/3.11",
        "requestParameters": {"secretId": secret_id},
    });
    if let Some(code) = error {
        record["errorCode"] = code.into();
        record["errorMessage"] = "denied".into();
    }
    event(id, time, "GetSecretValue", record)
}

#[test]
fn a_record_gives_principal_ip_agent_and_result() {
    let e = read_by("1", 10, "alice", "shop/prod/db", Some("AccessDenied"));
    assert_eq!(e.principal(), "user/alice");
    assert_eq!(e.source_ip, "203.0.113.9");
    assert_eq!(short_agent(&e.user_agent), "aws-cli");
    assert_eq!(e.result(), "AccessDenied");
    assert!(e.failed() && e.is_read());
    assert_eq!(e.access_key.as_deref(), Some("AKIAalice"));
    assert_eq!(e.pivot_target(), Some(Pivot::Username("alice".into())));
}

#[test]
fn the_older_arn_spelling_is_read() {
    let record = serde_json::json!({
        "userIdentity": {"type": "AssumedRole",
                         "aRN": "arn:aws:sts::123456789012:assumed-role/deploy-bot/gha-run"},
        "requestParameters": {"secretId": ARN},
    });
    let e = event("1", 1, "GetSecretValue", record);
    assert_eq!(e.principal(), "role/deploy-bot");
}

#[test]
fn service_events_name_their_secret_and_the_service() {
    let record = serde_json::json!({
        "userIdentity": {"accountId": "123456789012", "invokedBy": SECRETS_MANAGER},
        "sourceIPAddress": SECRETS_MANAGER, "userAgent": SECRETS_MANAGER,
        "additionalEventData": {"SecretId": ARN},
    });
    let e = event("1", 1, "RotationFailed", record);
    assert!(e.is_rotation());
    assert_eq!(e.principal(), "secretsmanager");
    assert_eq!(short_agent(&e.user_agent), "secretsmanager");
    assert!(e.concerns(ARN, "shop/prod/db"));
    assert_eq!(e.secret_label(), "shop/prod/db");
    // A failed rotation carries no error code, and still stands out.
    assert!(e.failed());
    assert_eq!(e.result(), "failed");
    let record = serde_json::json!({"userIdentity": {"invokedBy": SECRETS_MANAGER}});
    let succeeded = event("2", 1, "RotationSucceeded", record);
    assert!(!succeeded.failed());
    assert_eq!(succeeded.result(), "ok");
}

#[test]
fn a_secret_is_recognised_by_name_full_arn_partial_arn_or_resource() {
    let partial = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/db";
    for id in ["shop/prod/db", ARN, partial] {
        let e = read_by("1", 1, "bob", id, None);
        assert!(e.concerns(ARN, "shop/prod/db"), "{id}");
        assert_eq!(e.secret_label(), "shop/prod/db", "{id}");
    }
    // A longer name sharing the prefix is another secret.
    let other = read_by("1", 1, "bob", "shop/prod/db-replica", None);
    assert!(!other.concerns(ARN, "shop/prod/db"));
    let mut by_resource = read_by("2", 1, "bob", "whatever", None);
    by_resource.resources = vec![ARN.into()];
    assert!(by_resource.concerns(ARN, "shop/prod/db"));
}

#[test]
fn short_forms() {
    assert_eq!(short_principal("arn:aws:iam::1:root"), "root");
    assert_eq!(short_principal("arn:aws:iam::1:role/admin"), "role/admin");
    assert_eq!(short_principal("AKIAUNKNOWN"), "AKIAUNKNOWN");
    assert_eq!(
        short_agent("aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5"),
        "aws-sdk-go-v2"
    );
    assert_eq!(short_agent(""), "");
    assert_eq!(partial_arn("arn:x:secret:a-b"), "arn:x:secret:a-b");
    assert_eq!(name_from_arn(ARN), "shop/prod/db");
}

#[test]
fn a_record_that_is_not_json_keeps_the_envelope() {
    let e = AccessEvent::parse(
        EventEnvelope {
            id: "x".into(),
            name: "GetSecretValue".into(),
            username: Some("carol".into()),
            ..Default::default()
        },
        "not json".into(),
    );
    assert_eq!(e.principal(), "carol");
    assert_eq!(e.result(), "ok");
    assert_eq!(e.pretty(), "not json");
}

#[test]
fn merge_keeps_one_of_each_newest_first() {
    let mut all = vec![read_by("a", 5, "x", "s", None)];
    merge(
        &mut all,
        [
            read_by("b", 9, "x", "s", None),
            read_by("a", 5, "x", "s", None),
        ],
    );
    let ids: Vec<_> = all.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
}

#[test]
fn windows_cycle() {
    assert_eq!(Window::Hour.next(), Window::Day);
    assert_eq!(Window::Quarter.next(), Window::Hour);
    assert_eq!(Window::Week.seconds(), 604_800);
}

#[test]
fn activity_sums_up_by_principal_and_by_secret() {
    let events = vec![
        read_by("1", 1, "mallory", "shop/prod/db", None),
        read_by("2", 2, "mallory", "shop/prod/jwt", None),
        read_by("3", 3, "mallory", "shop/prod/mail", Some("AccessDenied")),
        read_by("4", 4, "alice", "shop/prod/db", None),
        read_by("5", 5, "alice", "shop/prod/db", None),
    ];
    let a = Activity::of(&events);
    assert_eq!((a.events, a.failures), (5, 1));
    let top = &a.principals[0];
    assert_eq!(top.principal, "user/mallory");
    assert_eq!((top.reads, top.secrets_read, top.failures), (2, 2, 1));
    let alice = &a.principals[1];
    assert_eq!((alice.reads, alice.secrets_read), (2, 1));
    let db = &a.secrets[0];
    assert_eq!(db.secret, "shop/prod/db");
    assert_eq!((db.reads, db.readers), (3, 2));
    let mail = a
        .secrets
        .iter()
        .find(|s| s.secret == "shop/prod/mail")
        .unwrap();
    assert_eq!((mail.reads, mail.failures), (0, 1));
}

#[test]
fn control_characters_never_reach_the_screen() {
    let record = serde_json::json!({
        "userIdentity": {"arn": "arn:aws:iam::1:user/x"},
        "userAgent": "evil\u{1b}[2J",
        "sourceIPAddress": "1.2.3.4\n",
    });
    let e = event("1", 1, "GetSecretValue", record);
    assert!(!e.user_agent.chars().any(char::is_control));
    assert!(!e.source_ip.chars().any(char::is_control));
    assert!(e.pretty().contains("\\u001b"));
}
