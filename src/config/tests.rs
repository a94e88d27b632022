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

/// The ```toml block in `text` whose lines start with `prefix`, without it.
fn toml_block(text: &str, prefix: &str) -> String {
    text.lines()
        .skip_while(|l| !l.starts_with(&format!("{prefix}```toml")))
        .skip(1)
        .take_while(|l| !l.starts_with(&format!("{prefix}```")))
        .map(|l| {
            // `//! text`, and `//!` alone for an empty line.
            let marker = prefix.trim_end();
            let l = l.strip_prefix(marker).unwrap_or(l);
            let l = if marker.is_empty() {
                l
            } else {
                l.strip_prefix(' ').unwrap_or(l)
            };
            format!("{}\n", l.trim_end())
        })
        .collect()
}

/// The documented block (module docs and docs/CONFIG.md, the same text)
/// holds every key with its default: parsed, it behaves exactly as no
/// file at all.
#[test]
fn the_documented_block_is_every_key_with_its_default() {
    let source = toml_block(include_str!("../config.rs"), "//! ");
    let docs = toml_block(include_str!("../../docs/CONFIG.md"), "");
    assert_eq!(source, docs, "src/config.rs and docs/CONFIG.md disagree");
    for section in [
        "defaults",
        "read_only",
        "import",
        "listing",
        "audit",
        "ui",
        "keys",
    ] {
        assert!(
            source.contains(&format!("[{section}]")),
            "[{section}] is missing"
        );
    }
    let written = parse(&source).unwrap();
    let none = Config::default();
    let ttl = |c: &Config| c.defaults.cache_ttl.unwrap_or(DEFAULT_CACHE_TTL_S);
    let clip = |c: &Config| {
        c.defaults
            .clipboard_clear
            .unwrap_or(DEFAULT_CLIPBOARD_CLEAR_S)
    };
    assert_eq!(ttl(&written), ttl(&none));
    assert_eq!(clip(&written), clip(&none));
    assert_eq!(written.defaults.profile, none.defaults.profile);
    assert_eq!(written.defaults.region, none.defaults.region);
    assert_eq!(written.read_only, none.read_only);
    assert_eq!(written.import.skip_list(), none.import.skip_list());
    assert_eq!(written.listing.sequential, none.listing.sequential);
    let concurrency = |c: &Config| {
        c.listing
            .concurrency
            .unwrap_or(crate::aws::listing::DEFAULT_CONCURRENCY)
    };
    assert_eq!(concurrency(&written), concurrency(&none));
    assert_eq!(written.listing.regions, none.listing.regions);
    assert_eq!(written.audit, none.audit);
    assert_eq!(written.ui.theme, none.ui.theme);
    assert_eq!(written.ui.mouse, none.ui.mouse);
    assert_eq!(written.keys, none.keys);
    // The commented-out examples are valid too.
    let examples: String = source
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|l| l.contains(" = "))
                .unwrap_or(l)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let examples = parse(&examples).unwrap();
    assert_eq!(examples.defaults.profile.as_deref(), Some("dev"));
    assert_eq!(examples.keys.len(), 1);
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

#[test]
fn audit_limits_are_checked() {
    let config = parse("[audit]\nunused_days = 30\nrequired_tags = [\"owner\"]\n").unwrap();
    assert_eq!(config.audit.unused_days, 30);
    assert_eq!(
        config.audit.rotation_days, 90,
        "the others keep their defaults"
    );
    assert_eq!(config.audit.required_tags, ["owner"]);
    let err = parse("[audit]\nignore = [\"nope\"]\n").unwrap_err();
    assert!(err.contains("nope") && err.contains("unused"), "{err}");
    assert!(
        parse("[audit]\nunused = 3\n")
            .unwrap_err()
            .contains("line 2")
    );
    assert!(
        parse("[audit]\nunused_days = -1\n")
            .unwrap_err()
            .contains("negative")
    );
}
