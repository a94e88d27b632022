//! The access pane as a triage tool, without I/O: the timeline filter,
//! sekret's own calls hidden, selectable summaries, the pivot's blast
//! radius and what can be done from it.

use super::access::{DEBOUNCE_MS, Mode};
use super::input::Key;
use super::tests::{app, secret};
use super::triage::View;
use super::*;
use crate::domain::event::{AccessEvent, Completeness, EventEnvelope, Pivot, Target};
use crate::domain::secret::Rotation;
use crate::domain::timeline::Own;
use crate::tui::messages::Job;

const NOW: i64 = 1_800_000_000;
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate";

fn rotatable(name: &str) -> SecretMeta {
    let mut s = secret(name);
    s.rotation = Rotation {
        enabled: true,
        lambda_arn: Some(LAMBDA.into()),
        ..Default::default()
    }
    .into();
    s
}

/// An app that listed `names` (all rotatable), on the first, at NOW.
fn listed(names: &[&str]) -> App {
    let mut app = app();
    let Job::ListSecrets { seq } = app.start()[1] else {
        panic!("start lists secrets")
    };
    let secrets = names.iter().map(|n| rotatable(n)).collect();
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets,
            more: false,
        },
    );
    app.now = NOW;
    app.access.own = Own {
        access_key: Some("AKIAOPERATOR".into()),
        arn: None,
    };
    app
}

fn event(id: &str, name: &str, user: &str, secret: &str, error: Option<&str>) -> AccessEvent {
    let mut record = serde_json::json!({
        "userIdentity": {"type": "IAMUser", "arn": format!("arn:aws:iam::1:user/{user}")},
        "sourceIPAddress": if user == "mallory" { "198.51.100.7" } else { "10.0.0.1" },
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": {"secretId": secret},
    });
    if let Some(code) = error {
        record["errorCode"] = code.into();
    }
    let key = match user {
        "operator" => "AKIAOPERATOR".to_string(),
        u => format!("AKIA{u}"),
    };
    AccessEvent::parse(
        EventEnvelope {
            id: id.into(),
            time: NOW - 60 * id.len() as i64,
            name: name.into(),
            username: Some(user.into()),
            access_key: Some(key),
            source: "secretsmanager.amazonaws.com".into(),
            ..Default::default()
        },
        record.to_string(),
    )
}

/// Answer the lookup that is due with these events.
fn answer(app: &mut App, events: Vec<AccessEvent>) -> Target {
    app.now_ms += DEBOUNCE_MS;
    let sent = update(app, Msg::Tick);
    let (seq, target) = sent
        .iter()
        .find_map(|c| match c {
            Command::Job(Job::LookupEvents { seq, target, .. }) => Some((*seq, target.clone())),
            _ => None,
        })
        .expect("a lookup is due");
    update(app, Msg::EventsPage { seq, events });
    update(
        app,
        Msg::EventsDone {
            seq,
            result: Ok(Completeness::Complete),
        },
    );
    target
}

fn key(app: &mut App, k: Key) -> Vec<Command> {
    update(app, Msg::Key(k))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, Key::Char(c));
    }
}

/// db's timeline: the operator's polling, alice's read, mallory's read
/// and a denied read.
fn db_timeline(app: &mut App) {
    answer(
        app,
        vec![
            event("1", "DescribeSecret", "operator", "db", None),
            event("22", "ListSecretVersionIds", "operator", "db", None),
            event("333", "GetSecretValue", "alice", "db", None),
            event("4444", "GetSecretValue", "mallory", "db", None),
            event(
                "55555",
                "GetSecretValue",
                "mallory",
                "db",
                Some("AccessDeniedException"),
            ),
        ],
    );
    key(app, Key::Char('a'));
}

/// From db's principals, pivot on mallory (the first row: a failure) and
/// answer the pivot's lookup with `events`.
fn pivot_on_mallory(app: &mut App, events: Vec<AccessEvent>) -> Target {
    db_timeline(app);
    key(app, Key::Char('S'));
    key(app, Key::Enter);
    answer(app, events)
}

/// mallory's sweep: db and tool read, pay-key denied.
fn sweep() -> Vec<AccessEvent> {
    vec![
        event("1", "GetSecretValue", "mallory", "db", None),
        event(
            "22",
            "GetSecretValue",
            "mallory",
            "pay-key",
            Some("AccessDeniedException"),
        ),
        event("333", "GetSecretValue", "mallory", "tool", None),
    ]
}

#[test]
fn own_polling_is_hidden_and_counted_and_o_shows_it() {
    let mut app = listed(&["db"]);
    db_timeline(&mut app);
    let (now, ms) = (app.now, app.now_ms);
    assert_eq!(app.access.visible(now, ms).len(), 3);
    assert_eq!(app.access.own_calls(now, ms), 2);
    key(&mut app, Key::Char('o'));
    assert_eq!(app.access.visible(now, ms).len(), 5);
    // Our own value reads are never hidden: they are accesses.
    key(&mut app, Key::Char('o'));
    let mine = event("6", "GetSecretValue", "operator", "db", None);
    assert!(!app.access.own.polled(&mine));
}

