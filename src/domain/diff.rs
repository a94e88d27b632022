//! Comparing two values of a secret: key by key for JSON bundles, line by
//! line for text, by size and SHA-256 for binary. The diff holds only
//! `SecretValue`s, so it is masked and zeroized like the values themselves.

use similar::{ChangeTag, TextDiff};

use super::value::{Field, SecretValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    pub fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
            Change::Unchanged => ' ',
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDiff {
    pub key: String,
    pub change: Change,
    pub from: Option<SecretValue>,
    pub to: Option<SecretValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDiff {
    /// Added, Removed or Unchanged.
    pub change: Change,
    pub text: SecretValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueDiff {
    /// Both values are JSON objects.
    Json(Vec<KeyDiff>),
    /// Text (or one side is not a JSON object).
    Text(Vec<LineDiff>),
    /// At least one side is binary.
    Binary {
        from_len: usize,
        to_len: usize,
        from_sha256: [u8; 32],
        to_sha256: [u8; 32],
    },
}

impl ValueDiff {
    pub fn between(from: &SecretValue, to: &SecretValue) -> ValueDiff {
        if from.is_binary() || to.is_binary() {
            return ValueDiff::Binary {
                from_len: from.len(),
                to_len: to.len(),
                from_sha256: from.sha256(),
                to_sha256: to.sha256(),
            };
        }
        if let (Some(a), Some(b)) = (from.json_fields(), to.json_fields()) {
            return ValueDiff::Json(json_diff(a, b));
        }
        ValueDiff::Text(text_diff(
            from.as_str().unwrap_or(""),
            to.as_str().unwrap_or(""),
        ))
    }

    /// How many entries are added, removed, changed (a changed text line
    /// counts as one removed and one added).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |changes: &mut dyn Iterator<Item = Change>| {
            changes.fold((0, 0, 0), |(a, r, c), ch| match ch {
                Change::Added => (a + 1, r, c),
                Change::Removed => (a, r + 1, c),
                Change::Changed => (a, r, c + 1),
                Change::Unchanged => (a, r, c),
            })
        };
        match self {
            ValueDiff::Json(keys) => count(&mut keys.iter().map(|k| k.change)),
            ValueDiff::Text(lines) => count(&mut lines.iter().map(|l| l.change)),
            ValueDiff::Binary {
                from_sha256,
                to_sha256,
                ..
            } => (0, 0, usize::from(from_sha256 != to_sha256)),
        }
    }

    pub fn identical(&self) -> bool {
        self.counts() == (0, 0, 0)
    }

    /// "password changed · api_key added" / "3 lines added, 1 removed".
    pub fn summary(&self) -> String {
        let (added, removed, changed) = self.counts();
        if self.identical() {
            return "identical".into();
        }
        match self {
            ValueDiff::Binary { .. } => "binary values differ".into(),
            ValueDiff::Json(_) => {
                format!("keys: {added} added, {removed} removed, {changed} changed")
            }
            ValueDiff::Text(_) => format!("lines: {added} added, {removed} removed"),
        }
    }
}

/// Keys from both sides, sorted; a key present on both sides with equal
/// values is unchanged.
fn json_diff(from: Vec<Field>, to: Vec<Field>) -> Vec<KeyDiff> {
    let mut out = Vec::with_capacity(from.len().max(to.len()));
    let mut a = from.into_iter().peekable();
    let mut b = to.into_iter().peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.key.cmp(&y.key),
        };
        let diff = match order {
            std::cmp::Ordering::Less => {
                let f = a.next().expect("peeked");
                KeyDiff {
                    key: f.key.clone(),
                    change: Change::Removed,
                    from: Some(f.value.clone()),
                    to: None,
                }
            }
            std::cmp::Ordering::Greater => {
                let t = b.next().expect("peeked");
                KeyDiff {
                    key: t.key.clone(),
                    change: Change::Added,
                    from: None,
                    to: Some(t.value.clone()),
                }
            }
            std::cmp::Ordering::Equal => {
                let (f, t) = (a.next().expect("peeked"), b.next().expect("peeked"));
                let change = if f.value == t.value {
                    Change::Unchanged
                } else {
                    Change::Changed
                };
                KeyDiff {
                    key: f.key.clone(),
                    change,
                    from: Some(f.value.clone()),
                    to: Some(t.value.clone()),
                }
            }
        };
        out.push(diff);
    }
    out
}

fn text_diff(from: &str, to: &str) -> Vec<LineDiff> {
    TextDiff::from_lines(from, to)
        .iter_all_changes()
        .map(|c| LineDiff {
            change: match c.tag() {
                ChangeTag::Equal => Change::Unchanged,
                ChangeTag::Delete => Change::Removed,
                ChangeTag::Insert => Change::Added,
            },
            text: SecretValue::text(c.value().trim_end_matches(['\n', '\r']).to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> SecretValue {
        SecretValue::text(s.into())
    }

    #[test]
    fn json_bundles_diff_key_by_key() {
        let a = text(r#"{"host":"db1","password":"old","port":5432,"legacy":"x"}"#);
        let b = text(r#"{"host":"db1","password":"new","port":5432,"sslmode":"require"}"#);
        let ValueDiff::Json(keys) = ValueDiff::between(&a, &b) else {
            panic!("expected a key diff");
        };
        let got: Vec<(&str, Change)> = keys.iter().map(|k| (k.key.as_str(), k.change)).collect();
        assert_eq!(
            got,
            [
                ("host", Change::Unchanged),
                ("legacy", Change::Removed),
                ("password", Change::Changed),
                ("port", Change::Unchanged),
                ("sslmode", Change::Added),
            ]
        );
        assert_eq!(
            ValueDiff::between(&a, &b).summary(),
            "keys: 1 added, 1 removed, 1 changed"
        );
    }

    #[test]
    fn text_diffs_line_by_line() {
        let d = ValueDiff::between(&text("a\nb\nc\n"), &text("a\nB\nc\nd\n"));
        let ValueDiff::Text(lines) = &d else {
            panic!("expected a line diff");
        };
        let got: Vec<(Change, &str)> = lines
            .iter()
            .map(|l| (l.change, l.text.as_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (Change::Unchanged, "a"),
                (Change::Removed, "b"),
                (Change::Added, "B"),
                (Change::Unchanged, "c"),
                (Change::Added, "d"),
            ]
        );
        assert_eq!(d.counts(), (2, 1, 0));
    }

    #[test]
    fn a_bundle_against_plain_text_is_a_text_diff() {
        let d = ValueDiff::between(&text(r#"{"a":"1"}"#), &text("plain"));
        assert!(matches!(d, ValueDiff::Text(_)));
    }

    #[test]
    fn binary_compares_size_and_hash() {
        let a = SecretValue::binary(vec![1, 2, 3]);
        let b = SecretValue::binary(vec![1, 2, 4]);
        let d = ValueDiff::between(&a, &b);
        assert!(matches!(
            d,
            ValueDiff::Binary {
                from_len: 3,
                to_len: 3,
                ..
            }
        ));
        assert!(!d.identical());
        assert!(ValueDiff::between(&a, &a.clone()).identical());
    }

    #[test]
    fn identical_values_say_so() {
        let v = text(r#"{"k":"v"}"#);
        assert_eq!(ValueDiff::between(&v, &v.clone()).summary(), "identical");
    }
}
