//! Errors from AWS, classified so that the operator learns what to do next.
//!
//! The `aws` layer turns SDK errors into these; everything above it (the
//! console, the CLI) only sees this type. Messages never contain secret
//! values: they are built from error codes, AWS's own messages and names.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    /// No credentials could be found anywhere in the provider chain.
    #[error("no AWS credentials found{}", for_profile(profile))]
    NoCredentials { profile: Option<String> },
    /// The credentials (often an SSO session) have expired.
    #[error("the AWS credentials{} have expired", for_profile(profile))]
    ExpiredCredentials { profile: Option<String> },
    /// No region was configured.
    #[error("no AWS region is configured")]
    NoRegion,
    /// A profile was named that the AWS config files do not have.
    #[error("the AWS config files have no profile {profile}")]
    UnknownProfile { profile: String, known: Vec<String> },
    /// An endpoint URL that is not one (`--endpoint-url`, `AWS_ENDPOINT_URL…`).
    #[error("{url:?} is not an endpoint URL: {why}")]
    BadEndpoint { url: String, why: String },
    /// The endpoint could not be reached (refused, DNS, TLS, dropped).
    #[error("cannot reach {endpoint}: {detail}")]
    Unreachable { endpoint: String, detail: String },
    /// The call timed out.
    #[error("{endpoint} did not answer in time")]
    Timeout { endpoint: String },
    /// The principal lacks a permission.
    #[error("access denied for {action}: {message}")]
    AccessDenied { action: String, message: String },
    /// AWS kept throttling after the SDK's retries.
    #[error("{action} is being throttled by AWS (retried with backoff)")]
    Throttled { action: String },
    /// The named secret does not exist (or is not visible).
    #[error("not found: {message}")]
    NotFound { message: String },
    /// Any other error AWS answered with.
    #[error("{action} failed: {code}: {message}")]
    Service {
        action: String,
        code: String,
        message: String,
    },
    /// A mutating call refused because sekret runs read-only.
    #[error("refused: {action} changes the secret and sekret is in read-only mode ({why})")]
    ReadOnly { action: String, why: String },
    /// A change based on an earlier read, stopped because the secret's
    /// labels moved since (someone else changed it).
    #[error("{0}")]
    Conflict(Box<super::conflict::Conflict>),
    /// Something that is none of the above (bad configuration, bad reply).
    #[error("{0}")]
    Other(String),
}

/// ` for profile P`, or nothing.
fn for_profile(profile: &Option<String>) -> String {
    profile
        .as_ref()
        .map(|p| format!(" for profile {p}"))
        .unwrap_or_default()
}

impl AwsError {
    /// What the operator can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        let profile_flag = |p: &Option<String>| match p {
            Some(p) => format!(" --profile {p}"),
            None => String::new(),
        };
        match self {
            AwsError::NoCredentials { profile } => Some(format!(
                "set AWS_PROFILE or pass --profile, or configure credentials with \
                 `aws configure{0}` (SSO profiles: `aws sso login{0}`)",
                profile_flag(profile)
            )),
            AwsError::ExpiredCredentials { profile } => Some(format!(
                "log in again with `aws sso login{}` (or refresh your temporary credentials), then retry",
                profile_flag(profile)
            )),
            AwsError::NoRegion => Some(
                "pass --region, set AWS_REGION, or set `region` for the profile in ~/.aws/config"
                    .to_string(),
            ),
            AwsError::UnknownProfile { profile, known } => Some(match known.len() {
                0 => format!(
                    "no profiles are configured (~/.aws/config, ~/.aws/credentials, or the files \
                     AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name); \
                     `aws configure --profile {profile}` makes one"
                ),
                _ => format!("the profiles configured are: {}", known.join(", ")),
            }),
            AwsError::BadEndpoint { .. } => {
                Some("an endpoint looks like https://host or http://127.0.0.1:4566".to_string())
            }
            AwsError::Unreachable { .. } => Some(
                "check --endpoint-url / AWS_ENDPOINT_URL, the network and any proxy settings"
                    .to_string(),
            ),
            AwsError::Timeout { .. } => {
                Some("the endpoint answered too slowly; check the network, then retry".to_string())
            }
            AwsError::AccessDenied { action, .. } => {
                Some(format!("the caller's IAM policy must allow {action}"))
            }
            AwsError::Throttled { .. } => {
                Some("AWS is rate-limiting this account; wait a moment and retry".to_string())
            }
            AwsError::Conflict(_) => Some(
                "someone else changed the secret: look at what is there now, then decide again"
                    .to_string(),
            ),
            _ => None,
        }
    }
}

impl AwsError {
    /// A few words for a pane title; the full text goes in the pane.
    pub fn short(&self) -> String {
        match self {
            AwsError::NoCredentials { .. } => "no credentials".into(),
            AwsError::ExpiredCredentials { .. } => "credentials expired".into(),
            AwsError::NoRegion => "no region".into(),
            AwsError::UnknownProfile { .. } => "unknown profile".into(),
            AwsError::BadEndpoint { .. } => "bad endpoint".into(),
            AwsError::Unreachable { .. } => "unreachable".into(),
            AwsError::Timeout { .. } => "timed out".into(),
            AwsError::AccessDenied { action, .. } => format!("access denied ({action})"),
            AwsError::Throttled { .. } => "throttled, try again shortly".into(),
            AwsError::NotFound { .. } => "not found".into(),
            AwsError::Service { code, .. } => code.clone(),
            AwsError::ReadOnly { .. } => "read-only".into(),
            AwsError::Conflict(_) => "changed meanwhile".into(),
            AwsError::Other(_) => "error".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_sso_names_the_login_command_with_the_profile() {
        let err = AwsError::ExpiredCredentials {
            profile: Some("prod".into()),
        };
        assert_eq!(
            err.to_string(),
            "the AWS credentials for profile prod have expired"
        );
        assert!(err.hint().unwrap().contains("aws sso login --profile prod"));
        assert_eq!(
            AwsError::NoCredentials { profile: None }.to_string(),
            "no AWS credentials found"
        );
        assert_eq!(
            AwsError::NoCredentials {
                profile: Some("dev".into())
            }
            .to_string(),
            "no AWS credentials found for profile dev"
        );
    }

    #[test]
    fn access_denied_names_the_missing_permission() {
        let err = AwsError::AccessDenied {
            action: "secretsmanager:ListSecrets".into(),
            message: "User: x is not authorized".into(),
        };
        assert!(err.hint().unwrap().contains("secretsmanager:ListSecrets"));
    }
}
