//! The whole screen, drawn on ratatui's TestBackend at 120×40 and 80×24,
//! with demo-shaped data at fixed times (so snapshots do not age).

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sekret::domain::event::{AccessEvent, Completeness, EventEnvelope};
use sekret::domain::mutation::Outcome;
use sekret::domain::rotation::Phase;
use sekret::domain::secret::{Rotation, SecretId, SecretMeta, Stages, Tags};
use sekret::domain::value::{SecretValue, VersionValue};
use sekret::domain::version::Version;
use sekret::tui::app::EditPurpose;
use sekret::tui::app::health::{CallRecord, Identity};
use sekret::tui::app::input::Key;
use sekret::tui::app::{App, Command, ConnectionInfo, Msg, Overlay, update};
use sekret::tui::messages::Job;

const NOW: i64 = 1_795_348_800; // 2026-11-22 12:00 UTC
const DAY: i64 = 86_400;
/// The version a rotation makes.
const ROTATED: &str = "4d5e6f70-0000-4000-8000-000000000004";

fn secret(name: &str, age_days: i64) -> SecretMeta {
    let stages = Stages::from([
        (
            format!("3f2a{:04x}-0000-4000-8000-000000000001", name.len()),
            ["AWSCURRENT"],
        ),
        (
            format!("91bc{:04x}-0000-4000-8000-000000000002", name.len()),
            ["AWSPREVIOUS"],
        ),
    ]);
    SecretMeta {
        id: SecretId::new(
            name,
            &format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123"),
        ),
        created: Some(NOW - 400 * DAY),
        last_changed: Some(NOW - age_days * DAY),
        last_accessed: Some((NOW - DAY) / DAY * DAY),
        version_stages: stages,
        tags: Tags::new(sekret::domain::small_map::small_map([(
            "team".into(),
            name.split('/').next().unwrap().into(),
        )])),
        ..Default::default()
    }
}

fn demo() -> Vec<SecretMeta> {
    let mut out = vec![];
    for (name, days) in [
        ("afirgen/production/secrets", 12),
        ("argo-alpine/alpine-backend/database-url", 2),
        ("argo-alpine/alpine-backend/jwt-secret", 30),
        ("argo-alpine/alpine-backend/stripe-secret-key", 150),
        ("argo-alpine/alpine-frontend/sentry-dsn", 400),
        ("argo-alpine/argo/github-token", 45),
        ("argo-alpine/argo/slack-webhook", 300),
        ("credlink-prod-api-keys", 70),
        ("gaara-store/production/database-url", 30),
        ("gaara-store/production/encryption-key", 500),
        ("gaara-store/production/jwt-secret", 3),
        ("gaara-store/production/mail-password", 250),
        ("gaara-store/production/redis-password", 20),
        ("gaara-store/production/secret-key", 100),
        ("gaara-store/production/sentry-dsn", 365),
        ("pipeline-pulse/prod/currency", 180),
        ("pipeline-pulse/prod/database", 5),
        ("pipeline-pulse/prod/jwt", 10),
        ("pipeline-pulse/prod/zoho", 1),
    ] {
        out.push(secret(name, days));
    }
    let rotating = Rotation {
        enabled: true,
        lambda_arn: Some("arn:aws:lambda:us-east-1:123456789012:function:rotate-db".into()),
        after_days: Some(30),
        last_rotated: Some(NOW - 3 * DAY),
        next: Some(NOW + 27 * DAY),
        ..Default::default()
    };
    for s in &mut out {
        match s.name().to_string().as_str() {
            "gaara-store/production/jwt-secret" => {
                s.rotation = rotating.clone().into();
                s.description = Some("JWT signing secret for the storefront API".into());
                s.extras.kms_key_id = Some("alias/gaara-store".into());
            }
            "pipeline-pulse/prod/database" => {
                s.rotation = rotating.clone().into();
                s.description = Some("Pipeline Pulse Postgres credentials".into());
                s.extras.kms_key_id = Some("alias/pipeline-pulse".into());
            }
            "pipeline-pulse/prod/zoho" => {
                s.rotation = rotating.clone().into();
                s.version_stages
                    .insert("feedbeef-0000-4000-8000-000000000003", ["AWSPENDING"]);
            }
            "argo-alpine/argo/slack-webhook" => s.deletion_date = Some(NOW + 6 * DAY),
            "gaara-store/production/mail-password" => s.last_accessed = None,
            "argo-alpine/alpine-frontend/sentry-dsn" => s.last_accessed = Some(NOW - 200 * DAY),
            _ => {}
        }
    }
    out
}

