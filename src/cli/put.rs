//! `sekret put NAME --from-file F|--stdin` and `sekret create NAME …`:
//! write a value exactly as given (a trailing newline is kept, as the AWS
//! CLI does). UTF-8 becomes a SecretString, anything else a SecretBinary.

use crate::domain::read_only::Guard;
use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use zeroize::Zeroizing;

use super::confirm::{self, refuse_read_only, typed_name};
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::values::Which;
use crate::domain::conflict::Conflict;
use crate::domain::mutation::{Mutation, NewSecret};
use crate::domain::rules;
use crate::domain::value::{MAX_VALUE_BYTES, SecretValue};
use crate::domain::version::short_id;
use crate::text;

#[derive(Debug, Args)]
pub struct PutArgs {
    /// Secret name or ARN
    pub name: String,
    #[command(flatten)]
    pub value: ValueSource,
    /// Set only this top-level key of a JSON bundle (the value given becomes
    /// its string value; the other keys are kept as stored)
    #[arg(long, value_name = "JSON_KEY")]
    pub key: Option<String>,
    /// Do not ask for confirmation (required with --stdin)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The new secret's name (letters, digits and / _ + = . @ -)
    pub name: String,
    #[command(flatten)]
    pub value: ValueSource,
    /// What the secret is for (shown in the console and `ls`)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// A tag, KEY=VALUE (repeat for more)
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    /// Do not ask for confirmation (required with --stdin)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct ValueSource {
    /// Read the value from this file
    #[arg(long, value_name = "F")]
    pub from_file: Option<PathBuf>,
    /// Read the value from standard input
    #[arg(long)]
    pub stdin: bool,
}

impl ValueSource {
    fn given(&self) -> bool {
        self.from_file.is_some() || self.stdin
    }

    /// The value, checked against Secrets Manager's limits.
    fn read(&self) -> anyhow::Result<SecretValue> {
        // One byte past the limit is enough to refuse: `/dev/zero` or an
        // endless pipe must not grow memory without bound. Allocated whole
        // up front: a Vec that grows frees its old buffer unwiped.
        let cap = MAX_VALUE_BYTES as u64 + 1;
        let mut bytes = Zeroizing::new(Vec::with_capacity(cap as usize + 1));
        match (&self.from_file, self.stdin) {
            (Some(path), _) => {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                file.take(cap)
                    .read_to_end(&mut bytes)
                    .with_context(|| format!("cannot read {}", path.display()))?;
            }
            (None, true) => {
                std::io::stdin()
                    .lock()
                    .take(cap)
                    .read_to_end(&mut bytes)
                    .context("cannot read standard input")?;
            }
            (None, false) => bail!("give the value with --from-file F or --stdin"),
        }
        if bytes.is_empty() {
            bail!("the value is empty: nothing written");
        }
        if bytes.len() > MAX_VALUE_BYTES {
            bail!(
                "the value is more than {MAX_VALUE_BYTES} bytes, the most Secrets Manager keeps: nothing written"
            );
        }
        let bytes = std::mem::take(&mut *bytes);
        Ok(match String::from_utf8(bytes) {
            Ok(text) => SecretValue::text(text),
            Err(e) => SecretValue::binary(e.into_bytes()),
        })
    }

    /// With `--stdin` the terminal is not ours to ask on.
    fn check_confirmable(&self, yes: bool) -> anyhow::Result<()> {
        if self.stdin && !yes {
            bail!(
                "the value comes from standard input, so there is no terminal to confirm on: pass --yes"
            );
        }
        Ok(())
    }
}

fn kind(value: &SecretValue) -> &'static str {
    match (value.is_binary(), value.json_fields().is_some()) {
        (true, _) => "binary",
        (false, true) => "JSON",
        (false, false) => "text",
    }
}

