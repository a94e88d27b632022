//! `sekret ls --all-regions` against the emulator: every enabled region
//! (Account ListRegions) listed, replicas marked with the status their
//! primary reports; the config file's regions when ListRegions is
//! refused; a region that fails is named and the exit code says partial.

use crate::common::{Emulator, operations, run_sekret};
use serde_json::{Value, json};

fn seeded() -> Emulator {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "app/prod/db", "versions": [{"value": "v"}], "replicas": ["eu-west-1", "ap-south-1"]},
        {"name": "app/prod/key", "versions": [{"value": "v"}]},
    ]}));
    emu.seed(json!({"region": "eu-west-1", "secrets": [
        {"name": "eu-only/token", "versions": [{"value": "v"}]},
    ]}));
    emu
}

fn entries(out: &std::process::Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(entries: &'a [Value], region: &str, name: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["region"] == region && e["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {region}: {entries:#?}"))
}

#[test]
fn every_enabled_region_is_listed_and_replicas_are_marked() {
    let emu = seeded();
    let state = tempfile::tempdir().unwrap();
    let out = run_sekret(&emu, state.path(), &["ls", "--all-regions", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries = entries(&out);
    assert_eq!(entries.len(), 5, "{entries:#?}");
    let primary = find(&entries, "us-east-1", "app/prod/db");
    assert_eq!(primary["replication"]["role"], "primary");
    assert_eq!(
        primary["replication"]["replica_regions"],
        json!(["ap-south-1", "eu-west-1"])
    );
    for region in ["eu-west-1", "ap-south-1"] {
        let replica = find(&entries, region, "app/prod/db");
        assert_eq!(replica["replication"]["role"], "replica");
        assert_eq!(replica["replication"]["primary_region"], "us-east-1");
        assert_eq!(replica["replication"]["status"], "InSync");
        assert!(replica["arn"].as_str().unwrap().contains(region));
    }
    assert_eq!(
        find(&entries, "eu-west-1", "eu-only/token")["replication"]["role"],
        "single"
    );
    // Metadata only; one ListRegions; one DescribeSecret for the primary.
    let ops = operations(&emu.calls());
    assert!(!ops.iter().any(|o| o == "GetSecretValue"), "{ops:?}");
    assert_eq!(ops.iter().filter(|o| *o == "ListRegions").count(), 1);
    assert_eq!(
        ops.iter().filter(|o| *o == "DescribeSecret").count(),
        1,
        "{ops:?}"
    );
    // 17 regions enabled by default, each listed.
    let listed = emu
        .calls()
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "ListSecrets")
        .count();
    assert!(listed >= 17, "{listed}");

    // The table says the same, and --filter applies.
    let out = run_sekret(
        &emu,
        state.path(),
        &["ls", "--all-regions", "--filter", "prod/db"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("replica ← us-east-1 InSync"), "{text}");
    assert!(text.contains("primary → ap-south-1,eu-west-1"), "{text}");
    assert!(text.contains("3 secrets in 17 of 17 regions"), "{text}");
}

#[test]
fn without_list_regions_the_config_file_names_the_regions() {
    let emu = seeded();
    emu.set_faults(json!({"deny_operations": ["ListRegions"]}));
    let state = tempfile::tempdir().unwrap();
    let config_home = tempfile::tempdir().unwrap();
    let sekret_dir = config_home.path().join("sekret");
    std::fs::create_dir_all(&sekret_dir).unwrap();

    // No configured list: a clear error, nothing listed.
    let out = emu
        .sekret()
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", config_home.path())
        .args(["ls", "--all-regions"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("account:ListRegions") && err.contains("[listing] regions"),
        "{err}"
    );

    // With one: those regions; a region that cannot be listed is named
    // and the exit code says the answer is partial.
    std::fs::write(
        sekret_dir.join("config.toml"),
        "[listing]\nregions = [\"us-east-1\", \"eu-west-1\", \"xx-nowhere-9\"]\n",
    )
    .unwrap();
    let out = emu
        .sekret()
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", config_home.path())
        .args(["ls", "--all-regions", "--json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("regions from the config file"), "{err}");
    assert!(err.contains("xx-nowhere-9 not listed"), "{err}");
    let entries = entries(&out);
    let regions: Vec<&str> = entries
        .iter()
        .map(|e| e["region"].as_str().unwrap())
        .collect();
    assert!(
        regions.contains(&"us-east-1") && regions.contains(&"eu-west-1"),
        "{regions:?}"
    );
}