fn app(width: u16, height: u16) -> App {
    let mut app = App::new(
        ConnectionInfo {
            profile: Some("demo".into()),
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:4566".into(),
            read_only: false,
        },
        300_000,
    );
    app.now = NOW;
    update(&mut app, Msg::Resized { width, height });
    let Job::ListSecrets { seq } = app.start()[1] else {
        unreachable!()
    };
    update(
        &mut app,
        Msg::IdentityLoaded(Ok(Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/operator".into(),
            access_key: Some("AKIAOPERATOR00000001".into()),
        })),
    );
    for (op, ms) in [
        ("GetCallerIdentity", 12),
        ("ListSecrets", 38),
        ("ListSecrets", 41),
    ] {
        update(
            &mut app,
            Msg::Call(CallRecord {
                operation: op,
                latency_ms: ms,
                error: None,
                attempts_total: 3,
                throttled_total: 0,
            }),
        );
    }
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: demo(),
            more: false,
        },
    );
    app
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let key = match c {
            '\n' => Key::Enter,
            '\x1b' => Key::Esc,
            '\t' => Key::Tab,
            c => Key::Char(c),
        };
        let sent = update(app, Msg::Key(key));
        answer(app, sent);
        app.now_ms += 1_000;
        let sent = update(app, Msg::Tick);
        answer(app, sent);
    }
}

/// A fake value for each version: the database bundle changes its host and
/// password and gains sslmode; everything else is a line of text.
fn value_for(name: &str, version_id: &str) -> SecretValue {
    let current = version_id.starts_with("3f2a");
    let text = match (name, current) {
        ("pipeline-pulse/prod/database", true) => {
            r#"{"dbname":"pulse","host":"pulse-db-2.internal","password":"fake-pw-2","port":5432,"sslmode":"require","username":"pulse_app"}"#
        }
        ("pipeline-pulse/prod/database", false) => {
            r#"{"dbname":"pulse","host":"pulse-db.internal","password":"fake-pw-1","port":5432,"username":"pulse_app"}"#
        }
        (_, true) => "fake-value-2",
        (_, false) => "fake-value-1",
    };
    SecretValue::text(text.to_string())
}

fn arn_of(name: &str) -> String {
    format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123")
}

/// One CloudTrail event of the fixed timeline.
fn event(
    n: usize,
    ago_s: i64,
    name: &str,
    secret: &str,
    who: (&str, &str, &str),
    error: Option<&str>,
) -> AccessEvent {
    let (arn, ip, agent) = who;
    let mut record = serde_json::json!({
        "userIdentity": {"arn": arn, "accessKeyId": format!("AKIAFIXTURE{n:09}")},
        "sourceIPAddress": ip,
        "userAgent": agent,
        "requestParameters": {"secretId": secret},
    });
    if let Some(code) = error {
        record["errorCode"] = code.into();
    }
    let username = arn.rsplit('/').next().unwrap().to_string();
    AccessEvent::parse(
        EventEnvelope {
            id: format!("{n:08}-e000-4000-8000-000000000000"),
            time: NOW - ago_s,
            name: name.into(),
            source: "secretsmanager.amazonaws.com".into(),
            username: Some(username),
            access_key: Some(format!("AKIAFIXTURE{n:09}")),
            resources: vec![arn_of(secret)],
        },
        record.to_string(),
    )
}

