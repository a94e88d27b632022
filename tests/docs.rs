//! The reference documents hold what the code holds: every subcommand and
//! every option of the command line is in docs/CLI.md and has help text.
//! (docs/CONFIG.md is checked against the config code in its own tests.)

use clap::CommandFactory;

fn cli_reference() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CLI.md")).unwrap()
}

#[test]
fn every_subcommand_and_option_is_documented_and_explained() {
    let docs = cli_reference();
    let cli = sekret::cli::Cli::command();
    let mut missing = Vec::new();
    let mut unexplained = Vec::new();
    let check = |command: &clap::Command,
                 path: &str,
                 missing: &mut Vec<String>,
                 unexplained: &mut Vec<String>| {
        for arg in command.get_arguments() {
            if arg.get_id() == "help" || arg.get_id() == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                unexplained.push(format!("{path} {}", arg.get_id()));
            }
            if let Some(long) = arg.get_long()
                && !docs.contains(&format!("--{long}"))
            {
                missing.push(format!("{path} --{long}"));
            }
        }
    };
    check(&cli, "sekret", &mut missing, &mut unexplained);
    for sub in cli.get_subcommands() {
        let path = format!("sekret {}", sub.get_name());
        if !docs.contains(&path) {
            missing.push(path.clone());
        }
        check(sub, &path, &mut missing, &mut unexplained);
    }
    assert!(missing.is_empty(), "not in docs/CLI.md: {missing:#?}");
    assert!(unexplained.is_empty(), "no help text: {unexplained:#?}");
}
