//! `update` under random operation: long sequences of keys, resizes, time,
//! and worker answers — in any order, duplicated, stale or failed. Nothing
//! panics, and the invariants hold after every step:
//! - every selection is within its list;
//! - what is on screen belongs to the selected secret (no stale answer
//!   shown);
//! - `Esc` closes any overlay;
//! - read-only mode never sends a change.

use proptest::prelude::*;

use super::health::Identity;
use super::input::{Key, Mouse, MouseKind};
use super::tests::{app, secret};
use super::*;
use crate::domain::error::AwsError;
use crate::domain::event::{AccessEvent, Completeness, EventEnvelope};
use crate::domain::mutation::Outcome;
use crate::domain::rotation::Phase;
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::Version;
use crate::tui::messages::{Effect, Job};

const NAMES: [&str; 6] = [
    "gaara-store/production/jwt-secret",
    "gaara-store/production/database-url",
    "pipeline-pulse/prod/database",
    "credlink-prod-api-keys",
    "a/b/c/d/e/f/g",
    "trailing/",
];

#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    Mouse(Mouse),
    Resize(u16, u16),
    /// Time passes (ms).
    Tick(u64),
    /// The worker answers one of the commands still waiting (any order).
    Answer {
        pick: usize,
        fail: bool,
    },
    /// An answer already delivered arrives again (duplicate, stale).
    Replay {
        pick: usize,
    },
    /// The operator types the selected secret's name (to get through a
    /// typed confirmation), then Enter.
    TypeName,
    /// `:findings` or `:policy`, typed whole.
    Palette(&'static str),
    WorkerFailed,
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        4 => prop::sample::select(vec![
            Key::Enter, Key::Esc, Key::Backspace, Key::Tab, Key::BackTab, Key::Up,
            Key::Down, Key::Left, Key::Right, Key::PageUp, Key::PageDown, Key::Home,
            Key::End, Key::Ctrl('u'), Key::Ctrl('d'),
        ]),
        // Every bound letter but quit, and what the palette understands.
        6 => prop::sample::select(
            "jkhlgGfs/?:rvcd bReapxtyAY1234567890-".chars().collect::<Vec<_>>()
        ).prop_map(Key::Char),
        1 => any::<char>().prop_filter("not quit", |c| *c != 'q').prop_map(Key::Char),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => key().prop_map(Step::Key),
        1 => (0u16..200, 0u16..60, prop::sample::select(vec![
                MouseKind::Click, MouseKind::ScrollUp, MouseKind::ScrollDown]))
            .prop_map(|(column, row, kind)| Step::Mouse(Mouse { kind, column, row })),
        1 => (1u16..220, 1u16..70).prop_map(|(w, h)| Step::Resize(w, h)),
        2 => prop::sample::select(vec![50u64, 300, 5_000, 400_000]).prop_map(Step::Tick),
        6 => (any::<usize>(), prop::bool::weighted(0.25))
            .prop_map(|(pick, fail)| Step::Answer { pick, fail }),
        2 => any::<usize>().prop_map(|pick| Step::Replay { pick }),
        1 => Just(Step::TypeName),
        1 => prop::sample::select(vec![":findings", ":policy"]).prop_map(Step::Palette),
        1 => Just(Step::WorkerFailed),
    ]
}

fn arn_of(name: &str) -> String {
    secret(name).arn().to_string()
}

/// Versions whose ids carry their secret's name, so a list shown for the
/// wrong secret is visible.
fn versions_of(arn: &str) -> Vec<Version> {
    ["AWSCURRENT", "AWSPREVIOUS", ""]
        .iter()
        .enumerate()
        .map(|(i, label)| Version {
            id: format!("{arn}#v{i}"),
            stages: (!label.is_empty())
                .then(|| label.to_string())
                .into_iter()
                .collect(),
            created: Some(1_700_000_000_000 - i as i64 * 86_400_000),
            last_accessed: None,
        })
        .collect()
}

fn denied() -> AwsError {
    AwsError::AccessDenied {
        action: "secretsmanager:GetSecretValue".into(),
        message: "denied".into(),
    }
}

fn event(arn: &str) -> AccessEvent {
    AccessEvent::parse(
        EventEnvelope {
            id: format!("ev-{arn}"),
            time: 1_700_000_000_000,
            name: "GetSecretValue".into(),
            username: Some("alice".into()),
            access_key: Some("AKIAALICE".into()),
            source: "secretsmanager.amazonaws.com".into(),
            ..Default::default()
        },
        serde_json::json!({"requestParameters": {"secretId": arn}}).to_string(),
    )
}

