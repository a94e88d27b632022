//! Property tests over every parser of outside input: `.env` files, JSON
//! config files, CloudTrail records, the config file, and secret values
//! (text, JSON, binary). For any input: no panic, and no error message or
//! `Debug` output repeats a value.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::diff::ValueDiff;
use super::event::{AccessEvent, EventEnvelope};
use super::import::{dotenv, json_config};
use super::value::SecretValue;

const CANARY: &str = "canary-parse-77e2";

/// Any JSON value, a few levels deep, with the canary among the strings.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        Just(Value::String(CANARY.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_.]{0,8}|aRN|arn|userIdentity", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A CloudTrail record: the fields sekret reads, each of any JSON type.
fn cloudtrail_record() -> impl Strategy<Value = String> {
    (
        json_value(),
        json_value(),
        json_value(),
        json_value(),
        any::<bool>(),
    )
        .prop_map(|(identity, ip, params, agent, older)| {
            let key = if older { "aRN" } else { "arn" };
            json!({
                "userIdentity": {key: identity, "accessKeyId": agent.clone()},
                "sourceIPAddress": ip,
                "requestParameters": params,
                "userAgent": agent,
            })
            .to_string()
        })
}

fn no_control(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

proptest! {
    #[test]
    fn dotenv_any_text(text in any::<String>()) {
        match dotenv::parse(&text) {
            Ok(source) => {
                let shown = format!("{:?}", source.entries);
                prop_assert!(!shown.contains(CANARY));
            }
            Err(err) => prop_assert!(err.line.is_none_or(|l| l >= 1)),
        }
    }

    /// A broken line holding a value: the error names the line, never the value.
    #[test]
    fn dotenv_errors_never_quote_a_value(prefix in "[A-Z_]{1,8}=\"", suffix in "[ a-z]{0,8}") {
        let text = format!("OK=1\n{prefix}{CANARY}{suffix}\n");
        if let Err(err) = dotenv::parse(&text) {
            prop_assert!(!err.to_string().contains(CANARY), "{}", err);
        }
    }

    #[test]
    fn json_config_any_value(value in json_value()) {
        let text = value.to_string();
        match json_config::parse(&text) {
            Ok(source) => {
                prop_assert!(value.is_object());
                let shown = format!("{:?}", source.entries);
                prop_assert!(!shown.contains(CANARY));
            }
            Err(err) => prop_assert!(!err.to_string().contains(CANARY), "{}", err),
        }
    }

    /// Truncated or spliced JSON: an error with a position, never the value.
    #[test]
    fn json_config_broken_text(value in json_value(), cut in any::<prop::sample::Index>(), junk in "[{}\\[\\],:\"]{0,3}") {
        let text = json!({"password": CANARY, "rest": value}).to_string();
        let at = cut.index(text.len() + 1);
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let broken = format!("{}{junk}", &text[..at]);
        if let Err(err) = json_config::parse(&broken) {
            prop_assert!(!err.to_string().contains(CANARY), "{}", err);
        }
    }

    #[test]
    fn cloudtrail_records_of_any_shape(raw in prop_oneof![cloudtrail_record(), any::<String>()]) {
        let event = AccessEvent::parse(
            EventEnvelope { id: "e".into(), name: "GetSecretValue".into(), ..Default::default() },
            raw.clone(),
        );
        // Whatever the record holds, nothing sekret shows carries a
        // control character to the terminal.
        for field in [&event.source_ip, &event.user_agent] {
            prop_assert!(no_control(field));
        }
        for field in [&event.principal_arn, &event.access_key, &event.secret_id, &event.error_code] {
            prop_assert!(field.as_deref().is_none_or(no_control));
        }
        prop_assert_eq!(event.raw, raw);
    }

    #[test]
    fn config_file_any_text(text in any::<String>()) {
        let _ = crate::config::parse(&text);
    }

    #[test]
    fn config_file_toml_shaped(text in "(\\[(defaults|ui|keys|listing|read_only|import|x)\\]\n|[a-z_]{1,12} = (\"[a-z*]{0,6}\"|[0-9]{1,4}|true|\\[\"a\"\\])\n){0,8}") {
        let _ = crate::config::parse(&text);
    }

    #[test]
    fn values_of_any_shape(a in prop_oneof![
        any::<String>().prop_map(SecretValue::text),
        json_value().prop_map(|v| SecretValue::text(v.to_string())),
        prop::collection::vec(any::<u8>(), 0..300).prop_map(SecretValue::binary),
    ], b in json_value()) {
        let b = SecretValue::text(b.to_string());
        if let Some(fields) = a.json_fields() {
            prop_assert!(a.as_str().is_some());
            let shown = format!("{fields:?}");
            prop_assert!(!shown.contains(CANARY));
        }
        let diff = ValueDiff::between(&a, &b);
        let shown = format!("{diff:?}");
        prop_assert!(!shown.contains(CANARY));
        prop_assert!(!diff.summary().contains(CANARY));
        prop_assert_eq!(ValueDiff::between(&a, &a).identical(), true);
    }
}