/// A day of access history: a deploy bot reading hourly, a denied read,
/// a contractor sweeping several secrets, a rotation.
fn timeline() -> Vec<AccessEvent> {
    let bot = (
        "arn:aws:sts::123456789012:assumed-role/deploy-bot/gha-run",
        "10.0.3.7",
        "aws-sdk-go-v2/1.30.3 os/linux",
    );
    let alice = (
        "arn:aws:iam::123456789012:user/alice",
        "203.0.113.9",
        "aws-cli/2.15.0 Python/3.11",
    );
    let contractor = (
        "arn:aws:iam::123456789012:user/contractor-tmp",
        "198.51.100.23",
        "python-requests/2.31.0 Boto3/1.34",
    );
    let mut out = Vec::new();
    for h in 0..8 {
        out.push(event(
            h,
            600 + h as i64 * 3600,
            "GetSecretValue",
            "gaara-store/production/jwt-secret",
            bot,
            None,
        ));
        out.push(event(
            100 + h,
            660 + h as i64 * 3600,
            "GetSecretValue",
            "gaara-store/production/database-url",
            bot,
            None,
        ));
    }
    out.push(event(
        200,
        8 * 3600 + 720,
        "GetSecretValue",
        "gaara-store/production/jwt-secret",
        alice,
        Some("AccessDeniedException"),
    ));
    for (i, s) in [
        "gaara-store/production/jwt-secret",
        "gaara-store/production/secret-key",
        "credlink-prod-api-keys",
        "pipeline-pulse/prod/database",
    ]
    .iter()
    .enumerate()
    {
        let error = (i == 2).then_some("AccessDeniedException");
        out.push(event(
            300 + i,
            5 * 3600 + i as i64 * 60,
            "GetSecretValue",
            s,
            contractor,
            error,
        ));
    }
    out.push(event(
        400,
        2 * 3600,
        "DescribeSecret",
        "gaara-store/production/jwt-secret",
        alice,
        None,
    ));
    out
}

