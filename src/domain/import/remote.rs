//! What Secrets Manager holds at a target name, read fresh before a plan
//! or a verify: hashes of the AWSCURRENT value (and of each bundle key),
//! and for a bundle the value itself, which the import merges into.

use std::collections::BTreeMap;

use super::Entry;
use super::json_config;
use crate::domain::value::SecretValue;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// No secret by that name.
    Missing,
    /// Scheduled for deletion: neither a create nor a put can use the name.
    Deleted,
    /// The secret exists without an AWSCURRENT value.
    Empty,
    /// DescribeSecret or GetSecretValue failed (access denied, …).
    Unreadable(String),
    Current(Current),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub version: String,
    pub hash: [u8; 32],
    /// For a JSON object: each leaf's hash by its dotted key.
    pub fields: Option<BTreeMap<String, [u8; 32]>>,
    /// Kept only for a bundle target (the import merges into it).
    pub value: Option<SecretValue>,
}

impl Current {
    /// Hash what was read; keep the value only when `keep_value`.
    pub fn read(version: String, value: SecretValue, keep_value: bool) -> Current {
        let hash = value.sha256();
        let fields = object_leaves(&value).map(|leaves| {
            leaves
                .into_iter()
                .map(|e| (e.key.clone(), e.value.sha256()))
                .collect()
        });
        Current {
            version,
            hash,
            fields,
            value: keep_value.then_some(value),
        }
    }
}

/// The leaves of a JSON object value, as an import of that JSON would see
/// them (so a key and a file entry compare equal when their text is).
pub fn object_leaves(value: &SecretValue) -> Option<Vec<Entry>> {
    let text = value.as_str()?;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    match crate::domain::json_tree::parse(text).ok()? {
        serde_json::Value::Object(map) => Some(json_config::flatten(map)),
        other => {
            json_config::scrub(other);
            None
        }
    }
}

/// How one file entry compares with what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compare {
    Same,
    Differs,
    /// Not stored: no secret, no value, or (bundle) no such key.
    Absent,
    /// The name is scheduled for deletion.
    Deleted,
    /// Stored, but it is not a JSON object, so a bundle cannot hold keys.
    NotABundle,
    Unreadable(String),
}

/// Compare `entry` with `remote`: the whole value, or in a bundle the
/// entry's key.
pub fn compare(entry: &Entry, remote: &Remote, in_bundle: bool) -> Compare {
    match remote {
        Remote::Missing | Remote::Empty => Compare::Absent,
        Remote::Deleted => Compare::Deleted,
        Remote::Unreadable(why) => Compare::Unreadable(why.clone()),
        Remote::Current(current) if in_bundle => match &current.fields {
            None => Compare::NotABundle,
            Some(fields) => match fields.get(&entry.key) {
                None => Compare::Absent,
                Some(hash) if *hash == entry.value.sha256() => Compare::Same,
                Some(_) => Compare::Differs,
            },
        },
        Remote::Current(current) if current.hash == entry.value.sha256() => Compare::Same,
        Remote::Current(_) => Compare::Differs,
    }
}
