//! `sekret audit` against the demo data: every posture case the demo seed
//! holds is found, with its numbers; each resource policy is read once;
//! not one value is read; `--fail-on` sets the exit code; a policy that
//! cannot be read leaves its secret undecided, and says so.

use serde_json::Value;

use crate::common::{self, Emulator};

fn demo() -> Emulator {
    Emulator::with_seed(&common::repo_root().join("assets/demo/seed.json"))
}

fn audit(emu: &Emulator, args: &[&str]) -> (Option<i32>, String, String) {
    let out = emu.sekret().arg("audit").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The findings of one check, as (secret, severity, reason).
fn of(report: &Value, check: &str) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .map(|f| {
            (
                f["secret"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn names(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(n, _, _)| n.as_str()).collect()
}

#[test]
fn audit_json_finds_every_posture_case_in_the_demo_and_reads_no_value() {
    let emu = demo();
    emu.clear_calls();
    let (code, stdout, stderr) = audit(&emu, &["--json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let secrets = report["secrets"].as_u64().unwrap();
    assert_eq!(secrets, 19);
    assert_eq!(report["policies_unknown"], 0);

    let public = of(&report, "public-policy");
    assert_eq!(names(&public), ["gaara-store/production/sentry-dsn"]);
    assert_eq!(public[0].1, "critical", "it allows GetSecretValue");
    let cross = of(&report, "cross-account");
    assert_eq!(names(&cross), ["pipeline-pulse/prod/currency"]);
    assert!(cross[0].2.contains("210987654321"), "{}", cross[0].2);
    assert_eq!(
        names(&of(&report, "cross-account-default-key")),
        ["pipeline-pulse/prod/currency"]
    );
    let boundary = names(&of(&report, "no-deny-boundary")).join(" ");
    assert!(
        !boundary.contains("database-url"),
        "it has a Deny: {boundary}"
    );
    let deletion = of(&report, "deletion-in-use");
    assert_eq!(names(&deletion), ["argo-alpine/argo/slack-webhook"]);
    assert!(
        deletion[0].2.contains("read yesterday"),
        "{}",
        deletion[0].2
    );
    let unused = of(&report, "unused");
    let frontend = unused
        .iter()
        .find(|(n, _, _)| n == "argo-alpine/alpine-frontend/sentry-dsn")
        .expect("unused for 200 days");
    assert_eq!(frontend.2, "not accessed for 200 days (limit 90)");
    assert!(
        unused
            .iter()
            .any(|(n, _, r)| n == "gaara-store/production/mail-password"
                && r.starts_with("never accessed"))
    );
    let stuck = of(&report, "rotation-stuck");
    assert_eq!(names(&stuck), ["pipeline-pulse/prod/zoho"]);
    assert!(stuck[0].2.contains("for 1d"), "{}", stuck[0].2);
    // Every check is listed with its counts, Security Hub's ids included.
    let checks = report["checks"].as_array().unwrap();
    let hub: Vec<&str> = checks
        .iter()
        .filter_map(|c| c["security_hub"].as_str())
        .collect();
    for id in 1..=5 {
        assert!(
            hub.contains(&format!("SecretsManager.{id}").as_str()),
            "{hub:?}"
        );
    }
    assert!(checks.iter().all(|c| c["evaluated"] == secrets));

    let calls = emu.calls();
    let ops = common::operations(&calls);
    assert!(
        !ops.iter()
            .any(|o| o == "GetSecretValue" || o == "BatchGetSecretValue"),
        "{ops:?}"
    );
    let policy_reads = ops.iter().filter(|o| *o == "GetResourcePolicy").count();
    assert_eq!(policy_reads as u64, secrets, "each policy read once");
    assert!(common::mutating(&calls).is_empty());
}

#[test]
fn fail_on_and_filter_decide_the_exit_code() {
    let emu = demo();
    let (code, stdout, _) = audit(&emu, &["--fail-on", "critical"]);
    assert_eq!(code, Some(1), "the public policy is critical");
    assert!(stdout.contains("public-policy"), "{stdout}");
    assert!(stdout.contains("SecretsManager.3"), "{stdout}");
    let (code, stdout, _) = audit(&emu, &["--fail-on", "critical", "--filter", "ARGO-alpine"]);
    assert_eq!(
        code,
        Some(0),
        "nothing critical under argo-alpine:\n{stdout}"
    );
    assert!(
        stdout.contains("score ") && stdout.contains("6 secrets"),
        "{stdout}"
    );
    let (code, _, stderr) = audit(&emu, &["--fail-on", "urgent"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("unknown severity"), "{stderr}");
}

#[test]
fn markdown_report_lists_each_check_with_what_to_do() {
    let emu = demo();
    let (code, stdout, _) = audit(
        &emu,
        &["--format", "markdown", "--filter", "pipeline-pulse"],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("# Secrets Manager audit"), "{stdout}");
    assert!(
        stdout.contains("### readable from other accounts (cross-account)"),
        "{stdout}"
    );
    assert!(stdout.contains("What to do: "), "{stdout}");
    assert!(stdout.contains("pipeline-pulse/prod/zoho"), "{stdout}");
}

#[test]
fn unreadable_policies_leave_their_secrets_undecided_and_say_so() {
    let emu = demo();
    emu.set_faults(serde_json::json!({"deny_operations": ["GetResourcePolicy"]}));
    let (code, stdout, stderr) = audit(&emu, &["--json", "--filter", "gaara-store"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["policies_unknown"], 7);
    assert!(
        of(&report, "public-policy").is_empty(),
        "undecided, not passed"
    );
    let public = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "public-policy")
        .unwrap();
    assert_eq!(public["evaluated"], 0);
    assert!(
        stderr.contains("policy of gaara-store/production/sentry-dsn not read: access denied"),
        "{stderr}"
    );
    // The other checks still ran.
    assert!(!of(&report, "unused").is_empty() || !of(&report, "rotation-disabled").is_empty());
}

mod console {
    use crate::common::headless::Headless;
    use sekret::domain::policy::PolicyState;
    use sekret::tui::app::Overlay;
    use sekret::tui::app::input::Key;

    use super::demo;
    use crate::common;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_selected_secrets_policy_is_read_and_summed_up() {
        let emu = demo();
        let mut console = Headless::start(&emu.url).await;
        console.open("gaara-store/production/sentry-dsn").await;
        let arn = console.app.selected_secret().unwrap().arn().to_string();
        console
            .until("the policy", |app| app.policies.of(&arn).is_some())
            .await;
        let state = console.app.policies.of(&arn).unwrap();
        assert!(state.summary().unwrap().public, "{state:?}");
        console.type_text(":policy");
        console.key(Key::Enter);
        let Some(Overlay::Text { text, .. }) = &console.app.overlay else {
            panic!("{:?}", console.app.overlay)
        };
        assert!(text.contains("FrontendBuildReadsDsn"), "{text}");
        let ops = common::operations(&emu.calls());
        assert!(ops.iter().any(|o| o == "GetResourcePolicy"), "{ops:?}");
        assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_denied_policy_marks_only_its_line() {
        let emu = demo();
        emu.set_faults(serde_json::json!({"deny_operations": ["GetResourcePolicy"]}));
        let mut console = Headless::start(&emu.url).await;
        console.open("pipeline-pulse/prod/currency").await;
        let arn = console.app.selected_secret().unwrap().arn().to_string();
        console
            .until("the refusal", |app| app.policies.of(&arn).is_some())
            .await;
        assert_eq!(console.app.policies.of(&arn), Some(&PolicyState::Denied));
        assert!(
            console.app.detail.error.is_none(),
            "the detail itself is fine"
        );
        assert!(console.app.detail.denied.is_empty(), "no ⊘ on the secret");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn findings_read_every_policy_in_the_background_and_no_value() {
        let emu = demo();
        let mut console = Headless::start(&emu.url).await;
        console
            .until("the listing", |app| {
                matches!(app.listing, sekret::tui::app::listing::Listing::Done { .. })
            })
            .await;
        emu.clear_calls();
        console.type_text(":findings");
        console.key(Key::Enter);
        console
            .until("every policy read", |app| match &app.overlay {
                Some(Overlay::Findings(view)) => {
                    view.tally.secrets == 19 && view.tally.policies_unknown == 0
                }
                _ => false,
            })
            .await;
        let Some(Overlay::Findings(view)) = &console.app.overlay else {
            unreachable!()
        };
        let public: Vec<&str> = view
            .tally
            .findings
            .iter()
            .filter(|f| f.check.slug() == "public-policy")
            .map(|f| f.secret.as_str())
            .collect();
        assert_eq!(public, ["gaara-store/production/sentry-dsn"]);
        let ops = common::operations(&emu.calls());
        assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");
        let reads = ops.iter().filter(|o| *o == "GetResourcePolicy").count();
        assert!(
            (19..=20).contains(&reads),
            "each policy once (the selection's may repeat): {reads}"
        );
    }
}
