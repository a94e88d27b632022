//! Values, versions, diff, copy and rollback in the pure state machine:
//! which reads are asked for, and when.

use super::input::Key;
use super::tests::{listed, secret};
use super::values::ViewState;
use super::*;
use crate::domain::diff::{Change, ValueDiff};
use crate::domain::event::Completeness;
use crate::domain::mutation::{Kind, Mutation, Outcome};
use crate::domain::secret::{AWSCURRENT, AWSPREVIOUS};
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::Version;
use crate::tui::messages::{Effect, Job};

const BUNDLE_V2: &str = r#"{"username":"app","password":"new-canary"}"#;
const BUNDLE_V1: &str = r#"{"username":"app","password":"old-canary"}"#;

fn version(id: &str, stages: &[&str], created: i64) -> Version {
    Version {
        id: id.into(),
        stages: stages.iter().map(|s| s.to_string()).collect(),
        created: Some(created),
        last_accessed: None,
    }
}

/// "db" selected, its metadata and versions answered: v2 current, v1 previous.
fn settled() -> (App, String) {
    settled_with(secret("db"))
}

/// One secret listed, described as `meta`, with versions v2 (AWSCURRENT)
/// and v1 (AWSPREVIOUS), and an empty access pane.
pub(super) fn settled_with(meta: SecretMeta) -> (App, String) {
    let mut app = listed(&[meta.name()]);
    app.now_ms += fetched::DEBOUNCE_MS;
    let arn = meta.arn().to_string();
    for command in update(&mut app, Msg::Tick) {
        match command {
            Command::Job(Job::Describe { seq, arn }) => {
                update(
                    &mut app,
                    Msg::Described {
                        seq,
                        arn: arn.clone(),
                        result: Ok(Box::new(meta.clone())),
                    },
                );
            }
            Command::Job(Job::ListVersions { seq, arn, .. }) => {
                update(
                    &mut app,
                    Msg::VersionsListed {
                        seq,
                        arn,
                        result: Ok(vec![
                            version("v2", &[AWSCURRENT], 2),
                            version("v1", &[AWSPREVIOUS], 1),
                        ]),
                    },
                );
            }
            Command::Job(Job::ReadPolicy { seq, arn }) => {
                update(
                    &mut app,
                    Msg::PolicyRead {
                        seq,
                        arn,
                        result: Ok(None),
                    },
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // The access pane's lookup (debounced longer) finds nothing.
    app.now_ms += access::DEBOUNCE_MS;
    for command in update(&mut app, Msg::Tick) {
        let Command::Job(Job::LookupEvents { seq, .. }) = command else {
            panic!("unexpected {command:?}");
        };
        update(
            &mut app,
            Msg::EventsDone {
                seq,
                result: Ok(Completeness::Complete),
            },
        );
    }
    (app, arn.to_string())
}

pub(super) fn press(app: &mut App, key: Key) -> Vec<Command> {
    update(app, Msg::Key(key))
}

pub(super) fn reads(sent: &[Command]) -> Vec<(u64, Option<String>)> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Job(Job::ReadValue { seq, version, .. }) => Some((*seq, version.clone())),
            _ => None,
        })
        .collect()
}

pub(super) fn answer(app: &mut App, seq: u64, arn: &str, id: &str, value: &str) -> Vec<Command> {
    update(
        app,
        Msg::ValueRead {
            seq,
            arn: arn.into(),
            result: Ok(Some(VersionValue {
                version_id: id.into(),
                value: SecretValue::text(value.into()),
            })),
        },
    )
}

#[test]
fn v_reads_the_current_version_once_and_a_second_v_masks() {
    let (mut app, arn) = settled();
    let sent = press(&mut app, Key::Char('v'));
    // By label, so that the answer says which version is current now.
    let [(seq, None)] = reads(&sent)[..] else {
        panic!("{sent:?}")
    };
    answer(&mut app, seq, &arn, "v2", BUNDLE_V2);
    let view = app.values.view.as_ref().unwrap();
    assert_eq!(
        view.state,
        ViewState::Shown {
            version_id: "v2".into()
        }
    );
    // A bundle: keys are shown, values are not; focus moves to pick a key.
    assert_eq!(app.focus, Pane::Detail);
    assert!(!view.key_revealed("password"));

    // In the detail pane `v` reveals the key under the cursor only.
    press(&mut app, Key::Char('v'));
    let view = app.values.view.as_ref().unwrap();
    assert!(
        view.key_revealed("password"),
        "keys are sorted: password first"
    );
    assert!(!view.key_revealed("username"));

    // Back in the tree, `v` masks; `v` again shows it from the cache.
    press(&mut app, Key::Esc);
    press(&mut app, Key::Char('v'));
    assert!(app.values.view.is_none());
    let sent = press(&mut app, Key::Char('v'));
    assert!(reads(&sent).is_empty(), "{sent:?}");
    assert!(app.shown_value().is_some());
    assert_eq!(app.values.cache.stats().hits, 1);
}

#[test]
fn reads_of_the_same_version_in_flight_are_joined() {
    let (mut app, arn) = settled();
    let first = reads(&press(&mut app, Key::Char('v')));
    let second = reads(&press(&mut app, Key::Char('c')));
    assert_eq!(first.len(), 1);
    assert!(second.is_empty(), "the copy waits for the same read");
    let sent = answer(&mut app, first[0].0, &arn, "v2", "plain-text");
    assert!(
        matches!(&sent[..], [Command::Effect(Effect::Copy { what, value })] if what == "db" && value.as_str() == Some("plain-text")),
        "{sent:?}"
    );
}

#[test]
fn c_on_a_json_key_copies_only_that_key_and_the_clipboard_clears_itself() {
    let (mut app, arn) = settled();
    let seq = reads(&press(&mut app, Key::Char('v')))[0].0;
    answer(&mut app, seq, &arn, "v2", BUNDLE_V2);
    press(&mut app, Key::Char('j')); // username
    let sent = press(&mut app, Key::Char('c'));
    let [Command::Effect(Effect::Copy { what, value })] = &sent[..] else {
        panic!("{sent:?}")
    };
    assert_eq!(what, "db · username");
    assert_eq!(value.as_str(), Some("app"));

    update(
        &mut app,
        Msg::Copied {
            what: what.clone(),
            result: Ok("system clipboard".into()),
        },
    );
    let clip = app.clipboard.clone().unwrap();
    assert_eq!(clip.seconds_left(app.now_ms), 30);
    assert_eq!(app.next_deadline(), Some(app.now_ms + 1000));
    app.now_ms = clip.clears_at_ms;
    let sent = update(&mut app, Msg::Tick);
    assert_eq!(sent, [Effect::ClearClipboard]);
    assert!(app.clipboard.is_none());
}

#[test]
fn values_are_dropped_after_the_ttl_and_the_view_masks() {
    let (mut app, arn) = settled();
    let seq = reads(&press(&mut app, Key::Char('v')))[0].0;
    answer(&mut app, seq, &arn, "v2", "text");
    assert!(app.shown_value().is_some());
    let expiry = app.next_deadline().unwrap();
    app.now_ms = expiry;
    update(&mut app, Msg::Tick);
    assert!(app.values.view.is_none());
    assert_eq!(app.values.cache.stats().entries, 0);
    assert!(app.status.as_ref().unwrap().text.contains("dropped"));
}

#[test]
fn leaving_the_secret_masks_its_value() {
    let mut app = listed(&["a", "b"]);
    app.now_ms += fetched::DEBOUNCE_MS;
    update(&mut app, Msg::Tick);
    press(&mut app, Key::Char('v'));
    assert!(app.values.view.is_some());
    app.focus = Pane::Tree;
    press(&mut app, Key::Char('j'));
    assert!(app.values.view.is_none());
}

#[test]
fn d_diffs_previous_against_current_reading_only_those_two() {
    let (mut app, arn) = settled();
    let sent = press(&mut app, Key::Char('d'));
    let reads = reads(&sent);
    let versions: Vec<_> = reads.iter().map(|(_, v)| v.clone().unwrap()).collect();
    assert_eq!(versions, ["v1", "v2"]);
    answer(&mut app, reads[0].0, &arn, "v1", BUNDLE_V1);
    let Some(Overlay::Diff(view)) = &app.overlay else {
        panic!("the diff overlay is open")
    };
    assert!(view.diff.is_none(), "waits for both values");
    answer(&mut app, reads[1].0, &arn, "v2", BUNDLE_V2);
    let Some(Overlay::Diff(view)) = &app.overlay else {
        panic!()
    };
    let Some(ValueDiff::Json(keys)) = &view.diff else {
        panic!("{:?}", view.diff)
    };
    assert_eq!(keys[0].key, "password");
    assert_eq!(keys[0].change, Change::Changed);
    assert!(!view.reveal);
    press(&mut app, Key::Char('v'));
    assert!(matches!(&app.overlay, Some(Overlay::Diff(v)) if v.reveal));
    press(&mut app, Key::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn a_marked_version_is_diffed_against_the_selected_one() {
    let (mut app, _) = settled();
    app.focus = Pane::Versions;
    press(&mut app, Key::Char(' ')); // mark v2
    press(&mut app, Key::Char('j')); // select v1
    press(&mut app, Key::Char('d'));
    let Some(Overlay::Diff(view)) = &app.overlay else {
        panic!()
    };
    assert_eq!((view.from.id.as_str(), view.to.id.as_str()), ("v2", "v1"));
}

#[test]
fn rollback_needs_the_exact_name_then_moves_current() {
    let (mut app, arn) = settled();
    app.focus = Pane::Versions;
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char('b'));
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("{:?}", app.status)
    };
    let Confirmable::Rollback { moves, .. } = &confirm.action else {
        panic!("{:?}", confirm.action)
    };
    assert_eq!(moves.len(), 2);
    for c in "dB".chars() {
        press(&mut app, Key::Char(c));
    }
    assert!(
        press(&mut app, Key::Enter).is_empty(),
        "wrong name: nothing sent"
    );
    assert!(app.overlay.is_some());
    press(&mut app, Key::Backspace);
    press(&mut app, Key::Char('b'));
    let sent = press(&mut app, Key::Enter);
    let [
        Command::Job(Job::Mutate {
            seq,
            secret,
            mutation: Mutation::Rollback { to, from },
        }),
    ] = &sent[..]
    else {
        panic!("{sent:?}")
    };
    assert_eq!((secret, to.as_str(), from.as_str()), (&arn, "v1", "v2"));
    // Done: the panes ask AWS again.
    let mut sent = update(
        &mut app,
        Msg::Mutated {
            seq: *seq,
            secret: arn.clone(),
            kind: Kind::Rollback,
            result: Ok(Outcome {
                arn: arn.clone(),
                version: Some("v1".into()),
                ..Outcome::default()
            }),
        },
    );
    sent.sort_by_key(|c| format!("{c:?}"));
    assert!(
        matches!(sent[0], Command::Job(Job::Describe { .. })),
        "{sent:?}"
    );
    assert!(
        matches!(sent[1], Command::Job(Job::ListVersions { .. })),
        "{sent:?}"
    );
}

#[test]
fn read_only_refuses_rollback_before_asking() {
    let (mut app, _) = settled();
    app.conn.read_only = true;
    app.focus = Pane::Versions;
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char('b'));
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("read-only"));
}

