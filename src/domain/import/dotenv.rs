//! `.env` files, read the way applications read them: `export`, single
//! and double quotes, escapes, comments, multi-line quoted values and
//! `$NAME` / `${NAME}` / `${NAME:-default}` expansion.
//!
//! The rules, in short:
//! - A line is `[export ]KEY=VALUE`; keys are letters, digits, `_` and
//!   `.`; blanks around `=` are allowed; `#` at the start of a line is a
//!   comment. Lines end with LF, CRLF or a lone CR (old Mac files).
//! - `'single'` is literal, may span lines, and expands nothing.
//! - `"double"` may span lines, knows `\n \r \t \" \\ \$ \'` (any other
//!   backslash is kept as written) and expands variables.
//! - Unquoted values end at the line's end or at ` #` (a comment after a
//!   blank), are trimmed, keep backslashes except `\$`, and expand
//!   variables.
//! - A variable is the longest name after `$` (`$A_B` is `A_B`). It takes
//!   the value of the same key defined *earlier in the file*; the process
//!   environment is consulted only when the caller allows it (the
//!   operator's own credentials are in it, and an untrusted file must not
//!   copy them into a secret). Every expansion is recorded with where its
//!   value came from, and an undefined one is recorded as such.
//!
//! Errors carry a line and column and never the line's text: a broken
//! line may well hold a secret. Every intermediate copy of a value is
//! zeroized.

use std::collections::{BTreeMap, HashMap};

use zeroize::Zeroizing;

use super::{Entry, Expansion, Format, Origin, ParseError, Source};
use crate::domain::secret_buf::SecretBuf;

/// Where `$NAME` may find a value that the file does not define.
pub type Environment<'a> = &'a dyn Fn(&str) -> Option<Zeroizing<String>>;

/// Read `text`, expanding variables from the file only.
pub fn parse(text: &str) -> Result<Source, ParseError> {
    parse_with(text, None)
}

/// Read `text`; names the file does not define come from `environment`
/// when one is given.
pub fn parse_with(text: &str, environment: Option<Environment>) -> Result<Source, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = normalized_line_ends(text);
    let mut reader = Reader {
        text: &text,
        environment,
        entries: Vec::new(),
        index: HashMap::new(),
        defined_on: BTreeMap::new(),
    };
    reader.read()?;
    let Reader {
        entries,
        mut defined_on,
        ..
    } = reader;
    defined_on.retain(|_, lines| lines.len() > 1);
    Ok(Source {
        format: Format::Dotenv,
        entries,
        duplicates: defined_on,
    })
}

/// CRLF and lone CR become LF, into a buffer that is wiped when dropped.
fn normalized_line_ends(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

const NOT_KEY_VALUE: &str =
    "not KEY=VALUE (keys are letters, digits, _ and .; values with a # need quotes)";
const UNCLOSED: &str = "a quoted value is never closed";
const AFTER_QUOTE: &str = "text after the closing quote (only a # comment may follow)";

struct Reader<'a> {
    /// The whole file, line ends normalized to LF.
    text: &'a str,
    environment: Option<Environment<'a>>,
    entries: Vec<Entry>,
    /// Key → its place in `entries`.
    index: HashMap<String, usize>,
    defined_on: BTreeMap<String, Vec<usize>>,
}

/// A failure at a byte offset of the text.
struct Broken {
    at: usize,
    message: &'static str,
    /// An unclosed quote is reported by line alone.
    with_column: bool,
}

