use std::collections::HashMap;

use super::*;
use crate::domain::import::Format;
use crate::domain::import::remote::Current;

fn source(text: &str) -> Source {
    Format::Dotenv.parse(text).unwrap()
}

fn current(version: &str, value: &str, keep: bool) -> Remote {
    Remote::Current(Current::read(
        version.into(),
        SecretValue::text(value.into()),
        keep,
    ))
}

fn actions(plan: &Plan) -> Vec<(&str, &str)> {
    plan.rows
        .iter()
        .map(|r| (r.key.as_str(), r.action.label(plan.bundle.is_some())))
        .collect()
}

#[test]
fn each_key_is_created_updated_kept_or_skipped() {
    let src = source(
        "JWT_SECRET_KEY=new\nDATABASE_URL=postgres://changed\nSECRET_KEY=same\nNODE_ENV=production\nSTRIPE_KEY=YOUR_STRIPE_KEY\n",
    );
    let target = Target::new("gaara-store/production", None).unwrap();
    let remote = HashMap::from([
        (
            "gaara-store/production/database-url".to_string(),
            current("v1", "postgres://old", false),
        ),
        (
            "gaara-store/production/secret-key".to_string(),
            current("v2", "same", false),
        ),
    ]);
    let plan = plan(&src, &target, &Selection::default(), &remote);
    assert_eq!(
        actions(&plan),
        [
            ("JWT_SECRET_KEY", "create"),
            ("DATABASE_URL", "new version"),
            ("SECRET_KEY", "unchanged"),
            ("NODE_ENV", "skip"),
            ("STRIPE_KEY", "skip"),
        ]
    );
    assert_eq!(plan.rows[0].target, "gaara-store/production/jwt-secret-key");
    assert!(plan.rows[4].notes[0].contains("placeholder"));
    let t = plan.tally();
    assert_eq!(
        (t.create, t.update, t.unchanged, t.skip, t.blocked),
        (1, 1, 1, 2, 0)
    );

    let writes = writes(&plan, &src, &remote, ".env");
    let names: Vec<&str> = writes.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "gaara-store/production/jwt-secret-key",
            "gaara-store/production/database-url"
        ]
    );
    match &writes[1].mutation {
        Mutation::Put { value, base } => {
            assert_eq!(value.as_str(), Some("postgres://changed"));
            assert_eq!(base.as_deref(), Some("v1"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn keys_that_become_the_same_name_are_blocked() {
    let src = source("JWT_SECRET=a\njwt.secret=b\nOTHER=c\n");
    let target = Target::new("app/prod/", None).unwrap();
    let plan = plan(&src, &target, &Selection::default(), &HashMap::new());
    assert_eq!(plan.blocked(), 2);
    assert_eq!(
        plan.rows[0].action,
        Action::Blocked("jwt.secret becomes the same name".into())
    );
    let mut sel = Selection::default();
    sel.toggle(&src.entries[1]);
    assert_eq!(
        super::plan(&src, &target, &sel, &HashMap::new()).blocked(),
        0
    );
}

#[test]
fn a_name_scheduled_for_deletion_or_unreadable_blocks_its_key() {
    let src = source("A_KEY=1\nB_KEY=2\n");
    let target = Target::new("app/prod/", None).unwrap();
    let remote = HashMap::from([
        ("app/prod/a-key".to_string(), Remote::Deleted),
        (
            "app/prod/b-key".to_string(),
            Remote::Unreadable("access denied".into()),
        ),
    ]);
    let plan = plan(&src, &target, &Selection::default(), &remote);
    assert!(
        matches!(&plan.rows[0].action, Action::Blocked(w) if w.contains("sekret restore app/prod/a-key"))
    );
    assert_eq!(plan.rows[1].action, Action::Blocked("access denied".into()));
    assert_eq!(plan.blocked(), 2);
    assert!(!plan.writes_anything());
}

#[test]
fn a_bundle_merges_into_what_is_stored() {
    let src = source("USERNAME=app\nPASSWORD=new-pw\nPORT=5432\n");
    let target = Target::new("pipeline-pulse/prod/", Some("database")).unwrap();
    let name = "pipeline-pulse/prod/database".to_string();
    let stored = r#"{"USERNAME":"app","PASSWORD":"old-pw","host":"db.internal"}"#;
    let remote = HashMap::from([(name.clone(), current("v7", stored, true))]);
    let plan = plan(&src, &target, &Selection::default(), &remote);
    assert_eq!(
        actions(&plan),
        [
            ("USERNAME", "unchanged"),
            ("PASSWORD", "change"),
            ("PORT", "skip")
        ]
    );
    assert_eq!(plan.bundle, Some((name.clone(), Action::Update)));
    let writes = writes(&plan, &src, &remote, ".env");
    assert_eq!(writes.len(), 1);
    let Mutation::Put { value, base } = &writes[0].mutation else {
        panic!("{:?}", writes[0].mutation);
    };
    assert_eq!(base.as_deref(), Some("v7"));
    let json: serde_json::Value = serde_json::from_str(value.as_str().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"USERNAME": "app", "PASSWORD": "new-pw", "host": "db.internal"})
    );
}

#[test]
fn a_new_json_bundle_keeps_nesting_and_types() {
    let src = Format::Json
        .parse(r#"{"alpaca": {"api_key": "AK", "paper": true}, "max_position": 2500, "log_level": "info"}"#)
        .unwrap();
    let target = Target::new("trading/prod/", Some("config")).unwrap();
    let plan = plan(&src, &target, &Selection::default(), &HashMap::new());
    assert_eq!(plan.bundle.as_ref().unwrap().1, Action::Create);
    let writes = writes(&plan, &src, &HashMap::new(), "config.json");
    let Mutation::Create(new) = &writes[0].mutation else {
        panic!();
    };
    let json: serde_json::Value =
        serde_json::from_str(new.value.as_ref().unwrap().as_str().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"alpaca": {"api_key": "AK", "paper": true}, "max_position": 2500})
    );
}

#[test]
fn an_unchanged_bundle_writes_nothing() {
    let src = source("USER=app\n");
    let target = Target::new("p/", Some("b")).unwrap();
    let remote = HashMap::from([("p/b".to_string(), current("v1", r#"{"USER":"app"}"#, true))]);
    let plan = plan(&src, &target, &Selection::default(), &remote);
    assert_eq!(plan.bundle.as_ref().unwrap().1, Action::Unchanged);
    assert!(!plan.writes_anything());
    assert!(writes(&plan, &src, &remote, ".env").is_empty());
}

#[test]
fn notes_flag_duplicates_expansion_and_kept_placeholders() {
    let src = source("TOKEN=a\nURL=http://$HOST/x\nTOKEN=change-me\n");
    let target = Target::new("p/", None).unwrap();
    let mut sel = Selection::default();
    sel.keep.insert("TOKEN".into());
    let plan = plan(&src, &target, &sel, &HashMap::new());
    let token = &plan.rows[0];
    assert_eq!(token.action, Action::Create);
    assert!(
        token.notes.iter().any(|n| n.contains("taken as asked")),
        "{:?}",
        token.notes
    );
    assert!(
        token.notes.iter().any(|n| n.contains("lines 1, 3")),
        "{:?}",
        token.notes
    );
    assert!(plan.rows[1].notes.iter().any(|n| n.contains("$HOST")));
}

#[test]
fn verify_reports_match_mismatch_and_missing() {
    use crate::domain::import::verify::{Status, all_match, verify};
    let src = source("A_KEY=same\nB_KEY=file\nC_KEY=gone\nPORT=1\n");
    let target = Target::new("p/", None).unwrap();
    let remote = HashMap::from([
        ("p/a-key".to_string(), current("v1", "same", false)),
        ("p/b-key".to_string(), current("v1", "other", false)),
    ]);
    let checks = verify(&src, &target, &Selection::default(), &remote);
    let labels: Vec<&str> = checks.iter().map(|c| c.status.label()).collect();
    assert_eq!(labels, ["match", "mismatch", "missing", "skipped"]);
    assert!(!all_match(&checks));
    assert!(all_match(&checks[..1]));
    assert_eq!(checks[2].status, Status::Missing("no such secret".into()));
}
