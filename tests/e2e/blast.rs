//! From one principal to the blast radius, end to end: `sekret events
//! --principal P|--access-key K --format markdown|json` lists every secret
//! the principal touched and, for each one read, whether its value has
//! changed since; the report is written even when CloudTrail or a secret
//! cannot be read, and says what is missing. Errors from CloudTrail name
//! CloudTrail's endpoint.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::common::{self, Emulator};
use serde_json::{Value, json};

const MALLORY: &str = "AKIAMALLORY000000001";
const VALUE: &str = "VALUE-blast-3f1c-not-in-any-report";

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({
        "identities": {MALLORY: "arn:aws:iam::123456789012:user/mallory"},
        "secrets": [
            {"name": "shop/prod/db", "versions": [{"value": VALUE, "created": "-3d"}]},
            {"name": "shop/prod/jwt", "versions": [{"value": VALUE, "created": "-3d"}]},
            {"name": "pay/prod/key", "versions": [{"value": VALUE, "created": "-3d"}]}
        ],
        "events": [
            {"time": "-2h", "name": "GetSecretValue", "secret": "shop/prod/db",
             "access_key": MALLORY, "source_ip": "198.51.100.7", "user_agent": "curl/8.5.0"},
            {"time": "-2h", "name": "GetSecretValue", "secret": "shop/prod/jwt",
             "access_key": MALLORY, "source_ip": "198.51.100.7", "user_agent": "curl/8.5.0"},
            {"time": "-1h", "name": "GetSecretValue", "secret": "pay/prod/key",
             "access_key": MALLORY, "source_ip": "198.51.100.7", "user_agent": "curl/8.5.0",
             "error_code": "AccessDeniedException", "error_message": "not authorized"}
        ]
    }));
    emu
}

fn run(emu: &Emulator, args: &[&str]) -> Output {
    let out = emu.sekret().args(args).output().unwrap();
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(VALUE));
    }
    out
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The report's row for one secret.
fn row<'a>(text: &'a str, secret: &str) -> &'a str {
    let start = format!("| {secret} |");
    text.lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no row for {secret} in\n{text}"))
}