/// The demo's resource policies: one public, one cross-account, one
/// restricted by a VPC endpoint with a Deny boundary; none elsewhere.
fn policy_of(arn: &str) -> Option<String> {
    let name = demo()
        .into_iter()
        .find(|s| s.arn() == arn)?
        .name()
        .to_string();
    let policy = match name.as_str() {
        "gaara-store/production/sentry-dsn" => serde_json::json!({"Statement": [
            {"Sid": "FrontendBuildReadsDsn", "Effect": "Allow", "Principal": "*",
             "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}),
        "pipeline-pulse/prod/currency" => serde_json::json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:role/pulse-reporting"},
             "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}]}),
        "gaara-store/production/database-url" => serde_json::json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/gaara-store-app"},
             "Action": "secretsmanager:GetSecretValue", "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}},
            {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}),
        _ => return None,
    };
    Some(policy.to_string())
}

/// Answer the worker's commands as it would, from the same data.
fn answer(app: &mut App, commands: Vec<Command>) {
    for command in commands {
        let reply = match command {
            Command::Job(Job::Describe { seq, arn }) => {
                let meta = demo().into_iter().find(|s| s.arn() == arn).unwrap();
                Msg::Described {
                    seq,
                    arn,
                    result: Ok(Box::new(meta)),
                }
            }
            Command::Job(Job::ListVersions { seq, arn, .. }) => {
                let meta = demo().into_iter().find(|s| s.arn() == arn).unwrap();
                let mut versions: Vec<Version> = meta
                    .version_stages
                    .iter()
                    .map(|(id, stages)| Version {
                        id: id.to_string(),
                        stages: stages.iter().map(str::to_string).collect(),
                        created: Some(if id.text().starts_with("3f2a") {
                            NOW - 5 * DAY
                        } else {
                            NOW - 35 * DAY
                        }),
                        last_accessed: Some((NOW - DAY) / DAY * DAY),
                    })
                    .collect();
                sekret::domain::version::sort_newest_first(&mut versions);
                Msg::VersionsListed {
                    seq,
                    arn,
                    result: Ok(versions),
                }
            }
            Command::Job(Job::ReadPolicy { seq, arn }) => Msg::PolicyRead {
                seq,
                result: Ok(policy_of(&arn)),
                arn,
            },
            Command::Job(Job::ReadValue { seq, arn, version }) => {
                let meta = demo().into_iter().find(|s| s.arn() == arn).unwrap();
                let id = version.unwrap_or_else(|| meta.current_version().unwrap().to_string());
                Msg::ValueRead {
                    seq,
                    arn,
                    result: Ok(Some(VersionValue {
                        value: value_for(meta.name(), &id),
                        version_id: id,
                    })),
                }
            }
            Command::Job(Job::LookupEvents { seq, target, start }) => {
                let events: Vec<AccessEvent> = timeline()
                    .into_iter()
                    .filter(|e| e.time >= start && target.keeps(e))
                    .collect();
                let more = update(app, Msg::EventsPage { seq, events });
                answer(app, more);
                Msg::EventsDone {
                    seq,
                    result: Ok(Completeness::Complete),
                }
            }
            // The change is made: a rotation's new version comes back.
            Command::Job(Job::Mutate {
                seq,
                secret,
                mutation,
            }) => Msg::Mutated {
                seq,
                kind: mutation.kind(),
                result: Ok(Outcome {
                    arn: secret,
                    version: Some(ROTATED.into()),
                    ..Outcome::default()
                }),
                secret: arn_of("gaara-store/production/jwt-secret"),
            },
            // Half way: AWSPENDING is on the new version.
            Command::Job(Job::WatchRotation {
                seq, arn, version, ..
            }) => {
                let mut stages = demo()
                    .into_iter()
                    .find(|s| s.arn() == arn)
                    .unwrap()
                    .version_stages;
                stages.insert(&version, ["AWSPENDING"]);
                Msg::Rotation {
                    seq,
                    arn,
                    update: Ok((Phase::Pending, stages)),
                }
            }
            _ => continue,
        };
        let more = update(app, reply);
        answer(app, more);
    }
}

fn screen(app: &App) -> String {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| sekret::tui::ui::draw(app, f)).unwrap();
    terminal.backend().to_string()
}

/// Open gaara-store/production and select jwt-secret.
const TO_JWT: &str = "jjljljjj";

#[test]
fn browse_120x40() {
    let mut app = app(120, 40);
    press(&mut app, TO_JWT);
    assert_eq!(
        app.selected_secret().unwrap().name(),
        "gaara-store/production/jwt-secret"
    );
    assert_snapshot!(screen(&app));
}

#[test]
fn browse_80x24() {
    let mut app = app(80, 24);
    press(&mut app, TO_JWT);
    assert_snapshot!(screen(&app));
}

#[test]
fn stuck_rotation_and_badges_120x40() {
    let mut app = app(120, 40);
    press(&mut app, "jjjljljjjj");
    assert_eq!(
        app.selected_secret().unwrap().name(),
        "pipeline-pulse/prod/zoho"
    );
    let shown = screen(&app);
    assert!(shown.contains("rotation running or stuck"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn filter_120x40() {
    let mut app = app(120, 40);
    press(&mut app, "/prod db");
    assert_snapshot!(screen(&app));
}

#[test]
fn filter_80x24() {
    let mut app = app(80, 24);
    press(&mut app, "/zoho");
    assert_snapshot!(screen(&app));
}

#[test]
fn flat_sorted_by_last_changed_120x40() {
    let mut app = app(120, 40);
    press(&mut app, "fs");
    assert_snapshot!(screen(&app));
}

#[test]
fn flat_80x24() {
    let mut app = app(80, 24);
    press(&mut app, "fjjjjjj");
    assert_eq!(
        app.selected_secret().unwrap().name(),
        "argo-alpine/argo/slack-webhook"
    );
    let shown = screen(&app);
    assert!(shown.contains("✗ scheduled for"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn help_120x40() {
    let mut app = app(120, 40);
    press(&mut app, "?");
    assert_snapshot!(screen(&app));
}

#[test]
fn help_80x24_scrolled() {
    let mut app = app(80, 24);
    press(&mut app, "?jjjjjjjjjjjjjjjjjjjjjjjj");
    assert_snapshot!(screen(&app));
}

#[test]
fn palette_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ":re");
    assert_snapshot!(screen(&app));
}

#[test]
fn palette_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ":sort ");
    assert_snapshot!(screen(&app));
}

/// Filter to the database bundle and read it: keys shown, values masked.
const TO_BUNDLE: &str = "/pulse/prod/datab\nv";

#[test]
fn bundle_keys_masked_120x40() {
    let mut app = app(120, 40);
    press(&mut app, TO_BUNDLE);
    assert_snapshot!(screen(&app));
}

#[test]
fn bundle_keys_masked_80x24() {
    let mut app = app(80, 24);
    press(&mut app, TO_BUNDLE);
    assert_snapshot!(screen(&app));
}

#[test]
fn bundle_one_key_revealed_120x40() {
    let mut app = app(120, 40);
    press(&mut app, &format!("{TO_BUNDLE}jv"));
    assert_snapshot!(screen(&app));
}

#[test]
fn bundle_one_key_revealed_80x24() {
    let mut app = app(80, 24);
    press(&mut app, &format!("{TO_BUNDLE}jv"));
    assert_snapshot!(screen(&app));
}

/// From the bundle's detail: the versions pane, then previous vs current.
const DIFF: &str = "/pulse/prod/datab\n\td";

#[test]
fn diff_masked_120x40() {
    let mut app = app(120, 40);
    press(&mut app, DIFF);
    assert_snapshot!(screen(&app));
}

#[test]
fn diff_masked_80x24() {
    let mut app = app(80, 24);
    press(&mut app, DIFF);
    assert_snapshot!(screen(&app));
}

/// Select AWSPREVIOUS in the versions pane, `b`, and start typing the name.
const ROLLBACK: &str = "/pulse/prod/datab\n\t\tjbpipeline-pulse/pr";

#[test]
fn rollback_confirmation_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ROLLBACK);
    assert_snapshot!(screen(&app));
}

#[test]
fn rollback_confirmation_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ROLLBACK);
    assert_snapshot!(screen(&app));
}

