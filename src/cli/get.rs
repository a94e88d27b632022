//! `sekret get`: print one value (or one JSON key of it) to stdout, for
//! pipes. The only command that prints a value, and only because it was
//! asked to.

use std::io::{IsTerminal, Write};

use anyhow::{anyhow, bail};
use clap::Args;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::values::Which;
use crate::domain::secret::AWSCURRENT;

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Secret name or ARN
    pub name: String,
    /// Read this version (default: AWSCURRENT)
    #[arg(long, value_name = "ID", conflicts_with = "stage")]
    pub version_id: Option<String>,
    /// Read the version with this staging label
    #[arg(long, value_name = "LABEL")]
    pub stage: Option<String>,
    /// Print only this key of a JSON object value
    #[arg(long, value_name = "JSON_KEY")]
    pub key: Option<String>,
    /// On a terminal, print control characters as they are instead of
    /// escaped (a pipe always gets the exact bytes)
    #[arg(long)]
    pub raw: bool,
}

pub async fn run(opts: &ConnectOptions, args: &GetArgs) -> anyhow::Result<u8> {
    let clients = Clients::new(config::load(opts).await?);
    let which = match (&args.version_id, &args.stage) {
        (Some(id), _) => Which::Id(id.clone()),
        (None, Some(stage)) => Which::Stage(stage.clone()),
        (None, None) => Which::Stage(AWSCURRENT.into()),
    };
    let read = clients
        .get_value(&args.name, &which)
        .await?
        .ok_or_else(|| {
            anyhow!(
                "{} has no value for {}",
                args.name,
                match &which {
                    Which::Id(id) => format!("version {id}"),
                    Which::Stage(stage) => format!("staging label {stage}"),
                }
            )
        })?;
    let value = match &args.key {
        None => read.value,
        Some(key) => {
            let Some(fields) = read.value.json_fields() else {
                bail!("--key needs a JSON object value; this value is not one");
            };
            match fields.into_iter().find(|f| &f.key == key) {
                Some(field) => field.value,
                None => bail!(
                    "no key {key:?} in the value; its keys are: {}",
                    read.value
                        .json_fields()
                        .unwrap_or_default()
                        .iter()
                        .map(|f| crate::text::escaped(&f.key).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    let mut out = std::io::stdout().lock();
    let terminal = out.is_terminal();
    if value.is_binary() && terminal {
        bail!(
            "the value is binary ({} bytes); redirect it to a file: sekret get {} > FILE",
            value.len(),
            args.name
        );
    }
    if terminal && !args.raw {
        // Text from AWS on a terminal is read, never obeyed: an OSC 52 in a
        // value must not write the clipboard. The copy is wiped after use.
        let text = String::from_utf8_lossy(value.bytes());
        let shown = zeroize::Zeroizing::new(crate::text::escaped_lines(&text).into_owned());
        out.write_all(shown.as_bytes())?;
    } else {
        out.write_all(value.bytes())?;
    }
    // A newline for a person at a terminal; pipes get the exact bytes.
    if terminal {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(0)
}
