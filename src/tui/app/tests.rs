//! `update` in isolation: messages in, state and commands out.

use super::input::Key;
use super::*;
use crate::domain::error::AwsError;
use crate::domain::secret::{Rotation, SecretId};
use crate::tui::messages::Job;

pub(crate) fn secret(name: &str) -> SecretMeta {
    SecretMeta {
        id: SecretId::new(
            name,
            &format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf"),
        ),
        ..Default::default()
    }
}

pub(crate) fn app() -> App {
    App::new(
        ConnectionInfo {
            profile: None,
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:1".into(),
            read_only: false,
        },
        300_000,
    )
}

/// An app that has listed these names in one page.
pub(crate) fn listed<S: AsRef<str>>(names: &[S]) -> App {
    let mut app = app();
    let commands = app.start();
    let Job::ListSecrets { seq } = commands[1] else {
        panic!("start lists secrets: {commands:?}")
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: names.iter().map(|n| secret(n.as_ref())).collect(),
            more: false,
        },
    );
    app
}

fn keys(app: &mut App, keys: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for c in keys.chars() {
        out.extend(update(app, Msg::Key(Key::Char(c))));
    }
    out
}

fn row_labels(app: &App) -> Vec<String> {
    app.tree_pane
        .rows
        .iter()
        .map(|r| {
            let n = app.tree.node(r.node);
            format!("{}{}", "  ".repeat(r.depth as usize), n.label)
        })
        .collect()
}

const DEMO: [&str; 5] = [
    "gaara-store/production/jwt-secret",
    "gaara-store/production/database-url",
    "pipeline-pulse/prod/database",
    "credlink-prod-api-keys",
    "argo-alpine/argo/github-token",
];

#[test]
fn start_asks_for_identity_and_the_listing() {
    let mut app = app();
    let commands = app.start();
    assert_eq!(commands[0], Job::Identity);
    assert!(matches!(commands[1], Job::ListSecrets { .. }));
    assert!(matches!(app.listing, Listing::Loading { pages: 0, .. }));
}

#[test]
fn pages_stream_into_the_tree_and_the_title_counts_them() {
    let mut app = app();
    let Job::ListSecrets { seq } = app.start()[1] else {
        unreachable!()
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![secret("a/x"), secret("b/y")],
            more: true,
        },
    );
    assert_eq!(app.listing, Listing::Loading { seq, pages: 1 });
    assert_eq!(row_labels(&app), ["a", "b"]);
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![secret("c")],
            more: false,
        },
    );
    assert_eq!(app.listing, Listing::Done { pages: 2 });
    assert_eq!(row_labels(&app), ["a", "b", "c"]);
}

#[test]
fn a_page_from_an_old_listing_is_dropped() {
    let mut app = listed(&["a"]);
    let commands = keys(&mut app, "r");
    let Some(Command::Job(Job::ListSecrets { seq })) = commands.first().cloned() else {
        panic!("r lists again: {commands:?}")
    };
    update(
        &mut app,
        Msg::Listed {
            seq: seq - 1,
            secrets: vec![secret("stale")],
            more: false,
        },
    );
    assert_eq!(app.secrets.len(), 1, "the old listing's page was ignored");
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![secret("a"), secret("fresh")],
            more: false,
        },
    );
    assert_eq!(row_labels(&app), ["a", "fresh"]);
}

#[test]
fn a_complete_relisting_forgets_deleted_secrets() {
    let mut app = listed(&["a", "b"]);
    let Some(Command::Job(Job::ListSecrets { seq })) = keys(&mut app, "r").first().cloned() else {
        unreachable!()
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![secret("b")],
            more: false,
        },
    );
    assert_eq!(row_labels(&app), ["b"]);
}

#[test]
fn expand_collapse_and_move() {
    let mut app = listed(&DEMO);
    assert_eq!(
        row_labels(&app),
        [
            "argo-alpine",
            "gaara-store",
            "pipeline-pulse",
            "credlink-prod-api-keys"
        ]
    );
    keys(&mut app, "jl");
    assert_eq!(row_labels(&app)[1..3], ["gaara-store", "  production"]);
    keys(&mut app, "jl");
    assert_eq!(
        row_labels(&app)[2..5],
        ["  production", "    database-url", "    jwt-secret"]
    );
    keys(&mut app, "jj");
    assert_eq!(app.selected_secret().unwrap().name(), DEMO[0]);
    // h on a secret goes to its folder; h again closes it.
    keys(&mut app, "h");
    assert_eq!(
        app.tree.path(app.tree_pane.selected_node().unwrap()),
        "gaara-store/production"
    );
    keys(&mut app, "h");
    assert_eq!(row_labels(&app).len(), 5);
    keys(&mut app, "G");
    assert_eq!(
        app.selected_secret().unwrap().name(),
        "credlink-prod-api-keys"
    );
}