/// jwt-secret, then the access pane focused.
const ACCESS: &str = "jjljljjj\t\t\t";

#[test]
fn access_pane_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ACCESS);
    assert_snapshot!(screen(&app));
}

#[test]
fn access_pane_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ACCESS);
    assert_snapshot!(screen(&app));
}

/// All activity, summed up by principal and by secret.
const SUMMARY: &str = "jjljljjjaS";

#[test]
fn activity_summary_120x40() {
    let mut app = app(120, 40);
    press(&mut app, SUMMARY);
    assert_snapshot!(screen(&app));
}

#[test]
fn activity_summary_80x24() {
    let mut app = app(80, 24);
    press(&mut app, SUMMARY);
    assert_snapshot!(screen(&app));
}

/// From jwt-secret's denied read by alice (the oldest event), pivot to alice.
const PIVOT: &str = "jjljljjj\t\t\tGp";

#[test]
fn pivot_120x40() {
    let mut app = app(120, 40);
    press(&mut app, PIVOT);
    assert_snapshot!(screen(&app));
}

#[test]
fn pivot_80x24() {
    let mut app = app(80, 24);
    press(&mut app, PIVOT);
    assert_snapshot!(screen(&app));
}

/// jwt-secret, `R`, and the name half typed.
const ROTATE: &str = "/production/jwt\nRgaara-store/prod";

#[test]
fn rotate_confirmation_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ROTATE);
    assert_snapshot!(screen(&app));
}

#[test]
fn rotate_confirmation_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ROTATE);
    assert_snapshot!(screen(&app));
}

/// Confirmed: RotateSecret answered, AWSPENDING is on the new version.
const ROTATING: &str = "/production/jwt\nRgaara-store/production/jwt-secret\n";

#[test]
fn rotation_in_progress_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ROTATING);
    assert_snapshot!(screen(&app));
}

#[test]
fn rotation_in_progress_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ROTATING);
    assert_snapshot!(screen(&app));
}

/// `e` on the bundle, and the editor comes back with a new password.
fn edited_bundle(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    press(&mut app, "/pulse/prod/datab\ne");
    let name = "pipeline-pulse/prod/database";
    let before = value_for(name, "3f2a");
    let after = before.as_str().unwrap().replace("fake-pw-2", "fake-pw-3");
    let sent = update(
        &mut app,
        Msg::Edited {
            purpose: EditPurpose::Put {
                arn: arn_of(name),
                name: name.into(),
                base: Some("3f2a001c-0000-4000-8000-000000000001".into()),
            },
            before,
            after: Ok(SecretValue::text(after)),
        },
    );
    answer(&mut app, sent);
    app
}

