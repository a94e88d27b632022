//! Two responders, one secret: a change refused because the secret moved
//! is prepared again on what is there now, shown with what changed
//! meanwhile (masked), and asked again; nothing is sent until then.

use super::input::Key;
use super::value_tests::{answer, press, reads, settled_with};
use super::write_tests::{confirm_action, mutation, rotating_secret, typed};
use super::*;
use crate::domain::conflict::{self, Basis};
use crate::domain::error::AwsError;
use crate::domain::mutation::{Mutation, Outcome};
use crate::domain::secret::{AWSCURRENT, AWSPREVIOUS};
use crate::domain::value::SecretValue;
use crate::domain::version::Version;
use crate::tui::messages::Job;

fn version(id: &str, labels: &[&str], created: i64) -> Version {
    Version {
        id: id.into(),
        stages: labels.iter().map(|l| l.to_string()).collect(),
        created: Some(created),
        last_accessed: None,
    }
}

/// What the gate answers when `basis` no longer holds for `now`.
fn refused(seq: u64, arn: &str, mutation: &Mutation, now: &[Version]) -> Msg {
    let basis: Basis = mutation.basis().expect("a based change");
    let conflict = conflict::check(&basis, now).unwrap_err();
    Msg::Mutated {
        seq,
        secret: arn.into(),
        kind: mutation.kind(),
        result: Err(AwsError::Conflict(conflict)),
    }
}

#[test]
fn an_edit_overtaken_by_another_put_is_asked_again_on_the_newer_version() {
    let (mut app, arn) = settled_with(rotating_secret());
    let sent = press(&mut app, Key::Char('e'));
    let [(seq, None)] = reads(&sent)[..] else {
        panic!("{sent:?}")
    };
    let a = r#"{"user":"app","password":"a-canary"}"#;
    answer(&mut app, seq, &arn, "v2", a);
    update(
        &mut app,
        Msg::Edited {
            purpose: EditPurpose::Put {
                arn: arn.clone(),
                name: "svc-db".into(),
                base: Some("v2".into()),
            },
            before: SecretValue::text(a.into()),
            after: Ok(SecretValue::text(
                r#"{"user":"app","password":"mine-canary"}"#.into(),
            )),
        },
    );
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    let (seq, put) = mutation(&sent);
    let put = put.clone();
    // Meanwhile someone else put v3 (a new host, the same password).
    let now = [
        version("v3", &[AWSCURRENT], 1_764_666_000),
        version("v2", &[AWSPREVIOUS], 1_764_600_000),
    ];
    let sent = update(&mut app, refused(seq, &arn, &put, &now));
    assert!(
        !sent
            .iter()
            .any(|c| matches!(c, Command::Job(Job::Mutate { .. }))),
        "nothing is written without asking again: {sent:?}"
    );
    // v2 is still cached; v3 is read to show what changed meanwhile.
    let [(read, Some(ref id))] = reads(&sent)[..] else {
        panic!("{sent:?}")
    };
    assert_eq!(id, "v3");
    assert!(app.overlay.is_none(), "asked once both values are there");
    let b = r#"{"user":"app","password":"a-canary","host":"db-2"}"#;
    answer(&mut app, read, &arn, "v3", b);
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("asked again: {:?}", app.status)
    };
    let note = confirm.conflict.as_ref().expect("the conflict is shown");
    assert!(note.text.contains("it is on v3"), "{}", note.text);
    assert!(note.text.contains("not v2"), "{}", note.text);
    assert_eq!(
        note.meanwhile.as_ref().map(|d| d.summary()),
        Some("keys: 1 added, 0 removed, 0 changed".to_string())
    );
    let Confirmable::Put { base, diff, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(base.as_deref(), Some("v3"), "now based on what is there");
    // Against v3, the edit changes the password and drops the new host.
    assert_eq!(diff.summary(), "keys: 0 added, 1 removed, 1 changed");
    assert!(confirm.typed.is_empty(), "the name is typed again");
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    let (_, Mutation::Put { base, .. }) = mutation(&sent) else {
        panic!("{sent:?}")
    };
    assert_eq!(base.as_deref(), Some("v3"));
}

#[test]
fn a_rollback_overtaken_is_replanned_and_a_pointless_one_is_dropped() {
    let (mut app, arn) = settled_with(rotating_secret());
    let rollback = Mutation::Rollback {
        to: "v1".into(),
        from: "v2".into(),
    };
    let action = Confirmable::Rollback {
        arn: arn.clone(),
        name: "svc-db".into(),
        to: "v1".into(),
        from: "v2".into(),
        moves: vec![],
    };
    app.overlay = Some(Overlay::Confirm(Confirm::new(action)));
    typed(&mut app, "svc-db");
    let (seq, _) = mutation(&press(&mut app, Key::Enter));
    let now = [
        version("v3", &[AWSCURRENT], 3),
        version("v2", &[AWSPREVIOUS], 2),
        version("v1", &[], 1),
    ];
    let sent = update(&mut app, refused(seq, &arn, &rollback, &now));
    for (read, id) in reads(&sent) {
        let id = id.unwrap();
        answer(&mut app, read, &arn, &id, &format!("value-of-{id}"));
    }
    let Confirmable::Rollback { from, moves, .. } = confirm_action(&app) else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(from, "v3");
    assert_eq!(moves[0].from.as_deref(), Some("v3"));
    assert_eq!(moves[1].to.as_deref(), Some("v3"), "AWSPREVIOUS follows");

    // Someone else already rolled back to v1: nothing left to ask.
    app.overlay = None;
    let action = Confirmable::Rollback {
        arn: arn.clone(),
        name: "svc-db".into(),
        to: "v1".into(),
        from: "v2".into(),
        moves: vec![],
    };
    app.overlay = Some(Overlay::Confirm(Confirm::new(action)));
    typed(&mut app, "svc-db");
    let (seq, _) = mutation(&press(&mut app, Key::Enter));
    let now = [
        version("v1", &[AWSCURRENT], 1),
        version("v2", &[AWSPREVIOUS], 2),
    ];
    let sent = update(&mut app, refused(seq, &arn, &rollback, &now));
    assert!(sent.is_empty(), "{sent:?}");
    assert!(app.overlay.is_none());
    let status = app.status.as_ref().unwrap();
    assert!(status.error);
    assert!(
        status.text.contains("already AWSCURRENT"),
        "{}",
        status.text
    );
}

#[test]
fn a_put_that_replaced_someone_elses_version_says_so() {
    let (mut app, arn) = settled_with(rotating_secret());
    let action = Confirmable::Put {
        arn: arn.clone(),
        name: "svc-db".into(),
        base: Some("v2".into()),
        value: SecretValue::text("new".into()),
        diff: crate::domain::diff::ValueDiff::Text(vec![]),
    };
    app.overlay = Some(Overlay::Confirm(Confirm::new(action)));
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    let (seq, m) = mutation(&sent);
    let kind = m.kind();
    update(
        &mut app,
        Msg::Mutated {
            seq,
            secret: arn.clone(),
            kind,
            result: Ok(Outcome {
                arn: arn.clone(),
                version: Some("v4".into()),
                replaced: Some("v3".into()),
                overwrote: Some("v3".into()),
                ..Outcome::default()
            }),
        },
    );
    let status = app.status.as_ref().unwrap();
    assert!(status.error, "a warning, not a plain success");
    assert!(status.text.contains("it replaced v3"), "{}", status.text);
}
