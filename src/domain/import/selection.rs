//! Which keys an import takes: configuration keys are left out by name
//! (`ENVIRONMENT`, `PORT`, …), placeholder values are left out by shape
//! (`YOUR_API_KEY`, `change-me`, empty), and the operator decides the rest
//! (`--keep`, `--skip`, or the console's toggles).

use std::collections::BTreeSet;

use super::Entry;

/// Keys that configure an application rather than hold a secret.
pub const DEFAULT_SKIP: &[&str] = &[
    "ENVIRONMENT",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "LOG_LEVEL",
    "FEATURE_FLAGS",
    "PORT",
    "NODE_ENV",
];

/// Why a key is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Its name is on the skip list.
    Configuration,
    /// Its value looks like a placeholder of this shape.
    Placeholder(&'static str),
    /// The operator left it out.
    Excluded,
}

impl Skip {
    pub fn describe(&self) -> String {
        match self {
            Skip::Configuration => "configuration, not a secret".into(),
            Skip::Placeholder(shape) => format!("placeholder value ({shape})"),
            Skip::Excluded => "left out".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Key names left out as configuration (a name also covers the keys
    /// nested under it in a JSON file).
    pub skip: Vec<String>,
    /// Keys taken whatever the skip list or placeholder check says.
    pub keep: BTreeSet<String>,
    /// Keys left out by the operator.
    pub excluded: BTreeSet<String>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection::new(DEFAULT_SKIP.iter().map(|s| s.to_string()).collect())
    }
}

impl Selection {
    pub fn new(skip: Vec<String>) -> Self {
        Selection {
            skip,
            keep: BTreeSet::new(),
            excluded: BTreeSet::new(),
        }
    }

    /// None when the entry is imported, else why not.
    pub fn skip_reason(&self, entry: &Entry) -> Option<Skip> {
        if self.excluded.contains(&entry.key) {
            return Some(Skip::Excluded);
        }
        if self.keep.iter().any(|k| covers(k, entry)) {
            return None;
        }
        if self.skip.iter().any(|k| covers(k, entry)) {
            return Some(Skip::Configuration);
        }
        placeholder(entry).map(Skip::Placeholder)
    }

    /// The console's toggle: take a skipped key, leave out a taken one.
    pub fn toggle(&mut self, entry: &Entry) {
        if self.skip_reason(entry).is_none() {
            self.keep.remove(&entry.key);
            self.excluded.insert(entry.key.clone());
        } else {
            self.excluded.remove(&entry.key);
            self.keep.insert(entry.key.clone());
        }
    }
}

/// Does the name `name` cover `entry` — the key itself, or a JSON object
/// it sits in? Compared case-insensitively, with `.` and `-` read as `_`,
/// so `LOG_LEVEL` also covers `log.level` and `logLevel` does not.
fn covers(name: &str, entry: &Entry) -> bool {
    let name = normal(name);
    (1..=entry.path.len()).any(|n| normal(&entry.path[..n].join(".")) == name)
        || normal(&entry.key) == name
}

fn normal(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            '.' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The shape of a placeholder value, if the entry's value has one. Only
/// the shape is ever shown, never the value.
pub fn placeholder(entry: &Entry) -> Option<&'static str> {
    let text = entry.value.as_str()?.trim();
    if text.is_empty() || text == "\"\"" || text == "''" {
        return Some("empty");
    }
    if entry.json_leaf && text == "null" {
        return Some("null");
    }
    let lower = text.to_ascii_lowercase();
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if lower.starts_with("your_") || lower.starts_with("your-") || lower.starts_with("your ") {
        return Some("YOUR_…");
    }
    if lower.starts_with('<') && lower.ends_with('>') {
        return Some("<…>");
    }
    if squashed.ends_with("changeinproduction") || squashed.ends_with("changeinprod") {
        return Some("…change_in_production");
    }
    if squashed.contains("changeme") || squashed.contains("replaceme") {
        return Some("change-me");
    }
    if ["todo", "tbd", "placeholder", "secret", "password", "xxx"].contains(&squashed.as_str())
        || (squashed.len() >= 3 && squashed.chars().all(|c| c == 'x'))
    {
        return Some("a stand-in word");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::SecretValue;

    fn entry(key: &str, value: &str) -> Entry {
        Entry {
            key: key.into(),
            path: key.split('.').map(String::from).collect(),
            value: SecretValue::text(value.into()),
            json_leaf: false,
            line: None,
            expands: Vec::new(),
        }
    }

    #[test]
    fn configuration_keys_are_skipped_by_name_and_nesting() {
        let sel = Selection::default();
        assert_eq!(
            sel.skip_reason(&entry("NODE_ENV", "production")),
            Some(Skip::Configuration)
        );
        assert_eq!(
            sel.skip_reason(&entry("log_level", "debug")),
            Some(Skip::Configuration)
        );
        assert_eq!(
            sel.skip_reason(&entry("feature_flags.beta", "true")),
            Some(Skip::Configuration)
        );
        assert_eq!(sel.skip_reason(&entry("REPORT", "8080")), None);
        assert_eq!(sel.skip_reason(&entry("JWT_SECRET", "k3y")), None);
    }

    #[test]
    fn placeholders_are_recognised_by_shape() {
        for (value, shape) in [
            ("", "empty"),
            ("YOUR_STRIPE_SECRET_KEY", "YOUR_…"),
            ("your-api-key-here", "YOUR_…"),
            ("<paste the key>", "<…>"),
            ("change-me", "change-me"),
            ("CHANGEME", "change-me"),
            ("dev-secret-change_in_production", "…change_in_production"),
            ("xxxxxxxx", "a stand-in word"),
            ("TODO", "a stand-in word"),
        ] {
            assert_eq!(placeholder(&entry("K", value)), Some(shape), "{value:?}");
        }
        for real in ["sk_test_51Hx9fake", "postgres://u:p@h/db", "yourself", "0"] {
            assert_eq!(placeholder(&entry("K", real)), None, "{real:?}");
        }
    }

    #[test]
    fn keep_overrides_and_toggles_flip() {
        let mut sel = Selection::default();
        let port = entry("PORT", "8080");
        let empty = entry("SENTRY_DSN", "");
        sel.keep.insert("PORT".into());
        assert_eq!(sel.skip_reason(&port), None);
        sel.toggle(&port);
        assert_eq!(sel.skip_reason(&port), Some(Skip::Excluded));
        sel.toggle(&port);
        assert_eq!(sel.skip_reason(&port), None);
        assert_eq!(sel.skip_reason(&empty), Some(Skip::Placeholder("empty")));
        sel.toggle(&empty);
        assert_eq!(sel.skip_reason(&empty), None);
    }
}
