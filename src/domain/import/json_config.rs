//! `config.json`-style files: a JSON object whose nested objects become
//! `alpaca.api_key`-style keys. String leaves are imported as their text;
//! numbers, booleans, arrays and `null` as their JSON text (and stay that
//! JSON type inside a bundle). Numbers keep the digits as written
//! (serde_json's `arbitrary_precision`): `123456789012345678901234567890`
//! is not rounded to a double.
//!
//! A key written twice in one object, or two paths that flatten to the
//! same key (`"db.password"` beside `"db": {"password"}`), refuse the
//! file and name both places: one value would silently replace the other.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::{Entry, Format, ParseError, Source};
use crate::domain::json_tree::{self, TreeError, pointer};
use crate::domain::secret_buf::json_text;
use crate::domain::value::SecretValue;

pub fn parse(text: &str) -> Result<Source, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = json_tree::parse(text).map_err(|e| match e {
        TreeError::Invalid(e) => ParseError {
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("not valid JSON ({})", without_position(&e.to_string())),
        },
        repeated @ TreeError::Repeated(_) => ParseError {
            line: None,
            column: None,
            message: repeated.to_string(),
        },
    })?;
    let Value::Object(object) = value else {
        scrub(value);
        return Err(ParseError {
            line: None,
            column: None,
            message: "a JSON config must be an object ({\"KEY\": …}) at the top".into(),
        });
    };
    let entries = flatten(object);
    if let Some(message) = colliding(&entries) {
        return Err(ParseError {
            line: None,
            column: None,
            message,
        });
    }
    Ok(Source {
        format: Format::Json,
        entries,
        duplicates: BTreeMap::new(),
    })
}

/// Two leaves whose paths differ but flatten to the same dotted key.
fn colliding(entries: &[Entry]) -> Option<String> {
    let mut seen: HashMap<&str, &[String]> = HashMap::new();
    for entry in entries {
        if let Some(first) = seen.insert(&entry.key, &entry.path) {
            return Some(format!(
                "{} and {} both become the key {}: rename one",
                pointer(first),
                pointer(&entry.path),
                entry.key
            ));
        }
    }
    None
}

/// Every leaf of `object`, depth first, sorted by key. Takes the
/// strings out of the tree without copying them.
pub fn flatten(object: Map<String, Value>) -> Vec<Entry> {
    let mut out = Vec::new();
    walk(object, &mut Vec::new(), &mut out);
    out
}

fn walk(object: Map<String, Value>, path: &mut Vec<String>, out: &mut Vec<Entry>) {
    for (key, value) in object {
        path.push(key);
        match value {
            Value::Object(inner) if !inner.is_empty() => walk(inner, path, out),
            Value::String(text) => out.push(leaf(path, SecretValue::text(text), false)),
            other => {
                let json = json_text(&other);
                scrub(other);
                out.push(leaf(path, json, true));
            }
        }
        path.pop();
    }
}

fn leaf(path: &[String], value: SecretValue, json_leaf: bool) -> Entry {
    Entry {
        key: path.join("."),
        path: path.to_vec(),
        value,
        json_leaf,
        line: None,
        expands: Vec::new(),
    }
}

pub use crate::domain::json_tree::scrub;

/// serde_json ends its messages with " at line L column C"; the caller
/// says where already.
fn without_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_become_dotted_keys_sorted_by_key() {
        let text = r#"{"exchange": "alpaca", "alpaca": {"api_key": "AK1", "secret": "s\"q"},
                       "risk": {"max_position": 2500, "paper": true, "symbols": ["A","B"]},
                       "none": null, "empty": {}}"#;
        let source = parse(text).unwrap();
        let keys: Vec<&str> = source.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "alpaca.api_key",
                "alpaca.secret",
                "empty",
                "exchange",
                "none",
                "risk.max_position",
                "risk.paper",
                "risk.symbols",
            ]
        );
        let by = |k: &str| source.entries.iter().find(|e| e.key == k).unwrap();
        assert_eq!(by("alpaca.secret").value.as_str(), Some("s\"q"));
        assert!(!by("alpaca.secret").json_leaf);
        assert_eq!(by("risk.max_position").value.as_str(), Some("2500"));
        assert!(by("risk.max_position").json_leaf);
        assert_eq!(by("risk.symbols").value.as_str(), Some("[\"A\",\"B\"]"));
        assert_eq!(by("empty").value.as_str(), Some("{}"));
        assert_eq!(by("alpaca.api_key").path, ["alpaca", "api_key"]);
    }

    #[test]
    fn broken_json_names_the_line_and_column() {
        let err = parse("{\n  \"a\": \"hunter2\",\n  \"b\": \n}").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.starts_with("not valid JSON"), "{}", err.message);
        assert!(!err.to_string().contains("hunter2"));
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn numbers_keep_the_digits_as_written() {
        let text = r#"{"big": 123456789012345678901234567890, "exact": 1.10, "small": 5e-324}"#;
        let source = parse(text).unwrap();
        let by = |k: &str| source.entries.iter().find(|e| e.key == k).unwrap();
        assert_eq!(
            by("big").value.as_str(),
            Some("123456789012345678901234567890")
        );
        assert_eq!(by("exact").value.as_str(), Some("1.10"));
        assert_eq!(by("small").value.as_str(), Some("5e-324"));
    }

    #[test]
    fn colliding_flattened_keys_name_both_places() {
        let text = r#"{"db.password": "a", "db": {"password": "b"}}"#;
        let err = parse(text).unwrap_err();
        assert_eq!(
            err.message,
            "/db/password and /db.password both become the key db.password: rename one"
        );
        assert!(!err.to_string().contains("\"a\""));
    }

    #[test]
    fn a_key_written_twice_is_refused() {
        let text = r#"{"db": {"user": "u", "password": "hunter2", "password": "x"}}"#;
        let err = parse(text).unwrap_err();
        assert!(
            err.message.contains("/db/password is written twice"),
            "{}",
            err.message
        );
        assert!(!err.to_string().contains("hunter2"));
        assert!(parse(r#"{"a": {"k": 1}, "b": {"k": 2}}"#).is_ok());
    }

    #[test]
    fn the_top_must_be_an_object() {
        let err = parse("[1, 2]").unwrap_err();
        assert!(err.message.contains("object"), "{}", err.message);
    }
}
