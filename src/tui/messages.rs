//! The console's vocabulary between its parts: `Msg` (what happened) in,
//! `Command` (what the worker or the event loop should do) out, and what
//! the worker's answers carry. Kept apart from the state's feature modules
//! so that the worker depends on this module, not on the state.

use std::collections::HashMap;

use crate::domain::audit::AuditRecord;
use crate::domain::error::AwsError;
use crate::domain::event::{AccessEvent, Completeness, Target, Window};
use crate::domain::import::Source;
use crate::domain::import::naming;
use crate::domain::import::plan::Write;
use crate::domain::import::remote::Remote;
use crate::domain::import::selection::Selection;
use crate::domain::mutation::{Kind, Mutation, Outcome};
use crate::domain::rotation::Phase;
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::Version;
use crate::tui::app::input::{Key, Mouse};

/// Everything that can happen to the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
    /// A click or the wheel (when the mouse is on).
    Mouse(Mouse),
    /// Time passed (a debounce may be due).
    Tick,
    /// The terminal now has this size.
    Resized {
        width: u16,
        height: u16,
    },
    Listed {
        seq: u64,
        secrets: Vec<SecretMeta>,
        more: bool,
    },
    ListFailed {
        seq: u64,
        error: AwsError,
        retry_in_s: Option<u64>,
    },
    Described {
        seq: u64,
        arn: String,
        result: Result<Box<SecretMeta>, AwsError>,
    },
    VersionsListed {
        seq: u64,
        arn: String,
        result: Result<Vec<Version>, AwsError>,
    },
    /// A GetResourcePolicy answer: Ok(None) when the secret has none.
    PolicyRead {
        seq: u64,
        arn: String,
        result: Result<Option<String>, AwsError>,
    },
    /// A GetSecretValue answer; Ok(None) when there is no such value.
    ValueRead {
        seq: u64,
        arn: String,
        result: Result<Option<VersionValue>, AwsError>,
    },
    /// A change (`Command::Mutate`) was made, failed, or was refused.
    Mutated {
        seq: u64,
        secret: String,
        kind: Kind,
        result: Result<Outcome, AwsError>,
    },
    /// A rotation being watched moved on (the labels are DescribeSecret's),
    /// or the watch could not go on.
    Rotation {
        seq: u64,
        arn: String,
        update: Result<(Phase, crate::domain::secret::Stages), AwsError>,
    },
    /// The editor closed: the value it started from and what came back.
    Edited {
        purpose: EditPurpose,
        before: SecretValue,
        after: Result<SecretValue, String>,
    },
    /// The audit log, oldest first, or why it could not be read.
    AuditRead(Result<Vec<AuditRecord>, String>),
    /// An import file was read and compared with what is stored.
    ImportPlanned {
        seq: u64,
        result: Result<Box<ImportDraft>, String>,
    },
    /// The import's writes were made (each with its own outcome).
    Imported {
        seq: u64,
        results: Vec<ImportResult>,
    },
    /// A page of CloudTrail events for the lookup `seq`.
    EventsPage {
        seq: u64,
        events: Vec<AccessEvent>,
    },
    /// The lookup `seq` ended.
    EventsDone {
        seq: u64,
        result: Result<Completeness, AwsError>,
    },
    /// An incident report was written (its path), or why not.
    ReportWritten(Result<String, String>),
    /// A copy finished: how it was copied, or why it could not be.
    Copied {
        what: String,
        result: Result<String, String>,
    },
    /// The clipboard clear ran; false when the clipboard no longer held
    /// what sekret put there (and was left alone).
    ClipboardCleared(bool),
    IdentityLoaded(Result<Identity, AwsError>),
    /// The read-only rules on accounts and identities, decided on the
    /// identity STS reported: why writes are refused, or None.
    ReadOnlyDecided(Option<String>),
    Call(CallRecord),
    /// A `:region` / `:profile` switch finished.
    Connected(Result<ConnectionInfo, AwsError>),
    /// `:all-regions`: the table to show, or why there is none.
    AllRegionsListed(Result<Box<crate::domain::regions::AllRegions>, AwsError>),
    /// The profiles found in the AWS config files, for the picker.
    ProfilesListed(Result<Vec<crate::domain::profile::ProfileEntry>, String>),
    /// A worker task failed unexpectedly.
    WorkerFailed(String),
}

/// What `update` asks for: a job for the worker, or an effect that the
/// event loop carries out itself because it owns the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Job(Job),
    Effect(Effect),
}

