//! Import and verify against the emulator, with the example files from
//! `assets/examples/`: a dry run makes no mutating call; an import creates
//! exactly the planned secrets with the file's values; a second import
//! changes nothing; a changed value is a verify mismatch (exit 1) and one
//! new version; bundles merge; read-only refuses. No value ever reaches
//! stdout, stderr or the audit log.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{Emulator, mutating, operations, repo_root};
use serde_json::{Value, json};

const PREFIX: &str = "gaara-store/production/";

fn example(path: &str) -> PathBuf {
    repo_root().join("assets/examples").join(path)
}

/// Every secret value of the backend example (none may ever be printed;
/// NODE_ENV's "production" is in the prefix itself).
fn backend_values() -> Vec<String> {
    let text = std::fs::read_to_string(example("backend/.env")).unwrap();
    sekret::domain::import::dotenv::parse(&text)
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.key != "NODE_ENV" && e.key != "PORT")
        .map(|e| e.value.as_str().unwrap().to_string())
        .collect()
}

fn run(emu: &Emulator, state: &Path, args: &[&str]) -> Output {
    let out = common::run_sekret(emu, state, args);
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for value in backend_values() {
        assert!(!shown.contains(&value), "{args:?} printed a value");
    }
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn row<'a>(plan: &'a str, key: &str) -> &'a str {
    plan.lines()
        .find(|l| l.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no row for {key} in\n{plan}"))
}

/// The stored value (`sekret get` is the one command that prints values).
fn value_of(emu: &Emulator, name: &str) -> String {
    common::stdout_of(&emu.sekret().args(["get", name]).output().unwrap())
}

