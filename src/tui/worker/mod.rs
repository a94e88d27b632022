//! The worker: owns the AWS clients, runs every `Job` as its own task,
//! and answers with `Msg`s stamped with the command's sequence number.
//!
//! The UI never waits on it. A task that panics becomes a
//! `Msg::WorkerFailed` on screen, never a frozen console.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures::FutureExt;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::listing::Strategy;
use crate::aws::rotation::{WATCH_LIMIT, Watched};
use crate::aws::values::Which;
use crate::config::effective_profile;
use crate::domain::error::AwsError;
use crate::domain::read_only::Guard;
use crate::domain::rotation::Phase;
use crate::ops::audit_log::{AuditLog, state_dir};
use crate::ops::writes;
use crate::tui::messages::{CallRecord, Identity};
use crate::tui::messages::{ConnectionInfo, Job, Msg};

mod import;
mod listing;
mod report;

pub struct Worker {
    clients: Clients,
    opts: ConnectOptions,
    /// `--read-only` and the config file's rules: decided again for each
    /// profile switched to, and on the identity STS says signs.
    guard: Guard,
    tx: UnboundedSender<Msg>,
    /// Where mutating actions are recorded and reports are written.
    audit: AuditLog,
    reports_dir: Option<std::path::PathBuf>,
    /// Keys an import leaves out as configuration.
    import_skip: Vec<String>,
    /// Parallel or sequential listing.
    listing: Strategy,
    /// The config file's regions, for `:all-regions` without ListRegions
    /// (shared: every task gets a handle, not a copy).
    regions: std::sync::Arc<[String]>,
}

impl Worker {
    pub fn new(
        clients: Clients,
        opts: ConnectOptions,
        guard: Guard,
        tx: UnboundedSender<Msg>,
    ) -> Self {
        Worker {
            clients,
            opts,
            guard,
            tx,
            audit: AuditLog::default_location(),
            reports_dir: state_dir().map(|d| d.join("reports")),
            import_skip: crate::config::ImportSettings::default().skip_list(),
            listing: Strategy::default(),
            regions: std::sync::Arc::from([]),
        }
    }

    /// The regions `:all-regions` lists when ListRegions is refused.
    pub fn with_regions(mut self, regions: Vec<String>) -> Self {
        self.regions = regions.into();
        self
    }

    /// How the secret listing is made.
    pub fn with_listing(mut self, listing: Strategy) -> Self {
        self.listing = listing;
        self
    }

    /// The config file's import skip list.
    pub fn with_import_skip(mut self, skip: Vec<String>) -> Self {
        self.import_skip = skip;
        self
    }

    /// Keep the audit log and reports under `dir` instead of the XDG state
    /// directory.
    pub fn with_state_dir(mut self, dir: &std::path::Path) -> Self {
        self.audit = AuditLog::at(dir.join("audit.jsonl"));
        self.reports_dir = Some(dir.join("reports"));
        self
    }

    /// Serve commands until the sender side is dropped.
    pub async fn run(mut self, mut rx: UnboundedReceiver<Job>) {
        // Only one listing runs: a new one (refresh, switch) replaces it.
        // Likewise one lookup of events: the budget is for what is on screen.
        let mut listing: Option<JoinHandle<()>> = None;
        let mut events: Option<JoinHandle<()>> = None;
        while let Some(command) = rx.recv().await {
            match command {
                Job::Connect { profile, region } => {
                    for old in [listing.take(), events.take()].into_iter().flatten() {
                        old.abort();
                    }
                    self.connect(profile, region).await
                }
                Job::LookupEvents { .. } => {
                    if let Some(old) = events.take() {
                        old.abort();
                    }
                    events = Some(self.spawn(command));
                }
                Job::CancelEvents => {
                    if let Some(old) = events.take() {
                        old.abort();
                    }
                }
                Job::ListSecrets { .. } => {
                    if let Some(old) = listing.take() {
                        old.abort();
                    }
                    listing = Some(self.spawn(command));
                }
                other => {
                    self.spawn(other);
                }
            }
        }
        for old in [listing, events].into_iter().flatten() {
            old.abort();
        }
    }

