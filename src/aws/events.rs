//! CloudTrail LookupEvents within the real API's budget.
//!
//! LookupEvents allows 2 requests per second per account and region. Every
//! call sekret makes goes through one `Pacer` shared by all tasks, which
//! spaces requests a little over 500 ms apart (network jitter must not
//! bunch three into one second at the server). The CloudTrail client makes
//! one attempt per call (see `Clients::new`): a retry is another paced
//! request, taken here, with backoff, never behind the pacer's back.

use std::time::{Duration, Instant};

use aws_sdk_cloudtrail::primitives::DateTime;
use aws_sdk_cloudtrail::types::{Event, LookupAttribute, LookupAttributeKey};
use tokio::sync::Mutex;

use super::Clients;
use super::error::from_sdk;
use crate::domain::error::AwsError;
use crate::domain::event::{
    AccessEvent, Completeness, EventEnvelope, Pivot, SECRETS_MANAGER, Target,
};
use crate::domain::secret::Timestamp;

/// Time between two LookupEvents requests: under 2 per second, with room
/// for jitter.
pub const LOOKUP_INTERVAL: Duration = Duration::from_millis(550);
/// LookupEvents' largest page.
const PAGE_SIZE: i32 = 50;
/// Pages read per lookup before stopping (visibly) short: 2,000 events,
/// about 22 seconds of the budget.
pub const MAX_PAGES: u32 = 40;
/// Throttled or unreachable: retried this often, 1 s, 2 s, 4 s … apart.
const RETRIES: u32 = 4;

/// Spaces requests `interval` apart across every task that shares it.
#[derive(Debug)]
pub struct Pacer {
    next: Mutex<Instant>,
    interval: Duration,
}

impl Pacer {
    pub fn new(interval: Duration) -> Pacer {
        Pacer {
            next: Mutex::new(Instant::now()),
            interval,
        }
    }

    /// Wait for this request's turn. Waiters queue on the lock, so turns
    /// are handed out one interval apart, in order.
    pub async fn turn(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until((*next).into()).await;
        }
        *next = Instant::now().max(*next) + self.interval;
    }
}

/// One lookup attribute, as CloudTrail allows one per request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lookup {
    ResourceName(String),
    EventSource,
    Username(String),
    AccessKey(String),
}

/// The lookups that together find every event of a target. A secret needs
/// two: by resource (its ARN), then every Secrets Manager event matched on
/// the client, because `secretId` may be a name or a partial ARN and some
/// events carry no resource.
fn lookups(target: &Target) -> Vec<Lookup> {
    match target {
        Target::Secret { arn, .. } => vec![Lookup::ResourceName(arn.clone()), Lookup::EventSource],
        Target::All => vec![Lookup::EventSource],
        Target::Pivot(Pivot::Username(u)) => vec![Lookup::Username(u.clone())],
        Target::Pivot(Pivot::AccessKey(k)) => vec![Lookup::AccessKey(k.clone())],
        Target::Pivot(Pivot::Principal(_)) => vec![Lookup::EventSource],
    }
}

impl Lookup {
    fn attribute(&self) -> Result<LookupAttribute, AwsError> {
        let (key, value) = match self {
            Lookup::ResourceName(arn) => (LookupAttributeKey::ResourceName, arn.as_str()),
            Lookup::EventSource => (LookupAttributeKey::EventSource, SECRETS_MANAGER),
            Lookup::Username(u) => (LookupAttributeKey::Username, u.as_str()),
            Lookup::AccessKey(k) => (LookupAttributeKey::AccessKeyId, k.as_str()),
        };
        LookupAttribute::builder()
            .attribute_key(key)
            .attribute_value(value)
            .build()
            .map_err(|e| AwsError::Other(e.to_string()))
    }
}

pub struct Page {
    pub events: Vec<AccessEvent>,
    pub next_token: Option<String>,
    /// The request's own time, not the wait for its turn.
    pub latency: Duration,
}

impl Clients {
    /// Every event of `target` from `start` to `end` (now when None), newest
    /// first within each lookup, handed to `on_page` page by page as they
    /// arrive (with the request's own latency) so that a pane fills at once.
    pub async fn lookup_events(
        &self,
        target: &Target,
        start: Timestamp,
        end: Option<Timestamp>,
        mut on_page: impl FnMut(Vec<AccessEvent>, Duration),
    ) -> Result<Completeness, AwsError> {
        let mut completeness = Completeness::Complete;
        for lookup in lookups(target) {
            let mut token = None;
            let mut pages = 0;
            let mut scanned = 0;
            loop {
                let page = self.lookup_page(&lookup, start, end, token).await?;
                pages += 1;
                scanned += page.events.len();
                let kept = page.events.into_iter().filter(|e| target.keeps(e));
                on_page(kept.collect(), page.latency);
                token = page.next_token;
                if token.is_none() {
                    break;
                }
                if pages >= MAX_PAGES {
                    completeness = Completeness::Truncated { scanned };
                    break;
                }
            }
        }
        Ok(completeness)
    }

    /// Events whose resources name `arn` since `start` (at most a few
    /// pages: the rotation watch wants the latest, not the history).
    pub async fn lookup_resource(
        &self,
        arn: &str,
        start: Timestamp,
        mut on_page: impl FnMut(Vec<AccessEvent>),
    ) -> Result<(), AwsError> {
        let lookup = Lookup::ResourceName(arn.to_string());
        let mut token = None;
        for _ in 0..4 {
            let page = self.lookup_page(&lookup, start, None, token).await?;
            on_page(page.events);
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(())
    }

    /// One paced page, retried with backoff while throttled or unreachable.
    async fn lookup_page(
        &self,
        lookup: &Lookup,
        start: Timestamp,
        end: Option<Timestamp>,
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        let mut backoff = Duration::from_secs(1);
        let mut attempt = 0;
        loop {
            self.pacer.turn().await;
            match self.lookup_once(lookup, start, end, token.clone()).await {
                Err(
                    err @ (AwsError::Throttled { .. }
                    | AwsError::Unreachable { .. }
                    | AwsError::Timeout { .. }),
                ) if attempt < RETRIES => {
                    tracing::debug!(error = %err, ?backoff, "LookupEvents backing off");
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn lookup_once(
        &self,
        lookup: &Lookup,
        start: Timestamp,
        end: Option<Timestamp>,
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        let began = Instant::now();
        let out = self
            .cloudtrail
            .lookup_events()
            .lookup_attributes(lookup.attribute()?)
            .start_time(DateTime::from_secs(start))
            .set_end_time(end.map(DateTime::from_secs))
            .max_results(PAGE_SIZE)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("cloudtrail:LookupEvents")))?;
        Ok(Page {
            events: out.events().iter().map(from_sdk_event).collect(),
            next_token: out.next_token().map(str::to_string),
            latency: began.elapsed(),
        })
    }
}

fn from_sdk_event(e: &Event) -> AccessEvent {
    let text = |s: Option<&str>| s.map(str::to_string);
    let envelope = EventEnvelope {
        id: e.event_id().unwrap_or_default().to_string(),
        time: e.event_time().map(|t| t.secs()).unwrap_or_default(),
        name: e.event_name().unwrap_or_default().to_string(),
        source: e.event_source().unwrap_or_default().to_string(),
        username: text(e.username()),
        access_key: text(e.access_key_id()),
        resources: e
            .resources()
            .iter()
            .filter_map(|r| text(r.resource_name()))
            .collect(),
    };
    AccessEvent::parse(envelope, e.cloud_trail_event().unwrap_or("{}").to_string())
}