fn created_names(calls: &Value) -> Vec<String> {
    calls
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "CreateSecret")
        .map(|c| c["secret_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn dry_run_import_reimport_verify_and_change() {
    let emu = Emulator::start(&[]);
    let state = tempfile::tempdir().unwrap();
    let env = example("backend/.env");
    let env = env.to_str().unwrap();
    let import = ["import", env, "--prefix", PREFIX];

    // Dry run: the plan, and not one mutating call.
    emu.clear_calls();
    let out = run(&emu, state.path(), &[&import[..], &["--dry-run"]].concat());
    let plan = common::stdout_of(&out);
    assert!(row(&plan, "JWT_SECRET_KEY").contains("gaara-store/production/jwt-secret-key"));
    assert!(row(&plan, "JWT_SECRET_KEY").contains("create"));
    assert!(row(&plan, "NODE_ENV").contains("skip"));
    assert!(row(&plan, "PORT").contains("configuration"));
    assert!(row(&plan, "ENCRYPTION_KEY").contains("placeholder"));
    assert!(plan.contains("9 to create"), "{plan}");
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
    assert!(!state.path().join("sekret/audit.jsonl").exists());

    // The import creates exactly the planned secrets, with the file's values.
    emu.clear_calls();
    common::stdout_of(&run(
        &emu,
        state.path(),
        &[&import[..], &["--yes"]].concat(),
    ));
    let calls = emu.calls();
    let mut created = created_names(&calls);
    created.sort();
    let mut planned: Vec<String> = plan
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("create") && l.contains(PREFIX))
        .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
        .collect();
    planned.sort();
    assert_eq!(created, planned);
    assert_eq!(mutating(&calls).len(), 9, "{:?}", mutating(&calls));
    assert_eq!(
        value_of(&emu, "gaara-store/production/database-url"),
        "postgres://store_app:fake-db-password-0000@db.internal:5432/store"
    );
    assert_eq!(
        value_of(&emu, "gaara-store/production/jwt-private-key"),
        "-----BEGIN PRIVATE KEY-----\nRkFLRS1LRVktTk9ULVJFQUwtMDAwMA==\n-----END PRIVATE KEY-----"
    );
    assert_eq!(
        value_of(&emu, "gaara-store/production/redis-password"),
        "fake redis pass 0000"
    );
    // Written to the audit log, naming the file and key, never a value.
    let audit = std::fs::read_to_string(state.path().join("sekret/audit.jsonl")).unwrap();
    assert_eq!(audit.lines().count(), 9);
    assert!(audit.contains("import .env: JWT_SECRET_KEY"), "{audit}");
    for value in backend_values() {
        assert!(!audit.contains(&value));
    }

    // A second import finds everything unchanged and writes nothing.
    emu.clear_calls();
    let again = common::stdout_of(&run(
        &emu,
        state.path(),
        &[&import[..], &["--yes"]].concat(),
    ));
    assert!(
        again.contains("0 to create · 0 new version(s) · 9 unchanged"),
        "{again}"
    );
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());

    // Verify: everything matches.
    let verify = ["verify", env, "--prefix", PREFIX];
    let out = run(&emu, state.path(), &verify);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("9 match · 0 mismatch · 0 missing"));

    // One value changes in the file: verify says mismatch and fails; the
    // import writes one new version; verify passes again.
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join(".env");
    let original = std::fs::read_to_string(example("backend/.env")).unwrap();
    std::fs::write(
        &changed,
        original.replace("fake-jwt-signing-key-0000", "fake-jwt-signing-key-0001"),
    )
    .unwrap();
    let changed = changed.to_str().unwrap();
    let out = run(&emu, state.path(), &["verify", changed, "--prefix", PREFIX]);
    assert_eq!(out.status.code(), Some(1));
    assert!(row(&text(&out), "JWT_SECRET_KEY").contains("mismatch"));
    assert!(row(&text(&out), "SECRET_KEY").contains("match"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 key(s) of .env differ"));

    emu.clear_calls();
    let out = run(
        &emu,
        state.path(),
        &["import", changed, "--prefix", PREFIX, "--yes"],
    );
    assert!(row(&common::stdout_of(&out), "JWT_SECRET_KEY").contains("new version"));
    let calls = emu.calls();
    assert_eq!(mutating(&calls), ["PutSecretValue"]);
    assert_eq!(
        value_of(&emu, "gaara-store/production/jwt-secret-key"),
        "fake-jwt-signing-key-0001"
    );
    let out = run(
        &emu,
        state.path(),
        &["verify", changed, "--prefix", PREFIX, "--json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let checks: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checks[0]["result"], "skipped");
    assert!(
        checks
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["result"] == "match")
    );
}

#[test]
fn a_json_config_becomes_one_bundle_that_keeps_stored_keys() {
    let emu = Emulator::start(&[]);
    let state = tempfile::tempdir().unwrap();
    emu.seed(json!({"secrets": [
        {"name": "trading-engine/prod/config",
         "versions": [{"json": {"alpaca": {"api_key": "PKOLD"}, "added_by_hand": "keep-me"}}]}
    ]}));
    let config = example("trading-engine/config.json");
    let args = [
        "import",
        config.to_str().unwrap(),
        "--prefix",
        "trading-engine/prod",
        "--bundle",
        "config",
        "--yes",
    ];
    emu.clear_calls();
    let plan = common::stdout_of(&run(&emu, state.path(), &args));
    assert!(
        plan.contains("into the bundle trading-engine/prod/config: new version"),
        "{plan}"
    );
    assert!(row(&plan, "alpaca.api_key").contains("change"));
    assert!(row(&plan, "binance.api_secret").contains("add"));
    assert!(row(&plan, "feature_flags.shadow_orders").contains("skip"));
    assert_eq!(mutating(&emu.calls()), ["PutSecretValue"]);
    let stored: Value =
        serde_json::from_str(&value_of(&emu, "trading-engine/prod/config")).unwrap();
    assert_eq!(stored["alpaca"]["api_key"], "PKFAKE0000DEMO1234");
    assert_eq!(stored["alpaca"]["paper"], true);
    assert_eq!(stored["risk"]["max_position_usd"], 2500);
    assert_eq!(stored["added_by_hand"], "keep-me");
    assert!(stored.get("environment").is_none());

    emu.clear_calls();
    let again = common::stdout_of(&run(&emu, state.path(), &args));
    assert!(
        again.contains("trading-engine/prod/config: unchanged"),
        "{again}"
    );
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
}

#[test]
fn read_only_broken_files_and_blocked_names_write_nothing() {
    let emu = Emulator::start(&[]);
    let state = tempfile::tempdir().unwrap();
    let env = example("frontend/.env.local");
    let env = env.to_str().unwrap();

    // Read-only: refused before any call; a dry run is still allowed.
    let read_only = |last: &str| {
        let args = [
            "--read-only",
            "import",
            env,
            "--prefix",
            "storefront/prod/",
            last,
        ];
        run(&emu, state.path(), &args)
    };
    emu.clear_calls();
    let out = read_only("--yes");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    assert_eq!(operations(&emu.calls()), Vec::<String>::new());
    let out = read_only("--dry-run");
    let plan = common::stdout_of(&out);
    assert!(row(&plan, "GOOGLE_CLIENT_SECRET").contains("placeholder value (change-me)"));
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());

    // A broken line: its number, not its text; no call at all.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join(".env");
    std::fs::write(&broken, "GOOD=1\nBROKEN LINE with-hunter2\n").unwrap();
    emu.clear_calls();
    let out = run(
        &emu,
        state.path(),
        &[
            "import",
            broken.to_str().unwrap(),
            "--prefix",
            "x/",
            "--yes",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains(".env: line 2"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert_eq!(operations(&emu.calls()), Vec::<String>::new());

    // A name scheduled for deletion blocks the import as a whole.
    emu.seed(json!({"secrets": [
        {"name": "storefront/prod/nextauth-secret", "versions": [{"value": "old"}],
         "deletion": {"scheduled": "+7d"}}
    ]}));
    emu.clear_calls();
    let out = run(
        &emu,
        state.path(),
        &["import", env, "--prefix", "storefront/prod/", "--yes"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(row(&text(&out), "NEXTAUTH_SECRET").contains("sekret restore"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 key(s) blocked"));
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());
}

/// An untrusted `.env` file cannot copy the operator's credentials into a
/// secret: `${AWS_SECRET_ACCESS_KEY}` is not taken from sekret's own
/// environment unless `--expand-env` says so, and the plan says where each
/// expansion came from.
#[test]
fn dotenv_expansion_takes_nothing_from_the_environment_unless_asked() {
    let emu = Emulator::start(&[]);
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".env");
    std::fs::write(
        &file,
        "STOLEN=${AWS_SECRET_ACCESS_KEY}\nHOST=db\nURL=postgres://${HOST}/app\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();

    emu.clear_calls();
    let out = run(
        &emu,
        state.path(),
        &["import", file, "--prefix", "svc/prod/", "--yes"],
    );
    let plan = text(&out);
    assert_eq!(out.status.code(), Some(1), "{plan}");
    let stolen = row(&plan, "STOLEN");
    assert!(stolen.contains("blocked"), "{plan}");
    assert!(stolen.contains("--expand-env"), "{plan}");
    assert!(row(&plan, "URL").contains("$HOST (line 2)"), "{plan}");
    assert!(!plan.contains("emulator-does-not-check-this"), "{plan}");
    assert_eq!(mutating(&emu.calls()), Vec::<String>::new());

    let out = run(
        &emu,
        state.path(),
        &[
            "import",
            file,
            "--prefix",
            "svc/prod/",
            "--expand-env",
            "--yes",
        ],
    );
    let plan = text(&out);
    assert!(out.status.success(), "{plan}");
    assert!(row(&plan, "STOLEN").contains("environment"), "{plan}");
    assert_eq!(
        value_of(&emu, "svc/prod/stolen"),
        "emulator-does-not-check-this"
    );
    assert_eq!(value_of(&emu, "svc/prod/url"), "postgres://db/app");
}

/// JSON numbers are stored with the digits as written and verified
/// exactly; keys that would replace each other refuse the file.
#[test]
fn json_numbers_stay_exact_and_colliding_keys_are_refused() {
    let emu = Emulator::start(&[]);
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    std::fs::write(
        &config,
        r#"{"ledger": {"limit": 123456789012345678901234567890, "rate": 1.10}}"#,
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let bundle = ["--prefix", "ledger/prod/", "--bundle", "config"];
    let import: Vec<&str> = [&["import", config][..], &bundle, &["--yes"]].concat();
    let out = run(&emu, state.path(), &import);
    assert!(out.status.success(), "{}", text(&out));
    let stored = value_of(&emu, "ledger/prod/config");
    assert!(
        stored.contains("123456789012345678901234567890"),
        "{stored}"
    );
    assert!(stored.contains("1.10"), "{stored}");

    let verify: Vec<&str> = [&["verify", config][..], &bundle].concat();
    let out = run(&emu, state.path(), &verify);
    assert!(out.status.success(), "{}", text(&out));

    // The same number written differently is a different text.
    let changed = dir.path().join("changed.json");
    std::fs::write(
        &changed,
        r#"{"ledger": {"limit": 123456789012345678901234567890, "rate": 1.1}}"#,
    )
    .unwrap();
    let put = emu
        .sekret()
        .env("XDG_STATE_HOME", state.path())
        .args(["put", "ledger/prod/config", "--from-file"])
        .arg(&changed)
        .arg("--yes")
        .output()
        .unwrap();
    assert!(put.status.success(), "{put:?}");
    let out = run(&emu, state.path(), &verify);
    assert_eq!(out.status.code(), Some(1));
    assert!(row(&text(&out), "ledger.rate").contains("mismatch"));
    assert!(row(&text(&out), "ledger.limit").contains("match"));

    let colliding = dir.path().join("colliding.json");
    std::fs::write(
        &colliding,
        r#"{"db.password": "a", "db": {"password": "b"}}"#,
    )
    .unwrap();
    emu.clear_calls();
    let out = run(
        &emu,
        state.path(),
        &[
            "import",
            colliding.to_str().unwrap(),
            "--prefix",
            "x/",
            "--yes",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("/db/password and /db.password"), "{err}");
    assert_eq!(operations(&emu.calls()), Vec::<String>::new());
}