#[test]
fn put_confirmation_masked_diff_120x40() {
    assert_snapshot!(screen(&edited_bundle(120, 40)));
}

#[test]
fn put_confirmation_masked_diff_80x24() {
    assert_snapshot!(screen(&edited_bundle(80, 24)));
}

/// `D` on jwt-secret, the window shortened to 14 days.
fn deleting(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    press(&mut app, "/production/jwt\nD");
    for _ in 0..16 {
        update(&mut app, Msg::Key(Key::Down));
    }
    app
}

#[test]
fn delete_confirmation_120x40() {
    assert_snapshot!(screen(&deleting(120, 40)));
}

#[test]
fn delete_confirmation_80x24() {
    assert_snapshot!(screen(&deleting(80, 24)));
}

/// `:import` of the backend example into gaara-store/production/, where
/// two of its keys are stored already (one the same, one different).
fn importing(width: u16, height: u16) -> App {
    use sekret::domain::import::Format;
    use sekret::domain::import::remote::{Current, Remote};
    let mut app = app(width, height);
    press(&mut app, ":");
    for c in "import .env gaara-store/production/".chars() {
        update(&mut app, Msg::Key(Key::Char(c)));
    }
    let sent = update(&mut app, Msg::Key(Key::Enter));
    let [Command::Job(Job::PlanImport { seq, target, .. })] = sent.as_slice() else {
        panic!("{sent:?}");
    };
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/backend/.env"),
    )
    .unwrap();
    let source = Format::Dotenv.parse(&text).unwrap();
    let stored = |value: &str| {
        Remote::Current(Current::read(
            "3f2a91bc-0000-4000-8000-000000000001".into(),
            SecretValue::text(value.into()),
            false,
        ))
    };
    let remote = std::collections::HashMap::from([
        (
            "gaara-store/production/secret-key".to_string(),
            stored("fake-django-secret-key-0000"),
        ),
        (
            "gaara-store/production/jwt-secret-key".to_string(),
            stored("an older signing key"),
        ),
    ]);
    update(
        &mut app,
        Msg::ImportPlanned {
            seq: *seq,
            result: Ok(Box::new(sekret::tui::app::import::ImportDraft {
                file: ".env".into(),
                source,
                target: target.clone(),
                selection: Default::default(),
                remote,
            })),
        },
    );
    app
}

#[test]
fn import_plan_120x40() {
    assert_snapshot!(screen(&importing(120, 40)));
}

#[test]
fn import_plan_80x24() {
    assert_snapshot!(screen(&importing(80, 24)));
}

#[test]
fn import_confirmation_120x40() {
    let mut app = importing(120, 40);
    update(&mut app, Msg::Key(Key::Enter));
    assert_snapshot!(screen(&app));
}

#[test]
fn import_confirmation_80x24() {
    let mut app = importing(80, 24);
    update(&mut app, Msg::Key(Key::Enter));
    assert_snapshot!(screen(&app));
}

fn picking_a_profile(width: u16, height: u16) -> App {
    use sekret::domain::profile::ProfileEntry;
    let mut app = app(width, height);
    press(&mut app, ":profile");
    let sent = update(&mut app, Msg::Key(Key::Enter));
    assert_eq!(sent, [Job::ListProfiles]);
    let entry = |name: &str, region: Option<&str>, sso: bool, role: bool| ProfileEntry {
        name: name.into(),
        region: region.map(String::from),
        sso,
        role,
    };
    update(
        &mut app,
        Msg::ProfilesListed(Ok(vec![
            entry("default", Some("us-east-1"), false, false),
            entry("gaara-prod", Some("us-east-1"), true, false),
            entry("pipeline-staging", Some("eu-west-1"), true, false),
            entry("break-glass", None, false, true),
        ])),
    );
    press(&mut app, "j");
    app
}

