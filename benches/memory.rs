//! Resident memory with many secrets loaded into the console's state, as
//! ListSecrets describes them (ARN, dates, a description, two tags, two
//! versions with their labels). Prints the growth of VmRSS; the numbers
//! are recorded in docs/PERFORMANCE.md.
//!
//! `cargo bench --bench memory` measures 100,000 secrets; under `cargo
//! test` (no `--bench` argument) it runs once with 10,000 as a smoke test.

mod common;

use sekret::domain::secret::{Rotation, SecretId, SecretMeta, Stages, Tags};

fn secret(i: usize) -> SecretMeta {
    let name = format!(
        "svc-{:03}/{}/key-{i:06}",
        i % 500,
        ["prod", "staging", "dev"][i % 3]
    );
    let version = |n: usize| format!("{:08x}-0000-4000-8000-{:012x}", i, n);
    SecretMeta {
        id: SecretId::new(
            &name,
            &format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123"),
        ),
        description: Some(format!("Credentials for service {} ({})", i % 500, i % 3).into()),
        created: Some(1_700_000_000),
        last_changed: Some(1_700_000_000 + i as i64),
        last_accessed: Some(1_760_000_000),
        rotation: Rotation {
            enabled: i.is_multiple_of(4),
            after_days: (i.is_multiple_of(4)).then_some(30),
            ..Rotation::default()
        }
        .into(),
        // Fresh text for every secret, as the SDK's answers give it.
        tags: Tags::new(sekret::domain::small_map::small_map([
            ("team".into(), format!("team-{}", i % 40).into()),
            ("env".into(), ["prod", "staging", "dev"][i % 3].into()),
        ])),
        version_stages: Stages::from([(version(1), ["AWSCURRENT"]), (version(0), ["AWSPREVIOUS"])]),
        ..SecretMeta::default()
    }
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let n: usize = if measuring { 100_000 } else { 10_000 };
    // The console holding the secrets (metadata, tree, indexes, rows), in
    // a process that has held nothing else…
    let start = rss_kib();
    let app = common::listed((0..n).map(secret));
    let total = rss_kib();
    // …then, on top, the metadata alone as the SDK conversion produces
    // it, to say where the memory goes.
    let before = rss_kib();
    let alone: Vec<SecretMeta> = (0..n).map(secret).collect();
    let metadata = rss_kib().saturating_sub(before);
    println!(
        "memory/{n} secrets loaded: RSS {:.1} MB in all ({:.1} MB before loading); the metadata \
         alone takes {:.1} MB ({} bytes per secret, {} of them in SecretMeta itself)",
        total as f64 / 1024.0,
        start as f64 / 1024.0,
        metadata as f64 / 1024.0,
        metadata * 1024 / n as u64,
        std::mem::size_of::<SecretMeta>()
    );
    assert_eq!(alone.len(), n);
    assert_eq!((app.secrets.len(), app.tree.len()), (n, n));
    assert_eq!(app.secrets.len(), n);
}
