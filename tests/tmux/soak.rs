//! The soak test: the real binary in tmux, navigated for minutes under
//! mixed faults (throttling, 5xx, dropped connections, latency, a denied
//! service). After every burst of keys a probe (`?` → help → `Esc`) proves
//! the loop still answers; resident memory is sampled throughout and must
//! not grow. `SEKRET_SOAK_SECS` sets the length (default 180).

use std::time::{Duration, Instant};

use crate::common::Emulator;
use crate::common::tmux::{Tmux, console_env, launcher};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

/// Bursts of keys an operator might press, in turn.
const BURSTS: &[&[&str]] = &[
    &["j", "j", "Enter"],
    &["l", "j", "Enter"],
    &["v", "j", "v"],
    &["Tab", "j", "d"],
    &["G", "k", "k"],
    &["BTab", "g", "Enter"],
    &["a", "j", "Tab"],
    &["r"],
    &["PageDown", "PageUp"],
    &["/", "svc-3", "Enter"],
    &["h", "h", "l"],
    &["Tab", "Tab", "j"],
];

fn rss_kb(pid: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn minutes_of_navigation_under_mixed_faults() {
    let secs: u64 = std::env::var("SEKRET_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(180);
    let emu = Emulator::start(&[]);
    let secrets: Vec<_> = (0..60)
        .map(|i| {
            json!({"name": format!("app/svc-{}/env-{}", i % 7, i), "versions": [
                {"json": {"user": "u", "password": format!("old-{i}")}},
                {"json": {"user": "u", "password": format!("new-{i}")}}
            ]})
        })
        .collect();
    emu.seed(json!({ "secrets": secrets }));
    emu.set_faults(json!({
        "throttle_rate": 0.1, "error_rate": 0.05, "drop_rate": 0.02,
        "latency_ms": 40, "deny": ["app/svc-5/*"]
    }));

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let script = launcher(dir.path(), &console_env(&emu.url, &home), &[]);
    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{script} 2>{home}/stderr; echo SEKRET_EXIT=$?"));
    tmux.wait_for("q quit", WAIT);
    let pid = tmux.console_pid();

    let start = Instant::now();
    let mut samples: Vec<(u64, u64)> = Vec::new();
    let mut probes = 0;
    for burst in BURSTS.iter().cycle() {
        if start.elapsed() > Duration::from_secs(secs) {
            break;
        }
        for key in *burst {
            match key.strip_prefix("svc") {
                Some(_) => tmux.send(&["-l", key]),
                None => tmux.send(&[key]),
            }
        }
        // The probe: overlays closed, then help opens and closes. An Esc
        // read together with `?` is Alt-?, so the probe may take two tries.
        let answered = (0..3).any(|_| {
            tmux.send(&["Escape"]);
            tmux.send(&["Escape"]);
            tmux.send(&["?"]);
            tmux.shows_within("Help", Duration::from_secs(10))
        });
        assert!(
            answered,
            "the console stopped answering:\n{}",
            tmux.screen()
        );
        tmux.send(&["Escape"]);
        tmux.wait_until(WAIT, "help closed", |s| !s.contains("Help"));
        probes += 1;
        let rss = rss_kb(&pid);
        assert!(rss > 0, "sekret is still running");
        samples.push((start.elapsed().as_secs(), rss));
    }

    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    // Memory: after the first fifth (caches filled) it stays flat.
    let warm = samples[samples.len() / 5].1;
    let peak = samples.iter().map(|s| s.1).max().unwrap();
    let last = samples.last().unwrap().1;
    eprintln!(
        "soak: {secs} s, {probes} probes; RSS {} KB at start, {warm} KB warm, {peak} KB peak, {last} KB at the end",
        samples[0].1
    );
    assert!(
        last < warm + 30_000,
        "memory grew: {warm} KB warm, {last} KB at the end ({samples:?})"
    );
    // The navigation made calls, and the faults hit some of them.
    let calls = emu.calls();
    let calls = calls.as_array().unwrap();
    let failed = calls.iter().filter(|c| c["outcome"] != "ok").count();
    let reads = calls
        .iter()
        .filter(|c| c["operation"] == "GetSecretValue")
        .count();
    eprintln!(
        "soak: {} calls, {failed} failed by the faults, {reads} GetSecretValue",
        calls.len()
    );
    assert!(calls.len() > 50 && failed > 0 && reads > 0);
    let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}