impl Reader<'_> {
    fn read(&mut self) -> Result<(), ParseError> {
        let mut at = 0;
        while at < self.text.len() {
            let line_end = self.line_end(at);
            let line = &self.text[at..line_end];
            let body = line.trim_start();
            let next = if body.is_empty() || body.starts_with('#') {
                line_end
            } else {
                self.definition(at, line_end)
                    .map_err(|broken| self.located(broken))?
            };
            at = next + 1;
        }
        Ok(())
    }

    /// The offset of the LF ending the line that holds `at` (or the end).
    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |n| at + n)
    }

    /// Read the definition on the line starting at `start`; returns where
    /// it ends (the LF after it, or the end of the text).
    fn definition(&mut self, start: usize, line_end: usize) -> Result<usize, Broken> {
        let line = &self.text[start..line_end];
        let mut pos = start + (line.len() - line.trim_start().len());
        if let Some(rest) = self.text[pos..line_end].strip_prefix("export")
            && rest.starts_with([' ', '\t'])
        {
            pos = line_end - rest.trim_start().len();
        }
        let key_len = self.text[pos..line_end]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(line_end - pos);
        let broken = |at| Broken {
            at,
            message: NOT_KEY_VALUE,
            with_column: true,
        };
        if key_len == 0 {
            return Err(broken(pos));
        }
        let key = self.text[pos..pos + key_len].to_string();
        pos = skip_blanks(self.text, pos + key_len, line_end);
        if !self.text[pos..line_end].starts_with('=') {
            return Err(broken(pos));
        }
        let (value, expands, end) = self.value(pos + 1, line_end)?;
        let line = line_number(self.text, start);
        self.defined_on.entry(key.clone()).or_default().push(line);
        let entry = Entry {
            path: vec![key.clone()],
            value: value.into_value(),
            json_leaf: false,
            line: Some(line),
            expands,
            key: key.clone(),
        };
        match self.index.get(&key) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
        Ok(end)
    }

    /// The value after `=` at `from`: its text, its expansions, and where
    /// the definition ends.
    fn value(
        &self,
        from: usize,
        line_end: usize,
    ) -> Result<(SecretBuf, Vec<Expansion>, usize), Broken> {
        let start = skip_blanks(self.text, from, line_end);
        let mut out = SecretBuf::default();
        let mut expands = Vec::new();
        let end = match self.text[start..line_end].chars().next() {
            Some('\'') => {
                let close = self.text[start + 1..]
                    .find('\'')
                    .map(|n| start + 1 + n)
                    .ok_or(Broken {
                        at: start,
                        message: UNCLOSED,
                        with_column: false,
                    })?;
                out.push_str(&self.text[start + 1..close]);
                self.after_quote(close + 1)?
            }
            Some('"') => {
                let close = self.double_quoted(start, &mut out, &mut expands)?;
                self.after_quote(close + 1)?
            }
            _ => {
                let raw = &self.text[from..line_end];
                let cut = comment_start(raw).unwrap_or(raw.len());
                self.expand_unquoted(raw[..cut].trim(), &mut out, &mut expands);
                line_end
            }
        };
        Ok((out, expands, end))
    }

    /// Read `"…"` opening at `open` into `out`; returns the closing quote.
    fn double_quoted(
        &self,
        open: usize,
        out: &mut SecretBuf,
        expands: &mut Vec<Expansion>,
    ) -> Result<usize, Broken> {
        let body = &self.text[open + 1..];
        let mut i = 0;
        while let Some(c) = body[i..].chars().next() {
            match c {
                '"' => return Ok(open + 1 + i),
                '\\' => {
                    let Some(next) = body[i + 1..].chars().next() else {
                        break;
                    };
                    match next {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        '"' | '\\' | '\'' | '$' => out.push(next),
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                    i += 1 + next.len_utf8();
                    continue;
                }
                '$' => {
                    if let Some((name, default, used)) = reference(&body[i + 1..]) {
                        self.push_reference(name, default, out, expands);
                        i += 1 + used;
                        continue;
                    }
                    out.push('$');
                }
                c => out.push(c),
            }
            i += c.len_utf8();
        }
        Err(Broken {
            at: open,
            message: UNCLOSED,
            with_column: false,
        })
    }

    /// After a closing quote only blanks and a comment may follow; returns
    /// the end of that line.
    fn after_quote(&self, from: usize) -> Result<usize, Broken> {
        let line_end = self.line_end(from);
        let rest = skip_blanks(self.text, from, line_end);
        if rest == line_end || self.text[rest..].starts_with('#') {
            Ok(line_end)
        } else {
            Err(Broken {
                at: rest,
                message: AFTER_QUOTE,
                with_column: true,
            })
        }
    }

    /// Copy an unquoted value into `out`, replacing `$NAME`, `${NAME}`
    /// and `${NAME:-default}` (also `${NAME-default}`); `\$` is a literal
    /// `$`, other backslashes are kept as written.
    fn expand_unquoted(&self, raw: &str, out: &mut SecretBuf, expands: &mut Vec<Expansion>) {
        let mut rest = raw;
        while let Some(i) = rest.find(['$', '\\']) {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            if rest[i..].starts_with('\\') {
                if let Some(tail) = after.strip_prefix('$') {
                    out.push('$');
                    rest = tail;
                } else {
                    out.push('\\');
                    rest = after;
                }
                continue;
            }
            match reference(after) {
                Some((name, default, used)) => {
                    self.push_reference(name, default, out, expands);
                    rest = &after[used..];
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }

    fn push_reference(
        &self,
        name: &str,
        default: Option<&str>,
        out: &mut SecretBuf,
        expands: &mut Vec<Expansion>,
    ) {
        let (value, origin) = self.resolve(name, default);
        out.push_str(&value);
        if !expands.iter().any(|e| e.name == name) {
            expands.push(Expansion {
                name: name.to_string(),
                origin,
            });
        }
    }

    /// The value of `name`: an earlier key of the file, else the
    /// environment when allowed, else the default, else nothing.
    fn resolve(&self, name: &str, default: Option<&str>) -> (Zeroizing<String>, Origin) {
        if let Some(&i) = self.index.get(name) {
            let entry = &self.entries[i];
            let text = entry.value.as_str().unwrap_or_default().to_string();
            return (Zeroizing::new(text), Origin::Line(entry.line.unwrap_or(0)));
        }
        if let Some(environment) = self.environment
            && let Some(value) = environment(name)
        {
            return (value, Origin::Environment);
        }
        match default {
            Some(default) => (Zeroizing::new(default.to_string()), Origin::Default),
            None => (
                Zeroizing::new(String::new()),
                Origin::Undefined {
                    environment_consulted: self.environment.is_some(),
                },
            ),
        }
    }

    fn located(&self, broken: Broken) -> ParseError {
        let line_start = self.text[..broken.at].rfind('\n').map_or(0, |n| n + 1);
        let column = self.text[line_start..broken.at].chars().count() + 1;
        ParseError {
            line: Some(line_number(self.text, broken.at)),
            column: broken.with_column.then_some(column),
            message: broken.message.to_string(),
        }
    }
}

/// After `$`: the variable's name, its default, and how many bytes the
/// reference takes; None when `$` starts no reference (`$5`, `$ `, `${`).
fn reference(after: &str) -> Option<(&str, Option<&str>, usize)> {
    let name_len = |s: &str| {
        let starts = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let len = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        if starts { len } else { 0 }
    };
    if let Some(inner) = after.strip_prefix('{') {
        let close = inner.find('}')?;
        let inner = &inner[..close];
        let len = name_len(inner);
        if len == 0 {
            return None;
        }
        let (name, tail) = inner.split_at(len);
        let default = match tail {
            "" => None,
            _ => Some(tail.strip_prefix(":-").or_else(|| tail.strip_prefix('-'))?),
        };
        // A reference ends on its own line, inside its own quotes.
        if default.is_some_and(|d| d.contains(['"', '\n'])) {
            return None;
        }
        return Some((name, default, close + 2));
    }
    let len = name_len(after);
    (len > 0).then(|| (&after[..len], None, len))
}

/// Where an unquoted value's comment starts: a `#` after a blank.
fn comment_start(raw: &str) -> Option<usize> {
    raw.char_indices()
        .find(|&(i, c)| c == '#' && raw[..i].ends_with([' ', '\t']))
        .map(|(i, _)| i)
}

fn skip_blanks(text: &str, from: usize, end: usize) -> usize {
    from + (text[from..end].len() - text[from..end].trim_start_matches([' ', '\t']).len())
}

/// The 1-based line holding byte `at`.
fn line_number(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

#[cfg(test)]
#[path = "dotenv_tests.rs"]
mod tests;
