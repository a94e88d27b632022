//! `:import` as a state machine: the plan arrives as an overlay, keys are
//! toggled, blocked or read-only plans send nothing, a confirmed plan sends
//! exactly its writes, and the answer relists the tree.

use std::collections::HashMap;

use super::import::{ImportDraft, ImportResult};
use super::input::Key;
use super::tests::listed;
use super::value_tests::press;
use super::write_tests::{confirm_action, palette, typed};
use super::*;
use crate::domain::error::AwsError;
use crate::domain::import::Format;
use crate::domain::import::naming::Target;
use crate::domain::import::remote::Remote;
use crate::domain::import::selection::Selection;
use crate::domain::mutation::{Kind, Mutation, Outcome};
use crate::tui::messages::Job;

const ENV: &str =
    "NODE_ENV=production\nJWT_SECRET=k1\nSTRIPE_KEY=YOUR_STRIPE_KEY\nDB_URL=postgres://x\n";

fn draft(remote: HashMap<String, Remote>) -> Box<ImportDraft> {
    Box::new(ImportDraft {
        file: ".env".into(),
        source: Format::Dotenv.parse(ENV).unwrap(),
        target: Target::new("shop/prod/", None).unwrap(),
        selection: Selection::default(),
        remote,
    })
}

/// `:import .env shop/prod/` answered with `draft`.
fn planned(app: &mut App, draft: Box<ImportDraft>) {
    let sent = palette(app, "import .env shop/prod/");
    let [Command::Job(Job::PlanImport { seq, path, target })] = sent.as_slice() else {
        panic!("expected a plan request: {sent:?}");
    };
    assert_eq!(
        (path.as_str(), target.prefix.as_str()),
        (".env", "shop/prod/")
    );
    assert!(
        update(
            app,
            Msg::ImportPlanned {
                seq: *seq,
                result: Ok(draft)
            }
        )
        .is_empty()
    );
}

fn status(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

fn view(app: &App) -> &import::ImportView {
    match &app.overlay {
        Some(Overlay::Import(view)) => view,
        other => panic!("no import overlay: {other:?} · {:?}", app.status),
    }
}

#[test]
fn a_confirmed_plan_sends_exactly_its_writes_then_relists() {
    let mut app = listed(&["shop/prod/other"]);
    planned(&mut app, draft(HashMap::new()));
    let plan = view(&app).plan();
    let labels: Vec<&str> = plan.rows.iter().map(|r| r.action.label(false)).collect();
    assert_eq!(labels, ["skip", "create", "skip", "create"]);

    // Take the placeholder key after all, leave DB_URL out.
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char(' '));
    let labels: Vec<&str> = view(&app)
        .plan()
        .rows
        .iter()
        .map(|r| r.action.label(false))
        .collect();
    assert_eq!(labels, ["skip", "create", "create", "skip"]);

    assert!(press(&mut app, Key::Enter).is_empty());
    let Confirmable::Import(import) = confirm_action(&app) else {
        panic!()
    };
    assert_eq!(import.confirmation, "shop/prod/");
    assert!(
        press(&mut app, Key::Enter).is_empty(),
        "nothing typed: nothing sent"
    );
    typed(&mut app, "shop/prod/");
    let sent = press(&mut app, Key::Enter);
    assert!(sent.iter().all(Command::is_mutating));
    let [Command::Job(Job::Import { seq, file, writes })] = sent.as_slice() else {
        panic!("{sent:?}");
    };
    assert_eq!(file, ".env");
    let names: Vec<&str> = writes.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["shop/prod/jwt-secret", "shop/prod/stripe-key"]);
    assert!(
        matches!(&writes[0].mutation, Mutation::Create(new) if new.value.as_ref().unwrap().as_str() == Some("k1"))
    );

    let results = vec![
        ImportResult {
            name: "shop/prod/jwt-secret".into(),
            kind: Kind::Create,
            result: Ok(Outcome {
                arn: "arn:jwt".into(),
                version: Some("v1".into()),
                ..Outcome::default()
            }),
        },
        ImportResult {
            name: "shop/prod/stripe-key".into(),
            kind: Kind::Create,
            result: Err(AwsError::AccessDenied {
                action: "secretsmanager:CreateSecret".into(),
                message: "no".into(),
            }),
        },
    ];
    let after = update(&mut app, Msg::Imported { seq: *seq, results });
    assert!(
        matches!(after.as_slice(), [Command::Job(Job::ListSecrets { .. })]),
        "{after:?}"
    );
    let status = app.status.as_ref().unwrap();
    assert!(status.error);
    assert!(status.text.contains("1 created"), "{}", status.text);
    assert!(
        status.text.contains("1 failed (shop/prod/stripe-key"),
        "{}",
        status.text
    );
}