#[test]
fn slash_in_the_pane_filters_the_timeline_not_the_tree() {
    let mut app = listed(&["db", "other"]);
    db_timeline(&mut app);
    let (now, ms) = (app.now, app.now_ms);
    key(&mut app, Key::Char('/'));
    typed(&mut app, "failed");
    assert!(!app.filter_editing, "the tree's filter is untouched");
    assert_eq!(app.filter.query(), "");
    let shown = app.access.visible(now, ms);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].result(), "AccessDeniedException");
    // Words combine; Enter keeps the filter, keys act on the pane again.
    typed(&mut app, " p:alice");
    assert!(app.access.visible(now, ms).is_empty());
    key(&mut app, Key::Ctrl('u'));
    typed(&mut app, "ip:198.51");
    key(&mut app, Key::Enter);
    assert!(!app.access.filter_editing);
    assert_eq!(app.access.visible(now, ms).len(), 2);
    // Esc in the pane clears a kept filter before it leaves the pane.
    key(&mut app, Key::Esc);
    assert!(app.access.filter.is_empty());
    assert_eq!(app.focus, Pane::Access);
    assert_eq!(app.access.visible(now, ms).len(), 3);
    key(&mut app, Key::Esc);
    assert_eq!(app.focus, Pane::Tree);
}

#[test]
fn the_summary_pivots_on_the_selected_principal() {
    let mut app = listed(&["db"]);
    db_timeline(&mut app);
    key(&mut app, Key::Char('S'));
    assert_eq!(app.access.view(), View::Principals);
    let (now, ms) = (app.now, app.now_ms);
    // Failures first: mallory, then alice.
    let first = app.access.selected_principal(now, ms).unwrap();
    assert_eq!(first.principal, "user/mallory");
    assert_eq!((first.reads, first.failures), (1, 1));
    key(&mut app, Key::Char('j'));
    key(&mut app, Key::Char('p'));
    assert_eq!(
        app.access.mode,
        Mode::Pivot(Pivot::Username("alice".into())),
        "the selected row's principal, not a hidden event's"
    );
}

#[test]
fn a_pivot_lists_the_blast_radius_and_acts_on_it() {
    let mut app = listed(&["db", "pay-key", "tool"]);
    let target = pivot_on_mallory(&mut app, sweep());
    assert_eq!(target, Target::Pivot(Pivot::Username("mallory".into())));
    assert_eq!(app.access.view(), View::Secrets);
    let (now, ms) = (app.now, app.now_ms);
    let blast = app.access.blast(now, ms);
    let order: Vec<&str> = blast.secrets.iter().map(|t| t.secret.as_str()).collect();
    assert_eq!(order, ["pay-key", "db", "tool"], "failures first");
    // The secret the pivot came from is selected first.
    assert_eq!(app.access.selected_touch(now, ms).unwrap().secret, "db");

    // R rotates the selected row's secret, with its typed confirmation.
    key(&mut app, Key::Char('j'));
    key(&mut app, Key::Char('R'));
    let Some(Overlay::Confirm(c)) = &app.overlay else {
        panic!("a confirmation: {:?}", app.status)
    };
    assert_eq!(c.action.name(), "tool");
    key(&mut app, Key::Esc);

    // Enter selects it in the tree; the pivot stays.
    key(&mut app, Key::Enter);
    assert_eq!(app.selected_secret().unwrap().name(), "tool");
    assert!(matches!(app.access.mode, Mode::Pivot(_)));

    // x writes the principal's report.
    let sent = key(&mut app, Key::Char('x'));
    assert!(sent.iter().any(|c| matches!(
        c,
        Command::Job(Job::PrincipalReport { pivot: Pivot::Username(u), .. }) if u == "mallory"
    )));
}

#[test]
fn rotate_read_confirms_once_for_every_secret_read() {
    let mut app = listed(&["db", "pay-key", "tool"]);
    let mut events = sweep();
    events.push(event(
        "4444",
        "GetSecretValue",
        "mallory",
        "gone/secret",
        None,
    ));
    pivot_on_mallory(&mut app, events);
    key(&mut app, Key::Char(':'));
    typed(&mut app, "rotate-read");
    key(&mut app, Key::Enter);
    let Some(Overlay::Confirm(c)) = &app.overlay else {
        panic!("a confirmation: {:?}", app.status)
    };
    let Confirmable::RotateBatch(batch) = &c.action else {
        panic!("{:?}", c.action)
    };
    let names: Vec<&str> = batch.rotations.iter().map(|r| r.name()).collect();
    assert_eq!(names, ["db", "tool"], "read, not denied");
    assert_eq!(batch.skipped[0].0, "gone/secret");
    // The principal is typed back; a secret's name is not enough.
    typed(&mut app, "db");
    key(&mut app, Key::Enter);
    assert!(app.overlay.is_some());
    for _ in 0..2 {
        key(&mut app, Key::Backspace);
    }
    typed(&mut app, "mallory");
    let sent = key(&mut app, Key::Enter);
    let mutated: Vec<&str> = sent
        .iter()
        .filter_map(|c| match c {
            Command::Job(Job::Mutate { secret, .. }) => Some(secret.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(mutated.len(), 2, "{sent:?}");
}

#[test]
fn read_only_refuses_rotations_from_a_pivot() {
    let mut app = listed(&["db"]);
    app.conn.read_only = true;
    let read = event("1", "GetSecretValue", "mallory", "db", None);
    pivot_on_mallory(&mut app, vec![read]);
    key(&mut app, Key::Char('R'));
    assert!(app.overlay.is_none());
    key(&mut app, Key::Char(':'));
    typed(&mut app, "rotate-read");
    key(&mut app, Key::Enter);
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("read-only"));
}

#[test]
fn z_zooms_the_focused_pane_and_back() {
    let mut app = listed(&["db"]);
    key(&mut app, Key::Char('a'));
    key(&mut app, Key::Char('z'));
    assert!(app.zoom);
    key(&mut app, Key::Char('z'));
    assert!(!app.zoom);
}
