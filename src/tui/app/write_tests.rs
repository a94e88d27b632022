//! The changes, as a state machine: what each key and command asks before
//! it sends anything, what it sends, and that read-only mode sends nothing.

use crate::domain::secret::Stages;

use super::input::Key;
use super::tests::secret;
use super::value_tests::{answer, press, reads, settled_with};
use super::*;
use crate::domain::mutation::{Mutation, Outcome};
use crate::domain::rotation::Phase;
use crate::domain::secret::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, SecretMeta};
use crate::domain::value::SecretValue;
use crate::tui::messages::{Effect, Job};

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db";

pub(super) fn rotating_secret() -> SecretMeta {
    let mut meta = secret("svc-db");
    meta.rotation.enabled = true;
    meta.rotation.lambda_arn = Some(LAMBDA.into());
    meta.version_stages = Stages::from([
        ("v2".to_string(), vec![AWSCURRENT.to_string()]),
        ("v1".to_string(), vec![AWSPREVIOUS.to_string()]),
    ]);
    std::sync::Arc::make_mut(&mut meta.tags).insert("team".into(), "db".into());
    meta
}

pub(super) fn typed(app: &mut App, text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(press(app, Key::Char(c)));
    }
    out
}

pub(super) fn confirm_action(app: &App) -> &Confirmable {
    match &app.overlay {
        Some(Overlay::Confirm(c)) => &c.action,
        other => panic!("no confirmation: {other:?} · {:?}", app.status),
    }
}

pub(super) fn palette(app: &mut App, command: &str) -> Vec<Command> {
    press(app, Key::Char(':'));
    typed(app, command);
    press(app, Key::Enter)
}

pub(super) fn mutation(sent: &[Command]) -> (u64, &Mutation) {
    match sent {
        [Command::Job(Job::Mutate { seq, mutation, .. })] => (*seq, mutation),
        other => panic!("expected one change: {other:?}"),
    }
}

#[test]
fn rotate_names_the_function_asks_for_the_name_then_watches() {
    let (mut app, arn) = settled_with(rotating_secret());
    assert!(press(&mut app, Key::Char('R')).is_empty());
    let Confirmable::Rotate {
        lambda, current, ..
    } = confirm_action(&app)
    else {
        panic!()
    };
    assert_eq!((lambda.as_str(), current.as_deref()), (LAMBDA, Some("v2")));
    assert!(
        press(&mut app, Key::Enter).is_empty(),
        "no name typed: nothing sent"
    );
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    let (seq, m) = mutation(&sent);
    assert_eq!(
        m,
        &Mutation::Rotate {
            current: Some("v2".into())
        }
    );
    let sent = update(
        &mut app,
        Msg::Mutated {
            seq,
            secret: arn.clone(),
            kind: m.kind(),
            result: Ok(Outcome {
                arn: arn.clone(),
                version: Some("v3".into()),
                ..Outcome::default()
            }),
        },
    );
    let Some(Command::Job(Job::WatchRotation {
        seq: watch,
        version,
        ..
    })) = sent
        .iter()
        .find(|c| matches!(c, Command::Job(Job::WatchRotation { .. })))
    else {
        panic!("{sent:?}")
    };
    assert_eq!(version, "v3");
    let watch = *watch;
    let stages = |pairs: &[(&str, &str)]| -> crate::domain::secret::Stages {
        pairs
            .iter()
            .map(|(v, l)| (v.to_string(), vec![l.to_string()]))
            .collect()
    };
    let mut progress = |phase: Phase, labels| {
        update(
            &mut app,
            Msg::Rotation {
                seq: watch,
                arn: arn.clone(),
                update: Ok((phase, labels)),
            },
        )
    };
    let asked = progress(
        Phase::Pending,
        stages(&[("v3", AWSPENDING), ("v2", AWSCURRENT)]),
    );
    assert!(
        asked.is_empty() || asked.iter().all(|c| !c.is_mutating()),
        "{asked:?}"
    );
    progress(
        Phase::Succeeded {
            previous: Some("v2".into()),
        },
        stages(&[("v3", AWSCURRENT), ("v2", AWSPREVIOUS)]),
    );
    let w = app.rotations.last().unwrap();
    assert!(w.ended());
    assert_eq!(w.steps.len(), 3, "{:?}", w.steps);
    let status = &app.status.as_ref().unwrap().text;
    assert!(status.contains("✓ rotated svc-db"), "{status}");
    // A stale watch's news is dropped.
    let before = app.rotations.clone();
    update(
        &mut app,
        Msg::Rotation {
            seq: watch + 100,
            arn,
            update: Ok((Phase::Cancelled, Stages::default())),
        },
    );
    assert_eq!(app.rotations, before);
}

