//! Counting every HTTP attempt the SDK makes (its retries included) and
//! every throttled answer, for the health pane. The SDK retries inside
//! `send()`, so only an interceptor sees the attempts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_sdk_secretsmanager::config::interceptors::FinalizerInterceptorContextRef;
use aws_sdk_secretsmanager::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_secretsmanager::error::BoxError;

#[derive(Debug, Default)]
pub struct Counters {
    pub attempts: AtomicU64,
    pub throttled: AtomicU64,
}

impl Counters {
    pub fn snapshot(&self) -> (u64, u64) {
        (
            self.attempts.load(Ordering::Relaxed),
            self.throttled.load(Ordering::Relaxed),
        )
    }
}

#[derive(Debug, Clone)]
pub struct CountAttempts(pub Arc<Counters>);

impl Intercept for CountAttempts {
    fn name(&self) -> &'static str {
        "CountAttempts"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.attempts.fetch_add(1, Ordering::Relaxed);
        if let Some(response) = context.response() {
            let status = response.status().as_u16();
            let code = response
                .headers()
                .get("x-amzn-errortype")
                .unwrap_or_default();
            if status == 429
                || code.starts_with("Throttling")
                || code.starts_with("TooManyRequests")
            {
                self.0.throttled.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    }
}
