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
    /// Secrets Manager's custom endpoint (flag or `AWS_ENDPOINT_URL*`),
    /// or None for AWS.
    pub endpoint: Option<String>,
    /// CloudTrail's, which `AWS_ENDPOINT_URL_CLOUDTRAIL` may set apart.
    pub cloudtrail_endpoint: Option<String>,
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
    check_endpoints(opts.endpoint_url.as_deref())?;
    let named = opts
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()));
    // The SDK would quietly sign with other credentials (the environment's)
    // when the named profile does not exist: a typo must not reach another
    // account. (`default` may be absent: it means "no profile".)
    if let Some(name) = named.as_deref().filter(|n| *n != "default")
        && let Ok(profiles) = super::profiles::list().await
        && !profiles.iter().any(|p| p.name == name)
    {
        return Err(AwsError::UnknownProfile {
            profile: name.to_string(),
            known: profiles.into_iter().map(|p| p.name).collect(),
        });
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(retries());
    if let Some(profile) = &opts.profile {
        // A profile named on purpose (flag, `:profile`, the config file)
        // signs with its own credentials, as the AWS CLI does: the
        // environment's AWS_ACCESS_KEY_ID is not consulted. With only
        // AWS_PROFILE set, the default chain stays (environment keys
        // first), which is also what the AWS CLI does.
        let credentials = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .profile_name(profile)
            .build();
        loader = loader
            .profile_name(profile)
            .credentials_provider(credentials);
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
    let profile = named;
    // The SDK's order: the flag (set in code), then the service's own
    // variable, then the shared one.
    let for_service = |var: &str| {
        opts.endpoint_url
            .clone()
            .or_else(|| std::env::var(var).ok().filter(|v| !v.is_empty()))
            .or_else(|| config.endpoint_url().map(str::to_string))
    };
    let endpoint = for_service("AWS_ENDPOINT_URL_SECRETS_MANAGER");
    let cloudtrail_endpoint = for_service("AWS_ENDPOINT_URL_CLOUDTRAIL");
    Ok(AwsContext {
        config,
        profile,
        region,
        endpoint,
        cloudtrail_endpoint,
    })
}

/// Every endpoint URL sekret would use, from the flag or the environment,
/// must be an http(s) URL with a host: the SDK's own message for a bad one
/// names the default endpoint instead.
fn check_endpoints(flag: Option<&str>) -> Result<(), AwsError> {
    let from_env = [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
        "AWS_ENDPOINT_URL_CLOUDTRAIL",
        "AWS_ENDPOINT_URL_STS",
    ]
    .map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    for url in flag
        .map(str::to_string)
        .into_iter()
        .chain(from_env.into_iter().flatten())
    {
        if let Some(why) = endpoint_problem(&url) {
            return Err(AwsError::BadEndpoint {
                url,
                why: why.into(),
            });
        }
    }
    Ok(())
}

/// What is wrong with `url` as an endpoint, if anything.
pub fn endpoint_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("it must start with http:// or https://");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Some("it has no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains spaces or control characters");
    }
    None
}

impl AwsContext {
    /// The endpoint as shown to the operator.
    pub fn endpoint_label(&self) -> String {
        match &self.endpoint {
            Some(url) => url.clone(),
            None => format!("https://secretsmanager.{}.amazonaws.com", self.region),
        }
    }

    /// The endpoint a call of `action` (`cloudtrail:LookupEvents`, …)
    /// goes to, as shown to the operator: an error names the endpoint that
    /// failed, not Secrets Manager's.
    pub fn endpoint_label_for(&self, action: &str) -> String {
        match action.split(':').next() {
            Some("cloudtrail") => match &self.cloudtrail_endpoint {
                Some(url) => url.clone(),
                None => format!("https://cloudtrail.{}.amazonaws.com", self.region),
            },
            _ => self.endpoint_label(),
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

#[cfg(test)]
mod tests {
    use super::endpoint_problem;

    #[test]
    fn endpoints_must_be_http_urls_with_a_host() {
        for good in [
            "http://127.0.0.1:4566",
            "https://secretsmanager.eu-west-1.amazonaws.com",
            "http://localhost/",
        ] {
            assert_eq!(endpoint_problem(good), None, "{good}");
        }
        for bad in [
            "notaurl",
            "127.0.0.1:4566",
            "ftp://x",
            "http://",
            "http://:80",
            "http://a b",
        ] {
            assert!(endpoint_problem(bad).is_some(), "{bad}");
        }
    }
}
