//! CloudTrail records as AWS writes them (tests/corpus/cloudtrail.json,
//! each with its source), read by sekret: first the parsing alone, then
//! through the emulator (seeded verbatim) and `sekret events`, the way an
//! operator would ask — by secret, by the principal exactly as shown, by
//! access key.

use crate::common;

use sekret::domain::event::{AccessEvent, EventEnvelope, short_agent};
use serde_json::{Value, json};

use crate::common::Emulator;

const SECRET: &str = "corpus/prod/db";

fn corpus() -> Vec<Value> {
    let text =
        std::fs::read_to_string(common::repo_root().join("tests/corpus/cloudtrail.json")).unwrap();
    let corpus: Value = serde_json::from_str(&text).unwrap();
    corpus["cases"].as_array().unwrap().clone()
}

fn case(id: &str) -> Value {
    corpus().into_iter().find(|c| c["id"] == id).unwrap()
}

/// The envelope LookupEvents would put around `record`.
fn envelope(record: &Value) -> EventEnvelope {
    let identity = &record["userIdentity"];
    let session = identity["arn"].as_str().and_then(|a| {
        (identity["type"] == "AssumedRole").then(|| a.rsplit('/').next().unwrap().to_string())
    });
    EventEnvelope {
        // A test record may carry no id (a detection rule's minimal log).
        id: record["eventID"].as_str().unwrap_or("(none)").to_string(),
        time: 0,
        name: record["eventName"].as_str().unwrap().to_string(),
        source: record["eventSource"].as_str().unwrap().to_string(),
        username: identity["userName"]
            .as_str()
            .map(str::to_string)
            .or(session),
        access_key: identity["accessKeyId"].as_str().map(str::to_string),
        resources: record["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["ARN"].as_str().map(str::to_string))
            .collect(),
    }
}

#[test]
fn every_record_reads_as_its_source_says() {
    let cases = corpus();
    assert!(cases.len() >= 6);
    for case in cases {
        assert!(case["source"].as_str().is_some_and(|s| !s.is_empty()));
        let record = &case["record"];
        let event = AccessEvent::parse(envelope(record), record.to_string());
        let expect = &case["expect"];
        let id = &case["id"];
        assert_eq!(event.principal(), expect["principal"], "{id}: principal");
        assert_eq!(event.secret_label(), expect["secret"], "{id}: secret");
        assert_eq!(
            short_agent(&event.user_agent),
            expect["agent"],
            "{id}: agent"
        );
        assert_eq!(event.result(), expect["result"], "{id}: result");
    }
}

/// The records of the corpus about our secret, in the last day, and a KMS
/// call Secrets Manager made for it (the documented record, pointed at it).
fn seed(emu: &Emulator) -> String {
    emu.seed(json!({"secrets": [{"name": SECRET, "versions": [{"value": "v"}]}]}));
    let listed = common::stdout_of(
        &emu.sekret()
            .args(["ls", "--filter", SECRET, "--json"])
            .output()
            .unwrap(),
    );
    let arn = serde_json::from_str::<Value>(&listed).unwrap()[0]["arn"]
        .as_str()
        .unwrap()
        .to_string();
    let mut records = Vec::new();
    for (id, when) in [
        ("create-secret-by-name", "-20h"),
        ("sso-user-reads-with-terraform", "-3h"),
        ("cross-account-role-denied", "-2h"),
        ("root-through-a-vpc-endpoint", "-1h"),
        ("panther-sso-terraform-getsecretvalue-denied", "-50m"),
    ] {
        let mut record = case(id)["record"].clone();
        record["eventTime"] = json!(when);
        records.push(record);
    }
    let mut kms = case("kms-generate-data-key-for-secrets-manager")["record"].clone();
    kms["eventTime"] = json!("-30m");
    kms["userIdentity"]["accessKeyId"] = json!("AKIAEXAMPLEKMSCALL01");
    kms["requestParameters"]["encryptionContext"]["SecretARN"] = json!(arn);
    records.push(kms);
    emu.seed(json!({"records": records}));
    arn
}

fn events(emu: &Emulator, args: &[&str]) -> Vec<Value> {
    let out = emu
        .sekret()
        .args(["events", "--since", "24h", "--json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_str::<Value>(&common::stdout_of(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn names(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect()
}

#[test]
fn real_record_shapes_through_the_emulator_and_events() {
    let emu = Emulator::start(&[]);
    let arn = seed(&emu);
    assert!(arn.contains(":secret:corpus/prod/db"), "{arn}");

    // By secret: CreateSecret is found by its name, though it has no resources.
    let seen = events(&emu, &[SECRET]);
    let seeded: Vec<&Value> = seen
        .iter()
        .filter(|e| e["access_key"] != common::ACCESS_KEY)
        .collect();
    let created = seeded
        .iter()
        .find(|e| e["event"] == "CreateSecret" && e["principal"] == "user/alice");
    assert!(created.is_some(), "{seen:#?}");
    assert_eq!(created.unwrap()["secret"], SECRET);
    for principal in [
        "sso/AdministratorAccess/jane@example.com",
        "111122223333:role/ci-reader",
        "root",
    ] {
        assert!(
            seeded.iter().any(|e| e["principal"] == principal),
            "{principal} missing: {seen:#?}"
        );
    }

    // By the principal exactly as the timeline shows it.
    let sso = events(
        &emu,
        &["--principal", "sso/AdministratorAccess/jane@example.com"],
    );
    assert_eq!(names(&sso), ["GetSecretValue"], "{sso:#?}");
    assert!(
        sso[0]["user_agent"]
            .as_str()
            .unwrap()
            .starts_with("APN/1.0 HashiCorp/1.0 Terraform")
    );
    let foreign = events(&emu, &["--principal", "111122223333:role/ci-reader"]);
    assert_eq!(names(&foreign), ["GetSecretValue"], "{foreign:#?}");
    assert_eq!(foreign[0]["result"], "AccessDenied");

    // A detection rule's record, found by the SSO principal as shown.
    let evil = events(&emu, &["--principal", "sso/DevAdmin/evil.genius"]);
    assert_eq!(names(&evil), ["GetSecretValue"], "{evil:#?}");
    assert_eq!(evil[0]["result"], "AccessDenied");
    assert_eq!(evil[0]["secret"], "stratus-red-team-retrieve-secret-3");

    // By access key: the KMS call names the secret, not the key.
    let kms = events(&emu, &["--access-key", "AKIAEXAMPLEKMSCALL01"]);
    assert_eq!(names(&kms), ["GenerateDataKey"], "{kms:#?}");
    assert_eq!(kms[0]["secret"], SECRET);
}

/// The same records in the console's access pane (its summary and a
/// pivot) and in the reports: every principal as the timeline shows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_record_shapes_in_the_pane_the_pivot_and_the_reports() {
    use crate::common::headless::Headless;
    use sekret::tui::app::input::Key;
    use sekret::tui::app::triage::View;

    let emu = Emulator::start(&[]);
    seed(&emu);
    let shown = [
        "sso/AdministratorAccess/jane@example.com",
        "111122223333:role/ci-reader",
        "root",
        "user/alice",
    ];

    let mut console = Headless::start(&emu.url).await;
    console.open(SECRET).await;
    console.key(Key::Char('a'));
    console.key(Key::Char('S'));
    console
        .until("every corpus principal in the summary", move |app| {
            let rows = app.access.activity(app.now, app.now_ms).principals;
            shown.iter().all(|p| rows.iter().any(|r| r.principal == *p))
        })
        .await;
    // Pivot on the SSO session's row: its blast radius is this secret.
    let (now, ms) = (console.app.now, console.app.now_ms);
    let rows = console.app.access.activity(now, ms).principals;
    let at = rows.iter().position(|r| r.principal == shown[0]).unwrap();
    for _ in 0..at {
        console.key(Key::Char('j'));
    }
    console.key(Key::Char('p'));
    console
        .until("the SSO session's blast radius", |app| {
            app.access.view() == View::Secrets
                && !app.access.loading()
                && app
                    .access
                    .blast(app.now, app.now_ms)
                    .secrets
                    .iter()
                    .any(|t| t.secret == SECRET && t.reads == 1)
        })
        .await;

    // The secret's report names every principal; the principal's report
    // names what it read.
    let report = common::stdout_of(
        &emu.sekret()
            .args(["events", SECRET, "--format", "markdown"])
            .output()
            .unwrap(),
    );
    for principal in shown {
        assert!(report.contains(principal), "{principal} in\n{report}");
    }
    let report = common::stdout_of(
        &emu.sekret()
            .args(["events", "--principal", shown[0], "--format", "markdown"])
            .output()
            .unwrap(),
    );
    assert!(report.contains(&format!("| {SECRET} |")), "{report}");
    assert!(report.contains("Terraform"), "{report}");
}