#[test]
fn a_failed_rotation_says_what_to_do_and_cancel_removes_awspending() {
    let mut meta = rotating_secret();
    meta.version_stages.insert("v3", [AWSPENDING]);
    let (mut app, _) = settled_with(meta);
    palette(&mut app, "cancel-rotation");
    let Confirmable::CancelRotation { pending, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(pending.as_deref(), Some("v3"));
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    assert_eq!(
        mutation(&sent).1,
        &Mutation::CancelRotation {
            pending: Some("v3".into()),
            current: Some("v2".into()),
        }
    );
    let failed = Phase::Failed {
        reason: "setSecret failed".into(),
    };
    assert!(failed.describe("v3").contains(":cancel-rotation"));
    assert!(failed.next_step().is_some());
}

#[test]
fn edit_reads_current_once_then_shows_a_masked_diff_before_putting() {
    let (mut app, arn) = settled_with(rotating_secret());
    let sent = press(&mut app, Key::Char('e'));
    let [(seq, None)] = reads(&sent)[..] else {
        panic!("{sent:?}")
    };
    let before = r#"{"user":"app","password":"old-canary"}"#;
    let sent = answer(&mut app, seq, &arn, "v2", before);
    let [
        Command::Effect(Effect::Edit {
            purpose: EditPurpose::Put { base, .. },
            initial,
        }),
    ] = &sent[..]
    else {
        panic!("{sent:?}")
    };
    assert_eq!(base.as_deref(), Some("v2"));
    assert_eq!(initial.as_str(), Some(before));
    let purpose = EditPurpose::Put {
        arn: arn.clone(),
        name: "svc-db".into(),
        base: Some("v2".into()),
    };
    let edited = |after: &str| Msg::Edited {
        purpose: purpose.clone(),
        before: SecretValue::text(before.into()),
        after: Ok(SecretValue::text(after.into())),
    };
    // Unchanged (the editor's final newline is no change): nothing.
    assert!(update(&mut app, edited(&format!("{before}\n"))).is_empty());
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("unchanged"));
    // Broken JSON: refused, with where.
    update(&mut app, edited(r#"{"user":"app" "password":"x"}"#));
    assert!(app.overlay.is_none());
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("no longer parses")
    );
    // The editor failed: nothing.
    update(
        &mut app,
        Msg::Edited {
            purpose: purpose.clone(),
            before: SecretValue::text(before.into()),
            after: Err("the editor (vi) ended with exit status 1".into()),
        },
    );
    assert!(app.overlay.is_none());
    // A real change: the diff, then the name.
    update(
        &mut app,
        edited(r#"{"user":"app","password":"new-canary"}"#),
    );
    let Confirmable::Put { diff, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(diff.summary(), "keys: 0 added, 0 removed, 1 changed");
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    let Mutation::Put { value, base } = mutation(&sent).1 else {
        panic!("{sent:?}")
    };
    assert_eq!(base.as_deref(), Some("v2"));
    assert_eq!(
        value.as_str(),
        Some(r#"{"user":"app","password":"new-canary"}"#)
    );
}

#[test]
fn delete_keeps_the_recovery_window_within_7_to_30_days() {
    let (mut app, _) = settled_with(rotating_secret());
    press(&mut app, Key::Char('D'));
    for _ in 0..5 {
        press(&mut app, Key::Up);
    }
    let Confirmable::Delete { recovery_days, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(*recovery_days, 30);
    for _ in 0..40 {
        press(&mut app, Key::Down);
    }
    let Confirmable::Delete { recovery_days, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(*recovery_days, 7);
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    assert_eq!(mutation(&sent).1, &Mutation::Delete { recovery_days: 7 });
}

#[test]
fn tags_and_restore_confirm_with_the_typed_name() {
    let (mut app, _) = settled_with(rotating_secret());
    palette(&mut app, "tag team=payments");
    let Confirmable::Tag { old, .. } = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(old.as_deref(), Some("db"));
    assert!(
        press(&mut app, Key::Enter).is_empty(),
        "Enter alone does nothing"
    );
    assert!(press(&mut app, Key::Char('y')).is_empty(), "nor does y");
    press(&mut app, Key::Backspace);
    typed(&mut app, "svc-db");
    let sent = press(&mut app, Key::Enter);
    assert_eq!(
        mutation(&sent).1,
        &Mutation::Tag {
            key: "team".into(),
            value: "payments".into()
        }
    );
    palette(&mut app, "untag nope");
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("no tag"));
    palette(&mut app, "restore");
    assert!(app.overlay.is_none(), "not scheduled for deletion");
    palette(&mut app, "rotation 400 window=25h");
    assert!(app.status.as_ref().unwrap().text.contains("1h to 24h"));
}

#[test]
fn create_checks_the_name_then_takes_the_value_from_the_editor() {
    let (mut app, _) = settled_with(rotating_secret());
    press(&mut app, Key::Char('n'));
    let Some(Overlay::Create(form)) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(form.name, "", "a secret at the root: no folder to start in");
    typed(&mut app, "bad name");
    assert!(press(&mut app, Key::Enter).is_empty());
    let Some(Overlay::Create(form)) = &app.overlay else {
        panic!()
    };
    assert!(form.error.as_ref().unwrap().contains("not allowed"));
    for _ in 0.."bad name".len() {
        press(&mut app, Key::Backspace);
    }
    typed(&mut app, "svc/api-key");
    press(&mut app, Key::Tab);
    typed(&mut app, "the API key");
    press(&mut app, Key::Tab);
    typed(&mut app, "team=api");
    let sent = press(&mut app, Key::Enter);
    let [Command::Effect(Effect::Edit { purpose, .. })] = &sent[..] else {
        panic!("{sent:?}")
    };
    assert_eq!(
        purpose,
        &EditPurpose::Create {
            name: "svc/api-key".into(),
            description: Some("the API key".into()),
            tags: vec![("team".into(), "api".into())],
        }
    );
    update(
        &mut app,
        Msg::Edited {
            purpose: purpose.clone(),
            before: SecretValue::text(String::new()),
            after: Ok(SecretValue::text("k-123\n".into())),
        },
    );
    assert!(
        confirm_action(&app).typed(),
        "creating puts a secret into use"
    );
    typed(&mut app, "svc/api-key");
    let sent = press(&mut app, Key::Enter);
    let (seq, Mutation::Create(new)) = mutation(&sent) else {
        panic!()
    };
    assert_eq!(new.value.as_ref().unwrap().as_str(), Some("k-123"));
    let sent = update(
        &mut app,
        Msg::Mutated {
            seq,
            secret: "svc/api-key".into(),
            kind: crate::domain::mutation::Kind::Create,
            result: Ok(Outcome::default()),
        },
    );
    let Some(Command::Job(Job::ListSecrets { seq })) = sent
        .iter()
        .find(|c| matches!(c, Command::Job(Job::ListSecrets { .. })))
    else {
        panic!("the tree lists again: {sent:?}")
    };
    // Once listed it is selected, even past a filter that would hide it.
    app.set_filter("svc-db");
    update(
        &mut app,
        Msg::Listed {
            seq: *seq,
            secrets: vec![rotating_secret(), secret("svc/api-key")],
            more: false,
        },
    );
    assert_eq!(app.selected_secret().unwrap().name(), "svc/api-key");
    assert!(!app.filter.is_active());
}

#[test]
fn read_only_mode_never_sends_a_change_whatever_is_pressed() {
    let mut meta = rotating_secret();
    meta.deletion_date = Some(1);
    let (mut app, _) = settled_with(meta);
    app.conn.read_only = true;
    let mut sent = Vec::new();
    for key in ['R', 'e', 'n', 'D', 'b'] {
        sent.extend(press(&mut app, Key::Char(key)));
        sent.extend(typed(&mut app, "svc-db"));
        sent.extend(press(&mut app, Key::Enter));
        press(&mut app, Key::Esc);
    }
    for command in [
        "rotate",
        "rotation 30",
        "cancel-rotation",
        "edit",
        "new",
        "delete",
        "restore",
        "tag a=b",
        "untag team",
    ] {
        sent.extend(palette(&mut app, command));
        assert!(app.overlay.is_none(), ":{command} opened {:?}", app.overlay);
        assert!(
            app.status.as_ref().unwrap().text.contains("read-only"),
            ":{command}: {:?}",
            app.status
        );
    }
    assert!(sent.iter().all(|c| !c.is_mutating()), "{sent:?}");
}

#[test]
fn an_answer_nobody_waits_for_is_dropped() {
    let (mut app, arn) = settled_with(rotating_secret());
    app.status = None;
    let sent = update(
        &mut app,
        Msg::Mutated {
            seq: 4242,
            secret: arn,
            kind: crate::domain::mutation::Kind::Delete,
            result: Ok(Outcome::default()),
        },
    );
    assert!(sent.is_empty());
    assert!(app.status.is_none());
}

#[test]
fn audit_lists_this_consoles_changes_newest_first() {
    let (mut app, _) = settled_with(rotating_secret());
    let sent = palette(&mut app, "audit");
    assert_eq!(sent, vec![Job::ReadAudit]);
    let record = |time: &str, action: &str| crate::domain::audit::AuditRecord {
        time: time.into(),
        profile: Some("prod".into()),
        region: "us-east-1".into(),
        caller: Some("arn:aws:iam::1:user/op".into()),
        action: action.into(),
        secret_arn: "arn:aws:secretsmanager:us-east-1:1:secret:svc-db-AbCdEf".into(),
        version_before: Some("v2".into()),
        version_after: Some("v3".into()),
        detail: Some("recovery window 7 days".into()),
        outcome: "ok".into(),
    };
    update(
        &mut app,
        Msg::AuditRead(Ok(vec![
            record("2026-11-22T10:00:00Z", "rotate"),
            record("2026-11-22T11:00:00Z", "delete"),
        ])),
    );
    let Some(Overlay::Text { title, text, .. }) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(title, "Audit log · 2 changes");
    let delete = text.find("delete").unwrap();
    assert!(
        delete < text.find("rotate").unwrap(),
        "newest first: {text}"
    );
    assert!(text.contains("svc-db · v2 → v3"), "{text}");
    assert!(text.contains("recovery window 7 days"), "{text}");
}
