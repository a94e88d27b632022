//! Everything that touches the AWS SDK. SDK types stop here: the rest of
//! sekret speaks `domain`.

pub mod config;
pub mod counters;
pub mod error;
pub mod events;
pub mod listing;
pub mod profiles;
pub mod regions;
pub mod rotation;
pub mod secrets;
pub mod values;
pub mod writes;

use std::sync::Arc;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};

use crate::domain::error::AwsError;
use config::AwsContext;
use counters::{CountAttempts, Counters};
use error::{CallContext, from_sdk};
use events::{LOOKUP_INTERVAL, Pacer};

/// The three service clients sekret uses, built from one configuration.
#[derive(Clone)]
pub struct Clients {
    pub ctx: AwsContext,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub sts: aws_sdk_sts::Client,
    /// Attempts and throttled answers across all three clients.
    pub counters: Arc<Counters>,
    /// The LookupEvents budget, shared by every task using these clients.
    pub pacer: Arc<Pacer>,
    /// Who the credentials belong to, asked once (for the audit log).
    identity: Arc<tokio::sync::OnceCell<CallerIdentity>>,
}

/// Who the credentials belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
}

impl Clients {
    pub fn new(ctx: AwsContext) -> Self {
        let counters = Arc::new(Counters::default());
        let count = CountAttempts(counters.clone());
        let secrets = aws_sdk_secretsmanager::config::Builder::from(&ctx.config)
            .interceptor(count.clone())
            .build();
        // One attempt per call: retries of LookupEvents are paced by
        // `events::Pacer`, so that a retry cannot break the 2-per-second budget.
        let cloudtrail = aws_sdk_cloudtrail::config::Builder::from(&ctx.config)
            .interceptor(count.clone())
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
            .build();
        let sts = aws_sdk_sts::config::Builder::from(&ctx.config)
            .interceptor(count)
            .build();
        Clients {
            secrets: aws_sdk_secretsmanager::Client::from_conf(secrets),
            cloudtrail: aws_sdk_cloudtrail::Client::from_conf(cloudtrail),
            sts: aws_sdk_sts::Client::from_conf(sts),
            counters,
            pacer: Arc::new(Pacer::new(LOOKUP_INTERVAL)),
            identity: Arc::default(),
            ctx,
        }
    }

    pub fn call_context(&self, action: &str) -> CallContext {
        CallContext {
            action: action.to_string(),
            endpoint: self.ctx.endpoint_label_for(action),
            profile: self.ctx.profile.clone(),
        }
    }

    pub async fn caller_identity(&self) -> Result<CallerIdentity, AwsError> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("sts:GetCallerIdentity")))?;
        Ok(CallerIdentity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
        })
    }

    /// The caller's ARN, asked of STS once per set of clients; None when
    /// STS cannot say (the audit line then says "unknown caller").
    pub async fn caller_arn(&self) -> Option<String> {
        self.signer().await.ok().map(|id| id.arn.clone())
    }

    /// Who signs this set of clients' calls, asked of STS once (a failure
    /// is asked again next time).
    pub async fn signer(&self) -> Result<&CallerIdentity, AwsError> {
        self.identity
            .get_or_try_init(|| self.caller_identity())
            .await
    }

    /// One small ListSecrets page: does listing work at all?
    pub async fn probe_list_secrets(&self) -> Result<usize, AwsError> {
        let out = self
            .secrets
            .list_secrets()
            .max_results(1)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("secretsmanager:ListSecrets")))?;
        Ok(out.secret_list().len())
    }

    /// One small LookupEvents page for Secrets Manager: is CloudTrail readable?
    pub async fn probe_lookup_events(&self) -> Result<usize, AwsError> {
        let attribute = LookupAttribute::builder()
            .attribute_key(LookupAttributeKey::EventSource)
            .attribute_value("secretsmanager.amazonaws.com")
            .build()
            .map_err(|e| AwsError::Other(e.to_string()))?;
        self.pacer.turn().await;
        let out = self
            .cloudtrail
            .lookup_events()
            .lookup_attributes(attribute)
            .max_results(1)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("cloudtrail:LookupEvents")))?;
        Ok(out.events().len())
    }
}
