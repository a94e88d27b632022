//! `~/.config/sekret/config.toml` (or `$XDG_CONFIG_HOME/sekret/`). A
//! missing file is fine; an unknown key or a bad value is an error that
//! names the line. Every key, with its default (docs/CONFIG.md holds the
//! same block; tests check that both agree and that these are the
//! defaults):
//!
//! ```toml
//! [defaults]
//! # The profile used when neither --profile nor AWS_PROFILE names one
//! # (unset: the AWS default chain, as the AWS CLI).
//! # profile = "dev"
//! # The region used when neither --region, AWS_REGION nor the profile names
//! # one (unset: none, and sekret says so).
//! # region = "eu-west-1"
//! # Seconds fetched data and values stay in memory (--cache-ttl wins; 1–86400).
//! cache_ttl = 300
//! # Seconds until the clipboard is cleared after a copy (--clipboard-clear wins; 1–3600).
//! clipboard_clear = 30
//!
//! [read_only]
//! # Profiles that always open read-only (glob patterns, * and ?), matched
//! # against --profile, else AWS_PROFILE, else "default". Switching profile in
//! # the console decides again. Example: ["*prod*"].
//! profiles = []
//! # Accounts and signing identities (STS GetCallerIdentity's ARN, glob
//! # patterns) that are read-only whatever the profile is called. When these
//! # are set and STS cannot say who signs, writes are refused. Examples:
//! # ["123456789012"], ["arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin*/*"].
//! accounts = []
//! identities = []
//!
//! [import]
//! # Keys `sekret import` / `verify` / `:import` leave out as configuration
//! # (case-insensitive; `.` and `-` read as `_`). Setting it replaces this list.
//! skip = ["ENVIRONMENT", "AWS_REGION", "AWS_DEFAULT_REGION", "LOG_LEVEL", "FEATURE_FLAGS", "PORT", "NODE_ENV"]
//!
//! [listing]
//! # List page by page instead of over name prefixes in parallel (as --sequential).
//! sequential = false
//! # Requests in flight while listing in parallel (1–32).
//! concurrency = 8
//! # Regions `ls --all-regions` / `:all-regions` list when ListRegions is not
//! # allowed. Example: ["us-east-1", "eu-west-1"].
//! regions = []
//!
//! [audit]
//! # Findings (`:findings`, `sekret audit`) use these limits.
//! # Not accessed for more days than this: unused (Security Hub SecretsManager.3).
//! unused_days = 90
//! # Not rotated for more days than this (SecretsManager.4).
//! rotation_days = 90
//! # Scheduled for deletion and read within this many days: still in use.
//! deletion_in_use_days = 30
//! # How late a scheduled rotation may be before it is overdue (SecretsManager.2).
//! rotation_grace_hours = 24
//! # AWSPENDING older than this is a stuck rotation; younger, one running.
//! stuck_after_minutes = 60
//! # Tag keys every secret must have (SecretsManager.5). Example: ["owner", "team"].
//! required_tags = []
//! # Checks to leave out, by name (README: Posture). Example: ["rotation-disabled"].
//! ignore = []
//!
//! [ui]
//! # dark, light or mono (NO_COLOR in the environment always means mono).
//! theme = "dark"
//! # Click to select, wheel to scroll.
//! mouse = true
//!
//! [keys]
//! # Move a global action to another key: one character, ctrl-LETTER, tab,
//! # backtab or space. The old key then does nothing. Actions: quit, help,
//! # palette, filter, next-pane, previous-pane, refresh, flat, sort, reveal,
//! # reveal-all, copy, diff, rollback, deprecated, access, follow, window,
//! # report, rotate, edit, new, delete, zoom. Keys that move within panes (j k h l
//! # g G p P S o / space ctrl-d ctrl-u) cannot be taken, nor ctrl-c (always quits).
//! # None is moved by default. Example:
//! # quit = "Q"
//! ```

use std::path::PathBuf;

use serde::Deserialize;

pub use crate::domain::read_only::ReadOnlyRules;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub defaults: Defaults,
    #[serde(default)]
    pub read_only: ReadOnlyRules,
    #[serde(default)]
    pub import: ImportSettings,
    #[serde(default)]
    pub listing: ListingSettings,
    #[serde(default)]
    pub audit: crate::domain::findings::Thresholds,
    #[serde(default)]
    pub ui: UiSettings,
    /// `[keys]` as written; `parse` turns it into `keys`.
    #[serde(default, rename = "keys")]
    keys_written: std::collections::BTreeMap<String, toml::Spanned<String>>,
    /// `[keys]` in file order. The console checks them (an unknown action,
    /// a key taken twice) and names the line.
    #[serde(skip)]
    pub keys: Vec<KeyBinding>,
}

