//! The one way a change reaches Secrets Manager, for the console's worker
//! and the CLI alike: refused in read-only mode before any call; a change
//! based on an earlier read is checked against the labels as they are now
//! (`domain::conflict`); then made with its own request token, then written
//! to the audit log whatever the outcome. A change the audit log could not
//! record is not made.

use crate::aws::Clients;
use crate::domain::conflict;
use crate::domain::error::AwsError;
use crate::domain::mutation::{Kind, Mutation, Outcome};
use crate::domain::read_only::{Guard, Signer, Why};
use crate::domain::secret::{AWSCURRENT, AWSPREVIOUS};
use crate::domain::version::with_label;
use crate::ops::audit_log::{self, AuditLog};
use crate::ops::permit::Permit;

pub async fn apply(
    clients: &Clients,
    audit: &AuditLog,
    guard: &Guard,
    secret: &str,
    mutation: &Mutation,
) -> Result<Outcome, AwsError> {
    apply_noted(clients, audit, guard, secret, mutation, None).await
}

/// `apply`, with `origin` leading the audit line's detail (an import
/// names the file and the keys).
pub async fn apply_noted(
    clients: &Clients,
    audit: &AuditLog,
    guard: &Guard,
    secret: &str,
    mutation: &Mutation,
    origin: Option<&str>,
) -> Result<Outcome, AwsError> {
    let kind = mutation.kind();
    if let Some(why) = refusal(clients, guard).await {
        return Err(AwsError::ReadOnly {
            action: kind.operation().into(),
            why: why.to_string(),
        });
    }
    audit.check_writable().map_err(|e| {
        AwsError::Other(format!(
            "nothing changed: the audit log {} cannot be written ({e}); \
             fix it or point XDG_STATE_HOME at a writable directory",
            audit
                .path()
                .map_or("(none)".into(), |p| p.display().to_string())
        ))
    })?;
    // Immediately before the write: is it still based on what is there?
    let basis = mutation.basis();
    if let Some(basis) = &basis {
        let versions = clients.list_versions(secret, true).await?;
        conflict::check(basis, &versions).map_err(AwsError::Conflict)?;
    }
    let token = uuid::Uuid::new_v4().to_string();
    let mut result = clients
        .mutate(Permit::new(), secret, mutation, &token)
        .await;
    if kind == Kind::Put
        && let Ok(outcome) = &mut result
    {
        note_replaced(clients, outcome, mutation.version_before()).await;
    }
    let (arn, after, before) = match &result {
        Ok(outcome) => (
            outcome.arn.as_str(),
            outcome.version.as_deref().filter(|_| kind.moves_current()),
            outcome.replaced.as_deref().or(mutation.version_before()),
        ),
        Err(_) => (secret, None, mutation.version_before()),
    };
    let versions = (before, after);
    audit_log::record(
        audit,
        clients,
        kind.action(),
        arn,
        versions,
        match (origin, mutation.detail()) {
            (Some(o), Some(d)) => Some(format!("{o} · {d}")),
            (Some(o), None) => Some(o.to_string()),
            (None, d) => d,
        },
        &result,
    )
    .await;
    result
}

/// Why writes through `clients` are refused, if they are: the flag and
/// the profile first, then (when the rules name accounts or identities)
/// the identity STS says signs.
pub async fn refusal(clients: &Clients, guard: &Guard) -> Option<Why> {
    if !guard.needs_identity() {
        return guard.before_identity();
    }
    match clients.signer().await {
        Ok(id) => guard.decide(Ok(Signer {
            account: &id.account,
            arn: &id.arn,
        })),
        Err(err) => guard.decide(Err(&err.to_string())),
    }
}

/// Which version a put replaced, as AWS labels it now: AWSPREVIOUS, when
/// AWSCURRENT is the put's own version. Anything else is a write that
/// slipped in between the check and the put, and is said.
async fn note_replaced(clients: &Clients, outcome: &mut Outcome, based_on: Option<&str>) {
    let Ok(versions) = clients.list_versions(&outcome.arn, false).await else {
        return; // the put is made; the audit line keeps the checked version
    };
    let current = with_label(&versions, AWSCURRENT).map(|v| v.id.as_str());
    if current != outcome.version.as_deref() {
        return; // another put already followed this one
    }
    outcome.replaced = with_label(&versions, AWSPREVIOUS).map(|v| v.id.clone());
    if outcome.replaced.as_deref() != based_on {
        outcome.overwrote = outcome.replaced.clone();
    }
}
