//! `sekret rotate NAME [--yes] [--wait]`: rotate now with the secret's
//! rotation function; with `--wait`, follow it until AWSCURRENT has moved
//! (exit 0) or the rotation failed or looks stuck (exit 1).

use crate::domain::read_only::Guard;
use std::time::Duration;

use anyhow::bail;
use clap::Args;

use super::confirm::{self, refuse_read_only, typed_name};
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::rotation::Watched;
use crate::domain::mutation::Mutation;
use crate::domain::version::short_id;

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Secret name or ARN
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// Wait until AWSCURRENT has moved to the new version, or the rotation failed
    #[arg(long)]
    pub wait: bool,
    /// With --wait: give up (and call the rotation stuck) after this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(5..=3_600))]
    pub timeout: u64,
}

pub async fn run(opts: &ConnectOptions, guard: &Guard, args: &RotateArgs) -> anyhow::Result<u8> {
    refuse_read_only(guard, "rotate")?;
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "rotate").await?;
    let meta = clients.describe_secret(&args.name).await?;
    let Some(lambda) = meta.rotation.lambda_arn.clone() else {
        bail!(
            "{}: no rotation function is configured; set one first (console: :rotation DAYS lambda=ARN)",
            meta.name()
        );
    };
    let current = meta.current_version();
    eprintln!("Rotate {} now:", meta.name());
    eprintln!("  function    {lambda}");
    let shown = current
        .as_deref()
        .map(short_id)
        .unwrap_or_else(|| "—".into());
    eprintln!("  AWSCURRENT  {shown}");
    if meta.pending_rotation() {
        eprintln!(
            "  warning     AWSPENDING is already on another version: a rotation is running or stuck"
        );
    }
    typed_name(meta.name(), args.yes)?;
    let since = chrono::Utc::now().timestamp();
    let mutation = Mutation::Rotate { current };
    let outcome = confirm::apply(&clients, guard, &meta.arn().to_string(), &mutation).await?;
    let Some(version) = outcome.version else {
        bail!("RotateSecret answered without a version id");
    };
    eprintln!("rotation started: new version {version}");
    println!("{version}");
    if !args.wait {
        return Ok(0);
    }
    let mut report = |w: Watched<'_>| {
        if let Watched::Progress { phase, .. } = w {
            eprintln!("  {}", phase.describe(&version));
        }
    };
    let limit = Duration::from_secs(args.timeout);
    let phase = clients
        .watch_rotation(&meta.arn().to_string(), &version, since, limit, &mut report)
        .await?;
    if phase.succeeded() {
        eprintln!("done: AWSCURRENT is now {version}");
        Ok(0)
    } else {
        bail!("{}: {}", meta.name(), phase.describe(&version))
    }
}
