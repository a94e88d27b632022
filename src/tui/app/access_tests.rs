//! The access pane's state machine: when it asks CloudTrail, for what, and
//! what it does with the answers. No I/O: commands are inspected, answers
//! are fed back as messages.

use super::access::{DEBOUNCE_MS, FOLLOW_EVERY_MS, OVERLAP_S};
use super::input::Key;
use super::tests::{listed, secret};
use super::*;
use crate::domain::event::{AccessEvent, Completeness, EventEnvelope, Pivot, Target};
use crate::tui::messages::Job;

const NOW: i64 = 1_800_000_000;

fn lookups(sent: &[Command]) -> Vec<(u64, Target, i64)> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Job(Job::LookupEvents { seq, target, start }) => {
                Some((*seq, target.clone(), *start))
            }
            _ => None,
        })
        .collect()
}

fn read(id: &str, time: i64, user: &str) -> AccessEvent {
    let record = serde_json::json!({
        "userIdentity": {"arn": format!("arn:aws:iam::1:user/{user}")},
        "sourceIPAddress": "10.0.0.1",
    });
    AccessEvent::parse(
        EventEnvelope {
            id: id.into(),
            time,
            name: "GetSecretValue".into(),
            username: Some(user.into()),
            access_key: Some(format!("AKIA{user}")),
            source: "secretsmanager.amazonaws.com".into(),
            ..Default::default()
        },
        record.to_string(),
    )
}

/// The app on secret "db", `ms` after the selection, at wall clock NOW.
fn on_db() -> App {
    let mut app = listed(&["db", "other"]);
    app.now = NOW;
    app
}

fn tick(app: &mut App, ms: u64) -> Vec<Command> {
    app.now_ms += ms;
    update(app, Msg::Tick)
}

/// A page of events for the lookup `seq`.
fn page(app: &mut App, seq: u64, events: Vec<AccessEvent>) {
    update(app, Msg::EventsPage { seq, events });
}

/// The lookup `seq` read everything.
fn done(app: &mut App, seq: u64) {
    update(
        app,
        Msg::EventsDone {
            seq,
            result: Ok(Completeness::Complete),
        },
    );
}

fn db() -> Target {
    let s = secret("db");
    Target::Secret {
        arn: s.arn().to_string(),
        name: s.name().to_string(),
    }
}

#[test]
fn a_lookup_waits_for_the_selection_to_settle_and_covers_the_window() {
    let mut app = on_db();
    assert!(lookups(&tick(&mut app, DEBOUNCE_MS - 1)).is_empty());
    let sent = lookups(&tick(&mut app, 1));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, db());
    assert_eq!(sent[0].2, NOW - 86_400, "the default window is 24 h");
    // While it runs, the loop has no deadline from this pane (no busy ticks).
    assert!(app.access.deadline().is_none());
}

#[test]
fn pages_merge_newest_first_and_stale_answers_are_dropped() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 100, "alice")]);
    page(&mut app, seq, vec![read("b", NOW - 10, "bob")]);
    page(&mut app, seq + 99, vec![read("z", NOW, "eve")]);
    done(&mut app, seq);
    let ids: Vec<_> = app
        .access
        .visible(app.now, app.now_ms)
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["b", "a"]);
    assert!(!app.access.loading());
}

#[test]
fn leaving_a_secret_mid_lookup_stops_it_and_forgets_the_partial_timeline() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 5, "alice")]);
    let sent = update(&mut app, Msg::Key(Key::Char('j')));
    assert!(sent.iter().any(|c| *c == Job::CancelEvents));
    // Coming back reads it again, whole.
    update(&mut app, Msg::Key(Key::Char('k')));
    let again = lookups(&tick(&mut app, DEBOUNCE_MS));
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].2, NOW - 86_400);
}

#[test]
fn refresh_asks_only_for_newer_events_with_an_overlap() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 1000, "alice")]);
    done(&mut app, seq);
    let sent = lookups(&update(&mut app, Msg::Key(Key::Char('r'))));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].2, NOW - 1000 - OVERLAP_S);
    // What was read stays on screen while the refresh runs.
    assert_eq!(app.access.visible(app.now, app.now_ms).len(), 1);
}

#[test]
fn follow_polls_on_a_fixed_interval_and_stops_when_asked() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    done(&mut app, seq);
    let first = lookups(&update(&mut app, Msg::Key(Key::Char('F'))));
    assert_eq!(first.len(), 1, "following starts with a poll");
    done(&mut app, first[0].0);
    assert!(lookups(&tick(&mut app, FOLLOW_EVERY_MS - 1)).is_empty());
    let second = lookups(&tick(&mut app, 1));
    assert_eq!(second.len(), 1);
    update(&mut app, Msg::Key(Key::Char('F')));
    done(&mut app, second[0].0);
    assert!(lookups(&tick(&mut app, FOLLOW_EVERY_MS * 3)).is_empty());
}

