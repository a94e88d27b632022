//! What came back from the editor: unchanged, a new value, or something
//! Secrets Manager (or the secret's readers) would not accept.

use super::value::{MAX_VALUE_BYTES, SecretValue};

#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// Nothing to write.
    Unchanged,
    /// An empty file: the operator's way to give up.
    Emptied,
    Changed(SecretValue),
}

/// Check the edited bytes against the value they started from. Editors add
/// a final newline the value did not have; it is dropped again. A value
/// that was JSON must still parse, so a bundle's readers are not broken by
/// a missing comma.
pub fn check(before: &SecretValue, after: SecretValue) -> Result<Edited, String> {
    let Some(text) = after.as_str() else {
        return Err("the edited value is not UTF-8 text".into());
    };
    let before_text = before.as_str().unwrap_or("");
    let trimmed = if before_text.ends_with('\n') {
        text
    } else {
        text.strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .unwrap_or(text)
    };
    if trimmed.trim().is_empty() {
        return Ok(Edited::Emptied);
    }
    if trimmed == before_text {
        return Ok(Edited::Unchanged);
    }
    if trimmed.len() > MAX_VALUE_BYTES {
        return Err(format!(
            "the value is {} bytes; Secrets Manager keeps at most {MAX_VALUE_BYTES}",
            trimmed.len()
        ));
    }
    if was_json(before_text)
        && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(trimmed)
    {
        return Err(format!(
            "the value was JSON and no longer parses (line {}, column {}): nothing written",
            e.line(),
            e.column()
        ));
    }
    Ok(Edited::Changed(SecretValue::text(trimmed.to_string())))
}

fn was_json(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// A JSON bundle with one top-level key set to `text` (a string), for
/// `sekret put NAME --key K`: every other key is kept as stored. Refused
/// when the stored value is not a JSON object.
pub fn with_key(base: Option<&SecretValue>, key: &str, text: &str) -> Result<SecretValue, String> {
    use serde_json::{Map, Value};
    let mut root = match base.map(|b| b.as_str().map(serde_json::from_str::<Value>)) {
        None => Map::new(),
        Some(Some(Ok(Value::Object(map)))) => map,
        Some(Some(Ok(other))) => {
            super::import::json_config::scrub(other);
            return Err(
                "the stored value is JSON but not an object: put the whole value instead".into(),
            );
        }
        Some(_) => {
            return Err(
                "the stored value is not a JSON bundle: put the whole value instead".into(),
            );
        }
    };
    if let Some(old) = root.insert(key.to_string(), Value::String(text.to_string())) {
        super::import::json_config::scrub(old);
    }
    let root = Value::Object(root);
    let merged = root.to_string();
    super::import::json_config::scrub(root);
    Ok(SecretValue::text(merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> SecretValue {
        SecretValue::text(s.into())
    }

    #[test]
    fn the_editors_final_newline_is_not_a_change() {
        assert_eq!(check(&text("abc"), text("abc\n")), Ok(Edited::Unchanged));
        assert_eq!(check(&text("abc\n"), text("abc\n")), Ok(Edited::Unchanged));
        assert_eq!(
            check(&text("abc"), text("abd\n")),
            Ok(Edited::Changed(text("abd")))
        );
    }

    #[test]
    fn an_empty_file_gives_up() {
        assert_eq!(check(&text("abc"), text("\n")), Ok(Edited::Emptied));
        assert_eq!(check(&text(""), text("")), Ok(Edited::Emptied));
    }

    #[test]
    fn json_must_stay_json() {
        let before = text(r#"{"user":"app","password":"x"}"#);
        let err = check(&before, text("{\"user\":\"app\" \"password\":\"y\"}\n")).unwrap_err();
        assert!(err.contains("no longer parses"), "{err}");
        assert!(
            !err.contains("password\":\"y"),
            "no value in the message: {err}"
        );
        assert!(matches!(
            check(&before, text(r#"{"user":"app","password":"y"}"#)),
            Ok(Edited::Changed(_))
        ));
        // Text may become anything.
        assert!(matches!(
            check(&text("plain"), text("{not json")),
            Ok(Edited::Changed(_))
        ));
    }

    #[test]
    fn too_large_and_not_text() {
        let big = "x".repeat(MAX_VALUE_BYTES + 1);
        assert!(
            check(&text("a"), text(&big))
                .unwrap_err()
                .contains("at most")
        );
        let binary = SecretValue::binary(vec![0xff, 0xfe]);
        assert!(check(&text("a"), binary).unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn a_key_put_into_a_bundle_keeps_the_other_keys() {
        let base = text(r#"{"user":"app","password":"old","port":5432}"#);
        let merged = with_key(Some(&base), "password", "new").unwrap();
        assert_eq!(merged.json_field("password"), Some(text("new")));
        assert_eq!(merged.json_field("user"), Some(text("app")));
        assert_eq!(merged.json_field("port"), Some(text("5432")));
        let added = with_key(None, "token", "t").unwrap();
        assert_eq!(added.as_str(), Some(r#"{"token":"t"}"#));
        assert!(with_key(Some(&text("plain")), "k", "v").is_err());
        assert!(with_key(Some(&text("[1]")), "k", "v").is_err());
    }
}