/// What the worker would answer to `command` (`fail`: an error instead).
fn answer(command: &Command, fail: bool, read_only: bool, pick: usize) -> Vec<Msg> {
    match command.clone() {
        Command::Job(Job::ListSecrets { seq }) if fail => vec![Msg::ListFailed {
            seq,
            error: AwsError::Throttled {
                action: "secretsmanager:ListSecrets".into(),
            },
            retry_in_s: Some(1),
        }],
        // Sometimes a secret is gone on the next listing.
        Command::Job(Job::ListSecrets { seq }) => vec![Msg::Listed {
            seq,
            secrets: NAMES[..NAMES.len() - pick % 2]
                .iter()
                .map(|n| secret(n))
                .collect(),
            more: false,
        }],
        Command::Job(Job::Describe { seq, arn }) => vec![Msg::Described {
            seq,
            result: if fail {
                Err(denied())
            } else {
                let name = arn.rsplit(':').next().unwrap_or_default().to_string();
                Ok(Box::new(SecretMeta {
                    id: crate::domain::secret::SecretId::new(&name, &arn),
                    description: Some(format!("about {arn}").into()),
                    ..Default::default()
                }))
            },
            arn,
        }],
        Command::Job(Job::ListVersions { seq, arn, .. }) => vec![Msg::VersionsListed {
            seq,
            result: if fail {
                Err(denied())
            } else {
                Ok(versions_of(&arn))
            },
            arn,
        }],
        Command::Job(Job::ReadPolicy { seq, arn }) => vec![Msg::PolicyRead {
            seq,
            result: match (fail, pick % 3) {
                (true, _) => Err(denied()),
                (false, 0) => Ok(None),
                (false, 1) => Ok(Some("not json".into())),
                _ => Ok(Some(
                    r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#
                        .into(),
                )),
            },
            arn,
        }],
        Command::Job(Job::ReadValue { seq, arn, version }) => vec![Msg::ValueRead {
            seq,
            result: match (fail, pick % 3) {
                (true, _) => Err(denied()),
                (false, 0) => Ok(None),
                _ => Ok(Some(VersionValue {
                    version_id: version.unwrap_or_else(|| format!("{arn}#v0")),
                    value: SecretValue::text(r#"{"username":"u","password":"p"}"#.into()),
                })),
            },
            arn,
        }],
        Command::Job(Job::Mutate {
            seq,
            secret,
            mutation,
        }) => vec![Msg::Mutated {
            seq,
            kind: mutation.kind(),
            result: if fail {
                Err(AwsError::Service {
                    action: "secretsmanager:Change".into(),
                    code: "InternalFailure".into(),
                    message: "boom".into(),
                })
            } else {
                Ok(Outcome {
                    arn: secret.clone(),
                    version: Some("new".into()),
                    ..Outcome::default()
                })
            },
            secret,
        }],
        Command::Job(Job::WatchRotation { seq, arn, .. }) => vec![Msg::Rotation {
            seq,
            arn,
            update: if fail {
                Err(denied())
            } else {
                Ok((Phase::Pending, Default::default()))
            },
        }],
        Command::Effect(Effect::Edit { purpose, initial }) => vec![Msg::Edited {
            purpose,
            before: initial,
            after: if fail {
                Err("the editor exited with 1".into())
            } else {
                Ok(SecretValue::text("edited".into()))
            },
        }],
        Command::Job(Job::ReadAudit) => vec![Msg::AuditRead(Ok(Vec::new()))],
        Command::Job(Job::PlanImport { seq, .. }) => vec![Msg::ImportPlanned {
            seq,
            result: Err("no such file".into()),
        }],
        Command::Job(Job::Import { seq, .. }) => vec![Msg::Imported {
            seq,
            results: Vec::new(),
        }],
        Command::Job(Job::LookupEvents { seq, target, .. }) if fail => vec![Msg::EventsDone {
            seq,
            result: Err(AwsError::Throttled {
                action: format!("cloudtrail:LookupEvents {target:?}"),
            }),
        }],
        Command::Job(Job::LookupEvents { seq, .. }) => vec![
            Msg::EventsPage {
                seq,
                events: vec![event(&arn_of(NAMES[pick % NAMES.len()]))],
            },
            Msg::EventsDone {
                seq,
                result: Ok(Completeness::Complete),
            },
        ],
        Command::Job(Job::CancelEvents) => Vec::new(),
        Command::Job(Job::Report { .. } | Job::PrincipalReport { .. }) => {
            vec![Msg::ReportWritten(Ok("/tmp/report.md".into()))]
        }
        Command::Effect(Effect::Copy { what, .. }) => vec![Msg::Copied {
            what,
            result: Ok("terminal clipboard".into()),
        }],
        Command::Effect(Effect::ClearClipboard) => vec![Msg::ClipboardCleared(!fail)],
        Command::Job(Job::Identity) => vec![Msg::IdentityLoaded(Ok(Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/operator".into(),
            access_key: Some("AKIAOPERATOR00000001".into()),
        }))],
        Command::Job(Job::Connect { profile, region }) => vec![Msg::Connected(if fail {
            Err(AwsError::ExpiredCredentials { profile })
        } else {
            Ok(ConnectionInfo {
                profile,
                region: region.unwrap_or_else(|| "us-east-1".into()),
                endpoint: "http://127.0.0.1:1".into(),
                read_only,
            })
        })],
        Command::Job(Job::ListProfiles) => vec![Msg::ProfilesListed(Ok(Vec::new()))],
        Command::Job(Job::ListAllRegions) => vec![Msg::AllRegionsListed(if fail {
            Err(denied())
        } else {
            Ok(Box::default())
        })],
    }
}

