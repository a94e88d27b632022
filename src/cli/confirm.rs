//! Asking before a change, on the command line: the plan goes to stderr,
//! then the secret's name is typed back on a terminal. Without a terminal
//! the change needs `--yes`; in read-only mode it is refused before any
//! call.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::bail;

use crate::aws::Clients;
use crate::aws::values::Which;
use crate::domain::conflict::Conflict;
use crate::domain::diff::ValueDiff;
use crate::domain::error::AwsError;
use crate::domain::mutation::{Mutation, Outcome};
use crate::domain::read_only::Guard;
use crate::domain::value::SecretValue;
use crate::domain::version::short_id;
use crate::ops::audit_log::AuditLog;

/// Refuse `what` when `--read-only` or the profile's rule says so: before
/// connecting, so that a refusal needs no credentials.
pub fn refuse_read_only(guard: &Guard, what: &str) -> anyhow::Result<()> {
    refuse_if(guard.before_identity(), what)
}

/// Refuse `what` when the rules on accounts and identities say so, asked
/// of STS before anything is shown or asked (the write gate asks again).
pub async fn refuse_as_signer(clients: &Clients, guard: &Guard, what: &str) -> anyhow::Result<()> {
    refuse_if(crate::ops::writes::refusal(clients, guard).await, what)
}

fn refuse_if(why: Option<crate::domain::read_only::Why>, what: &str) -> anyhow::Result<()> {
    match why {
        Some(why) => {
            bail!("refused: {what} changes Secrets Manager and read-only mode is on ({why})")
        }
        None => Ok(()),
    }
}

/// Unless `yes`, ask for `name` on the terminal.
pub fn typed_name(name: &str, yes: bool) -> anyhow::Result<()> {
    typed(name, "the secret's name", yes)
}

/// Unless `yes`, ask for `expected` (described as `what`) on the terminal.
pub fn typed(expected: &str, what: &str, yes: bool) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!("no terminal to confirm on: pass --yes to go ahead without asking");
    }
    eprint!("Type {what} to confirm: ");
    std::io::stderr().flush()?;
    let mut typed = String::new();
    stdin.lock().read_line(&mut typed)?;
    if typed.trim_end_matches(['\n', '\r']) != expected {
        bail!("{what} did not match; nothing changed");
    }
    Ok(())
}

/// Make the change through the one gate (read-only, audit log).
pub async fn apply(
    clients: &Clients,
    guard: &Guard,
    secret: &str,
    mutation: &Mutation,
) -> anyhow::Result<Outcome> {
    let audit = AuditLog::default_location();
    Ok(crate::ops::writes::apply(clients, &audit, guard, secret, mutation).await?)
}

/// Make a change based on an earlier read. When someone else moved the
/// secret meanwhile, nothing is written: say which version is there now
/// and what changed (masked), prepare the change again on it (`replan`,
/// given the newer value when it could be read), show it, and ask for the
/// name again. With `--yes`, or without a terminal, nobody is there to
/// decide: the command stops with the conflict (exit 1).
pub async fn apply_based(
    clients: &Clients,
    guard: &Guard,
    secret: &str,
    name: &str,
    yes: bool,
    mut mutation: Mutation,
    mut replan: impl FnMut(Mutation, &Conflict, Option<&SecretValue>) -> anyhow::Result<Mutation>,
) -> anyhow::Result<Outcome> {
    let audit = AuditLog::default_location();
    loop {
        let conflict =
            match crate::ops::writes::apply(clients, &audit, guard, secret, &mutation).await {
                Err(AwsError::Conflict(conflict)) => conflict,
                other => return Ok(other?),
            };
        eprintln!("{conflict}.");
        let now = meanwhile(clients, secret, &conflict).await;
        if yes {
            bail!(
                "someone else changed {name} after it was read: run the command again to decide on what is there now"
            );
        }
        mutation = replan(mutation, &conflict, now.as_ref())?;
        eprintln!(
            "The change is now based on {}, the version there now.",
            conflict
                .current
                .as_deref()
                .map_or("no version".into(), short_id)
        );
        typed_name(name, false)?;
    }
}

/// What changed between the version a change was based on and the one
/// there now, masked, on stderr. Returns the newer value.
async fn meanwhile(clients: &Clients, secret: &str, conflict: &Conflict) -> Option<SecretValue> {
    let now = conflict.current.clone()?;
    let read = |id: String| async move {
        clients
            .get_value(secret, &Which::Id(id))
            .await
            .ok()
            .flatten()
            .map(|r| r.value)
    };
    let newer = read(now.clone()).await?;
    let Some(based_on) = conflict
        .based_on
        .clone()
        .filter(|_| conflict.current_moved())
    else {
        return Some(newer);
    };
    if let Some(older) = read(based_on).await {
        let diff = ValueDiff::between(&older, &newer);
        eprint!("{}", super::diff::masked_summary(&diff));
    }
    Some(newer)
}
