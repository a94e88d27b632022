//! Listing every secret: page by page (`--sequential`), or in parallel
//! over disjoint name prefixes (`domain::partition`), at most
//! `concurrency` requests in flight, halving that on throttling.
//!
//! Secrets are handed over as pages arrive, each once (by ARN) and only
//! when its name matches the partition that found it (AWS may answer a
//! superset). A check keeps the parallel path honest: every secret of the
//! first, unfiltered page must be found again by the partitions; if one is
//! not, the filter does not behave as assumed here, and the listing is
//! made again page by page.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};

use super::Clients;
use super::secrets::Page;
use crate::domain::arn_set::ArnSet;
use crate::domain::error::AwsError;
use crate::domain::partition::{self, Partition, SAMPLE};
use crate::domain::secret::SecretMeta;

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
    /// DescribeSecret lookups of names equal to a split prefix.
    pub lookups: usize,
    /// The parallel listing missed a secret and was made again page by page.
    pub fell_back: bool,
}

/// Where a listing reports to: the new secrets of each ListSecrets page
/// (`page`), or of a lookup by name (not a page), answering false when no
/// one is listening any more; and each call made, for the health pane.
pub trait Sink {
    fn secrets(&mut self, batch: Vec<SecretMeta>, page: bool) -> bool;
    fn call(&mut self, _operation: &'static str, _latency: Duration, _error: Option<&AwsError>) {}
}

/// A sink that gathers the whole listing.
pub struct Collect(pub Vec<SecretMeta>);

impl Sink for Collect {
    fn secrets(&mut self, batch: Vec<SecretMeta>, _page: bool) -> bool {
        self.0.extend(batch);
        true
    }
}

enum Job {
    Page { part: usize, token: Option<String> },
    Lookup(String),
}

enum Answer {
    Page(Page),
    Lookup(Option<Box<SecretMeta>>),
}

type Pending<'a> =
    Pin<Box<dyn Future<Output = (Job, Result<Answer, AwsError>, Duration)> + Send + 'a>>;

struct Part {
    partition: Partition,
    pages: usize,
    sample: Vec<String>,
}

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
            if !sink.secrets(new_only(page.secrets, found), true) {
                return Ok(());
            }
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(()),
            }
        }
    }

    async fn list_parallel(
        &self,
        concurrency: usize,
        sink: &mut (dyn Sink + Send),
        found: &mut ArnSet,
        stats: &mut Stats,
    ) -> Result<Outcome, AwsError> {
        let began = Instant::now();
        let result = patiently(|| self.list_secrets_page(None)).await;
        sink.call("ListSecrets", began.elapsed(), result.as_ref().err());
        let first = result?;
        stats.pages += 1;
        let more = first.next_token.is_some();
        // The first page's secrets must turn up again in the partitions.
        let mut unconfirmed = ArnSet::default();
        for s in &first.secrets {
            unconfirmed.insert(s.arn());
        }
        let first_names: Vec<String> = first.secrets.iter().map(|s| s.name().to_string()).collect();
        if !sink.secrets(new_only(first.secrets, found), true) {
            return Ok(Outcome::Stopped);
        }
        if !more {
            return Ok(Outcome::Done);
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut queue: VecDeque<Job> = VecDeque::new();
        let sample: Vec<&str> = first_names.iter().map(String::as_str).collect();
        let root = partition::root(&sample);
        for partition in root.children {
            queue.push_back(Job::Page {
                part: parts.len(),
                token: None,
            });
            parts.push(Part {
                partition,
                pages: 0,
                sample: Vec::new(),
            });
        }
        queue.extend(root.exact.into_iter().map(Job::Lookup));
        // Partitions still being listed (queued or in flight).
        let mut open = parts.len();
        let mut limit = concurrency;
        let mut calm = 0usize;
        let mut throttled = 0usize;
        let mut in_flight: FuturesUnordered<Pending<'_>> = FuturesUnordered::new();
        loop {
            while in_flight.len() < limit {
                let Some(job) = queue.pop_front() else { break };
                in_flight.push(self.run(job, &parts, Duration::ZERO));
            }
            let Some((job, result, latency)) = in_flight.next().await else {
                break;
            };
            let operation = match job {
                Job::Page { .. } => "ListSecrets",
                Job::Lookup(_) => "DescribeSecret",
            };
            sink.call(operation, latency, result.as_ref().err());
            let answer = match result {
                Ok(answer) => answer,
                Err(error @ AwsError::Throttled { .. }) => {
                    // The SDK's own retries gave up: slow down, try again
                    // later — unless AWS has refused for too long.
                    throttled += 1;
                    if throttled > MAX_THROTTLED {
                        return Err(error);
                    }
                    limit = (limit / 2).max(1);
                    calm = 0;
                    in_flight.push(self.run(job, &parts, Duration::from_millis(500)));
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
            match (job, answer) {
                (Job::Page { part, .. }, Answer::Page(page)) => {
                    stats.pages += 1;
                    let here = &mut parts[part];
                    here.pages += 1;
                    let mine: Vec<SecretMeta> = page
                        .secrets
                        .into_iter()
                        .filter(|s| here.partition.matches(s.name()))
                        .collect();
                    for s in &mine {
                        unconfirmed.remove(s.arn());
                        if here.sample.len() < SAMPLE {
                            here.sample.push(s.name().to_string());
                        }
                    }
                    if !sink.secrets(new_only(mine, found), true) {
                        return Ok(Outcome::Stopped);
                    }
                    let Some(token) = page.next_token else {
                        open -= 1;
                        continue;
                    };
                    if !here.partition.should_split(here.pages, open, concurrency) {
                        // Follow this chain before starting new partitions.
                        queue.push_front(Job::Page {
                            part,
                            token: Some(token),
                        });
                        continue;
                    }
                    let sample: Vec<&str> = here.sample.iter().map(String::as_str).collect();
                    let split = partition::split(&here.partition, &sample);
                    if here.partition.prefixes.len() == 1
                        && !split.pays_off(here.pages, concurrency)
                    {
                        queue.push_front(Job::Page {
                            part,
                            token: Some(token),
                        });
                        continue;
                    }
                    let seen: HashSet<&str> = sample.iter().copied().collect();
                    let lookups: Vec<String> = split
                        .exact
                        .into_iter()
                        .filter(|n| !seen.contains(n.as_str()))
                        .collect();
                    open -= 1;
                    for child in split.children {
                        open += 1;
                        queue.push_back(Job::Page {
                            part: parts.len(),
                            token: None,
                        });
                        parts.push(Part {
                            partition: child,
                            pages: 0,
                            sample: Vec::new(),
                        });
                    }
                    queue.extend(lookups.into_iter().map(Job::Lookup));
                }
                (Job::Lookup(_), Answer::Lookup(meta)) => {
                    stats.lookups += 1;
                    if let Some(meta) = meta {
                        unconfirmed.remove(meta.arn());
                        if !sink.secrets(new_only(vec![*meta], found), false) {
                            return Ok(Outcome::Stopped);
                        }
                    }
                }
                _ => unreachable!("each job gets its own kind of answer"),
            }
        }
        if unconfirmed.is_empty() {
            Ok(Outcome::Done)
        } else {
            tracing::warn!(
                missed = unconfirmed.len(),
                "the parallel listing missed secrets of the first page; listing again page by page"
            );
            Ok(Outcome::Missed)
        }
    }

    fn run<'a>(&'a self, job: Job, parts: &[Part], wait: Duration) -> Pending<'a> {
        let prefixes = match &job {
            Job::Page { part, .. } => parts[*part].partition.prefixes.clone(),
            Job::Lookup(_) => Vec::new(),
        };
        Box::pin(async move {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let began = Instant::now();
            let result = match &job {
                Job::Page { token, .. } => self
                    .list_prefixed_page(&prefixes, token.clone())
                    .await
                    .map(Answer::Page),
                Job::Lookup(name) => match self.describe_secret(name).await {
                    Ok(meta) => Ok(Answer::Lookup(Some(Box::new(meta)))),
                    Err(AwsError::NotFound { .. }) => Ok(Answer::Lookup(None)),
                    Err(e) => Err(e),
                },
            };
            (job, result, began.elapsed())
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
