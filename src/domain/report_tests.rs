use super::*;
use crate::domain::event::EventEnvelope;

fn meta() -> SecretMeta {
    SecretMeta {
        id: crate::domain::secret::SecretId::new(
            "shop/prod/db",
            "arn:aws:secretsmanager:us-east-1:1:secret:shop/prod/db-AbC123",
        ),
        ..Default::default()
    }
}

fn event(id: &str, time: Timestamp, agent: &str, error: Option<&str>) -> AccessEvent {
    let mut record = serde_json::json!({
        "userIdentity": {"arn": "arn:aws:iam::1:user/mallory"},
        "sourceIPAddress": "198.51.100.7",
        "userAgent": agent,
        "requestParameters": {"secretId": "shop/prod/db"},
    });
    if let Some(code) = error {
        record["errorCode"] = code.into();
    }
    AccessEvent::parse(
        EventEnvelope {
            id: id.into(),
            time,
            name: "GetSecretValue".into(),
            ..Default::default()
        },
        record.to_string(),
    )
}

#[test]
fn markdown_has_every_section_and_escapes_what_callers_control() {
    let events = vec![
        event("1", 200, "evil|agent\n# heading", Some("AccessDenied")),
        event("2", 100, "aws-cli/2", None),
    ];
    let actions = vec![AuditRecord {
        time: "1970-01-01T00:02:00Z".into(),
        profile: None,
        region: "us-east-1".into(),
        caller: Some("arn:aws:iam::1:user/op".into()),
        action: "rollback".into(),
        secret_arn: meta().arn().to_string(),
        version_before: Some("v2".into()),
        version_after: Some("v1".into()),
        detail: None,
        outcome: "ok".into(),
    }];
    let report = Report {
        meta: &meta(),
        versions: &[Version {
            id: "v1".into(),
            stages: vec!["AWSCURRENT".into()],
            created: Some(50),
            last_accessed: None,
        }],
        events: &events,
        completeness: Completeness::Truncated { scanned: 2000 },
        since: 0,
        until: 300,
        actions: &actions,
        missing: &[],
    };
    let md = report.markdown();
    for section in [
        "# Incident report: shop/prod/db",
        "## Secret",
        "## Versions",
        "## Access events (2 in the window, 1 failed)",
        "## Principals",
        "## Failures",
        "## Actions taken from sekret",
        "**Partial:**",
        "user/mallory",
        "198.51.100.7",
        "rollback",
    ] {
        assert!(md.contains(section), "missing {section:?} in\n{md}");
    }
    // The hostile user agent cannot break the table or start a heading.
    assert!(!md.contains("\n# heading"));
    assert!(md.contains("evil\\|agent"));
    let json = report.json();
    assert_eq!(json["events"].as_array().unwrap().len(), 2);
    assert_eq!(json["failures"][0]["result"], "AccessDenied");
    assert_eq!(json["complete"], false);
    assert_eq!(json["console_actions"][0]["action"], "rollback");
}

#[test]
fn cells_show_control_characters_escaped() {
    // `\x1b` (its backslash escaped for Markdown), never a raw ESC.
    assert_eq!(cell("a\u{1b}[31mb"), "a\\\\x1b\\[31mb");
    assert_eq!(cell("gpj\u{202e}exe"), "gpj\\\\u{202e}exe");
    assert_eq!(cell("two\nlines"), "two\\\\nlines");
    assert_eq!(cell("x_y"), "x\\_y");
}
