//! No plaintext left in the process after an import into a bundle: the
//! running console's memory (every readable mapping, read through
//! `/proc/PID/mem`) holds neither the file's values nor the stored
//! bundle's once the import is done — not in live data, and not in freed
//! memory, which the allocator wipes.

use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

use crate::common::tmux::{Tmux, console_env, launcher};
use crate::common::{Emulator, mutating};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);
const FILE_VALUE: &str = "FILE-CANARY-3c1e-db-password";
const ESCAPED_VALUE: &str = "FILE-CANARY-77d0-api-token";
const STORED_VALUE: &str = "STORED-CANARY-a41b-kept-key";
const REPLACED_VALUE: &str = "STORED-CANARY-9e02-old-password";

/// Where in the process's memory `needle` occurs: the mapping's name.
fn memory_holding(pid: u32, needles: &[&str]) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem"))
        .expect("reading /proc/PID/mem needs root or CAP_SYS_PTRACE (the process is not dumpable)");
    let mut found = Vec::new();
    for line in maps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (range, perms) = (fields[0], fields[1]);
        let name = fields.get(5).copied().unwrap_or("[anonymous]");
        if !perms.starts_with('r') || name == "[vvar]" || name == "[vsyscall]" {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let start = u64::from_str_radix(start, 16).unwrap();
        let end = u64::from_str_radix(end, 16).unwrap();
        let mut bytes = vec![0; (end - start) as usize];
        if mem.seek(SeekFrom::Start(start)).is_err() || mem.read_exact(&mut bytes).is_err() {
            continue;
        }
        for needle in needles {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(format!("{needle} in {name} ({range})"));
            }
        }
    }
    found
}

#[test]
fn an_import_into_a_bundle_leaves_no_value_in_memory() {
    let emu = Emulator::start(&[]);
    emu.seed(json!({"secrets": [
        {"name": "app/prod/config",
         "versions": [{"json": {"db_password": REPLACED_VALUE, "kept": STORED_VALUE}}]}
    ]}));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let dotenv = dir.path().join(".env");
    std::fs::write(
        &dotenv,
        format!("DB_PASSWORD={FILE_VALUE}\nAPI_TOKEN=\"{ESCAPED_VALUE}\\t\"\n"),
    )
    .unwrap();
    let env = console_env(&emu.url, &home);
    let inner = launcher(dir.path(), &env, &[]);
    let pid_file = dir.path().join("pid");
    let outer = dir.path().join("run-with-pid");
    std::fs::write(
        &outer,
        format!(
            "#!/bin/sh\necho $$ > '{}'\nexec '{inner}'\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&outer)
        .status()
        .unwrap();

    let tmux = Tmux::start(120, 40);
    tmux.type_line(&format!("{}; echo SEKRET_EXIT=$?", outer.display()));
    tmux.wait_for("Secrets (1)", WAIT);
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    tmux.send(&[":"]);
    tmux.send(&[
        "-l",
        &format!("import {} app/prod/ bundle=config", dotenv.display()),
    ]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Import .env", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("Type the", WAIT);
    tmux.send(&["-l", "app/prod/config"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("imported: 0 created, 1 new version(s)", WAIT);
    assert_eq!(mutating(&emu.calls()), ["PutSecretValue"]);
    // The write is done and answered; the tree lists again.
    tmux.wait_until(WAIT, "the listing after the import", |screen| {
        screen.contains("Secrets (1)") && !screen.contains("importing")
    });

    let found = memory_holding(
        pid,
        &[FILE_VALUE, ESCAPED_VALUE, STORED_VALUE, REPLACED_VALUE],
    );
    tmux.send(&["q"]);
    tmux.wait_for("SEKRET_EXIT=0", WAIT);
    assert!(found.is_empty(), "plaintext left in memory: {found:#?}");
}