#[test]
fn all_activity_pivot_and_back() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 5, "mallory")]);
    done(&mut app, seq);

    // From the tree, `a` focuses this secret's events; in the pane, it
    // switches to all activity.
    update(&mut app, Msg::Key(Key::Char('a')));
    assert_eq!(app.focus, Pane::Access);
    assert_eq!(app.access.mode, access::Mode::Secret);
    update(&mut app, Msg::Key(Key::Char('a')));
    let all = lookups(&tick(&mut app, DEBOUNCE_MS));
    assert_eq!(all[0].1, Target::All);
    page(&mut app, all[0].0, vec![read("a", NOW - 5, "mallory")]);
    done(&mut app, all[0].0);

    update(&mut app, Msg::Key(Key::Char('p')));
    let pivot = lookups(&tick(&mut app, DEBOUNCE_MS));
    assert_eq!(pivot[0].1, Target::Pivot(Pivot::Username("mallory".into())));
    done(&mut app, pivot[0].0);

    update(&mut app, Msg::Key(Key::Esc));
    assert_eq!(app.access.mode, access::Mode::All);
    // Back on a cached timeline: no new lookup.
    assert!(lookups(&tick(&mut app, DEBOUNCE_MS)).is_empty());
    update(&mut app, Msg::Key(Key::Char('a')));
    assert_eq!(app.access.mode, access::Mode::Secret);
}

#[test]
fn a_pivot_by_access_key_follows_the_key() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 5, "alice")]);
    done(&mut app, seq);
    app.focus = Pane::Access;
    update(&mut app, Msg::Key(Key::Char('P')));
    let pivot = lookups(&tick(&mut app, DEBOUNCE_MS));
    assert_eq!(
        pivot[0].1,
        Target::Pivot(Pivot::AccessKey("AKIAalice".into()))
    );
}

#[test]
fn the_window_changes_the_query_and_hides_older_events() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(
        &mut app,
        seq,
        vec![read("new", NOW - 60, "a"), read("old", NOW - 80_000, "b")],
    );
    done(&mut app, seq);
    // 24 h → 7 d → 90 d → 1 h: only the last one is asked for.
    for _ in 0..3 {
        update(&mut app, Msg::Key(Key::Char('w')));
    }
    assert_eq!(app.access.window, crate::domain::event::Window::Hour);
    let hour = lookups(&tick(&mut app, DEBOUNCE_MS));
    assert_eq!(hour[0].2, NOW - 3600);
    // Events outside the window are not shown even if a set holds them.
    page(&mut app, hour[0].0, vec![read("x", NOW - 7200, "c")]);
    assert!(app.access.visible(app.now, app.now_ms).is_empty());
}

#[test]
fn enter_opens_the_whole_record_and_x_asks_for_a_report() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(&mut app, seq, vec![read("a", NOW - 5, "alice")]);
    app.focus = Pane::Access;
    update(&mut app, Msg::Key(Key::Enter));
    let Some(Overlay::Text { text, .. }) = &app.overlay else {
        panic!("no event overlay: {:?}", app.overlay);
    };
    assert!(text.contains("\"sourceIPAddress\": \"10.0.0.1\""));
    update(&mut app, Msg::Key(Key::Esc));
    assert!(app.overlay.is_none());
    let sent = update(&mut app, Msg::Key(Key::Char('x')));
    assert!(sent.iter().any(|c| *c
        == Job::Report {
            arn: secret("db").arn().to_string(),
            window: crate::domain::event::Window::Day,
        }));
}

#[test]
fn new_events_show_at_the_top_unless_an_older_one_is_being_read() {
    let mut app = on_db();
    let (seq, ..) = lookups(&tick(&mut app, DEBOUNCE_MS))[0].clone();
    page(
        &mut app,
        seq,
        vec![
            read("e3", NOW - 30, "a"),
            read("e2", NOW - 60, "b"),
            read("e1", NOW - 90, "c"),
        ],
    );
    done(&mut app, seq);
    let selected = |app: &App| {
        app.access
            .selected_event(app.now, app.now_ms)
            .unwrap()
            .id
            .clone()
    };
    // At the top: the newest event, also once more arrive.
    app.access.refresh(app.now_ms);
    let (seq, ..) = lookups(&tick(&mut app, 1))[0].clone();
    page(&mut app, seq, vec![read("e4", NOW - 10, "d")]);
    done(&mut app, seq);
    assert_eq!(selected(&app), "e4");
    // Reading an older event: the selection stays on it.
    app.access.move_by(2, 4);
    assert_eq!(selected(&app), "e2");
    app.access.refresh(app.now_ms);
    let (seq, ..) = lookups(&tick(&mut app, 1))[0].clone();
    page(&mut app, seq, vec![read("e5", NOW - 5, "e")]);
    done(&mut app, seq);
    assert_eq!(selected(&app), "e2");
}
