//! `~/.config/sekret/config.toml` (or `$XDG_CONFIG_HOME/sekret/`). A
//! missing file is fine; an unknown key or a bad value is an error that
//! names the line.
//!
//! ```toml
//! [read_only]
//! # Profiles that always open read-only (glob patterns: * and ?).
//! profiles = ["*prod*"]
//!
//! [import]
//! # Keys `sekret import` leaves out as configuration (replaces the default list).
//! skip = ["ENVIRONMENT", "PORT", "NODE_ENV"]
//!
//! [listing]
//! # List page by page instead of over name prefixes in parallel.
//! sequential = false
//! # Requests in flight while listing in parallel (1–32).
//! concurrency = 8
//! ```

use std::path::PathBuf;

use serde::Deserialize;
use wildmatch::WildMatch;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub read_only: ReadOnlyRules,
    #[serde(default)]
    pub import: ImportSettings,
    #[serde(default)]
    pub listing: ListingSettings,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingSettings {
    #[serde(default)]
    pub sequential: bool,
    #[serde(default, deserialize_with = "concurrency")]
    pub concurrency: Option<usize>,
}

impl ListingSettings {
    /// The strategy, with `--sequential` on top.
    pub fn strategy(&self, sequential_flag: bool) -> crate::aws::listing::Strategy {
        crate::aws::listing::Strategy {
            parallel: !(self.sequential || sequential_flag),
            concurrency: self
                .concurrency
                .unwrap_or(crate::aws::listing::DEFAULT_CONCURRENCY),
        }
    }
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadOnlyRules {
    /// Profile name patterns that force read-only mode.
    #[serde(default)]
    pub profiles: Vec<String>,
}

impl ReadOnlyRules {
    /// Does `profile` (the effective one: `default` when none is named)
    /// match a read-only pattern?
    pub fn matches(&self, profile: &str) -> bool {
        self.profiles
            .iter()
            .any(|p| WildMatch::new(p).matches(profile))
    }
}

/// Where the file is looked for.
pub fn path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("sekret/config.toml"))
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
    toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())
}

/// The profile a connection uses when none is named: `AWS_PROFILE`, else
/// `default` (as the AWS CLI does).
pub fn effective_profile(named: Option<&str>) -> String {
    named
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_profiles_are_glob_patterns() {
        let config = parse("[read_only]\nprofiles = [\"*prod*\", \"audit-?\"]\n").unwrap();
        assert!(config.read_only.matches("gaara-prod"));
        assert!(config.read_only.matches("production"));
        assert!(config.read_only.matches("audit-1"));
        assert!(!config.read_only.matches("staging"));
        assert!(!Config::default().read_only.matches("prod"));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_line() {
        let err = parse("[read_only]\nprofile = [\"*prod*\"]\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("unknown field"), "{err}");
        let err = parse("\n[read_only]\nprofiles = \"*prod*\"\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        assert!(parse("").is_ok());
    }

    #[test]
    fn listing_settings_are_checked() {
        let config = parse("[listing]\nsequential = true\nconcurrency = 4\n").unwrap();
        let strategy = config.listing.strategy(false);
        assert!(!strategy.parallel);
        assert_eq!(strategy.concurrency, 4);
        assert!(Config::default().listing.strategy(false).parallel);
        assert!(!Config::default().listing.strategy(true).parallel);
        let err = parse("[listing]\nconcurrency = 100\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("1 to 32"), "{err}");
    }

    #[test]
    fn the_import_skip_list_replaces_the_default() {
        let config = parse("[import]\nskip = [\"PORT\", \"REGION\"]\n").unwrap();
        assert_eq!(config.import.skip_list(), ["PORT", "REGION"]);
        let default = Config::default().import.skip_list();
        assert!(default.contains(&"NODE_ENV".to_string()));
        assert!(parse("[import]\nskip = \"PORT\"\n").is_err());
    }
}
