//! Loading AWS configuration the way the AWS CLI does, plus sekret's timeouts.
//!
//! Profiles, regions, SSO, `AWS_ENDPOINT_URL` and the per-service
//! `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL_CLOUDTRAIL` are all
//! honoured by aws-config itself; sekret adds the flags on top and sets the
//! timeouts the SDK leaves open by default (it has no read timeout).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;

use crate::domain::error::AwsError;

/// What the operator chose on the command line (each falls back to the
/// usual AWS environment variables and config files when absent).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// The config file's region: used only when nothing else names one.
    pub fallback_region: Option<String>,
}

/// A loaded configuration and where it points.
#[derive(Debug, Clone)]
pub struct AwsContext {
    pub config: SdkConfig,
    /// The profile in use, if any was named (flag or `AWS_PROFILE`).
    pub profile: Option<String>,
    pub region: String,
    /// A custom endpoint (flag or `AWS_ENDPOINT_URL*`), or None for AWS.
    pub endpoint: Option<String>,
}

/// Connect 3 s, first byte 10 s, one attempt 20 s, the whole call with retries 60 s.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .read_timeout(Duration::from_secs(10))
        .operation_attempt_timeout(Duration::from_secs(20))
        .operation_timeout(Duration::from_secs(60))
        .build()
}

/// Standard retry mode: exponential backoff with jitter, 3 attempts.
pub fn retries() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(3)
}

pub async fn load(opts: &ConnectOptions) -> Result<AwsContext, AwsError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(retries());
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let mut config = loader.load().await;
    if config.region().is_none()
        && let Some(fallback) = &opts.fallback_region
    {
        config = config
            .into_builder()
            .region(Region::new(fallback.clone()))
            .build();
    }
    let region = config.region().ok_or(AwsError::NoRegion)?.to_string();
    let profile = opts
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()));
    let endpoint = opts
        .endpoint_url
        .clone()
        .or_else(|| config.endpoint_url().map(str::to_string))
        .or_else(|| std::env::var("AWS_ENDPOINT_URL_SECRETS_MANAGER").ok());
    Ok(AwsContext {
        config,
        profile,
        region,
        endpoint,
    })
}

impl AwsContext {
    /// The endpoint as shown to the operator.
    pub fn endpoint_label(&self) -> String {
        match &self.endpoint {
            Some(url) => url.clone(),
            None => format!("https://secretsmanager.{}.amazonaws.com", self.region),
        }
    }

    /// Resolve credentials now, so that a missing or expired login is
    /// reported before any AWS call; returns the access key id.
    pub async fn check_credentials(&self) -> Result<String, AwsError> {
        let provider =
            self.config
                .credentials_provider()
                .ok_or_else(|| AwsError::NoCredentials {
                    profile: self.profile.clone(),
                })?;
        let creds = provider
            .provide_credentials()
            .await
            .map_err(|e| credentials_error(&e, &self.profile))?;
        if let Some(expiry) = creds.expiry()
            && expiry <= std::time::SystemTime::now()
        {
            return Err(AwsError::ExpiredCredentials {
                profile: self.profile.clone(),
            });
        }
        Ok(creds.access_key_id().to_string())
    }
}

fn credentials_error(err: &CredentialsError, profile: &Option<String>) -> AwsError {
    let text = crate::aws::error::error_chain(err).to_lowercase();
    match err {
        CredentialsError::CredentialsNotLoaded(_) => AwsError::NoCredentials {
            profile: profile.clone(),
        },
        _ if text.contains("expired") || text.contains("sso session") => {
            AwsError::ExpiredCredentials {
                profile: profile.clone(),
            }
        }
        _ => AwsError::Other(format!(
            "could not load AWS credentials: {}",
            crate::aws::error::error_chain(err)
        )),
    }
}
