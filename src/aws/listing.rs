//! Listing every secret: page by page (`--sequential`), or as a sweep of
//! name-sorted pages (`domain::sweep`) that starts as the plain listing
//! does and adds walkers only as the pages show the account is large; at
//! most `concurrency` requests in flight, halving that on throttling.
//!
//! Secrets are handed over as pages arrive, each once (by ARN) and only
//! when its name matches the walker that found it (AWS may answer a
//! superset). A check keeps the sweep honest: a page out of name order
//! means AWS sorts otherwise than assumed, and the listing is made again
//! page by page.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};

use super::Clients;
use super::secrets::Page;
use crate::domain::arn_set::ArnSet;
use crate::domain::error::AwsError;
use crate::domain::secret::SecretMeta;
use crate::domain::sweep::{Dir, Request, Sweep};

/// Requests in flight by default: far under ListSecrets' rate limit.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// How to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strategy {
    pub parallel: bool,
    pub concurrency: usize,
}

impl Strategy {
    /// Parallel unless `sequential`; `concurrency` None is the default.
    pub fn new(sequential: bool, concurrency: Option<usize>) -> Strategy {
        Strategy {
            parallel: !sequential,
            concurrency: concurrency.unwrap_or(DEFAULT_CONCURRENCY),
        }
    }
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy {
            parallel: true,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// What a listing cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// ListSecrets pages read.
    pub pages: usize,
    /// The parallel listing missed a secret and was made again page by page.
    pub fell_back: bool,
}

/// Where a listing reports to: the new secrets of each ListSecrets page,
/// answering false when no one is listening any more; and each call made,
/// for the health pane.
pub trait Sink {
    fn secrets(&mut self, batch: Vec<SecretMeta>) -> bool;
    fn call(&mut self, _operation: &'static str, _latency: Duration, _error: Option<&AwsError>) {}
}

/// A sink that gathers the whole listing.
pub struct Collect(pub Vec<SecretMeta>);

impl Sink for Collect {
    fn secrets(&mut self, batch: Vec<SecretMeta>) -> bool {
        self.0.extend(batch);
        true
    }
}

type Pending<'a> =
    Pin<Box<dyn Future<Output = (Request, Result<Page, AwsError>, Duration)> + Send + 'a>>;

impl Clients {
    pub async fn list_streaming(
        &self,
        strategy: Strategy,
        sink: &mut (dyn Sink + Send),
    ) -> Result<Stats, AwsError> {
        let mut found = ArnSet::default();
        let mut stats = Stats::default();
        if strategy.parallel {
            match self
                .list_parallel(strategy.concurrency.max(1), sink, &mut found, &mut stats)
                .await?
            {
                Outcome::Done => return Ok(stats),
                Outcome::Stopped => return Ok(stats),
                Outcome::Missed => stats.fell_back = true,
            }
        }
        self.list_sequential(sink, &mut found, &mut stats).await?;
        Ok(stats)
    }

    async fn list_sequential(
        &self,
        sink: &mut (dyn Sink + Send),
        found: &mut ArnSet,
        stats: &mut Stats,
    ) -> Result<(), AwsError> {
        let mut token = None;
        loop {
            let began = Instant::now();
            let result = patiently(|| self.list_secrets_page(token.clone())).await;
            sink.call("ListSecrets", began.elapsed(), result.as_ref().err());
            let page = result?;
            stats.pages += 1;
            if !sink.secrets(new_only(page.secrets, found)) {
                return Ok(());
            }
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(()),
            }
        }
    }

    /// The sweep (`domain::sweep`): walkers over name-sorted pages, added
    /// only as the pages show the account is large.
    async fn list_parallel(
        &self,
        concurrency: usize,
        sink: &mut (dyn Sink + Send),
        found: &mut ArnSet,
        stats: &mut Stats,
    ) -> Result<Outcome, AwsError> {
        let mut sweep = Sweep::new(concurrency);
        let mut queue: VecDeque<Request> = VecDeque::new();
        let mut limit = concurrency;
        let mut calm = 0usize;
        let mut throttled = 0usize;
        let mut in_flight: FuturesUnordered<Pending<'_>> = FuturesUnordered::new();
        loop {
            queue.extend(sweep.ready());
            while in_flight.len() < limit {
                let Some(request) = queue.pop_front() else {
                    break;
                };
                in_flight.push(self.walk(request, Duration::ZERO));
            }
            let Some((request, result, latency)) = in_flight.next().await else {
                break;
            };
            sink.call("ListSecrets", latency, result.as_ref().err());
            let page = match result {
                Ok(page) => page,
                Err(error @ AwsError::Throttled { .. }) => {
                    // The SDK's own retries gave up: slow down, try again
                    // later — unless AWS has refused for too long.
                    throttled += 1;
                    if throttled > MAX_THROTTLED {
                        return Err(error);
                    }
                    limit = (limit / 2).max(1);
                    calm = 0;
                    in_flight.push(self.walk(request, Duration::from_millis(500)));
                    continue;
                }
                Err(error) => return Err(error),
            };
            calm += 1;
            throttled = 0;
            if limit < concurrency && calm >= 2 * limit {
                limit += 1;
                calm = 0;
            }
            stats.pages += 1;
            let walker = &sweep.walkers()[request.walker];
            let mine: Vec<SecretMeta> = page
                .secrets
                .into_iter()
                .filter(|s| {
                    walker.prefixes.is_empty()
                        || walker
                            .prefixes
                            .iter()
                            .any(|p| s.name().starts_with(p.as_str()))
                })
                .collect();
            let names: Vec<&str> = mine.iter().map(SecretMeta::name).collect();
            if let Err(order) = sweep.answer(request.walker, &names, page.next_token) {
                // AWS's name order is not the bytes' order assumed here.
                tracing::warn!(
                    before = %order.before,
                    after = %order.after,
                    "ListSecrets sorted by name out of byte order; listing again page by page"
                );
                return Ok(Outcome::Missed);
            }
            if !sink.secrets(new_only(mine, found)) {
                return Ok(Outcome::Stopped);
            }
            if sweep.done() {
                break;
            }
        }
        Ok(if sweep.done() {
            Outcome::Done
        } else {
            Outcome::Missed
        })
    }

    fn walk<'a>(&'a self, request: Request, wait: Duration) -> Pending<'a> {
        Box::pin(async move {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let began = Instant::now();
            let result = self
                .list_sorted_page(
                    &request.prefixes,
                    request.dir == Dir::Down,
                    request.token.clone(),
                )
                .await;
            (request, result, began.elapsed())
        })
    }
}

/// Throttled answers in a row (after the SDK's own retries) before a
/// listing gives up.
const MAX_THROTTLED: usize = 30;

/// A call that the SDK's retries gave up on because of throttling is
/// tried again after a growing pause (0.5 s … 4 s), a few times.
pub(crate) async fn patiently<T, F, Fut>(call: F) -> Result<T, AwsError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, AwsError>>,
{
    let mut pause = Duration::from_millis(500);
    for _ in 0..5 {
        match call().await {
            Err(AwsError::Throttled { .. }) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(4));
            }
            other => return other,
        }
    }
    call().await
}

enum Outcome {
    Done,
    Stopped,
    Missed,
}

/// The secrets not handed over yet.
fn new_only(secrets: Vec<SecretMeta>, found: &mut ArnSet) -> Vec<SecretMeta> {
    secrets
        .into_iter()
        .filter(|s| found.insert(s.arn()))
        .collect()
}
