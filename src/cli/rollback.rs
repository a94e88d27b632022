//! `sekret rollback`: move AWSCURRENT to an earlier version. Shows the
//! label moves first, then asks for the secret's name on a terminal (or
//! takes `--yes`); without a terminal and without `--yes` it refuses.

use crate::domain::read_only::Guard;
use anyhow::bail;
use clap::Args;

use super::confirm::{self, refuse_read_only, typed_name};
use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::domain::conflict::Conflict;
use crate::domain::mutation::Mutation;
use crate::domain::secret::AWSCURRENT;
use crate::domain::version::LabelMove;
use crate::domain::version::{self, short_id};

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Secret name or ARN
    pub name: String,
    /// The version to make AWSCURRENT: a version id (or unique prefix) or a staging label
    #[arg(long, value_name = "ID")]
    pub to: String,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

pub async fn run(opts: &ConnectOptions, guard: &Guard, args: &RollbackArgs) -> anyhow::Result<u8> {
    refuse_read_only(guard, "rollback")?;
    let clients = Clients::new(config::load(opts).await?);
    confirm::refuse_as_signer(&clients, guard, "rollback").await?;
    let versions = clients.list_versions(&args.name, true).await?;
    let target = version::resolve(&versions, &args.to)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.name))?
        .clone();
    let moves = version::rollback_moves(&versions, &target.id)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.name))?;
    let Some(from) = moves[0].from.clone() else {
        bail!("{}: no version is AWSCURRENT", args.name);
    };
    print_moves(&args.name, &moves);
    typed_name(&args.name, args.yes)?;
    let arn = clients.describe_secret(&args.name).await?.arn().to_string();
    let mutation = Mutation::Rollback {
        to: target.id.clone(),
        from,
    };
    let replan = |_: Mutation, conflict: &Conflict, _: Option<&_>| {
        let moves = version::rollback_moves(&conflict.versions, &target.id)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.name))?;
        let Some(from) = moves[0].from.clone() else {
            bail!("{}: no version is AWSCURRENT now", args.name);
        };
        print_moves(&args.name, &moves);
        Ok(Mutation::Rollback {
            to: target.id.clone(),
            from,
        })
    };
    confirm::apply_based(
        &clients, guard, &arn, &args.name, args.yes, mutation, replan,
    )
    .await?;
    // Show what AWS now says, not what we expect.
    let after = clients.list_versions(&args.name, false).await?;
    match version::with_label(&after, AWSCURRENT) {
        Some(v) if v.id == target.id => {
            eprintln!("done: AWSCURRENT is now {}", target.id);
            Ok(0)
        }
        Some(v) => bail!(
            "the call succeeded but AWSCURRENT is on {}, not {}",
            v.id,
            target.id
        ),
        None => bail!("the call succeeded but no version is AWSCURRENT now"),
    }
}

fn print_moves(name: &str, moves: &[LabelMove]) {
    eprintln!("Roll back {name}:");
    for m in moves {
        let id = |v: &Option<String>| v.as_deref().map(short_id).unwrap_or_else(|| "-".into());
        eprintln!(
            "  {:<12} {} → {}",
            crate::text::escaped(m.label),
            id(&m.from),
            id(&m.to)
        );
    }
}