#[test]
fn the_principal_report_lists_the_blast_radius_and_what_to_rotate() {
    let emu = seeded();
    // A new value for db after mallory read it: that one is safe again.
    let mut put = emu
        .sekret()
        .args(["put", "shop/prod/db", "--stdin", "--yes"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    put.stdin.take().unwrap().write_all(b"new-value").unwrap();
    assert!(put.wait().unwrap().success());
    emu.clear_calls();

    for args in [
        ["--principal", "mallory"],
        ["--principal", "user/mallory"],
        ["--access-key", MALLORY],
    ] {
        let mut all = vec!["events", "--format", "markdown"];
        all.extend_from_slice(&args);
        let text = ok(&run(&emu, &all));
        assert!(text.contains("# Incident report:"), "{text}");
        assert!(
            text.contains("arn:aws:iam::123456789012:user/mallory"),
            "{text}"
        );
        assert!(text.contains("198.51.100.7") && text.contains("curl/8.5.0"));
        // Failures first, then what was read.
        let pay = text.find("| pay/prod/key |").unwrap();
        assert!(pay < text.find("| shop/prod/jwt |").unwrap(), "{text}");
        assert!(row(&text, "pay/prod/key").contains("not read"), "{text}");
        assert!(
            row(&text, "shop/prod/db").contains("yes: new value"),
            "{text}"
        );
        assert!(row(&text, "shop/prod/jwt").contains("rotate it"), "{text}");
    }
    // Metadata only: never a value read to write the report.
    let ops = common::operations(&emu.calls());
    assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");

    let json: Value = serde_json::from_str(&ok(&run(
        &emu,
        &["events", "--principal", "mallory", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json["complete"], true);
    assert_eq!(json["identity"]["access_keys"][0], MALLORY);
    let jwt = json["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["secret"] == "shop/prod/jwt")
        .unwrap();
    assert_eq!(jwt["changed_since_read"], false);
    assert_eq!(jwt["actions"]["GetSecretValue"], 1);
}

#[test]
fn the_report_is_written_when_part_of_the_data_is_missing() {
    let emu = seeded();
    // A secret the operator may not describe: its line says unknown, why.
    emu.set_faults(json!({"deny": ["shop/prod/jwt"]}));
    let text = ok(&run(
        &emu,
        &["events", "--principal", "mallory", "--format", "markdown"],
    ));
    assert!(text.contains("**Incomplete:**"), "{text}");
    assert!(row(&text, "shop/prod/jwt").contains("unknown"), "{text}");
    assert!(row(&text, "shop/prod/db").contains("rotate it"), "{text}");

    // CloudTrail refused: the report still comes, and says so.
    emu.set_faults(json!({"deny_operations": ["LookupEvents"]}));
    let out = run(
        &emu,
        &["events", "--access-key", MALLORY, "--format", "markdown"],
    );
    let text = ok(&out);
    assert!(text.contains("**Incomplete:**"), "{text}");
    assert!(text.contains("CloudTrail events"), "{text}");
    assert!(text.contains("cloudtrail:LookupEvents"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not in the report"), "{stderr}");
}

#[test]
fn cloudtrail_errors_name_cloudtrails_endpoint() {
    let emu = seeded();
    // Secrets Manager answers; CloudTrail's own endpoint is elsewhere.
    let out = emu
        .sekret()
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", &emu.url)
        .env("AWS_ENDPOINT_URL_STS", &emu.url)
        .env("AWS_ENDPOINT_URL_CLOUDTRAIL", "http://127.0.0.1:9")
        .args(["events", "shop/prod/db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("127.0.0.1:9"), "{stderr}");
    assert!(!stderr.contains(&emu.url), "{stderr}");
}

/// In the console: pivot on the reader, `:rotate-read`, the principal
/// typed once, and every secret it read is rotated and followed until
/// AWSCURRENT moves; the one without a function is skipped, not touched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_read_rotates_every_secret_the_principal_read_and_follows_each() {
    use crate::common::headless::Headless;
    use sekret::domain::rotation::Phase;
    use sekret::tui::app::input::Key;
    use sekret::tui::app::triage::View;

    const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate";
    let emu = Emulator::start(&["--rotation-delay", "0.3"]);
    let read = |secret: &str| {
        json!({"time": "-1h", "name": "GetSecretValue", "secret": secret,
               "access_key": MALLORY, "source_ip": "198.51.100.7"})
    };
    emu.seed(json!({
        "identities": {MALLORY: "arn:aws:iam::123456789012:user/mallory"},
        "secrets": [
            {"name": "shop/prod/db", "versions": [{"value": VALUE, "created": "-3d"}],
             "rotation": {"lambda_arn": LAMBDA, "days": 30}},
            {"name": "shop/prod/jwt", "versions": [{"value": VALUE, "created": "-3d"}],
             "rotation": {"lambda_arn": LAMBDA, "days": 30}},
            {"name": "shop/prod/plain", "versions": [{"value": VALUE, "created": "-3d"}]}
        ],
        "events": [read("shop/prod/db"), read("shop/prod/jwt"), read("shop/prod/plain")]
    }));

    let mut console = Headless::start(&emu.url).await;
    console.open("shop/prod/db").await;
    console.key(Key::Char('a'));
    console.key(Key::Char('S'));
    console
        .until("mallory in the summary", |app| {
            app.access
                .selected_principal(app.now, app.now_ms)
                .is_some_and(|p| p.principal == "user/mallory")
        })
        .await;
    console.key(Key::Char('p'));
    console
        .until("the blast radius", |app| {
            app.access.view() == View::Secrets
                && !app.access.loading()
                && app.access.blast(app.now, app.now_ms).secrets.len() == 3
        })
        .await;
    emu.clear_calls();
    console.key(Key::Char(':'));
    console.type_text("rotate-read");
    console.key(Key::Enter);
    console.type_text("mallory");
    console.key(Key::Enter);
    console
        .until("both rotations live", |app| {
            app.rotations.len() == 2
                && app
                    .rotations
                    .iter()
                    .all(|w| matches!(w.phase, Phase::Succeeded { .. }))
        })
        .await;
    let mut rotated: Vec<String> = emu
        .calls()
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "RotateSecret")
        .map(|c| c["secret_id"].as_str().unwrap().to_string())
        .collect();
    rotated.sort();
    assert_eq!(rotated.len(), 2, "{rotated:?}");
    assert!(
        rotated.iter().all(|id| !id.contains("plain")),
        "{rotated:?}"
    );
    assert!(
        !common::operations(&emu.calls())
            .iter()
            .any(|o| o == "GetSecretValue")
    );
}
