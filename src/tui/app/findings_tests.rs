//! The resource policy on selection, `:findings` (checks → secrets → the
//! tree) with its background policy reads, and folders' rolled-up badges.

use super::findings::Level;
use super::input::Key;
use super::tests::{listed, secret};
use super::*;
use crate::domain::error::AwsError;
use crate::domain::findings::CheckId;
use crate::domain::policy::PolicyState;
use crate::tui::messages::Job;

const PUBLIC: &str = r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}}"#;

fn press(app: &mut App, keys: &[Key]) -> Vec<Command> {
    keys.iter()
        .flat_map(|k| update(app, Msg::Key(*k)))
        .collect()
}

fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let keys: Vec<Key> = text.chars().map(Key::Char).collect();
    press(app, &keys)
}

fn policy_reads(sent: &[Command]) -> Vec<(u64, String)> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Job(Job::ReadPolicy { seq, arn }) => Some((*seq, arn.clone())),
            _ => None,
        })
        .collect()
}

fn view(app: &App) -> &findings::FindingsView {
    match &app.overlay {
        Some(Overlay::Findings(view)) => view,
        other => panic!("no findings view: {other:?}"),
    }
}

#[test]
fn the_selected_secrets_policy_is_read_once_and_enter_shows_it_whole() {
    let mut app = listed(&["db"]);
    app.now_ms += fetched::DEBOUNCE_MS;
    let sent = update(&mut app, Msg::Tick);
    let reads = policy_reads(&sent);
    assert_eq!(reads.len(), 1, "{sent:?}");
    let (seq, arn) = reads[0].clone();
    assert_eq!(arn, secret("db").arn().to_string());
    update(
        &mut app,
        Msg::PolicyRead {
            seq,
            arn: arn.clone(),
            result: Ok(Some(PUBLIC.into())),
        },
    );
    assert!(
        app.policies
            .of(&arn)
            .and_then(PolicyState::summary)
            .unwrap()
            .public
    );
    // Cached: moving away and back asks nothing.
    app.now_ms += 10 * fetched::DEBOUNCE_MS;
    assert!(policy_reads(&update(&mut app, Msg::Tick)).is_empty());
    app.focus = Pane::Detail;
    press(&mut app, &[Key::Enter]);
    let Some(Overlay::Text { title, text, .. }) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(title, "Resource policy · db");
    assert!(
        text.starts_with("⚠ PUBLIC: anyone may read the value"),
        "{text}"
    );
    assert!(text.contains("\"Principal\": \"*\""), "pretty JSON: {text}");
}

#[test]
fn a_denied_policy_marks_only_that_line() {
    let mut app = listed(&["db"]);
    app.now_ms += fetched::DEBOUNCE_MS;
    let (seq, arn) = policy_reads(&update(&mut app, Msg::Tick))[0].clone();
    update(
        &mut app,
        Msg::PolicyRead {
            seq,
            arn: arn.clone(),
            result: Err(AwsError::AccessDenied {
                action: "secretsmanager:GetResourcePolicy".into(),
                message: "no".into(),
            }),
        },
    );
    assert_eq!(app.policies.of(&arn), Some(&PolicyState::Denied));
    assert!(
        app.detail.denied.is_empty(),
        "the secret itself is not denied"
    );
    assert!(app.status.is_none());
}

#[test]
fn findings_read_policies_in_the_background_one_at_a_time_then_stop() {
    let mut app = listed(&["a/one", "a/two", "b/three"]);
    type_text(&mut app, ":findings");
    let sent = press(&mut app, &[Key::Enter]);
    assert_eq!(view(&app).tally.secrets, 3);
    assert_eq!(view(&app).tally.policies_unknown, 3);
    let mut read = policy_reads(&sent);
    assert_eq!(read.len(), 1, "one at a time: {sent:?}");
    let mut seen = Vec::new();
    while let Some((seq, arn)) = read.pop() {
        seen.push(arn.clone());
        let result = if arn.contains("three") {
            Ok(Some(PUBLIC.to_string()))
        } else {
            Ok(None)
        };
        let sent = update(&mut app, Msg::PolicyRead { seq, arn, result });
        assert!(policy_reads(&sent).is_empty(), "not before the gap");
        app.now_ms += policies::BACKGROUND_GAP_MS;
        read = policy_reads(&update(&mut app, Msg::Tick));
        assert!(read.len() <= 1);
    }
    seen.sort();
    let mut all: Vec<String> = app.secrets.iter().map(|s| s.arn().to_string()).collect();
    all.sort();
    assert_eq!(seen, all, "each policy read once");
    assert_eq!(view(&app).tally.policies_unknown, 0);
    let public = view(&app)
        .tally
        .rows
        .iter()
        .find(|r| r.check.id == CheckId::PublicPolicy)
        .unwrap();
    assert_eq!((public.failing(), public.evaluated), (1, 3));
    // Nothing left to read: the console does not wake up for it.
    assert_eq!(app.policies.deadline(), None);
}

