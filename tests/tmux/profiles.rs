//! Accounts, regions and the config file, through the real binary in tmux:
//! the profile picker, two profiles (two access keys → two users in the
//! health pane) and two regions, each keeping its cache; resizing to 80×24
//! and back; a moved key; `r` after expired credentials.

use crate::common;

use std::path::Path;
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{ACCESS_KEY, Emulator, operations};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const OPS_KEY: &str = "AKIAOPSPROFILE000002";

/// AWS config files with three profiles (one SSO, never used to connect),
/// and a sekret config file that moves `quit` to `Q`.
fn write_files(dir: &Path) {
    std::fs::write(
        dir.join("aws-config"),
        "[default]\nregion = us-east-1\n\n\
         [profile ops]\nregion = us-east-1\n\n\
         [profile dev-sso]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Dev\nregion = eu-west-1\n\n\
         [sso-session corp]\nsso_start_url = https://corp.example/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("aws-credentials"),
        format!(
            "[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = x\n\n\
             [ops]\naws_access_key_id = {OPS_KEY}\naws_secret_access_key = y\n"
        ),
    )
    .unwrap();
    let config_dir = dir.join(".config/sekret");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("config.toml"),
        "[ui]\ntheme = \"light\"\n\n[keys]\nquit = \"Q\"\n",
    )
    .unwrap();
}

