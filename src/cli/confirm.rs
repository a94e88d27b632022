//! Asking before a change, on the command line: the plan goes to stderr,
//! then the secret's name is typed back on a terminal. Without a terminal
//! the change needs `--yes`; in read-only mode it is refused before any
//! call.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::bail;

use crate::audit_log::AuditLog;
use crate::aws::Clients;
use crate::domain::mutation::{Mutation, Outcome};

/// Refuse `what` when `--read-only` (or the config file) says so.
pub fn refuse_read_only(read_only: bool, what: &str) -> anyhow::Result<()> {
    if read_only {
        bail!("refused: {what} changes Secrets Manager and read-only mode is on");
    }
    Ok(())
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
    read_only: bool,
    secret: &str,
    mutation: &Mutation,
) -> anyhow::Result<Outcome> {
    let audit = AuditLog::default_location();
    Ok(crate::writes::apply(clients, &audit, read_only, secret, mutation).await?)
}