#[test]
fn profile_picker_120x40() {
    assert_snapshot!(screen(&picking_a_profile(120, 40)));
}

#[test]
fn profile_picker_80x24() {
    assert_snapshot!(screen(&picking_a_profile(80, 24)));
}

/// At 80×24 the health pane is a tab with the whole screen: one fact per
/// line, every operation listed.
#[test]
fn health_tab_80x24() {
    let mut app = app(80, 24);
    press(&mut app, TO_JWT);
    for _ in 0..4 {
        update(&mut app, Msg::Key(Key::Tab));
    }
    assert_snapshot!(screen(&app));
}

/// jwt-secret's principals (`S`), the contractor selected and pivoted on:
/// every secret it touched, failures first, the one we came from marked.
const BLAST: &str = "jjljljjjaSjjp";

#[test]
fn blast_radius_120x40() {
    let mut app = app(120, 40);
    press(&mut app, BLAST);
    assert_snapshot!(screen(&app));
}

#[test]
fn blast_radius_80x24() {
    let mut app = app(80, 24);
    press(&mut app, BLAST);
    assert_snapshot!(screen(&app));
}

/// All activity, narrowed by the timeline filter being typed.
const TIMELINE_FILTER: &str = "jjljljjjaa/failed";

#[test]
fn timeline_filter_120x40() {
    let mut app = app(120, 40);
    press(&mut app, TIMELINE_FILTER);
    assert_snapshot!(screen(&app));
}

#[test]
fn timeline_filter_80x24() {
    let mut app = app(80, 24);
    press(&mut app, TIMELINE_FILTER);
    assert_snapshot!(screen(&app));
}

/// The access pane zoomed to the whole screen.
const ZOOM: &str = "jjljljjjaz";

#[test]
fn zoomed_access_120x40() {
    let mut app = app(120, 40);
    press(&mut app, ZOOM);
    assert_snapshot!(screen(&app));
}

#[test]
fn zoomed_access_80x24() {
    let mut app = app(80, 24);
    press(&mut app, ZOOM);
    assert_snapshot!(screen(&app));
}

/// `:findings` with every policy read (the background reads answered).
fn findings(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    press(&mut app, ":findings\n");
    for _ in 0..60 {
        app.now_ms += 200;
        let sent = update(&mut app, Msg::Tick);
        answer(&mut app, sent);
    }
    app
}

#[test]
fn findings_checks_120x40() {
    let app = findings(120, 40);
    let shown = screen(&app);
    assert!(!shown.contains("not read"), "every policy read:\n{shown}");
    assert!(shown.contains("SecretsManager.1"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn findings_checks_80x24() {
    assert_snapshot!(screen(&findings(80, 24)));
}

/// The "unused" check's secrets (its row found by its title).
fn unused(width: u16, height: u16) -> App {
    let mut app = findings(width, height);
    let Some(Overlay::Findings(view)) = &app.overlay else {
        panic!("no findings view")
    };
    let row = view
        .tally
        .rows
        .iter()
        .position(|r| r.check.slug == "unused")
        .unwrap();
    press(&mut app, &"j".repeat(row));
    press(&mut app, "\n");
    app
}

#[test]
fn findings_of_a_check_120x40() {
    let shown = screen(&unused(120, 40));
    assert!(shown.contains("not accessed for 200 days"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn findings_of_a_check_80x24() {
    assert_snapshot!(screen(&unused(80, 24)));
}

/// gaara-store/production/sentry-dsn: open to everyone.
const TO_PUBLIC: &str = "jjljljjjjjjj";

#[test]
fn public_policy_in_the_detail_120x40() {
    let mut app = app(120, 40);
    press(&mut app, TO_PUBLIC);
    assert_eq!(
        app.selected_secret().unwrap().name(),
        "gaara-store/production/sentry-dsn"
    );
    let shown = screen(&app);
    assert!(shown.contains("PUBLIC"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn public_policy_in_full_80x24() {
    let mut app = app(80, 24);
    press(&mut app, TO_PUBLIC);
    press(&mut app, ":policy\n");
    assert_snapshot!(screen(&app));
}
