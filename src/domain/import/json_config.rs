//! `config.json`-style files: a JSON object whose nested objects become
//! `alpaca.api_key`-style keys. String leaves are imported as their text;
//! numbers, booleans, arrays and `null` as their JSON text (and stay that
//! JSON type inside a bundle).

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use zeroize::Zeroize;

use super::{Entry, Format, ParseError, Source};
use crate::domain::value::SecretValue;

pub fn parse(text: &str) -> Result<Source, ParseError> {
    let value: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
        .map_err(|e| ParseError {
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("not valid JSON ({})", without_position(&e.to_string())),
        })?;
    let Value::Object(object) = value else {
        scrub(value);
        return Err(ParseError {
            line: None,
            column: None,
            message: "a JSON config must be an object ({\"KEY\": …}) at the top".into(),
        });
    };
    Ok(Source {
        format: Format::Json,
        entries: flatten(object),
        duplicates: BTreeMap::new(),
    })
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
                let json = other.to_string();
                scrub(other);
                out.push(leaf(path, SecretValue::text(json), true));
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

/// Zero every string in a JSON tree before it is dropped.
pub fn scrub(value: Value) {
    match value {
        Value::String(mut s) => s.zeroize(),
        Value::Array(items) => items.into_iter().for_each(scrub),
        Value::Object(map) => map.into_iter().for_each(|(_, v)| scrub(v)),
        _ => {}
    }
}

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
    fn the_top_must_be_an_object() {
        let err = parse("[1, 2]").unwrap_err();
        assert!(err.message.contains("object"), "{}", err.message);
    }
}