/// What the event loop does itself: the editor and the clipboard need the
/// terminal (OSC 52 writes to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Hand `initial` to the operator's editor.
    Edit {
        purpose: EditPurpose,
        initial: SecretValue,
    },
    /// Put a value on the clipboard.
    Copy { what: String, value: SecretValue },
    /// Clear the clipboard if it still holds what sekret copied.
    ClearClipboard,
}

impl From<Job> for Command {
    fn from(job: Job) -> Command {
        Command::Job(job)
    }
}

/// So that a test can say `assert_eq!(sent, [Job::ReadAudit])`.
impl PartialEq<Job> for Command {
    fn eq(&self, job: &Job) -> bool {
        matches!(self, Command::Job(j) if j == job)
    }
}

impl PartialEq<Effect> for Command {
    fn eq(&self, effect: &Effect) -> bool {
        matches!(self, Command::Effect(e) if e == effect)
    }
}

impl From<Effect> for Command {
    fn from(effect: Effect) -> Command {
        Command::Effect(effect)
    }
}

/// What the worker does: every AWS call, file and report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    ListSecrets {
        seq: u64,
    },
    Describe {
        seq: u64,
        arn: String,
    },
    ListVersions {
        seq: u64,
        arn: String,
        include_deprecated: bool,
    },
    /// GetResourcePolicy (metadata: no value is read).
    ReadPolicy {
        seq: u64,
        arn: String,
    },
    /// GetSecretValue; `version` None reads AWSCURRENT.
    ReadValue {
        seq: u64,
        arn: String,
        version: Option<String>,
    },
    /// Change something in Secrets Manager. The only mutating command;
    /// the worker refuses it in read-only mode.
    Mutate {
        seq: u64,
        /// ARN, or the new name for a create.
        secret: String,
        mutation: Mutation,
    },
    /// Follow the rotation that made `version`, started at `since`.
    WatchRotation {
        seq: u64,
        arn: String,
        version: String,
        since: Timestamp,
    },
    /// Read this console's audit log.
    ReadAudit,
    /// Read an import file and what Secrets Manager holds for it.
    PlanImport {
        seq: u64,
        path: String,
        target: naming::Target,
    },
    /// Make an import's writes (CreateSecret / PutSecretValue). Mutating:
    /// the worker refuses it in read-only mode.
    Import {
        seq: u64,
        file: String,
        writes: Vec<Write>,
    },
    /// LookupEvents for `target` from `start` to now, streamed back as
    /// `EventsPage`s. A new lookup replaces the one running.
    LookupEvents {
        seq: u64,
        target: Target,
        start: Timestamp,
    },
    /// Stop the running lookup: its answer is no longer wanted.
    CancelEvents,
    /// Write an incident report for a secret over a window.
    Report {
        arn: String,
        window: Window,
    },
    /// Write an incident report for a principal or access key.
    PrincipalReport {
        pivot: crate::domain::event::Pivot,
        window: Window,
    },
    Identity,
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
    /// The profiles in the AWS config files (`:profile` with no name).
    ListProfiles,
    /// Every enabled region's secrets (`:all-regions`).
    ListAllRegions,
}

impl Job {
    /// Would this change anything in AWS? (Read-only mode never sends one.)
    pub fn is_mutating(&self) -> bool {
        matches!(self, Job::Mutate { .. } | Job::Import { .. })
    }
}

impl Command {
    pub fn is_mutating(&self) -> bool {
        matches!(self, Command::Job(job) if job.is_mutating())
    }
}

/// What an edited value is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditPurpose {
    /// A new value for a secret; `base` is the AWSCURRENT it started from.
    Put {
        arn: String,
        name: String,
        base: Option<String>,
    },
    /// The first value of a new secret.
    Create {
        name: String,
        description: Option<String>,
        tags: Vec<(String, String)>,
    },
}

/// Where the console is connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    /// The access key this console signs with (to tell its own calls in
    /// CloudTrail from everyone else's).
    pub access_key: Option<String>,
}

/// One finished AWS call, as the worker reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub operation: &'static str,
    pub latency_ms: u32,
    pub error: Option<AwsError>,
    /// Totals since start, from the SDK interceptor.
    pub attempts_total: u64,
    pub throttled_total: u64,
}

/// A file read and compared with what is stored (the worker's answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDraft {
    /// The file's name, as the plan and the audit log show it.
    pub file: String,
    pub source: Source,
    pub target: naming::Target,
    pub selection: Selection,
    /// What is stored at every name the file's keys map to.
    pub remote: HashMap<String, Remote>,
}

/// What one of the import's writes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportResult {
    pub name: String,
    pub kind: Kind,
    pub result: Result<Outcome, AwsError>,
}
