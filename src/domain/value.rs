//! `SecretValue`: the only type that holds plaintext.
//!
//! Its bytes are zeroized when it is dropped, and `Debug`/`Display` print
//! `[redacted]`, so a value cannot reach a log line, an error message or a
//! panic message by accident. Views of a value (JSON fields, diff lines) are
//! `SecretValue`s too.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::json_string;

/// Secrets Manager's largest value.
pub const MAX_VALUE_BYTES: usize = 65_536;

#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretValue {
    bytes: Vec<u8>,
    binary: bool,
}

impl SecretValue {
    /// A SecretString. Takes the String without copying it.
    pub fn text(text: String) -> Self {
        SecretValue {
            bytes: text.into_bytes(),
            binary: false,
        }
    }

    /// A SecretBinary.
    pub fn binary(bytes: Vec<u8>) -> Self {
        SecretValue {
            bytes,
            binary: true,
        }
    }

    pub fn is_binary(&self) -> bool {
        self.binary
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text of a SecretString (always valid UTF-8); None for binary.
    pub fn as_str(&self) -> Option<&str> {
        if self.binary {
            return None;
        }
        std::str::from_utf8(&self.bytes).ok()
    }

    pub fn sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.bytes).into()
    }

    /// The fields of a JSON object value (a "bundle"), sorted by key; None
    /// when the value is not a JSON object. String fields are unescaped;
    /// other JSON values keep their JSON text (`5432`, `true`, `{…}`).
    pub fn json_fields(&self) -> Option<Vec<Field>> {
        let text = self.as_str()?;
        if !text.trim_start().starts_with('{') {
            return None;
        }
        // Borrowed raw values: the parse copies no field value.
        let raw: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
        Some(
            raw.into_iter()
                .map(|(key, raw)| {
                    let json = raw.get();
                    // Not serde_json's unescaping: its scratch buffer
                    // would be freed holding the value.
                    let value = if json.starts_with('"') {
                        json_string::unescape(json)
                            .map(SecretValue::text)
                            .unwrap_or_else(|| SecretValue::text(json.to_string()))
                    } else {
                        SecretValue::text(json.to_string())
                    };
                    Field { key, value }
                })
                .collect(),
        )
    }

    /// The value of one JSON key (`--key`, copying one key).
    pub fn json_field(&self, key: &str) -> Option<SecretValue> {
        self.json_fields()?
            .into_iter()
            .find(|f| f.key == key)
            .map(|f| f.value.clone())
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A value and the version it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionValue {
    pub version_id: String,
    pub value: SecretValue,
}

/// One key of a JSON bundle. Keys are names, not secrets; values are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: SecretValue,
}

/// `3f2a9c1d…`-style fingerprint for showing that two values differ
/// without showing them: the first 8 bytes of the SHA-256, in hex.
pub fn short_hash(hash: &[u8; 32]) -> String {
    hash[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let v = SecretValue::text("hunter2-canary".into());
        assert_eq!(format!("{v:?}"), "[redacted]");
        assert_eq!(format!("{v}"), "[redacted]");
        let f = Field {
            key: "password".into(),
            value: v,
        };
        assert!(!format!("{f:?}").contains("hunter2"));
    }

    #[test]
    fn json_bundles_are_split_into_sorted_fields() {
        let v = SecretValue::text(r#"{"username":"app","port":5432,"password":"p\"w"}"#.into());
        let fields = v.json_fields().unwrap();
        let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["password", "port", "username"]);
        assert_eq!(fields[0].value.as_str(), Some("p\"w"));
        assert_eq!(fields[1].value.as_str(), Some("5432"));
        assert_eq!(v.json_field("username").unwrap().as_str(), Some("app"));
        assert!(v.json_field("nope").is_none());
    }

    #[test]
    fn text_arrays_and_binary_are_not_bundles() {
        assert!(
            SecretValue::text("postgres://x".into())
                .json_fields()
                .is_none()
        );
        assert!(SecretValue::text("[1,2]".into()).json_fields().is_none());
        assert!(SecretValue::text("{broken".into()).json_fields().is_none());
        assert!(SecretValue::binary(b"{}".to_vec()).json_fields().is_none());
        assert_eq!(SecretValue::text("{}".into()).json_fields(), Some(vec![]));
    }

    #[test]
    fn zeroize_clears_the_bytes() {
        let mut v = SecretValue::text("canary".into());
        v.zeroize();
        assert!(v.is_empty());
    }
}
