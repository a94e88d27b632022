//! Switching connections: each (profile, region) keeps its own session;
//! the profile picker; `r` after a credentials error reconnects.

use super::input::Key;
use super::tests::{app, secret};
use super::*;
use crate::domain::error::AwsError;
use crate::domain::profile::ProfileEntry;
use crate::tui::messages::Job;

fn conn(profile: &str, region: &str) -> ConnectionInfo {
    ConnectionInfo {
        profile: Some(profile.into()),
        region: region.into(),
        endpoint: "http://127.0.0.1:1".into(),
        read_only: false,
    }
}

/// Answer the listing `commands` asked for with `names`.
fn list(app: &mut App, commands: &[Command], names: &[&str]) {
    let seq = commands
        .iter()
        .find_map(|c| match c {
            Command::Job(Job::ListSecrets { seq }) => Some(*seq),
            _ => None,
        })
        .expect("a listing was asked for");
    update(
        app,
        Msg::Listed {
            seq,
            secrets: names.iter().map(|n| secret(n)).collect(),
            more: false,
        },
    );
}

/// Let the debounce pass and answer the describe it sends.
fn describe_selected(app: &mut App) -> usize {
    app.now_ms += 1_000;
    let sent = update(app, Msg::Tick);
    let mut described = 0;
    for command in sent {
        if let Command::Job(Job::Describe { seq, arn }) = command {
            described += 1;
            let mut meta = secret("x");
            meta.id =
                crate::domain::secret::SecretId::new(app.selected_secret().unwrap().name(), &arn);
            meta.description = Some("described".into());
            update(
                app,
                Msg::Described {
                    seq,
                    arn,
                    result: Ok(Box::new(meta)),
                },
            );
        }
    }
    described
}

#[test]
fn each_connection_keeps_its_tree_and_caches() {
    let mut app = app();
    app.conn = conn("dev", "us-east-1");
    let start: Vec<Command> = app.start().into_iter().map(Command::from).collect();
    list(&mut app, &start, &["dev/a", "dev/b"]);
    update(&mut app, Msg::Key(Key::Char('l')));
    update(&mut app, Msg::Key(Key::Char('j')));
    assert_eq!(describe_selected(&mut app), 1);
    assert_eq!(app.selected_secret().unwrap().name(), "dev/a");

    // To prod: a fresh tree, its own listing.
    let sent = update(&mut app, Msg::Connected(Ok(conn("prod", "us-east-1"))));
    assert!(app.secrets.is_empty());
    list(&mut app, &sent, &["prod/x"]);
    assert_eq!(app.secrets.len(), 1);
    assert_eq!(app.session_count(), 1);

    // Back to dev: the tree is there at once, the selection too, and the
    // describe cache answers without a call; the listing is refreshed.
    let sent = update(&mut app, Msg::Connected(Ok(conn("dev", "us-east-1"))));
    assert_eq!(app.secrets.len(), 2);
    assert_eq!(app.selected_secret().unwrap().name(), "dev/a");
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Job(Job::ListSecrets { .. })))
    );
    assert_eq!(describe_selected(&mut app), 0, "cached from before");
    assert_eq!(
        app.selected_detail().unwrap().description.as_deref(),
        Some("described")
    );
    // The same profile in another region is another session.
    let sent = update(&mut app, Msg::Connected(Ok(conn("dev", "eu-west-1"))));
    assert!(app.secrets.is_empty());
    list(&mut app, &sent, &[]);
    assert_eq!(app.session_count(), 2);
}

#[test]
fn answers_from_the_old_clients_are_dropped() {
    let mut app = app();
    app.conn = conn("dev", "us-east-1");
    let start: Vec<Command> = app.start().into_iter().map(Command::from).collect();
    list(&mut app, &start, &["a"]);
    app.now_ms += 1_000;
    let sent = update(&mut app, Msg::Tick);
    let Some(Command::Job(Job::Describe { seq, arn })) = sent.into_iter().next() else {
        panic!("a describe was due")
    };
    update(&mut app, Msg::Connected(Ok(conn("dev", "us-east-1"))));
    let mut meta = secret("a");
    meta.description = Some("late".into());
    update(
        &mut app,
        Msg::Described {
            seq,
            arn,
            result: Ok(Box::new(meta)),
        },
    );
    assert_eq!(app.selected_detail().unwrap().description, None);
}

#[test]
fn the_profile_picker_lists_marks_and_switches() {
    let mut app = app();
    app.conn = conn("prod", "us-east-1");
    for c in ":profile".chars() {
        update(&mut app, Msg::Key(Key::Char(c)));
    }
    let sent = update(&mut app, Msg::Key(Key::Enter));
    assert_eq!(sent, [Job::ListProfiles]);
    let entry = |name: &str, sso: bool| ProfileEntry {
        name: name.into(),
        region: None,
        sso,
        role: false,
    };
    update(
        &mut app,
        Msg::ProfilesListed(Ok(vec![
            entry("default", false),
            entry("dev", true),
            entry("prod", true),
        ])),
    );
    let Some(Overlay::Profiles(picker)) = &app.overlay else {
        panic!("the picker is open: {:?}", app.overlay)
    };
    assert_eq!(picker.selected, 2, "the profile in use is selected");
    update(&mut app, Msg::Key(Key::Char('k')));
    let sent = update(&mut app, Msg::Key(Key::Enter));
    assert_eq!(
        sent,
        [Job::Connect {
            profile: Some("dev".into()),
            region: None
        }]
    );
    assert!(app.overlay.is_none());

    // Nothing to pick from, or unreadable files: said on the status line.
    update(&mut app, Msg::ProfilesListed(Ok(vec![])));
    assert!(app.overlay.is_none() && app.status.as_ref().unwrap().error);
}

#[test]
fn r_after_a_credentials_error_reconnects() {
    let mut app = app();
    app.conn = conn("dev", "us-east-1");
    let start: Vec<Command> = app.start().into_iter().map(Command::from).collect();
    let Some(Command::Job(Job::ListSecrets { seq })) = start.get(1).cloned() else {
        unreachable!()
    };
    update(
        &mut app,
        Msg::ListFailed {
            seq,
            error: AwsError::ExpiredCredentials {
                profile: Some("dev".into()),
            },
            retry_in_s: None,
        },
    );
    let status = &app.status.as_ref().unwrap().text;
    assert!(status.contains("aws sso login --profile dev"), "{status}");
    assert!(status.contains("press r"), "{status}");
    let sent = update(&mut app, Msg::Key(Key::Char('r')));
    assert_eq!(
        sent,
        [Job::Connect {
            profile: Some("dev".into()),
            region: Some("us-east-1".into())
        }]
    );
    // Reconnected to the same place: the listing starts again.
    let sent = update(&mut app, Msg::Connected(Ok(conn("dev", "us-east-1"))));
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Job(Job::ListSecrets { .. })))
    );
    assert_eq!(app.session_count(), 0);
}
