//! Text from AWS is data: a JSON key, a staging label, a user agent or a
//! value holding an escape sequence (OSC 52 writes the clipboard, OSC 0 the
//! window title) or a bidi override is printed escaped by every
//! human-readable command, and exactly as stored to a pipe or in JSON.

use std::process::Command;

use serde_json::json;

use crate::common::{ACCESS_KEY, ACCOUNT, Emulator, run_sekret, stdout_of};

const NAME: &str = "svc/prod/hostile";
const OSC52: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";
const TITLE: &str = "\u{1b}]0;pwned\u{7}";
const BIDI: &str = "gpj\u{202e}exe";

fn hostile() -> Emulator {
    let emu = Emulator::start(&[]);
    let key = format!("k{OSC52}");
    emu.seed(json!({
        "identities": {ACCESS_KEY: format!("arn:aws:iam::{ACCOUNT}:user/operator")},
        "secrets": [{"name": NAME, "versions": [
            {"value": json!({&key: "a"}).to_string(), "stages": ["AWSPREVIOUS", format!("EVIL{TITLE}")]},
            {"value": json!({&key: "b", "new": format!("v{TITLE}")}).to_string()}
        ]}],
        "events": [{"name": "GetSecretValue", "secret": NAME, "time": "-1h",
                    "user_agent": format!("aws-sdk-rust/1.0 {BIDI} {OSC52}")}]
    }));
    emu
}

/// No raw ESC, BEL, C1 or bidi override in what a person would read.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && sekret::text::escape::is_dangerous(c))
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{text}");
}

#[test]
fn human_output_shows_escapes_and_obeys_none() {
    let emu = hostile();
    let state = tempfile::tempdir().unwrap();
    let diff = stdout_of(&run_sekret(&emu, state.path(), &["diff", NAME]));
    assert_inert("diff", &diff);
    assert!(diff.contains("k\\x1b]52;c;ZXZpbA==\\x07"), "{diff}");
    assert!(diff.contains("EVIL\\x1b]0;pwned\\x07"), "{diff}");

    let revealed = stdout_of(&run_sekret(&emu, state.path(), &["diff", NAME, "--reveal"]));
    assert_inert("diff --reveal", &revealed);
    assert!(revealed.contains("v\\x1b]0;pwned\\x07"), "{revealed}");

    let history = stdout_of(&run_sekret(&emu, state.path(), &["history", NAME]));
    assert_inert("history", &history);
    assert!(history.contains("EVIL\\x1b]0;pwned\\x07"), "{history}");

    for args in [
        vec!["events", NAME, "--since", "1d"],
        vec!["events", NAME, "--since", "1d", "--format", "markdown"],
    ] {
        let out = stdout_of(&run_sekret(&emu, state.path(), &args));
        assert_inert("events", &out);
        assert!(out.contains("aws-sdk-rust"), "{out}");
    }
    // The report keeps the whole agent, so a spoof can be seen for what it is.
    let report = stdout_of(&run_sekret(
        &emu,
        state.path(),
        &["events", NAME, "--since", "1d", "--format", "markdown"],
    ));
    assert!(report.contains("gpj\\\\u{202e}exe"), "{report}");
}

#[test]
fn machine_output_and_pipes_keep_the_exact_text() {
    let emu = hostile();
    let state = tempfile::tempdir().unwrap();
    let history = stdout_of(&run_sekret(
        &emu,
        state.path(),
        &["history", NAME, "--json"],
    ));
    let parsed: serde_json::Value = serde_json::from_str(&history).unwrap();
    let labels: Vec<String> = parsed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["stages"].as_array().unwrap().clone())
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert!(labels.contains(&format!("EVIL{TITLE}")), "{labels:?}");

    // `get` to a pipe: the exact bytes.
    let value = stdout_of(&run_sekret(
        &emu,
        state.path(),
        &["get", NAME, "--key", "new"],
    ));
    assert_eq!(value, format!("v{TITLE}"));
}

/// `get` on a terminal (a pty from `script`) escapes, unless `--raw`.
#[test]
fn get_on_a_terminal_escapes_unless_raw() {
    let emu = hostile();
    let state = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_sekret");
    let on_tty = |extra: &str| -> Vec<u8> {
        let mut cmd = emu.sekret();
        let line = format!("{bin} get {NAME} --key new {extra}");
        cmd.env("XDG_STATE_HOME", state.path());
        let out = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env_remove("AWS_PROFILE")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        out.stdout
    };
    let shown = String::from_utf8(on_tty("")).unwrap();
    assert_inert("get on a terminal", &shown.replace('\r', ""));
    assert!(shown.contains("v\\x1b]0;pwned\\x07"), "{shown:?}");
    let raw = on_tty("--raw");
    assert!(
        raw.windows(TITLE.len()).any(|w| w == TITLE.as_bytes()),
        "--raw prints the bytes as stored"
    );
}

/// The console shows the same escapes the command line prints, so a
/// tampered label is visible rather than silently dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_shows_the_same_escapes() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let emu = hostile();
    let mut console = crate::common::headless::Headless::start(&emu.url).await;
    console.open(NAME).await;
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    terminal
        .draw(|f| sekret::tui::ui::draw(&console.app, f))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("EVIL\\x1b]0;pwned\\x07"), "{screen}");
}
