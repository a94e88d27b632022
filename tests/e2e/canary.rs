//! The canary suite on the command line: every subcommand that touches a
//! value, with logging at `trace`. The canary is printed only by the two
//! commands that were asked to print it, and afterwards it is in no file
//! sekret wrote (log, audit log, reports, temporary files) and on no stderr.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::{Emulator, files_containing};
use serde_json::json;

const CANARY: &str = "CANARY-91e0-cli-leaks";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:db-rotation";

/// Run sekret at `trace`, with its state and temporary files in `home`;
/// `stdin` is piped in when given.
fn run(emu: &Emulator, home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = emu
        .sekret()
        .env("SEKRET_LOG", "trace")
        // The SDK's own switch for logging whole bodies: sekret unsets it.
        .env("LOG_SENSITIVE_BODIES", "true")
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", home.join("runtime"))
        .env("TMPDIR", home)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains(CANARY),
        "{args:?}: the value on stderr"
    );
    out
}

#[test]
fn every_value_command_prints_the_canary_only_when_asked_and_writes_it_nowhere() {
    let emu = Emulator::start(&["--rotation-delay", "0.5"]);
    emu.seed(json!({"secrets": [
        {"name": "app/prod/db", "rotation": {"lambda_arn": LAMBDA, "days": 30}, "versions": [
            {"created": "-9d", "json": {"password": "old-pw", "user": "app"}},
            {"created": "-1d", "json": {"password": CANARY, "user": "app"}}
        ]},
        {"name": "app/prod/token", "versions": [{"value": "t-1"}]}
    ]}));
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir(h.join("runtime")).unwrap();
    // The operator's own files (they hold the canary) live elsewhere.
    let input = tempfile::tempdir().unwrap();
    let value_file = input.path().join("value");
    std::fs::write(&value_file, format!("{CANARY}-file")).unwrap();
    let dotenv = input.path().join(".env");
    std::fs::write(&dotenv, format!("API_TOKEN={CANARY}\nUSER=app\n")).unwrap();
    let (value_file, dotenv) = (value_file.to_str().unwrap(), dotenv.to_str().unwrap());

    // Asked to print the value: these, and only these, show it.
    for args in [
        &["get", "app/prod/db", "--key", "password"][..],
        &["get", "app/prod/db"],
        &["diff", "app/prod/db", "--reveal"],
    ] {
        let out = run(&emu, h, args, None);
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(CANARY),
            "{args:?}"
        );
    }

    // Every other journey: the value stays out of stdout too.
    let put_stdin = format!("{CANARY}-stdin");
    let journeys: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["ls", "--json"], None),
        (vec!["history", "app/prod/db", "--json"], None),
        (vec!["diff", "app/prod/db"], None),
        (vec!["diff", "app/prod/db", "--json"], None),
        (vec!["get", "app/prod/db", "--key", "user"], None),
        (vec!["get", "app/prod/db", "--key", "missing"], None),
        // A rollback without --yes and without a terminal is refused
        // after showing its plan.
        (vec!["rollback", "app/prod/db", "--to", "AWSPREVIOUS"], None),
        (
            vec!["rollback", "app/prod/db", "--to", "AWSPREVIOUS", "--yes"],
            None,
        ),
        (
            vec!["rollback", "app/prod/db", "--to", "AWSPREVIOUS", "--yes"],
            None,
        ),
        (
            vec!["put", "app/prod/token", "--stdin", "--yes"],
            Some(&put_stdin),
        ),
        (
            vec!["put", "app/prod/token", "--from-file", value_file, "--yes"],
            None,
        ),
        (
            vec!["create", "app/prod/new", "--from-file", value_file, "--yes"],
            None,
        ),
        (vec!["rotate", "app/prod/db", "--yes", "--wait"], None),
        (
            vec!["import", dotenv, "--prefix", "app/dev/", "--dry-run"],
            None,
        ),
        (
            vec!["import", dotenv, "--prefix", "app/dev/", "--yes"],
            None,
        ),
        (
            vec![
                "import", dotenv, "--prefix", "app/dev/", "--bundle", "env", "--yes",
            ],
            None,
        ),
        (vec!["verify", dotenv, "--prefix", "app/dev/"], None),
        (
            vec!["verify", dotenv, "--prefix", "app/dev/", "--bundle", "env"],
            None,
        ),
        (vec!["events", "app/prod/db", "--json"], None),
        (vec!["events", "app/prod/db", "--format", "markdown"], None),
        (vec!["events", "app/prod/db", "--format", "json"], None),
        (vec!["doctor"], None),
    ];
    for (args, stdin) in &journeys {
        let out = run(&emu, h, args, *stdin);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(CANARY),
            "{args:?} printed the value"
        );
    }
    // They did what they say (so the absence of the canary means something).
    let out = run(&emu, h, &["get", "app/dev/api-token"], None);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), CANARY);
    let out = run(&emu, h, &["get", "app/prod/new"], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{CANARY}-file")
    );

    let (found, checked) = files_containing(h, CANARY);
    assert!(found.is_empty(), "the canary is in {found:?}");
    let log = std::fs::read_to_string(h.join("state/sekret/sekret.log")).unwrap();
    for op in [
        "GetSecretValue",
        "PutSecretValue",
        "CreateSecret",
        "RotateSecret",
    ] {
        assert!(log.contains(op), "the trace log names {op}");
    }
    let audit = std::fs::read_to_string(h.join("state/sekret/audit.jsonl")).unwrap();
    assert!(audit.lines().count() >= 6, "{audit}");
    assert!(checked >= 2, "{checked} files");
}
