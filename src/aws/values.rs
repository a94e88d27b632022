//! Versions (metadata), values (only when the operator asks) and moving
//! AWSCURRENT (rollback).

use aws_sdk_secretsmanager::types::SecretVersionsListEntry;

use super::Clients;
use super::error::from_sdk;
use crate::domain::error::AwsError;
use crate::domain::secret::AWSCURRENT;
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::{self, Version};

/// Which version of a secret to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    Id(String),
    Stage(String),
}

impl Which {
    pub fn current() -> Which {
        Which::Stage(AWSCURRENT.to_string())
    }
}

impl Clients {
    /// GetSecretValue: one access in CloudTrail. `Ok(None)` when the secret
    /// has no version with that label (e.g. created without a value).
    pub async fn get_value(
        &self,
        secret_id: &str,
        which: &Which,
    ) -> Result<Option<VersionValue>, AwsError> {
        let call = self.secrets.get_secret_value().secret_id(secret_id);
        let call = match which {
            Which::Id(id) => call.version_id(id),
            Which::Stage(stage) => call.version_stage(stage),
        };
        let out = match call.send().await {
            Ok(out) => out,
            Err(e) => {
                let err = from_sdk(&e, &self.call_context("secretsmanager:GetSecretValue"));
                return match err {
                    AwsError::NotFound { message } if message.contains("secret value") => Ok(None),
                    other => Err(other),
                };
            }
        };
        let version_id = out.version_id.clone().unwrap_or_default();
        // Take the plaintext out of the SDK's struct without copying it.
        let value = match (out.secret_string, out.secret_binary) {
            (Some(text), _) => SecretValue::text(text),
            (None, Some(blob)) => SecretValue::binary(blob.into_inner()),
            (None, None) => return Ok(None),
        };
        Ok(Some(VersionValue { version_id, value }))
    }

    /// ListSecretVersionIds, every page, newest first.
    pub async fn list_versions(
        &self,
        secret_id: &str,
        include_deprecated: bool,
    ) -> Result<Vec<Version>, AwsError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .secrets
                .list_secret_version_ids()
                .secret_id(secret_id)
                .include_deprecated(include_deprecated)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| {
                    from_sdk(
                        &e,
                        &self.call_context("secretsmanager:ListSecretVersionIds"),
                    )
                })?;
            all.extend(out.versions().iter().map(from_entry));
            match out.next_token().filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next.to_string()),
                None => break,
            }
        }
        version::sort_newest_first(&mut all);
        Ok(all)
    }

    /// UpdateSecretVersionStage: move AWSCURRENT from `from` to `to`. AWS
    /// moves AWSPREVIOUS to `from` by itself.
    pub async fn move_current(
        &self,
        secret_id: &str,
        to: &str,
        from: &str,
    ) -> Result<(), AwsError> {
        self.secrets
            .update_secret_version_stage()
            .secret_id(secret_id)
            .version_stage(AWSCURRENT)
            .move_to_version_id(to)
            .remove_from_version_id(from)
            .send()
            .await
            .map_err(|e| {
                from_sdk(
                    &e,
                    &self.call_context("secretsmanager:UpdateSecretVersionStage"),
                )
            })?;
        Ok(())
    }
}

fn from_entry(e: &SecretVersionsListEntry) -> Version {
    Version {
        id: e.version_id().unwrap_or_default().to_string(),
        stages: e.version_stages().to_vec(),
        created: e.created_date().map(|d| d.secs()),
        last_accessed: e.last_accessed_date().map(|d| d.secs()),
    }
}
