//! The one way a change reaches Secrets Manager, for the console's worker
//! and the CLI alike: refused in read-only mode before any call, then made,
//! then written to the audit log whatever the outcome. A change the audit
//! log could not record is not made.

use crate::audit_log::{self, AuditLog};
use crate::aws::Clients;
use crate::domain::error::AwsError;
use crate::domain::mutation::{Mutation, Outcome};

pub async fn apply(
    clients: &Clients,
    audit: &AuditLog,
    read_only: bool,
    secret: &str,
    mutation: &Mutation,
) -> Result<Outcome, AwsError> {
    apply_noted(clients, audit, read_only, secret, mutation, None).await
}

/// `apply`, with `origin` leading the audit line's detail (an import
/// names the file and the keys).
pub async fn apply_noted(
    clients: &Clients,
    audit: &AuditLog,
    read_only: bool,
    secret: &str,
    mutation: &Mutation,
    origin: Option<&str>,
) -> Result<Outcome, AwsError> {
    let kind = mutation.kind();
    if read_only {
        return Err(AwsError::ReadOnly {
            action: kind.operation().into(),
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
    let result = clients.mutate(secret, mutation).await;
    let (arn, after) = match &result {
        Ok(outcome) => (
            outcome.arn.as_str(),
            outcome.version.as_deref().filter(|_| kind.moves_current()),
        ),
        Err(_) => (secret, None),
    };
    let versions = (mutation.version_before(), after);
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