#[test]
fn enter_lists_a_checks_secrets_then_selects_one_in_the_tree() {
    let mut app = listed(&["a/one", "b/deep/two"]);
    type_text(&mut app, ":findings");
    press(&mut app, &[Key::Enter]);
    let row = view(&app)
        .tally
        .rows
        .iter()
        .position(|r| r.check.id == CheckId::RotationDisabled)
        .unwrap();
    for _ in 0..row {
        press(&mut app, &[Key::Char('j')]);
    }
    press(&mut app, &[Key::Enter]);
    assert_eq!(view(&app).level, Level::Secrets(CheckId::RotationDisabled));
    assert_eq!(view(&app).listed().len(), 2);
    // Esc goes back to the same check row; Enter again, then down.
    press(&mut app, &[Key::Esc]);
    assert_eq!(
        (view(&app).level.clone(), view(&app).selected),
        (Level::Checks, row)
    );
    press(&mut app, &[Key::Enter, Key::Char('j')]);
    let target = view(&app).listed()[1].secret.clone();
    assert_eq!(target, "b/deep/two");
    press(&mut app, &[Key::Enter]);
    assert!(app.overlay.is_none());
    assert_eq!(app.selected_secret().unwrap().name(), "b/deep/two");
    assert_eq!(app.focus, Pane::Tree);
    assert!(!app.policies.background, "closed: no more background reads");
}

#[test]
fn the_filter_narrows_the_counts_and_esc_clears_it_before_closing() {
    let mut app = listed(&["shop/db", "shop/jwt", "pay/key"]);
    type_text(&mut app, ":findings");
    press(&mut app, &[Key::Enter]);
    type_text(&mut app, "/SHOP");
    assert_eq!(view(&app).tally.secrets, 2);
    press(&mut app, &[Key::Enter]);
    assert!(!view(&app).filter_editing);
    press(&mut app, &[Key::Esc]);
    assert_eq!(
        view(&app).tally.secrets,
        3,
        "the first Esc clears the filter"
    );
    press(&mut app, &[Key::Esc]);
    assert!(app.overlay.is_none());
}

#[test]
fn the_view_recounts_at_most_once_a_second_while_pages_stream() {
    let mut app = app_listing();
    type_text(&mut app, ":findings");
    press(&mut app, &[Key::Enter]);
    let seq = app.listing.seq().unwrap();
    let page = |from: usize| -> Vec<SecretMeta> {
        (from..from + 10)
            .map(|i| secret(&format!("s/{i:03}")))
            .collect()
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: page(0),
            more: true,
        },
    );
    let first = view(&app).tally.secrets;
    app.now_ms += 10;
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: page(10),
            more: true,
        },
    );
    assert_eq!(view(&app).tally.secrets, first, "too soon to recount");
    assert!(app.next_deadline().is_some(), "a recount is scheduled");
    app.now_ms += findings::RECOUNT_MS;
    update(&mut app, Msg::Tick);
    assert_eq!(view(&app).tally.secrets, 20);
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: page(20),
            more: false,
        },
    );
    assert_eq!(view(&app).tally.secrets, 30, "the listing ended: at once");
}

fn app_listing() -> App {
    let mut app = super::tests::app();
    app.start();
    app
}

#[test]
fn collapsed_folders_show_the_badges_they_hide() {
    let mut stuck = secret("pipeline-pulse/prod/zoho");
    stuck.version_stages.insert("v1", ["AWSCURRENT"]);
    stuck.version_stages.insert("v2", ["AWSPENDING"]);
    let mut app = super::tests::app();
    let Job::ListSecrets { seq } = app.start()[1] else {
        panic!()
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![stuck, secret("pipeline-pulse/prod/db"), secret("shop/db")],
            more: false,
        },
    );
    let folder = |app: &App, label: &str| {
        app.tree_pane
            .rows
            .iter()
            .find(|r| app.tree.node(r.node).label == label)
            .unwrap()
            .node
    };
    let pulse = folder(&app, "pipeline-pulse");
    assert_eq!(app.rollup.of(pulse) & rollup::PENDING, rollup::PENDING);
    assert_eq!(app.rollup.of(folder(&app, "shop")), 0);
}

#[test]
fn r_in_the_view_reads_every_policy_again() {
    let mut app = listed(&["one"]);
    type_text(&mut app, ":findings");
    let sent = press(&mut app, &[Key::Enter]);
    let (seq, arn) = policy_reads(&sent)[0].clone();
    update(
        &mut app,
        Msg::PolicyRead {
            seq,
            arn: arn.clone(),
            result: Ok(None),
        },
    );
    app.now_ms += policies::BACKGROUND_GAP_MS;
    assert!(
        policy_reads(&update(&mut app, Msg::Tick)).is_empty(),
        "all known"
    );
    let mut sent = press(&mut app, &[Key::Char('r')]);
    assert!(app.policies.of(&arn).is_none());
    sent.extend(update(&mut app, Msg::Tick));
    let again = policy_reads(&sent);
    assert_eq!(
        again.iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(),
        [arn.as_str()]
    );
}
