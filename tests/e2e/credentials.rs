//! Whose credentials sign. The answer is compared with botocore's own
//! (the library the AWS CLI is built on; the emulator's virtualenv holds
//! it), for the same environment and files, so the precedence is AWS's and
//! not one sekret invented. botocore's rule, from `create_credential_resolver`
//! in botocore/credentials.py: "An explicitly provided profile will negate
//! an EnvProvider", while a profile named only by `AWS_PROFILE` leaves the
//! environment's keys first in the chain.

use std::path::Path;
use std::process::Command;

use crate::common::{ACCOUNT, Emulator, repo_root};
use serde_json::{Value, json};

const ENV_KEY: &str = "AKIAENVIRONMENT00001";
const DEV_KEY: &str = "AKIADEVPROFILE000001";

fn emulator() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({
        "identities": {
            ENV_KEY: format!("arn:aws:iam::{ACCOUNT}:user/from-environment"),
            DEV_KEY: format!("arn:aws:iam::{ACCOUNT}:user/dev"),
        },
        "secrets": [{"name": "svc/one", "versions": [{"value": "v"}]}]
    }));
    emu
}

/// The AWS files: one profile, `dev`, with its own static key.
fn aws_files(dir: &Path) {
    std::fs::write(
        dir.join("credentials"),
        format!("[dev]\naws_access_key_id = {DEV_KEY}\naws_secret_access_key = dev-secret\n"),
    )
    .unwrap();
    std::fs::write(dir.join("config"), "[profile dev]\nregion = us-east-1\n").unwrap();
}

/// One case: environment keys or not, AWS_PROFILE or not, --profile or not.
struct Case {
    env_keys: bool,
    aws_profile: Option<&'static str>,
    flag: Option<&'static str>,
}

fn environment(cmd: &mut Command, dir: &Path, case: &Case) {
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .env("XDG_STATE_HOME", dir.join("state"));
    if case.env_keys {
        cmd.env("AWS_ACCESS_KEY_ID", ENV_KEY)
            .env("AWS_SECRET_ACCESS_KEY", "env-secret");
    }
    if let Some(profile) = case.aws_profile {
        cmd.env("AWS_PROFILE", profile);
    }
}

/// The access key botocore resolves for the case.
fn botocore_key(dir: &Path, case: &Case) -> String {
    let python = repo_root().join("tests/emulator/.venv/bin/python");
    let mut cmd = Command::new(python);
    environment(&mut cmd, dir, case);
    cmd.args([
        "-c",
        "import sys, botocore.session\n\
         s = botocore.session.Session(profile=sys.argv[1] or None)\n\
         print(s.get_credentials().access_key)",
        case.flag.unwrap_or(""),
    ]);
    let out = cmd.output().expect("run botocore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The access key sekret signed `doctor` with, as the emulator saw it,
/// and the identity doctor showed.
fn sekret_key(emu: &Emulator, dir: &Path, case: &Case) -> (String, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    environment(&mut cmd, dir, case);
    cmd.env("AWS_ENDPOINT_URL", &emu.url);
    if let Some(profile) = case.flag {
        cmd.args(["--profile", profile]);
    }
    cmd.args(["doctor", "--json"]);
    emu.clear_calls();
    let out = cmd.output().expect("run sekret");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!("doctor JSON: {}", String::from_utf8_lossy(&out.stderr));
    });
    let calls = emu.calls();
    let keys: Vec<&str> = calls
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["access_key"].as_str())
        .collect();
    assert!(!keys.is_empty(), "no call signed: {report}");
    assert!(
        keys.iter().all(|k| *k == keys[0]),
        "one key signs: {keys:?}"
    );
    (keys[0].to_string(), report)
}

