//! Text from AWS is data, never terminal control. Names, staging labels,
//! JSON keys, user agents and values are attacker-controlled: a string
//! holding `ESC ] 52 ;` can write the operator's clipboard, `ESC ] 0 ;` the
//! window title, and a bidi override (U+202E) can make `gpj.exe` read as
//! `exe.jpg`. Every human-readable output passes text through here: such
//! characters are shown as visible escapes (`\x1b`, `\u{202e}`), so the
//! operator sees that they are there and nothing acts on them.

use std::borrow::Cow;
use std::fmt::Write;

/// Would this character act on a terminal (or reorder what is shown)?
pub fn is_dangerous(c: char) -> bool {
    c.is_control() // C0, DEL, C1
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `text` with every dangerous character, newlines and tabs included,
/// written as a visible escape. For one-line fields.
pub fn escaped(text: &str) -> Cow<'_, str> {
    escape_where(text, is_dangerous)
}

/// Like `escaped`, but newlines and tabs stay (a multi-line value).
pub fn escaped_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && c != '\t' && is_dangerous(c))
}

fn escape_where(text: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !bad(c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\n' => write!(out, "\\n"),
            '\r' => write!(out, "\\r"),
            '\t' => write!(out, "\\t"),
            c if (c as u32) < 0x100 => write!(out, "\\x{:02x}", c as u32),
            c => write!(out, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_control_is_shown_not_obeyed() {
        // OSC 52 (clipboard) and OSC 0 (title), as a JSON key or label.
        assert_eq!(
            escaped("k\u{1b}]52;c;ZXZpbA==\u{7}"),
            "k\\x1b]52;c;ZXZpbA==\\x07"
        );
        assert_eq!(escaped("a\u{9b}31m"), "a\\x9b31m", "C1 CSI");
        assert_eq!(escaped("del\u{7f}"), "del\\x7f");
        assert_eq!(escaped("gpj\u{202e}exe"), "gpj\\u{202e}exe");
        assert_eq!(escaped("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(escaped("two\nlines"), "two\\nlines");
        assert_eq!(escaped_lines("two\nlines\tok\r"), "two\nlines\tok\\r");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(
            escaped("gaara-store/production/jwt"),
            Cow::Borrowed(_)
        ));
        assert_eq!(escaped("naïve 日本 é"), "naïve 日本 é");
    }
}