/// The invariants that hold after every step.
fn check(app: &App) -> Result<(), TestCaseError> {
    let rows = app.tree_pane.rows.len();
    prop_assert!(
        app.tree_pane.selected < rows.max(1),
        "tree selection out of bounds"
    );
    let selected = app.selected_secret().map(|s| s.arn().to_string());
    // The panes follow the selection, and show only what was read for it.
    prop_assert_eq!(&app.detail.arn, &selected);
    prop_assert_eq!(&app.versions.fetch.arn, &selected);
    if let Some(meta) = app.selected_detail() {
        prop_assert_eq!(
            Some(meta.arn().to_string()),
            selected.clone(),
            "detail of another secret"
        );
    }
    if let Some(list) = app.versions.list(app.now_ms) {
        prop_assert!(app.versions.selected < list.len().max(1));
        let arn = selected.clone().unwrap_or_default();
        for v in list {
            prop_assert!(
                v.id.starts_with(&format!("{arn}#")),
                "versions of another secret"
            );
        }
    }
    let events = app.access.visible(app.now, app.now_ms).len();
    prop_assert!(
        app.access.selected < events.max(1),
        "access selection out of bounds"
    );
    Ok(())
}

fn run(steps: Vec<Step>, read_only: bool) -> Result<(), TestCaseError> {
    let mut app = app();
    app.conn.read_only = read_only;
    let mut waiting: Vec<Command> = app.start().into_iter().map(Command::from).collect();
    let mut delivered: Vec<Msg> = Vec::new();
    for step in steps {
        let msgs = match step {
            Step::Key(key) => vec![Msg::Key(key)],
            Step::Mouse(mouse) => vec![Msg::Mouse(mouse)],
            Step::Resize(width, height) => vec![Msg::Resized { width, height }],
            Step::Tick(ms) => {
                app.now_ms += ms;
                app.now += ms as i64;
                vec![Msg::Tick]
            }
            Step::Answer { pick, fail } if !waiting.is_empty() => {
                let command = waiting.remove(pick % waiting.len());
                answer(&command, fail, read_only, pick)
            }
            Step::Answer { .. } => Vec::new(),
            Step::Replay { pick } if !delivered.is_empty() => {
                vec![delivered[pick % delivered.len()].clone()]
            }
            Step::Replay { .. } => Vec::new(),
            Step::TypeName => {
                let name = app
                    .selected_secret()
                    .map(|s| s.name().to_string())
                    .unwrap_or_default();
                let mut keys: Vec<Msg> = name.chars().map(|c| Msg::Key(Key::Char(c))).collect();
                keys.push(Msg::Key(Key::Enter));
                keys
            }
            Step::Palette(text) => text
                .chars()
                .map(|c| Msg::Key(Key::Char(c)))
                .chain([Msg::Key(Key::Enter)])
                .collect(),
            Step::WorkerFailed => vec![Msg::WorkerFailed("task panicked".into())],
        };
        for msg in msgs {
            let is_answer = !matches!(
                msg,
                Msg::Key(_) | Msg::Mouse(_) | Msg::Resized { .. } | Msg::Tick
            );
            if is_answer {
                delivered.push(msg.clone());
            }
            let out = update(&mut app, msg);
            if read_only {
                prop_assert!(
                    !out.iter().any(Command::is_mutating),
                    "read-only sent a change: {out:?}"
                );
            }
            waiting.extend(out);
            check(&app)?;
            if app.quit {
                return Ok(());
            }
        }
    }
    // Whatever is open, Esc closes it.
    for _ in 0..8 {
        if app.overlay.is_none() && !app.filter_editing {
            break;
        }
        update(&mut app, Msg::Key(Key::Esc));
    }
    prop_assert!(app.overlay.is_none(), "Esc did not close {:?}", app.overlay);
    prop_assert!(!app.filter_editing);
    check(&app)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_sequence_keeps_the_console_consistent(steps in prop::collection::vec(step(), 0..300)) {
        run(steps, false)?;
    }

    #[test]
    fn read_only_never_sends_a_change(steps in prop::collection::vec(step(), 0..300)) {
        run(steps, true)?;
    }
}