    fn spawn(&self, command: Job) -> JoinHandle<()> {
        let clients = self.clients.clone();
        let tx = self.tx.clone();
        let what = format!("{command:?}");
        let task = run_command(
            Task {
                clients,
                guard: self.guard.clone(),
                tx: tx.clone(),
                audit: self.audit.clone(),
                reports_dir: self.reports_dir.clone(),
                import_skip: self.import_skip.clone(),
                listing: self.listing,
                opts: self.opts.clone(),
                regions: self.regions.clone(),
            },
            command,
        );
        tokio::spawn(async move {
            if AssertUnwindSafe(task).catch_unwind().await.is_err() {
                let _ = tx.send(Msg::WorkerFailed(format!(
                    "the task for {what} stopped unexpectedly"
                )));
            }
        })
    }

    /// `:region` / `:profile`: new clients from the changed options.
    async fn connect(&mut self, profile: Option<String>, region: Option<String>) {
        let mut opts = self.opts.clone();
        if profile.is_some() {
            opts.profile = profile;
        }
        if region.is_some() {
            opts.region = region;
        }
        match config::load(&opts).await {
            Ok(ctx) => {
                self.guard = self
                    .guard
                    .for_profile(effective_profile(ctx.profile.as_deref()));
                let info = connection_info(&ctx, &self.guard);
                self.clients = Clients::new(ctx);
                self.opts = opts;
                let _ = self.tx.send(Msg::Connected(Ok(info)));
            }
            Err(err) => {
                let _ = self.tx.send(Msg::Connected(Err(err)));
            }
        }
    }
}

/// What the console shows of a connection. Until STS has said who signs,
/// rules on accounts and identities keep it read-only (the write gate
/// decides again on every write).
pub fn connection_info(ctx: &crate::aws::config::AwsContext, guard: &Guard) -> ConnectionInfo {
    ConnectionInfo {
        profile: ctx.profile.clone(),
        region: ctx.region.clone(),
        endpoint: ctx.endpoint_label(),
        read_only: guard.before_identity().is_some() || guard.needs_identity(),
    }
}

/// What one command's task needs.
struct Task {
    clients: Clients,
    guard: Guard,
    tx: UnboundedSender<Msg>,
    audit: AuditLog,
    reports_dir: Option<std::path::PathBuf>,
    import_skip: Vec<String>,
    listing: Strategy,
    /// The connection's options and the configured regions (all regions).
    opts: ConnectOptions,
    regions: std::sync::Arc<[String]>,
}

