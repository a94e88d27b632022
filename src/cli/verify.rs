//! `sekret verify FILE --prefix SERVICE/ENV/ [--bundle NAME]`: does
//! Secrets Manager hold what the file says? Match / mismatch / missing per
//! key, by SHA-256, never a value. Exit 0 only when every key matches.

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use super::import::SourceArgs;
use super::table;
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::import::verify::{self, Check, Status};
use crate::ops::import;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    key: &'a str,
    secret: &'a str,
    result: &'static str,
    note: String,
}

pub async fn run(
    opts: &ConnectOptions,
    skip_list: Vec<String>,
    args: &VerifyArgs,
) -> anyhow::Result<u8> {
    let prepared = args.source.prepare(skip_list)?;
    let clients = Clients::new(config::load(opts).await?);
    // Hashes are enough: no stored value is kept, not even a bundle's.
    let remote = import::inspect(&clients, prepared.names(), false).await;
    let checks = verify::verify(
        &prepared.source,
        &prepared.target,
        &prepared.selection,
        &remote,
    );
    if args.source.json {
        let rows: Vec<CheckJson> = checks
            .iter()
            .map(|c| CheckJson {
                key: &c.key,
                secret: &c.target,
                result: c.status.label(),
                note: c.status.note(),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", render(&prepared.file, &checks));
    }
    if verify::all_match(&checks) {
        return Ok(0);
    }
    let differ = checks
        .iter()
        .filter(|c| !matches!(c.status, Status::Match | Status::Skipped(_)))
        .count();
    bail!(
        "{differ} key(s) of {} differ from Secrets Manager",
        prepared.file
    )
}

fn render(file: &str, checks: &[Check]) -> String {
    let mut out = format!("Verify {file} against Secrets Manager (AWSCURRENT, by SHA-256)\n\n");
    let rows: Vec<[String; 4]> = checks
        .iter()
        .map(|c| {
            [
                c.key.clone(),
                c.target.clone(),
                c.status.label().to_string(),
                c.status.note(),
            ]
        })
        .collect();
    out.push_str(&table(&["KEY", "SECRET", "RESULT", "NOTE"], &rows));
    let count = |label: &str| checks.iter().filter(|c| c.status.label() == label).count();
    out.push_str(&format!(
        "\n{} match · {} mismatch · {} missing · {} unreadable · {} skipped\n",
        count("match"),
        count("mismatch"),
        count("missing"),
        count("unreadable"),
        count("skipped")
    ));
    out
}
