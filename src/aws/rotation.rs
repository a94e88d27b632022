//! Watching a rotation until it ends, within the API's budgets: one
//! DescribeSecret a second at first, slowing to one every 5 s, and a paced
//! CloudTrail lookup (RotationFailed) at most every 5 s. Shared by the
//! console and `sekret rotate --wait`.

use std::time::{Duration, Instant};

use super::Clients;
use super::events::LOOKUP_INTERVAL;
use crate::domain::error::AwsError;
use crate::domain::event::AccessEvent;
use crate::domain::rotation::{self, Phase};
use crate::domain::secret::Timestamp;

/// How long a watch waits for AWSCURRENT to move before calling the
/// rotation stuck. Rotation functions usually finish within a minute.
pub const WATCH_LIMIT: Duration = Duration::from_secs(300);
const FIRST_POLL: Duration = Duration::from_secs(1);
const SLOWEST_POLL: Duration = Duration::from_secs(5);
const FAILURE_CHECK_EVERY: Duration = Duration::from_secs(5);
/// CloudTrail keeps whole seconds and the clocks differ a little.
const CLOCK_SLACK_S: i64 = 60;

/// What a watch reports while it runs.
pub enum Watched<'a> {
    /// One AWS call made (for the health pane).
    Call {
        operation: &'static str,
        latency: Duration,
        error: Option<&'a AwsError>,
    },
    /// The rotation moved on (or the labels changed).
    Progress {
        phase: &'a Phase,
        stages: &'a crate::domain::secret::Stages,
    },
}

impl Clients {
    /// Follow the rotation that made `version` on `arn` (started at
    /// `since`) until it succeeds, fails, is cancelled or `limit` passes.
    pub async fn watch_rotation(
        &self,
        arn: &str,
        version: &str,
        since: Timestamp,
        limit: Duration,
        report: &mut (dyn FnMut(Watched<'_>) + Send),
    ) -> Result<Phase, AwsError> {
        let began = Instant::now();
        let mut poll = FIRST_POLL;
        let mut failure: Option<String> = None;
        let mut last_check: Option<Instant> = None;
        let mut last: Option<(Phase, crate::domain::secret::Stages)> = None;
        loop {
            let call = Instant::now();
            let described = self.describe_secret(arn).await;
            report(Watched::Call {
                operation: "DescribeSecret",
                latency: call.elapsed(),
                error: described.as_ref().err(),
            });
            let stages = match described {
                Ok(meta) => meta.version_stages,
                Err(e) if transient(&e) => last.as_ref().map(|l| l.1.clone()).unwrap_or_default(),
                Err(e) => return Err(e),
            };
            let phase = rotation::observe(&stages, version, failure.as_deref());
            if last.as_ref() != Some(&(phase.clone(), stages.clone())) {
                report(Watched::Progress {
                    phase: &phase,
                    stages: &stages,
                });
                last = Some((phase.clone(), stages));
            }
            if phase.is_final() {
                return Ok(phase);
            }
            if began.elapsed() >= limit {
                let timed_out = Phase::TimedOut {
                    after_s: began.elapsed().as_secs(),
                };
                return Ok(timed_out);
            }
            if last_check.is_none_or(|t| t.elapsed() >= FAILURE_CHECK_EVERY) {
                last_check = Some(Instant::now());
                let call = Instant::now();
                match self.rotation_events(arn, since - CLOCK_SLACK_S).await {
                    Ok(events) => {
                        report(Watched::Call {
                            operation: "LookupEvents",
                            latency: call.elapsed().saturating_sub(LOOKUP_INTERVAL),
                            error: None,
                        });
                        failure = rotation::failure(&events, version, since - CLOCK_SLACK_S);
                        if failure.is_some() {
                            continue; // report it now, not after the next sleep
                        }
                    }
                    // CloudTrail is a second opinion: without it the labels
                    // and the time limit still tell the story.
                    Err(e) => report(Watched::Call {
                        operation: "LookupEvents",
                        latency: call.elapsed(),
                        error: Some(&e),
                    }),
                }
            }
            tokio::time::sleep(poll).await;
            poll = (poll * 3 / 2).min(SLOWEST_POLL);
        }
    }

    /// The rotation events CloudTrail holds for one secret since `start`.
    async fn rotation_events(
        &self,
        arn: &str,
        start: Timestamp,
    ) -> Result<Vec<AccessEvent>, AwsError> {
        let mut events = Vec::new();
        self.lookup_resource(arn, start, |page| {
            events.extend(page.into_iter().filter(AccessEvent::is_rotation))
        })
        .await?;
        Ok(events)
    }
}

fn transient(e: &AwsError) -> bool {
    matches!(
        e,
        AwsError::Throttled { .. } | AwsError::Unreachable { .. } | AwsError::Timeout { .. }
    )
}