async fn run_command(task: Task, command: Job) {
    let (clients, guard, tx) = (&task.clients, &task.guard, &task.tx);
    match command {
        Job::ListAllRegions => {
            let result = crate::ops::regions::list(&task.opts, task.listing, &task.regions).await;
            let _ = tx.send(Msg::AllRegionsListed(result.map(Box::new)));
        }
        Job::ListProfiles => {
            let _ = tx.send(Msg::ProfilesListed(crate::aws::profiles::list().await));
        }
        Job::Identity => {
            let result = timed(clients, tx, "GetCallerIdentity", clients.caller_identity()).await;
            if guard.needs_identity() {
                // The same decision the write gate makes, for the header.
                let why = crate::ops::writes::refusal(clients, guard).await;
                let _ = tx.send(Msg::ReadOnlyDecided(why.map(|w| w.to_string())));
            }
            let access_key = clients.ctx.check_credentials().await.ok();
            let _ = tx.send(Msg::IdentityLoaded(result.map(|id| Identity {
                account: id.account,
                arn: id.arn,
                access_key,
            })));
        }
        Job::Describe { seq, arn } => {
            let result = timed(clients, tx, "DescribeSecret", clients.describe_secret(&arn)).await;
            let result = result.map(Box::new);
            let _ = tx.send(Msg::Described { seq, arn, result });
        }
        Job::ReadPolicy { seq, arn } => {
            let result = timed(
                clients,
                tx,
                "GetResourcePolicy",
                clients.resource_policy(&arn),
            )
            .await;
            let _ = tx.send(Msg::PolicyRead { seq, arn, result });
        }
        Job::ListSecrets { seq } => listing::list(clients, tx, seq, task.listing).await,
        Job::ListVersions {
            seq,
            arn,
            include_deprecated,
        } => {
            let result = timed(
                clients,
                tx,
                "ListSecretVersionIds",
                clients.list_versions(&arn, include_deprecated),
            )
            .await;
            let _ = tx.send(Msg::VersionsListed { seq, arn, result });
        }
        Job::ReadValue { seq, arn, version } => {
            let which = version.map(Which::Id).unwrap_or_else(Which::current);
            let result = timed(
                clients,
                tx,
                "GetSecretValue",
                clients.get_value(&arn, &which),
            )
            .await;
            let _ = tx.send(Msg::ValueRead { seq, arn, result });
        }
        Job::Mutate {
            seq,
            secret,
            mutation,
        } => {
            // Refused in `writes::apply` when read-only, not only in the UI:
            // nothing in read-only mode reaches a mutating call.
            let kind = mutation.kind();
            let result = timed(
                clients,
                tx,
                kind.operation(),
                writes::apply(clients, &task.audit, guard, &secret, &mutation),
            )
            .await;
            let _ = tx.send(Msg::Mutated {
                seq,
                secret,
                kind,
                result,
            });
        }
        Job::WatchRotation {
            seq,
            arn,
            version,
            since,
        } => {
            let mut report = |watched: Watched<'_>| match watched {
                Watched::Call {
                    operation,
                    latency,
                    error,
                } => report_call(clients, tx, operation, latency, error),
                Watched::Progress { phase, stages } => {
                    let _ = tx.send(Msg::Rotation {
                        seq,
                        arn: arn.clone(),
                        update: Ok((phase.clone(), stages.clone())),
                    });
                }
            };
            let result = clients
                .watch_rotation(&arn, &version, since, WATCH_LIMIT, &mut report)
                .await;
            // The last phase was reported as progress; a time-out or an
            // error is news.
            let update = match result {
                Ok(phase @ Phase::TimedOut { .. }) => Ok((phase, Default::default())),
                Ok(_) => return,
                Err(error) => Err(error),
            };
            let _ = tx.send(Msg::Rotation { seq, arn, update });
        }
        Job::ReadAudit => {
            let result = task.audit.read().map_err(|e| {
                let at = task.audit.path().map(|p| p.display().to_string());
                format!("{} ({e})", at.unwrap_or_default())
            });
            let _ = tx.send(Msg::AuditRead(result));
        }
        Job::LookupEvents { seq, target, start } => {
            // Each page is a call for the health pane; the pacer's waits
            // are not latency.
            let result = clients
                .lookup_events(&target, start, None, |events, latency| {
                    report_call(clients, tx, "LookupEvents", latency, None);
                    let _ = tx.send(Msg::EventsPage { seq, events });
                })
                .await;
            if let Err(err) = &result {
                report_call(clients, tx, "LookupEvents", Duration::ZERO, Some(err));
            }
            let _ = tx.send(Msg::EventsDone { seq, result });
        }
        Job::Report { arn, window } => {
            let result = report::write(&task, &arn, window).await;
            let _ = tx.send(Msg::ReportWritten(result));
        }
        Job::PrincipalReport { pivot, window } => {
            let result = report::write_principal(&task, pivot, window).await;
            let _ = tx.send(Msg::ReportWritten(result));
        }
        Job::PlanImport { seq, path, target } => {
            let result = import::plan(&task, &path, target).await;
            let _ = tx.send(Msg::ImportPlanned { seq, result });
        }
        Job::Import { seq, file, writes } => {
            let results = import::apply(&task, &file, &writes).await;
            let _ = tx.send(Msg::Imported { seq, results });
        }
        // `run` answers these itself: they change the worker, not AWS.
        Job::CancelEvents | Job::Connect { .. } => {}
    }
}

/// Every page, streamed as it arrives. When AWS cannot be reached (or keeps
/// throttling) the listing waits and resumes from the same page; any other
/// error ends it, visibly partial.
/// Run one AWS call and report its latency and outcome to the health pane.
async fn timed<T>(
    clients: &Clients,
    tx: &UnboundedSender<Msg>,
    operation: &'static str,
    call: impl Future<Output = Result<T, AwsError>>,
) -> Result<T, AwsError> {
    let began = Instant::now();
    let result = call.await;
    report_call(
        clients,
        tx,
        operation,
        began.elapsed(),
        result.as_ref().err(),
    );
    result
}

/// Tell the log and the health pane how one call (or paced series of
/// calls) went.
pub(super) fn report_call(
    clients: &Clients,
    tx: &UnboundedSender<Msg>,
    operation: &'static str,
    latency: Duration,
    error: Option<&AwsError>,
) {
    let latency_ms = latency.as_millis();
    match error {
        None => tracing::debug!(operation, latency_ms, "call ok"),
        // AwsError carries codes and AWS's messages, never a value.
        Some(err) => tracing::warn!(operation, latency_ms, error = %err, "call failed"),
    }
    let (attempts_total, throttled_total) = clients.counters.snapshot();
    let _ = tx.send(Msg::Call(CallRecord {
        operation,
        latency_ms: latency_ms.min(u32::MAX as u128) as u32,
        error: error.cloned(),
        attempts_total,
        throttled_total,
    }));
}