fn start(emu: &Emulator, dir: &Path) -> Tmux {
    let home = dir.display().to_string();
    let config = dir.join("aws-config").display().to_string();
    let credentials = dir.join("aws-credentials").display().to_string();
    let env: Vec<(&str, &str)> = console_env(&emu.url, &home)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET"))
        .map(|(k, v)| match k {
            "AWS_CONFIG_FILE" => (k, config.as_str()),
            "AWS_SHARED_CREDENTIALS_FILE" => (k, credentials.as_str()),
            _ => (k, v),
        })
        .collect();
    let script = launcher(dir, &env, &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux
}

#[test]
fn profiles_and_regions_switch_live_and_keep_their_caches() {
    let emu = Emulator::with_seed(&common::repo_root().join("assets/demo/seed.json"));
    emu.seed(json!({"identities": {
        ACCESS_KEY: "arn:aws:iam::123456789012:user/operator",
        OPS_KEY: "arn:aws:iam::123456789012:user/ops-oncall",
    }}));
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let tmux = start(&emu, dir.path());
    tmux.wait_until(WAIT, "the default profile's tree and identity", |s| {
        s.contains("Secrets (19)") && s.contains("user/operator")
    });

    // Open one secret: described once.
    tmux.send(&["/"]);
    tmux.send(&["-l", "jwt-secret"]);
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, "the secret described", |s| {
        s.contains("DescribeSecret 1") && s.contains("Versions (")
    });

    // The picker lists every profile, SSO marked; G Enter picks `ops`.
    tmux.send(&["-l", ":profile"]);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Enter switches", WAIT);
    assert!(
        screen.contains("dev-sso") && screen.contains("sso"),
        "{screen}"
    );
    tmux.send(&["G", "Enter"]);
    tmux.wait_until(WAIT, "the ops profile's identity", |s| {
        s.contains("user/ops-oncall") && s.contains("profile ops") && s.contains("Secrets (19)")
    });

    // Back to the default profile: the tree and the describe cache return;
    // only the listing is read again.
    emu.clear_calls();
    tmux.send(&["-l", ":profile default"]);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_until(WAIT, "the default profile again", |s| {
        s.contains("user/operator") && s.contains("listing complete")
    });
    assert!(
        screen.contains("team=alpine"),
        "detail from the cache:\n{screen}"
    );
    let ops = operations(&emu.calls());
    assert!(ops.contains(&"ListSecrets".to_string()), "{ops:?}");
    assert!(
        !ops.iter()
            .any(|o| o == "DescribeSecret" || o == "ListSecretVersionIds"),
        "cached, not read again: {ops:?}"
    );

    // Another region is another session: the replica only.
    tmux.send(&["-l", ":region eu-west-1"]);
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, "eu-west-1's tree", |s| {
        s.contains("Secrets (1)") && s.contains("eu-west-1")
    });
    tmux.send(&["-l", ":region us-east-1"]);
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, "us-east-1 again", |s| s.contains("Secrets (19)"));

    // 80×24: the panes become tabs; Tab moves between them; back to 120×40.
    tmux.tmux(&["resize-window", "-t", &tmux.session, "-x", "80", "-y", "24"]);
    tmux.wait_for("[Secrets]", WAIT);
    tmux.send(&["Tab", "Tab", "Tab", "Tab"]);
    let screen = tmux.wait_for("[Health]", WAIT);
    assert!(screen.contains("calls per operation"), "{screen}");
    tmux.tmux(&[
        "resize-window",
        "-t",
        &tmux.session,
        "-x",
        "120",
        "-y",
        "40",
    ]);
    let screen = tmux.wait_until(WAIT, "every pane again", |s| {
        !s.contains("[Health]") && s.contains("Versions") && s.contains("Access")
    });
    assert!(screen.contains("Secrets (19)"), "{screen}");

    // `quit` moved to Q by the config file: q does nothing, Q quits.
    tmux.send(&["q"]);
    tmux.send(&["?"]);
    let screen = tmux.wait_for("(moved in the config file)", WAIT);
    assert!(!screen.contains("SEKRET_EXIT"), "{screen}");
    // Escape then Q at once would read as Alt-Q: wait for the help to close.
    tmux.send(&["Escape"]);
    // A capture can catch a frame half written, so wait for the footer too.
    tmux.wait_until(WAIT, "the help closed and the footer names Q", |s| {
        !s.contains("(moved in the config file)") && s.contains("? help · Q quit")
    });
    tmux.send(&["Q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert_eq!(tmux.pane_flag("#{alternate_on}"), "0");
}

#[test]
fn expired_credentials_say_how_to_log_in_and_r_reconnects() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [{"name": "svc/prod/key", "versions": [{"value": "v"}]}]}));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    // Profile `ops` signs with its own keys (a named profile never uses the
    // environment's); the hint names the profile.
    let config = dir.path().join("aws-config");
    std::fs::write(&config, "[profile ops]\nregion = us-east-1\n").unwrap();
    let config = config.display().to_string();
    let credentials = dir.path().join("aws-credentials");
    std::fs::write(
        &credentials,
        format!("[ops]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = x\n"),
    )
    .unwrap();
    let credentials = credentials.display().to_string();
    let mut env = console_env(&emu.url, &home);
    env.retain(|(k, _)| *k != "AWS_CONFIG_FILE" && *k != "AWS_SHARED_CREDENTIALS_FILE");
    env.push(("AWS_CONFIG_FILE", &config));
    env.push(("AWS_SHARED_CREDENTIALS_FILE", &credentials));
    let script = launcher(dir.path(), &env, &["--profile", "ops"]);
    let tmux = Tmux::start(160, 40);
    tmux.type_line(&format!("{script}; echo SEKRET_EXIT=$?"));
    tmux.wait_for("Secrets (1)", WAIT);

    emu.set_faults(json!({"expired_keys": [ACCESS_KEY]}));
    tmux.send(&["r"]);
    let screen = tmux.wait_for("aws sso login --profile ops", WAIT);
    assert!(screen.contains("press r"), "{screen}");

    // The operator logs in again (here: the key stops being expired).
    emu.control("DELETE", "faults", None);
    tmux.send(&["r"]);
    tmux.wait_until(WAIT, "reconnected and listed", |s| {
        s.contains("connected: profile ops") || s.contains("listing complete")
    });
    tmux.wait_for("Secrets (1)", WAIT);
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
}
