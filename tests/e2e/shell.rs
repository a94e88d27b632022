//! `sekret completions` and `sekret man`: generated from the parser itself;
//! the scripts are valid for their shell and know every subcommand.

use std::process::Command;

const SUBCOMMANDS: &[&str] = &[
    "ls",
    "get",
    "history",
    "diff",
    "rollback",
    "rotate",
    "put",
    "create",
    "delete",
    "restore",
    "import",
    "verify",
    "events",
    "doctor",
    "completions",
    "man",
];

fn sekret(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sekret"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completion_is_valid_bash_and_knows_every_subcommand() {
    let script = sekret(&["completions", "bash"]);
    for sub in SUBCOMMANDS {
        assert!(script.contains(sub), "bash completion lacks {sub}");
    }
    assert!(script.contains("--read-only") && script.contains("--prefix"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sekret.bash");
    std::fs::write(&path, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(check.success(), "bash -n rejected the script");
}

#[test]
fn zsh_and_fish_completions_name_sekret() {
    let zsh = sekret(&["completions", "zsh"]);
    assert!(
        zsh.starts_with("#compdef sekret"),
        "{}",
        &zsh[..40.min(zsh.len())]
    );
    let fish = sekret(&["completions", "fish"]);
    assert!(fish.contains("complete -c sekret"));
    assert!(fish.contains("import"));
}

#[test]
fn the_man_page_lists_the_subcommands() {
    let page = sekret(&["man"]);
    assert!(
        page.contains(".TH sekret"),
        "{}",
        &page[..80.min(page.len())]
    );
    for sub in ["import", "verify", "rotate", "events"] {
        assert!(page.contains(sub), "man page lacks {sub}");
    }
}