#[test]
fn blocked_unchanged_and_read_only_plans_send_nothing() {
    // A name scheduled for deletion blocks the plan until the key is left out.
    let mut app = listed(&["shop/prod/other"]);
    let remote = HashMap::from([("shop/prod/jwt-secret".to_string(), Remote::Deleted)]);
    planned(&mut app, draft(remote));
    assert!(press(&mut app, Key::Enter).is_empty());
    assert!(
        status(&app).contains("1 key(s) blocked"),
        "{}",
        status(&app)
    );
    view(&app);
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Enter);
    assert!(matches!(confirm_action(&app), Confirmable::Import(_)));
    press(&mut app, Key::Esc);
    assert!(app.overlay.is_none());

    // Leaving every key out: nothing to write.
    let mut app = listed(&["shop/prod/other"]);
    planned(&mut app, draft(HashMap::new()));
    for _ in 0..4 {
        let entry_taken = view(&app).plan().rows[view(&app).cursor]
            .action
            .label(false)
            != "skip";
        if entry_taken {
            press(&mut app, Key::Char(' '));
        }
        press(&mut app, Key::Char('j'));
    }
    assert!(press(&mut app, Key::Enter).is_empty());
    assert!(
        status(&app).contains("nothing to write"),
        "{}",
        status(&app)
    );

    // Read-only: the plan is shown, Enter refuses.
    let mut app = listed(&["shop/prod/other"]);
    app.conn.read_only = true;
    planned(&mut app, draft(HashMap::new()));
    assert!(press(&mut app, Key::Enter).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("read-only"));
    view(&app);
}

#[test]
fn stale_answers_are_dropped_and_the_prefix_defaults_to_the_folder() {
    let mut app = listed(&["shop/prod/jwt"]);
    let first = palette(&mut app, "import .env shop/prod/");
    let second = palette(&mut app, "import other.env shop/prod/");
    let (
        Command::Job(Job::PlanImport { seq: old, .. }),
        Command::Job(Job::PlanImport { seq: new, .. }),
    ) = (&first[0], &second[0])
    else {
        panic!()
    };
    update(
        &mut app,
        Msg::ImportPlanned {
            seq: *old,
            result: Ok(draft(HashMap::new())),
        },
    );
    assert!(app.overlay.is_none(), "the first request was replaced");
    update(
        &mut app,
        Msg::ImportPlanned {
            seq: *new,
            result: Err("cannot open other.env: No such file".into()),
        },
    );
    assert!(
        status(&app).contains("cannot import: cannot open other.env"),
        "{}",
        status(&app)
    );

    // The selected folder is the prefix when none is given.
    app.tree_pane.select_first();
    let sent = palette(&mut app, "import .env");
    let [Command::Job(Job::PlanImport { target, .. })] = sent.as_slice() else {
        panic!("{sent:?} · {:?}", app.status);
    };
    assert_eq!(target.prefix, "shop/");

    // A secret at the root has no folder: the prefix must be given.
    let mut app = listed(&["loose"]);
    app.tree_pane.select_first();
    assert!(palette(&mut app, "import .env").is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("needs a prefix"));
}
