//! `sekret doctor` against the emulator, and its specific failures.

use crate::common::{ACCESS_KEY, ACCOUNT, Emulator, isolate_aws_env, operations};
use serde_json::{Value, json};
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run sekret");
    (
        status.code().expect("exit code"),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn emulator_with_operator() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"identities": {ACCESS_KEY: format!("arn:aws:iam::{ACCOUNT}:user/operator")}}));
    emu
}

#[test]
fn doctor_reports_identity_region_endpoint_and_working_apis() {
    let emu = emulator_with_operator();
    emu.clear_calls();
    let (code, out, err) = run(emu.sekret().arg("doctor"));
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("region       us-east-1"), "{out}");
    assert!(out.contains(&format!("endpoint     {}", emu.url)), "{out}");
    assert!(
        out.contains(&format!(
            "arn:aws:iam::{ACCOUNT}:user/operator (account {ACCOUNT})"
        )),
        "{out}"
    );
    assert!(out.contains("ok   secrets      ListSecrets ok"), "{out}");
    assert!(out.contains("ok   cloudtrail   LookupEvents ok"), "{out}");
    assert!(out.contains(" ms"), "latency is shown: {out}");
    assert!(out.ends_with("all checks passed\n"), "{out}");
    // Exactly these calls, and never a secret value.
    assert_eq!(
        operations(&emu.calls()),
        ["GetCallerIdentity", "ListSecrets", "LookupEvents"]
    );
}

#[test]
fn doctor_json_is_machine_readable() {
    let emu = emulator_with_operator();
    let (code, out, _) = run(emu.sekret().args(["--read-only", "doctor", "--json"]));
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["ok"], true);
    assert_eq!(report["read_only"], true);
    assert_eq!(report["region"], "us-east-1");
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["credentials", "identity", "secrets", "cloudtrail"]);
    assert!(report["checks"][1]["latency_ms"].as_f64().is_some());
}

#[test]
fn endpoint_and_region_flags_work_without_environment() {
    let emu = emulator_with_operator();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    isolate_aws_env(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .args([
            "--endpoint-url",
            &emu.url,
            "--region",
            "eu-west-1",
            "doctor",
        ]);
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("region       eu-west-1"), "{out}");
}

#[test]
fn profile_from_aws_config_files() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"identities": {"AKIAPROFILE000000001": format!("arn:aws:iam::{ACCOUNT}:user/from-profile")}}));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &config,
        format!(
            "[profile emu]\nregion = ap-south-1\nendpoint_url = {}\n",
            emu.url
        ),
    )
    .unwrap();
    std::fs::write(
        &credentials,
        "[emu]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = x\n",
    )
    .unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    isolate_aws_env(&mut cmd);
    cmd.env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .args(["--profile", "emu", "doctor"]);
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("profile      emu"), "{out}");
    assert!(out.contains("region       ap-south-1"), "{out}");
    assert!(out.contains("user/from-profile"), "{out}");
}

#[test]
fn missing_region_is_explained() {
    let emu = emulator_with_operator();
    let mut cmd = emu.sekret();
    cmd.env_remove("AWS_REGION").arg("doctor");
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(out.contains("no AWS region is configured"), "{out}");
    assert!(out.contains("pass --region"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_credentials_are_explained() {
    let emu = emulator_with_operator();
    let mut cmd = emu.sekret();
    cmd.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .arg("doctor");
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(out.contains("no AWS credentials found"), "{out}");
    assert!(out.contains("aws configure"), "{out}");
    assert!(
        emu.calls().as_array().unwrap().is_empty(),
        "no call without credentials"
    );
}

#[test]
fn unreachable_endpoint_is_explained_and_later_checks_skipped() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: nothing listens there now
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    isolate_aws_env(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .args([
            "--region",
            "us-east-1",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "doctor",
        ]);
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("cannot reach http://127.0.0.1:{port}")),
        "{out}"
    );
    assert!(out.contains("refused"), "{out}");
    assert!(
        out.contains("skipped: the endpoint cannot be reached"),
        "{out}"
    );
}

#[test]
fn denied_listing_names_the_missing_permission() {
    let emu = emulator_with_operator();
    emu.set_faults(json!({"deny_operations": ["ListSecrets"]}));
    let (code, out, _) = run(emu.sekret().arg("doctor"));
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL secrets      access denied for secretsmanager:ListSecrets"),
        "{out}"
    );
    assert!(
        out.contains("must allow secretsmanager:ListSecrets"),
        "{out}"
    );
    assert!(out.contains("ok   cloudtrail"), "{out}");
}

#[test]
fn expired_credentials_say_how_to_log_in_again() {
    let emu = emulator_with_operator();
    emu.set_faults(json!({"expired_keys": [ACCESS_KEY]}));
    // A named profile signs with its own keys, never the environment's.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(&config, "[profile prod]\n").unwrap();
    std::fs::write(
        &credentials,
        format!("[prod]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = x\n"),
    )
    .unwrap();
    let (code, out, _) = run(emu
        .sekret()
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .args(["--profile", "prod", "doctor"]));
    assert_eq!(code, 1);
    assert!(out.contains("have expired"), "{out}");
    assert!(out.contains("aws sso login --profile prod"), "{out}");
}

#[test]
fn usage_errors_exit_with_2() {
    let (code, _, err) = run(Command::new(env!("CARGO_BIN_EXE_sekret")).arg("--no-such-flag"));
    assert_eq!(code, 2);
    assert!(err.contains("--no-such-flag"));
    let (code, _, _) =
        run(Command::new(env!("CARGO_BIN_EXE_sekret")).args(["--cache-ttl", "0", "doctor"]));
    assert_eq!(code, 2);
}
