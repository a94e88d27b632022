//! The mutating calls. Nothing here checks read-only mode or writes the
//! audit log: `crate::ops::writes::apply` is the one way in, and does both.

use aws_sdk_secretsmanager::config::http::HttpResponse;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_secretsmanager::types::{RotationRulesType, Tag};

use super::Clients;
use super::error::from_sdk;
use crate::domain::error::AwsError;
use crate::domain::mutation::{Mutation, NewSecret, Outcome};
use crate::domain::schedule::{Every, Schedule};
use crate::domain::secret::AWSPENDING;
use crate::domain::value::SecretValue;
use crate::ops::permit::Permit;

impl Clients {
    /// Make the call `mutation` describes on `secret` (a name or ARN; the
    /// new name for a create). `token` is the ClientRequestToken of the
    /// calls that make a version (put, create, rotate): the SDK's retries
    /// resend it, so a request that landed but whose answer was lost is not
    /// made twice, and it becomes the new version's id.
    pub async fn mutate(
        &self,
        _permit: Permit,
        secret: &str,
        mutation: &Mutation,
        token: &str,
    ) -> Result<Outcome, AwsError> {
        let sm = &self.secrets;
        match mutation {
            Mutation::Rollback { to, from } => {
                self.move_current(secret, to, from).await?;
                Ok(Outcome {
                    arn: secret.to_string(),
                    version: Some(to.clone()),
                    ..Outcome::default()
                })
            }
            Mutation::Rotate { .. } => {
                let out = sm
                    .rotate_secret()
                    .secret_id(secret)
                    .client_request_token(token)
                    .rotate_immediately(true)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "RotateSecret"))?;
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    version: out.version_id,
                    ..Outcome::default()
                })
            }
            Mutation::SetRotation(schedule) => {
                let out = sm
                    .rotate_secret()
                    .secret_id(secret)
                    .set_rotation_lambda_arn(schedule.lambda.clone())
                    .rotation_rules(rules(schedule))
                    .rotate_immediately(false)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "RotateSecret"))?;
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    ..Outcome::default()
                })
            }
            Mutation::CancelRotation { pending, .. } => {
                let out = sm
                    .cancel_rotate_secret()
                    .secret_id(secret)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "CancelRotateSecret"))?;
                // AWS leaves AWSPENDING where the rotation stopped; the next
                // rotation would trip over it. Its own documentation says to
                // remove it, so the console does.
                if let Some(version) = pending {
                    sm.update_secret_version_stage()
                        .secret_id(secret)
                        .version_stage(AWSPENDING)
                        .remove_from_version_id(version)
                        .send()
                        .await
                        .map_err(|e| self.sdk_error(&e, "UpdateSecretVersionStage"))?;
                }
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    version: pending.clone(),
                    ..Outcome::default()
                })
            }
            Mutation::Put { value, .. } => {
                let call = sm
                    .put_secret_value()
                    .secret_id(secret)
                    .client_request_token(token);
                let call = match value.as_str() {
                    Some(text) => call.secret_string(text),
                    None => call.secret_binary(Blob::new(value.bytes())),
                };
                let out = call
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "PutSecretValue"))?;
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    version: out.version_id,
                    ..Outcome::default()
                })
            }
            Mutation::Create(new) => self.create(new, token).await,
            Mutation::Delete { recovery_days } => {
                let out = sm
                    .delete_secret()
                    .secret_id(secret)
                    .recovery_window_in_days(i64::from(*recovery_days))
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "DeleteSecret"))?;
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    deletion_date: out.deletion_date.map(|d| d.secs()),
                    ..Outcome::default()
                })
            }
            Mutation::Restore => {
                let out = sm
                    .restore_secret()
                    .secret_id(secret)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "RestoreSecret"))?;
                Ok(Outcome {
                    arn: out.arn.unwrap_or_else(|| secret.to_string()),
                    ..Outcome::default()
                })
            }
            Mutation::Tag { key, value } => {
                sm.tag_resource()
                    .secret_id(secret)
                    .tags(Tag::builder().key(key).value(value).build())
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "TagResource"))?;
                Ok(Outcome {
                    arn: secret.to_string(),
                    ..Outcome::default()
                })
            }
            Mutation::Untag { key } => {
                sm.untag_resource()
                    .secret_id(secret)
                    .tag_keys(key)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(&e, "UntagResource"))?;
                Ok(Outcome {
                    arn: secret.to_string(),
                    ..Outcome::default()
                })
            }
        }
    }

    async fn create(&self, new: &NewSecret, token: &str) -> Result<Outcome, AwsError> {
        let mut call = self
            .secrets
            .create_secret()
            .name(&new.name)
            .client_request_token(token)
            .set_description(new.description.clone());
        for (key, value) in &new.tags {
            call = call.tags(Tag::builder().key(key).value(value).build());
        }
        call = match new.value.as_ref().map(value_parts) {
            Some((Some(text), _)) => call.secret_string(text),
            Some((None, bytes)) => call.secret_binary(Blob::new(bytes)),
            None => call,
        };
        let out = call
            .send()
            .await
            .map_err(|e| self.sdk_error(&e, "CreateSecret"))?;
        Ok(Outcome {
            arn: out.arn.unwrap_or_default(),
            version: out.version_id,
            ..Outcome::default()
        })
    }
}

impl Clients {
    fn sdk_error<E>(&self, err: &SdkError<E, HttpResponse>, operation: &str) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        from_sdk(
            err,
            &self.call_context(&format!("secretsmanager:{operation}")),
        )
    }
}

fn value_parts(value: &SecretValue) -> (Option<&str>, &[u8]) {
    (value.as_str(), value.bytes())
}

fn rules(schedule: &Schedule) -> RotationRulesType {
    let builder = RotationRulesType::builder().set_duration(schedule.window.clone());
    match &schedule.every {
        Every::Days(d) => builder.automatically_after_days(i64::from(*d)),
        Every::Expression(e) => builder.schedule_expression(e),
    }
    .build()
}
