//! `SecretBuf`: a growing plaintext buffer that wipes every allocation it
//! outgrows. `String::push_str` and `Vec::extend` move the contents to a
//! bigger allocation and free the old one as it is, so building a value
//! piece by piece (a parsed `.env` value, a merged JSON bundle) would
//! leave partial copies in freed memory.

use std::{fmt, io};

use zeroize::{Zeroize, Zeroizing};

use super::value::SecretValue;

#[derive(Default)]
pub struct SecretBuf {
    bytes: Zeroizing<Vec<u8>>,
}

impl SecretBuf {
    pub fn push_str(&mut self, text: &str) {
        self.extend(text.as_bytes());
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The text as a `SecretValue`, without a copy.
    pub fn into_value(mut self) -> SecretValue {
        let bytes = std::mem::take(&mut *self.bytes);
        match String::from_utf8(bytes) {
            Ok(text) => SecretValue::text(text),
            Err(e) => {
                e.into_bytes().zeroize();
                SecretValue::text(String::new())
            }
        }
    }

    fn extend(&mut self, more: &[u8]) {
        let needed = self.bytes.len() + more.len();
        if needed > self.bytes.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(
                needed.max(self.bytes.capacity() * 2).max(64),
            ));
            bigger.extend_from_slice(&self.bytes);
            // The old allocation is zeroed as it drops.
            self.bytes = bigger;
        }
        self.bytes.extend_from_slice(more);
    }
}

impl fmt::Debug for SecretBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Write for SecretBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// For `serde_json::to_writer`, which writes valid UTF-8.
impl io::Write for SecretBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.extend(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as JSON text, built without freed partial copies.
pub fn json_text(value: &serde_json::Value) -> SecretValue {
    let mut buf = SecretBuf::default();
    // Writing a Value into memory cannot fail.
    let _ = serde_json::to_writer(&mut buf, value);
    buf.into_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_keeps_the_text() {
        let mut buf = SecretBuf::default();
        for i in 0..1000 {
            buf.push_str(&i.to_string());
            buf.push('é');
        }
        let expected: String = (0..1000).map(|i| format!("{i}é")).collect();
        assert_eq!(buf.as_str(), expected);
        assert_eq!(buf.into_value().as_str(), Some(expected.as_str()));
    }

    #[test]
    fn json_text_matches_serde_json() {
        let value = serde_json::json!({"a": [1, "two"], "b": {"c": null}});
        assert_eq!(json_text(&value).as_str(), Some(value.to_string().as_str()));
    }
}