#[test]
fn filter_keeps_folders_of_matches_and_esc_clears_it() {
    let mut app = listed(&DEMO);
    keys(&mut app, "/database");
    assert!(app.filter_editing);
    assert_eq!(
        row_labels(&app),
        [
            "gaara-store",
            "  production",
            "    database-url",
            "pipeline-pulse",
            "  prod",
            "    database"
        ]
    );
    assert_eq!(
        app.selected_secret().unwrap().name(),
        DEMO[1],
        "lands on the first match"
    );
    update(&mut app, Msg::Key(Key::Enter));
    assert!(!app.filter_editing && app.filter.is_active());
    update(&mut app, Msg::Key(Key::Esc));
    assert!(!app.filter.is_active());
    assert_eq!(row_labels(&app).len(), 4);
}

#[test]
fn flat_mode_and_sorting() {
    let mut app = listed(&["b/x", "a/y", "c"]);
    app.secrets[0].last_changed = Some(300);
    app.secrets[1].last_changed = Some(100);
    app.secrets[2].last_changed = Some(200);
    keys(&mut app, "f");
    let names = |app: &App| -> Vec<String> {
        app.tree_pane
            .rows
            .iter()
            .map(|r| {
                app.secrets[app.tree.node(r.node).secret().unwrap() as usize]
                    .name()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(names(&app), ["a/y", "b/x", "c"]);
    keys(&mut app, "s");
    assert_eq!(app.tree_pane.sort, tree_pane::SortKey::LastChanged);
    assert_eq!(names(&app), ["b/x", "c", "a/y"]);
}

#[test]
fn detail_is_debounced_then_requested_once() {
    let mut app = listed(&["a", "b", "c"]);
    app.now_ms = 1_000;
    // Moving fast across three secrets sends nothing yet.
    let mut sent = keys(&mut app, "jj");
    sent.extend(update(&mut app, Msg::Tick));
    assert!(sent.is_empty(), "{sent:?}");
    app.now_ms += fetched::DEBOUNCE_MS;
    let sent = update(&mut app, Msg::Tick);
    // One DescribeSecret, one ListSecretVersionIds and one
    // GetResourcePolicy, for "c" only.
    assert_eq!(sent.len(), 3, "{sent:?}");
    let Command::Job(Job::Describe { arn, .. }) = &sent[0] else {
        panic!("{sent:?}")
    };
    assert_eq!(arn, &secret("c").arn());
    let Command::Job(Job::ListVersions { arn, .. }) = &sent[1] else {
        panic!("{sent:?}")
    };
    assert_eq!(arn, &secret("c").arn());
}

fn describe_selected(app: &mut App) -> (u64, String) {
    app.now_ms += fetched::DEBOUNCE_MS;
    let sent = update(app, Msg::Tick);
    sent.into_iter()
        .find_map(|c| match c {
            Command::Job(Job::Describe { seq, arn }) => Some((seq, arn)),
            _ => None,
        })
        .expect("a DescribeSecret once the selection settles")
}

#[test]
fn a_detail_reply_for_a_secret_already_left_is_dropped() {
    let mut app = listed(&["a", "b"]);
    let (seq, arn) = describe_selected(&mut app);
    keys(&mut app, "j");
    let mut fresh = secret("a");
    fresh.description = Some("stale answer".into());
    update(
        &mut app,
        Msg::Described {
            seq,
            arn: arn.clone(),
            result: Ok(Box::new(fresh)),
        },
    );
    assert_eq!(app.selected_detail().unwrap().name(), "b");
    assert!(app.detail.cache.peek(&arn, app.now_ms).is_none());
    assert!(app.secrets[0].description.is_none());
}

#[test]
fn a_current_detail_reply_is_shown_and_cached() {
    let mut app = listed(&["a", "b"]);
    let (seq, arn) = describe_selected(&mut app);
    let mut fresh = secret("a");
    fresh.rotation = Rotation {
        enabled: true,
        ..Default::default()
    }
    .into();
    update(
        &mut app,
        Msg::Described {
            seq,
            arn,
            result: Ok(Box::new(fresh)),
        },
    );
    assert!(app.selected_detail().unwrap().rotation.enabled);
    // Back and forth within the TTL: no new request.
    let mut sent = keys(&mut app, "jk");
    app.now_ms += 10 * fetched::DEBOUNCE_MS;
    sent.extend(update(&mut app, Msg::Tick));
    assert!(
        !sent.iter().any(
            |c| matches!(c, Command::Job(Job::Describe { arn, .. }) if *arn == secret("a").arn())
        ),
        "{sent:?}"
    );
    assert_eq!(app.detail.cache.stats().hits, 1);
}

#[test]
fn access_denied_marks_only_that_secret() {
    let mut app = listed(&["a", "b"]);
    let (seq, arn) = describe_selected(&mut app);
    update(
        &mut app,
        Msg::Described {
            seq,
            arn: arn.clone(),
            result: Err(AwsError::AccessDenied {
                action: "secretsmanager:DescribeSecret".into(),
                message: "no".into(),
            }),
        },
    );
    assert!(app.detail.denied.contains(&arn));
    assert_eq!(app.detail.denied.len(), 1);
    assert!(app.status.is_none(), "not a screen-wide error");
}

#[test]
fn listing_offline_retries_and_partial_is_visible() {
    let mut app = app();
    let Job::ListSecrets { seq } = app.start()[1] else {
        unreachable!()
    };
    let offline = AwsError::Unreachable {
        endpoint: "x".into(),
        detail: "refused".into(),
    };
    update(
        &mut app,
        Msg::ListFailed {
            seq,
            error: offline,
            retry_in_s: Some(2),
        },
    );
    assert!(matches!(
        app.listing,
        Listing::Retrying { retry_in_s: 2, .. }
    ));
    assert!(crate::tui::ui::tree::title(&app).contains("retrying in 2s"));
    let denied = AwsError::AccessDenied {
        action: "secretsmanager:ListSecrets".into(),
        message: "no".into(),
    };
    update(
        &mut app,
        Msg::ListFailed {
            seq,
            error: denied,
            retry_in_s: None,
        },
    );
    assert!(crate::tui::ui::tree::title(&app).contains("PARTIAL"));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("secretsmanager:ListSecrets")
    );
}

#[test]
fn palette_runs_commands_and_reports_mistakes() {
    let mut app = listed(&["a"]);
    keys(&mut app, ":region eu-west-1");
    let sent = update(&mut app, Msg::Key(Key::Enter));
    assert_eq!(
        sent,
        [Job::Connect {
            profile: None,
            region: Some("eu-west-1".into())
        }]
    );
    keys(&mut app, ":nope");
    update(&mut app, Msg::Key(Key::Enter));
    assert!(app.status.as_ref().unwrap().error);
    assert!(app.overlay.is_none());
    keys(&mut app, ":q");
    update(&mut app, Msg::Key(Key::Enter));
    assert!(app.quit);
}

#[test]
fn switching_region_resets_and_relists() {
    let mut app = listed(&["a"]);
    let sent = update(
        &mut app,
        Msg::Connected(Ok(ConnectionInfo {
            profile: None,
            region: "eu-west-1".into(),
            endpoint: "http://127.0.0.1:1".into(),
            read_only: false,
        })),
    );
    assert!(app.secrets.is_empty());
    assert_eq!(app.conn.region, "eu-west-1");
    assert!(sent.iter().any(|c| *c == Job::Identity));
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Job(Job::ListSecrets { .. })))
    );
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = listed(&["a"]);
    keys(&mut app, "?");
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    keys(&mut app, "jq");
    assert_eq!(app.overlay, None);
    assert!(!app.quit, "q closes help, not the console");
}

#[test]
fn browsing_never_asks_for_a_value() {
    // The only commands the console can send are metadata calls.
    let mut app = listed(&DEMO);
    let mut sent = Vec::new();
    for k in "jljljjjkkhh/db\r".chars() {
        let key = if k == '\r' { Key::Enter } else { Key::Char(k) };
        sent.extend(update(&mut app, Msg::Key(key)));
        app.now_ms += 1_000;
        sent.extend(update(&mut app, Msg::Tick));
    }
    assert!(sent.iter().all(|c| matches!(
        c,
        Command::Job(Job::Describe { .. })
            | Command::Job(Job::ListVersions { .. })
            | Command::Job(Job::ReadPolicy { .. })
            | Command::Job(Job::ListSecrets { .. })
            | Command::Job(Job::LookupEvents { .. })
            | Command::Job(Job::CancelEvents)
            | Command::Job(Job::Identity)
    )));
}