#[test]
fn when_current_moves_a_view_of_current_follows() {
    let (mut app, arn) = settled();
    let seq = reads(&press(&mut app, Key::Char('v')))[0].0;
    answer(&mut app, seq, &arn, "v2", "text");
    let sent = press(&mut app, Key::Char('r'));
    app.status = None;
    let seq = sent
        .iter()
        .find_map(|c| match c {
            Command::Job(Job::ListVersions { seq, .. }) => Some(*seq),
            _ => None,
        })
        .expect("r lists the versions again");
    update(
        &mut app,
        Msg::VersionsListed {
            seq,
            arn: arn.clone(),
            result: Ok(vec![
                version("v3", &[AWSCURRENT], 3),
                version("v2", &[AWSPREVIOUS], 2),
            ]),
        },
    );
    assert!(
        app.values.view.is_none(),
        "the old value is not shown as current"
    );
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("AWSCURRENT moved")
    );
}

#[test]
fn a_secret_without_a_current_value_says_so() {
    let (mut app, arn) = settled();
    let seq = reads(&press(&mut app, Key::Char('v')))[0].0;
    update(
        &mut app,
        Msg::ValueRead {
            seq,
            arn,
            result: Ok(None),
        },
    );
    assert_eq!(app.values.view.as_ref().unwrap().state, ViewState::Missing);
}
