//! The console's vocabulary: `Msg` (what happened) in, `Command` (what the
//! worker should do) out.

use super::ConnectionInfo;
use super::health::{CallRecord, Identity};
use super::input::Key;
use crate::domain::error::AwsError;
use crate::domain::event::{AccessEvent, Completeness, Target, Window};
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::domain::value::{SecretValue, VersionValue};
use crate::domain::version::Version;

/// Everything that can happen to the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
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
    /// A GetSecretValue answer; Ok(None) when there is no such value.
    ValueRead {
        seq: u64,
        arn: String,
        result: Result<Option<VersionValue>, AwsError>,
    },
    RolledBack {
        seq: u64,
        arn: String,
        to: String,
        result: Result<(), AwsError>,
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
    Call(CallRecord),
    /// A `:region` / `:profile` switch finished.
    Connected(Result<ConnectionInfo, AwsError>),
    /// A worker task failed unexpectedly.
    WorkerFailed(String),
}

/// What the console asks the worker to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
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
    /// GetSecretValue; `version` None reads AWSCURRENT.
    ReadValue {
        seq: u64,
        arn: String,
        version: Option<String>,
    },
    /// Move AWSCURRENT from `from` to `to` (refused in read-only mode).
    Rollback {
        seq: u64,
        arn: String,
        to: String,
        from: String,
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
    /// Put a value on the clipboard (handled by the event loop, which owns
    /// the terminal for the OSC 52 fallback).
    Copy {
        what: String,
        value: SecretValue,
    },
    /// Clear the clipboard if it still holds what sekret copied.
    ClearClipboard,
    Identity,
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
}