pub async fn put(opts: &ConnectOptions, guard: &Guard, args: &PutArgs) -> anyhow::Result<u8> {
    refuse_read_only(guard, "put")?;
    args.value.check_confirmable(args.yes)?;
    let given = args.value.read()?;
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "put").await?;
    let meta = clients.describe_secret(&args.name).await?;
    let arn = meta.arn().to_string();
    let (base, value) = match &args.key {
        None => (meta.current_version(), given.clone()),
        Some(key) => {
            // The bundle is read (asked for: its other keys are kept), and
            // the put is based on the version read.
            let stored = clients.get_value(&arn, &Which::current()).await?;
            let base = stored.as_ref().map(|r| r.version_id.clone());
            let merged = bundle_with(stored.as_ref().map(|r| &r.value), key, &given)?;
            (base, merged)
        }
    };
    eprintln!("Put a new value on {}:", meta.name());
    match &args.key {
        Some(key) => eprintln!(
            "  key         {} set to {} bytes (not shown); the other keys are kept",
            text::escaped(key),
            given.len()
        ),
        None => eprintln!(
            "  value       {} bytes, {} (not shown)",
            value.len(),
            kind(&value)
        ),
    }
    eprintln!(
        "  replaces    {}",
        base.as_deref().map_or("no value".into(), short_id)
    );
    eprintln!("  AWSCURRENT  moves to the new version; the current one becomes AWSPREVIOUS");
    typed_name(meta.name(), args.yes)?;
    let mutation = Mutation::Put { value, base };
    let replan = |old: Mutation, conflict: &Conflict, now: Option<&SecretValue>| {
        let Mutation::Put { value, .. } = old else {
            unreachable!("a put is prepared again as a put")
        };
        let value = match &args.key {
            None => value,
            Some(key) => {
                let Some(now) = now else {
                    bail!(
                        "the newer version could not be read to set {key:?} in it: nothing written"
                    );
                };
                bundle_with(Some(now), key, &given)?
            }
        };
        Ok(Mutation::Put {
            value,
            base: conflict.current.clone(),
        })
    };
    let outcome = confirm::apply_based(
        &clients,
        guard,
        &arn,
        meta.name(),
        args.yes,
        mutation,
        replan,
    )
    .await?;
    let version = outcome.version.unwrap_or_default();
    if let Some(other) = &outcome.overwrote {
        eprintln!(
            "warning: the put replaced {other}, written by someone else a moment before it; compare with sekret diff {} and roll back if needed",
            meta.name()
        );
    }
    eprintln!("done: AWSCURRENT is now {version}");
    println!("{version}");
    Ok(0)
}

/// The stored bundle with `key` set to the given text.
fn bundle_with(
    stored: Option<&SecretValue>,
    key: &str,
    given: &SecretValue,
) -> anyhow::Result<SecretValue> {
    let Some(text) = given.as_str() else {
        bail!("a bundle key's value must be UTF-8 text");
    };
    crate::domain::edit::with_key(stored, key, text).map_err(anyhow::Error::msg)
}

pub async fn create(opts: &ConnectOptions, guard: &Guard, args: &CreateArgs) -> anyhow::Result<u8> {
    refuse_read_only(guard, "create")?;
    rules::secret_name(&args.name).map_err(|e| anyhow::anyhow!("{:?}: {e}", args.name))?;
    let tags = args
        .tags
        .iter()
        .map(|t| rules::tag_pair(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    args.value.check_confirmable(args.yes)?;
    let value = if args.value.given() {
        Some(args.value.read()?)
    } else {
        None
    };
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "create").await?;
    eprintln!("Create {}:", args.name);
    if let Some(d) = &args.description {
        eprintln!("  description {d}");
    }
    for (k, v) in &tags {
        eprintln!("  tag         {k}={v}");
    }
    match &value {
        Some(v) => eprintln!("  value       {} bytes, {} (not shown)", v.len(), kind(v)),
        None => eprintln!("  value       none (put one later with sekret put)"),
    }
    if let Some(warning) = rules::name_warning(&args.name) {
        eprintln!("  warning     {warning}");
    }
    typed_name(&args.name, args.yes)?;
    let mutation = Mutation::Create(NewSecret {
        name: args.name.clone(),
        description: args.description.clone(),
        tags,
        value,
    });
    let outcome = confirm::apply(&clients, guard, &args.name, &mutation).await?;
    eprintln!("created {}", outcome.arn);
    println!("{}", outcome.arn);
    Ok(0)
}
