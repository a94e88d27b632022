//! The parallel listing against the emulator: it lists exactly what the
//! page-by-page listing lists — skewed prefixes, every allowed character,
//! names equal to the prefixes its walkers filter on — and still completes when the
//! emulator throttles.

use crate::common;

use crate::common::{Emulator, operations};
use serde_json::{Value, json};

const NAME_CHARS: &str = "+-./0123456789=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

fn names() -> Vec<String> {
    let mut names = Vec::new();
    // Skewed: most of the account under one prefix.
    for i in 0..1_800 {
        names.push(format!("prod/svc-{:03}/key-{i:05}", i % 180));
    }
    // Every allowed character, first and inside.
    for (i, c) in NAME_CHARS.chars().enumerate() {
        names.push(format!("{c}first-{i}"));
        names.push(format!("mid{c}dle-{i}"));
        names.push(format!("prod/svc-0{c}{i}"));
    }
    // Names equal to prefixes a split goes through.
    for exact in [
        "p",
        "pr",
        "prod",
        "prod/",
        "prod/svc-",
        "prod/svc-0",
        "prod/svc-00",
    ] {
        names.push(exact.to_string());
    }
    names.sort();
    names.dedup();
    names
}

fn seeded() -> (Emulator, usize) {
    let emu = Emulator::start(&[]);
    let names = names();
    let secrets: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "versions": [{"value": "v"}]}))
        .collect();
    emu.seed(json!({ "secrets": secrets }));
    (emu, names.len())
}

fn listed(emu: &Emulator, extra: &[&str]) -> Vec<String> {
    let out = emu
        .sekret()
        .args(["ls", "--json"])
        .args(extra)
        .output()
        .unwrap();
    let text = common::stdout_of(&out);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("missed"),
        "the parallel listing fell back: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap();
    entries
        .iter()
        .map(|e| e["arn"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn parallel_equals_sequential_on_a_skewed_namespace() {
    let (emu, total) = seeded();
    assert!(total >= 2_000, "{total}");
    emu.clear_calls();
    let sequential = listed(&emu, &["--sequential"]);
    let pages = operations(&emu.calls()).len();
    assert_eq!(sequential.len(), total);
    assert_eq!(pages, total.div_ceil(100));

    emu.clear_calls();
    let parallel = listed(&emu, &[]);
    assert_eq!(parallel, sequential);
    let ops = operations(&emu.calls());
    assert!(ops.iter().all(|o| o == "ListSecrets"), "{ops:?}");
    // The sweep adds walkers as the pages show the account is large, and
    // spends at most 1.3 times the plain listing's requests doing so.
    assert!(
        ops.len() > pages,
        "no walker was added: {} pages",
        ops.len()
    );
    assert!(
        ops.len() * 10 <= pages * 13 + 10,
        "{} requests against {pages} sequential",
        ops.len()
    );
}

#[test]
fn a_throttled_listing_still_completes() {
    let (emu, total) = seeded();
    emu.set_faults(json!({"throttle_rate": 0.4}));
    let parallel = listed(&emu, &[]);
    emu.set_faults(json!({"throttle_rate": 0.0}));
    let calls = emu.calls();
    let throttled = calls
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "ThrottlingException")
        .count();
    assert!(throttled > 0, "the emulator throttled nothing");
    assert_eq!(parallel.len(), total);
    assert_eq!(parallel, listed(&emu, &["--sequential"]));
}
