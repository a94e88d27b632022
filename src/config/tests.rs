//! The config file: good, bad and unknown keys.

use super::*;

#[test]
fn read_only_profiles_are_glob_patterns() {
    let config = parse("[read_only]\nprofiles = [\"*prod*\", \"audit-?\"]\n").unwrap();
    assert!(config.read_only.profile_match("gaara-prod").is_some());
    assert!(config.read_only.profile_match("production").is_some());
    assert!(config.read_only.profile_match("audit-1").is_some());
    assert!(config.read_only.profile_match("staging").is_none());
    assert!(Config::default().read_only.profile_match("prod").is_none());
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
    assert!(config.listing.sequential);
    assert_eq!(config.listing.concurrency, Some(4));
    assert!(!Config::default().listing.sequential);
    assert_eq!(Config::default().listing.concurrency, None);
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

/// The example in the module's documentation (every key) is a valid file.
#[test]
fn the_documented_example_parses() {
    let source = include_str!("../config.rs");
    let example: String = source
        .lines()
        .skip_while(|l| !l.starts_with("//! ```toml"))
        .skip(1)
        .take_while(|l| !l.starts_with("//! ```"))
        .map(|l| format!("{}\n", l.trim_start_matches("//!").trim_start_matches(' ')))
        .collect();
    assert!(example.contains("[keys]"), "{example}");
    let config = parse(&example).unwrap();
    assert_eq!(config.defaults.cache_ttl, Some(300));
    assert_eq!(config.ui.theme, ThemeName::Dark);
    assert_eq!(config.listing.regions, ["us-east-1", "eu-west-1"]);
    assert_eq!(config.keys.len(), 1);
}

#[test]
fn defaults_fill_only_what_is_left_open() {
    let config = parse("[defaults]\nprofile = \"dev\"\nregion = \"eu-west-1\"\n").unwrap();
    let (mut profile, mut region) = (None, None);
    config.defaults.fill(&mut profile, &mut region, None);
    assert_eq!(profile.as_deref(), Some("dev"));
    assert_eq!(region.as_deref(), Some("eu-west-1"), "a fallback region");

    let (mut profile, mut region) = (None, None);
    config.defaults.fill(&mut profile, &mut region, Some("ops"));
    assert_eq!(profile, None, "AWS_PROFILE wins over the file");

    let mut profile = Some("prod".to_string());
    config.defaults.fill(&mut profile, &mut region, None);
    assert_eq!(profile.as_deref(), Some("prod"), "--profile wins");
}

#[test]
fn bad_defaults_name_the_line() {
    let err = parse("[defaults]\n\ncache_ttl = 0\n").unwrap_err();
    assert!(
        err.contains("line 3") && err.contains("1 to 86400"),
        "{err}"
    );
    let err = parse("[defaults]\nclipboard_clear = \"30\"\n").unwrap_err();
    assert!(err.contains("line 2"), "{err}");
    let err = parse("[defaults]\nttl = 30\n").unwrap_err();
    assert!(err.contains("unknown field"), "{err}");
}

#[test]
fn themes_and_no_color() {
    let light = parse("[ui]\ntheme = \"light\"\nmouse = false\n").unwrap();
    assert_eq!(light.ui.theme, ThemeName::Light);
    assert!(!light.ui.mouse);
    assert!(Config::default().ui.mouse);
    let no_color = std::ffi::OsStr::new("1");
    assert_eq!(light.ui.effective_theme(Some(no_color)), ThemeName::Mono);
    // An empty NO_COLOR does not count (no-color.org).
    let empty = std::ffi::OsStr::new("");
    assert_eq!(light.ui.effective_theme(Some(empty)), ThemeName::Light);
    assert_eq!(light.ui.effective_theme(None), ThemeName::Light);
    let err = parse("[ui]\ntheme = \"solarized\"\n").unwrap_err();
    assert!(err.contains("line 2") && err.contains("dark"), "{err}");
}

#[test]
fn key_bindings_keep_their_line_in_file_order() {
    let config = parse("[keys]\nreveal = \"ctrl-r\"\n\nquit = \"Q\"\n").unwrap();
    let lines: Vec<(&str, &str, usize)> = config
        .keys
        .iter()
        .map(|b| (b.action.as_str(), b.key.as_str(), b.line))
        .collect();
    assert_eq!(lines, [("reveal", "ctrl-r", 2), ("quit", "Q", 4)]);
}
