//! Unescaping a JSON string literal into a single allocation that never
//! grows (unescaped text is never longer than its literal), so no
//! intermediate buffer holding part of a value is freed without being
//! zeroed — serde_json's scratch buffer would be.

use zeroize::Zeroizing;

/// The text of the JSON string literal `literal` (quotes included); None
/// when it is not a valid one (a lone surrogate, say).
pub fn unescape(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    // Zeroed if we give up half-way.
    let mut out = Zeroizing::new(String::with_capacity(inner.len()));
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let unescaped = match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let high = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair: \uD83D\uDE00.
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let low = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(high)?
                }
            }
            _ => return None,
        };
        out.push(unescaped);
    }
    Some(std::mem::take(&mut *out))
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut n = 0;
    for _ in 0..4 {
        n = n * 16 + chars.next()?.to_digit(16)?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_and_unicode() {
        assert_eq!(unescape(r#""a\"b\\c\/d""#).as_deref(), Some("a\"b\\c/d"));
        assert_eq!(
            unescape(r#""\b\f\n\r\t""#).as_deref(),
            Some("\u{8}\u{c}\n\r\t")
        );
        assert_eq!(unescape(r#""\u00e9\ud83d\ude00""#).as_deref(), Some("é😀"));
        assert_eq!(unescape(r#""plain""#).as_deref(), Some("plain"));
        assert_eq!(unescape(r#""""#).as_deref(), Some(""));
    }

    #[test]
    fn what_is_not_a_string_literal_is_refused() {
        for bad in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\x""#,
            r#""\u12""#,
            "nope",
            "\"",
        ] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Agrees with serde_json on every string serde_json writes, and
        /// never needs more room than the literal.
        #[test]
        fn agrees_with_serde_json(s in any::<String>()) {
            let literal = serde_json::to_string(&s).unwrap();
            let out = unescape(&literal);
            prop_assert_eq!(out.as_deref(), Some(s.as_str()));
            prop_assert!(out.unwrap().capacity() <= literal.len());
        }

        #[test]
        fn never_panics(literal in "\"(\\\\(u[0-9a-fA-F]{0,4}|.)|[^\"\\\\])*\"") {
            let ours = unescape(&literal);
            let theirs: Option<String> = serde_json::from_str(&literal).ok();
            if let Some(theirs) = theirs {
                prop_assert_eq!(ours, Some(theirs));
            }
        }
    }
}
