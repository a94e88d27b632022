//! The command line: global AWS options, and the non-interactive subcommands.
//! With no subcommand, sekret opens the console.

pub mod audit;
pub mod confirm;
pub mod delete;
pub mod diff;
pub mod doctor;
pub mod entry;
pub mod events;
pub mod get;
pub mod history;
pub mod import;
pub mod ls;
pub mod ls_regions;
pub mod put;
pub mod rollback;
pub mod rotate;
pub mod shell;
pub mod verify;

use clap::{Args, Parser, Subcommand};

use crate::aws::config::ConnectOptions;
use crate::domain::secret::Timestamp;

#[derive(Debug, Parser)]
#[command(
    name = "sekret",
    version,
    about = "A terminal console for AWS Secrets Manager",
    long_about = "A terminal console for AWS Secrets Manager: browse secrets by service, \
                  read version history, diff, roll back, rotate, and see who accessed a secret.\n\n\
                  With no subcommand, opens the console."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, else the default profile)
    #[arg(long, global = true, value_name = "P")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, else the profile's region)
    #[arg(long, global = true, value_name = "R")]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (default: AWS_ENDPOINT_URL, else AWS)
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Refuse every action that would change anything
    #[arg(long, global = true)]
    pub read_only: bool,
    /// How long fetched data and values stay in memory, in seconds [default: 300, or the config file's]
    #[arg(long, global = true, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub cache_ttl: Option<u64>,
    /// Clear the clipboard this many seconds after a copy, if it still holds the copy [default: 30, or the config file's]
    #[arg(long, global = true, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub clipboard_clear: Option<u64>,
    /// Write a log file (never with secret values) at this level: error, warn, info, debug, trace
    #[arg(long, global = true, value_name = "LEVEL", env = "SEKRET_LOG",
          value_parser = ["error", "warn", "info", "debug", "trace"])]
    pub log_level: Option<String>,
}

impl GlobalArgs {
    pub fn connect_options(&self) -> ConnectOptions {
        ConnectOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            fallback_region: None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every secret (metadata only; never a value)
    Ls(ls::LsArgs),
    /// Print a secret's value (or one JSON key) to stdout, for pipes
    Get(get::GetArgs),
    /// List a secret's versions and staging labels (metadata only)
    History(history::HistoryArgs),
    /// Compare two versions (values masked unless --reveal)
    Diff(diff::DiffArgs),
    /// Move AWSCURRENT back to an earlier version (asks for the name unless --yes)
    Rollback(rollback::RollbackArgs),
    /// Rotate now with the secret's rotation function (--wait: until AWSCURRENT moves)
    Rotate(rotate::RotateArgs),
    /// Write a new value (becomes AWSCURRENT) from a file or stdin
    Put(put::PutArgs),
    /// Create a secret (value from a file or stdin, optional)
    Create(put::CreateArgs),
    /// Schedule a secret's deletion, with a 7–30 day recovery window (never forced)
    Delete(delete::DeleteArgs),
    /// Cancel a scheduled deletion
    Restore(delete::RestoreArgs),
    /// Move a .env or JSON config file into Secrets Manager (plan first; --dry-run stops there)
    Import(import::ImportArgs),
    /// Compare a .env or JSON config file with Secrets Manager (exit 0 only if all match)
    Verify(verify::VerifyArgs),
    /// Who accessed a secret (or everything), from CloudTrail; incident reports
    Events(events::EventsArgs),
    /// Which secrets need attention: rotation, use, resource policies (never a value)
    Audit(audit::AuditArgs),
    /// Check identity, region, endpoint, permissions and latency
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh or fish)
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

/// RFC 3339 in UTC, to the second (the JSON outputs' time format).
pub fn iso(ts: Option<Timestamp>) -> Option<String> {
    ts.and_then(|t| chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0))
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

pub use crate::text::table::table;
