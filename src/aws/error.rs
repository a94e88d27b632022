//! SDK errors -> `AwsError`, the one error type the rest of sekret sees.

use std::error::Error;

use aws_sdk_secretsmanager::config::http::HttpResponse;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};

use crate::domain::error::AwsError;

/// Where a call was going, for the message.
#[derive(Debug, Clone)]
pub struct CallContext {
    /// IAM action, e.g. `secretsmanager:ListSecrets`.
    pub action: String,
    pub endpoint: String,
    pub profile: Option<String>,
}

/// Classify an SDK error so that the operator is told what to do.
pub fn from_sdk<E>(err: &SdkError<E, HttpResponse>, ctx: &CallContext) -> AwsError
where
    E: ProvideErrorMetadata + Error + 'static,
{
    let chain = error_chain(err);
    match err {
        SdkError::ServiceError(service) => match err.code() {
            Some(code) if code != "Unknown" => from_code(code, err.message().unwrap_or(""), ctx),
            // No AWS error code: whatever answered is not speaking AWS.
            _ => AwsError::Other(format!(
                "{} answered {} with HTTP {} and no AWS error code; is the endpoint right?",
                ctx.endpoint,
                ctx.action,
                service.raw().status().as_u16()
            )),
        },
        SdkError::TimeoutError(_) => AwsError::Timeout {
            endpoint: ctx.endpoint.clone(),
        },
        SdkError::DispatchFailure(failure) => {
            if let Some(found) = credentials_problem(&chain, ctx) {
                found
            } else if failure.is_timeout() {
                AwsError::Timeout {
                    endpoint: ctx.endpoint.clone(),
                }
            } else {
                AwsError::Unreachable {
                    endpoint: ctx.endpoint.clone(),
                    detail: innermost(err),
                }
            }
        }
        SdkError::ResponseError(_) => AwsError::Other(format!(
            "{} answered {} with something that is not an AWS reply ({}); is the endpoint right?",
            ctx.endpoint,
            ctx.action,
            innermost(err)
        )),
        _ => credentials_problem(&chain, ctx).unwrap_or_else(|| {
            AwsError::Other(format!("{} could not be sent: {chain}", ctx.action))
        }),
    }
}

/// Classify an error code AWS answered with.
pub fn from_code(code: &str, message: &str, ctx: &CallContext) -> AwsError {
    match code {
        "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation" => {
            AwsError::AccessDenied {
                action: ctx.action.clone(),
                message: message.to_string(),
            }
        }
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" => {
            AwsError::ExpiredCredentials {
                profile: ctx.profile.clone(),
            }
        }
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => AwsError::Throttled {
            action: ctx.action.clone(),
        },
        "ResourceNotFoundException" => AwsError::NotFound {
            message: message.to_string(),
        },
        _ => AwsError::Service {
            action: ctx.action.clone(),
            code: code.to_string(),
            message: message.to_string(),
        },
    }
}

fn credentials_problem(chain: &str, ctx: &CallContext) -> Option<AwsError> {
    let lower = chain.to_lowercase();
    if lower.contains("no providers in chain provided credentials")
        || lower.contains("credentialsnotloaded")
        || lower.contains("failed to load credentials")
        // A named profile without keys of its own (its provider loads none).
        || lower.contains("credential provider was not enabled")
        || lower.contains("did not contain credential information")
    {
        return Some(AwsError::NoCredentials {
            profile: ctx.profile.clone(),
        });
    }
    if lower.contains("expired") && (lower.contains("token") || lower.contains("sso")) {
        return Some(AwsError::ExpiredCredentials {
            profile: ctx.profile.clone(),
        });
    }
    None
}

/// An error and all its sources, joined with `: `.
pub fn error_chain(err: &(dyn Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// The deepest cause: usually the one that says what really happened
/// ("Connection refused (os error 111)").
fn innermost(err: &(dyn Error + 'static)) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        last = cause.to_string();
        source = cause.source();
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CallContext {
        CallContext {
            action: "secretsmanager:ListSecrets".into(),
            endpoint: "http://127.0.0.1:1".into(),
            profile: Some("prod".into()),
        }
    }

    #[test]
    fn codes_map_to_specific_errors() {
        assert!(matches!(
            from_code("AccessDeniedException", "no", &ctx()),
            AwsError::AccessDenied { .. }
        ));
        assert_eq!(
            from_code("ExpiredTokenException", "", &ctx()),
            AwsError::ExpiredCredentials {
                profile: Some("prod".into())
            }
        );
        assert!(matches!(
            from_code("ThrottlingException", "", &ctx()),
            AwsError::Throttled { .. }
        ));
        assert!(matches!(
            from_code("InvalidParameterException", "bad", &ctx()),
            AwsError::Service { code, .. } if code == "InvalidParameterException"
        ));
    }

    #[test]
    fn credential_chain_failures_are_recognised() {
        assert_eq!(
            credentials_problem(
                "dispatch failure: other: no providers in chain provided credentials",
                &ctx()
            ),
            Some(AwsError::NoCredentials {
                profile: Some("prod".into())
            })
        );
        assert_eq!(
            credentials_problem("the SSO token has expired", &ctx()),
            Some(AwsError::ExpiredCredentials {
                profile: Some("prod".into())
            })
        );
        assert!(matches!(
            credentials_problem(
                "dispatch failure: other: the credential provider was not enabled",
                &ctx()
            ),
            Some(AwsError::NoCredentials { .. })
        ));
        assert_eq!(credentials_problem("connection refused", &ctx()), None);
    }
}
