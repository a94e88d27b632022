//! `sekret delete NAME [--recovery-days N]` schedules the deletion (never
//! forced: the secret can be restored during the window), and
//! `sekret restore NAME` cancels it.

use crate::domain::read_only::Guard;
use anyhow::bail;
use clap::Args;

use super::confirm::{self, refuse_read_only, typed_name};
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::mutation::Mutation;
use crate::domain::rules::DEFAULT_RECOVERY_DAYS;

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Secret name or ARN
    pub name: String,
    /// Days during which `sekret restore` can bring it back (7–30)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RECOVERY_DAYS,
          value_parser = clap::value_parser!(u8).range(7..=30))]
    pub recovery_days: u8,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Secret name or ARN
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

pub async fn delete(opts: &ConnectOptions, guard: &Guard, args: &DeleteArgs) -> anyhow::Result<u8> {
    refuse_read_only(guard, "delete")?;
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "delete").await?;
    let meta = clients.describe_secret(&args.name).await?;
    if meta.scheduled_for_deletion() {
        bail!(
            "{} is already scheduled for deletion; `sekret restore` cancels it",
            meta.name()
        );
    }
    eprintln!("Schedule the deletion of {}:", meta.name());
    eprintln!(
        "  recovery    {} days (sekret restore brings it back until then)",
        args.recovery_days
    );
    eprintln!("  readers     fail at once: the secret is marked deleted");
    typed_name(meta.name(), args.yes)?;
    let mutation = Mutation::Delete {
        recovery_days: args.recovery_days,
    };
    let outcome = confirm::apply(&clients, guard, &meta.arn().to_string(), &mutation).await?;
    let when = super::iso(outcome.deletion_date).unwrap_or_else(|| "the end of the window".into());
    eprintln!("deletion scheduled: {} goes on {when}", meta.name());
    Ok(0)
}

pub async fn restore(
    opts: &ConnectOptions,
    guard: &Guard,
    args: &RestoreArgs,
) -> anyhow::Result<u8> {
    refuse_read_only(guard, "restore")?;
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "restore").await?;
    let meta = clients.describe_secret(&args.name).await?;
    if !meta.scheduled_for_deletion() {
        bail!("{} is not scheduled for deletion", meta.name());
    }
    eprintln!("Restore {} (cancel its scheduled deletion)", meta.name());
    typed_name(meta.name(), args.yes)?;
    confirm::apply(&clients, guard, &meta.arn().to_string(), &Mutation::Restore).await?;
    eprintln!("restored {}", meta.name());
    Ok(0)
}