#[test]
fn the_signing_key_is_the_one_botocore_would_use() {
    let emu = emulator();
    let dir = tempfile::tempdir().unwrap();
    aws_files(dir.path());
    let cases = [
        // The reported bug: --profile dev with keys in the environment.
        Case {
            env_keys: true,
            aws_profile: None,
            flag: Some("dev"),
        },
        Case {
            env_keys: true,
            aws_profile: Some("dev"),
            flag: None,
        },
        Case {
            env_keys: true,
            aws_profile: None,
            flag: None,
        },
        Case {
            env_keys: false,
            aws_profile: Some("dev"),
            flag: None,
        },
        Case {
            env_keys: true,
            aws_profile: Some("dev"),
            flag: Some("dev"),
        },
    ];
    for case in &cases {
        let expected = botocore_key(dir.path(), case);
        let (signed, report) = sekret_key(&emu, dir.path(), case);
        let what = format!(
            "env keys {}, AWS_PROFILE {:?}, --profile {:?}",
            case.env_keys, case.aws_profile, case.flag
        );
        assert_eq!(signed, expected, "{what}");
        // doctor shows the identity that signed, not the profile's label.
        let user = if signed == DEV_KEY {
            "dev"
        } else {
            "from-environment"
        };
        let identity = report["checks"][1]["detail"].as_str().unwrap();
        assert!(
            identity.contains(&format!(":user/{user} ")),
            "{what}: {report}"
        );
    }
    // The case of the report: the profile's key, not the environment's.
    assert_eq!(botocore_key(dir.path(), &cases[0]), DEV_KEY);
}

#[test]
fn the_audit_log_names_the_identity_that_signed() {
    let emu = emulator();
    let dir = tempfile::tempdir().unwrap();
    aws_files(dir.path());
    let case = Case {
        env_keys: true,
        aws_profile: None,
        flag: Some("dev"),
    };
    let value = dir.path().join("value");
    std::fs::write(&value, "new").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    environment(&mut cmd, dir.path(), &case);
    cmd.env("AWS_ENDPOINT_URL", &emu.url).args([
        "--profile",
        "dev",
        "put",
        "svc/one",
        "--from-file",
        value.to_str().unwrap(),
        "--yes",
    ]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = std::fs::read_to_string(dir.path().join("state/sekret/audit.jsonl")).unwrap();
    let line: Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(line["caller"], format!("arn:aws:iam::{ACCOUNT}:user/dev"));
    assert_eq!(line["profile"], "dev");
}

/// `sekret put` as `case`, with a config file holding `read_only`.
fn put_with_rules(emu: &Emulator, dir: &Path, case: &Case, read_only: &str) -> (bool, String) {
    let config = dir.join("xdg-config/sekret");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[read_only]\n{read_only}\n"),
    )
    .unwrap();
    let value = dir.join("value");
    std::fs::write(&value, "new").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sekret"));
    environment(&mut cmd, dir, case);
    cmd.env("AWS_ENDPOINT_URL", &emu.url)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"));
    if let Some(profile) = case.flag {
        cmd.args(["--profile", profile]);
    }
    cmd.args(["put", "svc/one", "--from-file"])
        .arg(&value)
        .arg("--yes");
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn read_only_rules_on_accounts_and_identities_are_decided_on_the_signer() {
    let emu = emulator();
    let dir = tempfile::tempdir().unwrap();
    aws_files(dir.path());
    let innocent = Case {
        env_keys: true,
        aws_profile: None,
        flag: None,
    };
    // The profile is called "default": only the account says production.
    emu.clear_calls();
    let (ok, err) = put_with_rules(
        &emu,
        dir.path(),
        &innocent,
        &format!("accounts = [\"{ACCOUNT}\"]"),
    );
    assert!(!ok);
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains(&format!("account {ACCOUNT}")), "{err}");
    assert!(crate::common::mutating(&emu.calls()).is_empty());

    // An identity glob: the environment's user is read-only, dev is not.
    let rule = format!("identities = [\"arn:aws:iam::{ACCOUNT}:user/from-*\"]");
    let (ok, err) = put_with_rules(&emu, dir.path(), &innocent, &rule);
    assert!(!ok);
    assert!(err.contains("user/from-environment"), "{err}");
    let dev = Case {
        env_keys: true,
        aws_profile: None,
        flag: Some("dev"),
    };
    let (ok, err) = put_with_rules(&emu, dir.path(), &dev, &rule);
    assert!(ok, "{err}");
}

#[test]
fn when_sts_cannot_say_who_signs_identity_rules_refuse_writes() {
    let emu = emulator();
    let dir = tempfile::tempdir().unwrap();
    aws_files(dir.path());
    emu.set_faults(json!({"error_rate": 1.0}));
    let case = Case {
        env_keys: true,
        aws_profile: None,
        flag: None,
    };
    emu.clear_calls();
    let (ok, err) = put_with_rules(&emu, dir.path(), &case, "accounts = [\"999999999999\"]");
    assert!(!ok);
    assert!(err.contains("STS could not say who signs"), "{err}");
    assert!(crate::common::mutating(&emu.calls()).is_empty());
}
