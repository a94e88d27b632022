//! JSON text into a `serde_json::Value` without leaving parts of values in
//! freed memory: string leaves are unescaped by `json_string` (one
//! allocation that never grows) instead of serde_json's scratch buffer,
//! and a key written twice in one object is reported instead of one value
//! silently replacing the other. Numbers keep their digits as written
//! (serde_json's `arbitrary_precision`).

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use zeroize::Zeroize;

use super::json_string;

#[derive(Debug)]
pub enum TreeError {
    /// Not JSON; serde_json's error says where.
    Invalid(serde_json::Error),
    /// A key written twice in one object, as a JSON Pointer (`/db/password`).
    Repeated(String),
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::Invalid(e) => write!(f, "{e}"),
            TreeError::Repeated(at) => write!(
                f,
                "the key {at} is written twice: one value would replace the other"
            ),
        }
    }
}

pub fn parse(text: &str) -> Result<Value, TreeError> {
    // Validation first, for serde_json's line and column; ignoring values
    // copies none of them.
    serde_json::from_str::<IgnoredAny>(text).map_err(TreeError::Invalid)?;
    let mut path = Vec::new();
    node(text.trim(), &mut path)
}

/// A JSON path as a JSON Pointer (RFC 6901).
pub fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn node(raw: &str, path: &mut Vec<String>) -> Result<Value, TreeError> {
    match raw.as_bytes().first() {
        Some(b'{') => {
            let Pairs(pairs) = serde_json::from_str(raw).map_err(TreeError::Invalid)?;
            let mut map = Map::new();
            for (key, value) in pairs {
                path.push(key);
                let key = path.last().expect("pushed").clone();
                if map.contains_key(&key) {
                    let at = pointer(path);
                    scrub(Value::Object(map));
                    return Err(TreeError::Repeated(at));
                }
                let value = match node(value.get(), path) {
                    Ok(value) => value,
                    Err(e) => {
                        scrub(Value::Object(map));
                        return Err(e);
                    }
                };
                path.pop();
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(raw).map_err(TreeError::Invalid)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                path.push(i.to_string());
                match node(item.get(), path) {
                    Ok(value) => out.push(value),
                    Err(e) => {
                        scrub(Value::Array(out));
                        return Err(e);
                    }
                }
                path.pop();
            }
            Ok(Value::Array(out))
        }
        Some(b'"') => Ok(Value::String(
            json_string::unescape(raw).unwrap_or_default(),
        )),
        // Numbers, true, false, null: no string, no scratch buffer.
        _ => serde_json::from_str(raw).map_err(TreeError::Invalid),
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

/// An object's members in the order written, values still as raw text.
struct Pairs<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'de>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    pairs.push((key, map.next_value::<&RawValue>()?));
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json_with_exact_numbers() {
        let text = r#" {"a": {"s": "x\"\u00e9", "n": 123456789012345678901234567890, "f": 1.10},
                       "l": [1, "two", {"k": null}], "t": true} "#;
        let ours = parse(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours["a"]["s"], "x\"é");
        assert_eq!(ours["a"]["n"].to_string(), "123456789012345678901234567890");
        assert_eq!(ours["a"]["f"].to_string(), "1.10");
    }

    #[test]
    fn a_repeated_key_is_named_by_its_path() {
        let err = parse(r#"{"db": {"p": "1", "p": "2"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the key /db/p is written twice: one value would replace the other"
        );
        assert!(parse(r#"{"a": {"k": 1}, "b": {"k": 2}}"#).is_ok());
    }

    #[test]
    fn invalid_json_keeps_serde_jsons_position() {
        let TreeError::Invalid(e) = parse("{\n \"a\": \n}").unwrap_err() else {
            panic!("not Invalid");
        };
        assert_eq!(e.line(), 3);
    }
}