/// One `[keys]` line: an action moved to another key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub action: String,
    pub key: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub profile: Option<String>,
    pub region: Option<String>,
    #[serde(default, deserialize_with = "cache_ttl")]
    pub cache_ttl: Option<u64>,
    #[serde(default, deserialize_with = "clipboard_clear")]
    pub clipboard_clear: Option<u64>,
}

/// The built-in defaults, also written in `--help`.
pub const DEFAULT_CACHE_TTL_S: u64 = 300;
pub const DEFAULT_CLIPBOARD_CLEAR_S: u64 = 30;

fn in_range<'de, D: serde::Deserializer<'de>>(
    d: D,
    what: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, D::Error> {
    let n = u64::deserialize(d)?;
    if range.contains(&n) {
        Ok(Some(n))
    } else {
        Err(serde::de::Error::custom(format!(
            "{what} {n} is out of range: {} to {} seconds",
            range.start(),
            range.end()
        )))
    }
}

fn cache_ttl<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    in_range(d, "cache_ttl", 1..=86_400)
}

fn clipboard_clear<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    in_range(d, "clipboard_clear", 1..=3_600)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiSettings {
    #[serde(default)]
    pub theme: ThemeName,
    #[serde(default = "yes")]
    pub mouse: bool,
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            theme: ThemeName::Dark,
            mouse: true,
        }
    }
}

fn yes() -> bool {
    true
}

impl UiSettings {
    /// The theme to draw with: `NO_COLOR` (any non-empty value, see
    /// no-color.org) overrides the file.
    pub fn effective_theme(&self, no_color: Option<&std::ffi::OsStr>) -> ThemeName {
        match no_color {
            Some(v) if !v.is_empty() => ThemeName::Mono,
            _ => self.theme,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingSettings {
    #[serde(default)]
    pub sequential: bool,
    #[serde(default, deserialize_with = "concurrency")]
    pub concurrency: Option<usize>,
    /// For `ls --all-regions` when ListRegions is refused.
    #[serde(default)]
    pub regions: Vec<String>,
}

fn concurrency<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    let n = usize::deserialize(d)?;
    if (1..=32).contains(&n) {
        Ok(Some(n))
    } else {
        Err(serde::de::Error::custom(format!(
            "concurrency {n} is out of range: 1 to 32"
        )))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    /// Keys left out as configuration; None keeps the built-in list.
    pub skip: Option<Vec<String>>,
}

impl ImportSettings {
    /// The skip list an import starts from.
    pub fn skip_list(&self) -> Vec<String> {
        match &self.skip {
            Some(list) => list.clone(),
            None => crate::domain::import::selection::DEFAULT_SKIP
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// Where the file is looked for.
pub fn path() -> Option<PathBuf> {
    crate::paths::config_file()
}

/// Read the file, if there is one.
pub fn load() -> Result<Config, String> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

pub fn parse(text: &str) -> Result<Config, String> {
    let mut config: Config =
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    if let Some(problem) = config.read_only.problem() {
        return Err(problem);
    }
    if let Some(problem) = config.audit.problem() {
        return Err(problem);
    }
    let mut written: Vec<_> = config.keys_written.iter().collect();
    written.sort_by_key(|(_, k)| k.span().start); // file order
    config.keys = written
        .iter()
        .map(|(action, key)| KeyBinding {
            action: action.to_string(),
            key: key.get_ref().clone(),
            line: text[..key.span().start].lines().count().max(1),
        })
        .collect();
    Ok(config)
}

/// The profile a connection uses when none is named: `AWS_PROFILE`, else
/// `default` (as the AWS CLI does). The config file's default profile is
/// already in `named` when it applies (see `Defaults::apply`).
pub fn effective_profile(named: Option<&str>) -> String {
    named
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".into())
}

impl Defaults {
    /// Fill what the command line left open: the profile when neither
    /// `--profile` nor `AWS_PROFILE` names one, the region as a fallback
    /// for when nothing else does (aws-config decides that, see
    /// `aws::config::load`).
    pub fn fill(
        &self,
        profile: &mut Option<String>,
        fallback_region: &mut Option<String>,
        env_profile: Option<&str>,
    ) {
        if profile.is_none() && env_profile.is_none_or(str::is_empty) {
            *profile = self.profile.clone();
        }
        if fallback_region.is_none() {
            *fallback_region = self.region.clone();
        }
    }
}

#[cfg(test)]
mod tests;
