//! `.env` files, read by `dotenvy` the way applications read them:
//! `export`, single and double quotes, escapes, comments, multi-line
//! quoted values and `$VAR` expansion.
//!
//! dotenvy yields key/value pairs without line numbers, so the lines are
//! found by a forward scan for `KEY=` lines matched to the pairs in order.
//! Its parse errors carry the broken line's text, which may hold a secret:
//! only the line number and column leave this module.

use std::collections::{BTreeMap, HashMap};

use super::{Entry, Format, ParseError, Source};
use crate::domain::value::SecretValue;

pub fn parse(text: &str) -> Result<Source, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut defined_on: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // The 0-based line the scan has reached.
    let mut cursor = 0;
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        let (key, value) = match item {
            Ok(pair) => pair,
            Err(dotenvy::Error::LineParse(record, at)) => {
                return Err(locate(&lines, cursor, &record, at));
            }
            Err(_) => {
                return Err(ParseError {
                    line: None,
                    column: None,
                    message: "cannot read the file as a .env file".into(),
                });
            }
        };
        let start = find_definition(&lines, cursor, &key);
        let line = start.map(|i| i + 1);
        if let Some(i) = start {
            cursor = i + 1;
        }
        let expands = start
            .map(|i| references(&record_lines(&lines, i)))
            .unwrap_or_default();
        defined_on.entry(key.clone()).or_default().extend(line);
        let entry = Entry {
            path: vec![key.clone()],
            value: SecretValue::text(value),
            json_leaf: false,
            line,
            expands,
            key: key.clone(),
        };
        match index.get(&key) {
            Some(&i) => entries[i] = entry,
            None => {
                index.insert(key, entries.len());
                entries.push(entry);
            }
        }
    }
    defined_on.retain(|_, lines| lines.len() > 1);
    Ok(Source {
        format: Format::Dotenv,
        entries,
        duplicates: defined_on,
    })
}

/// The first line at or after `from` that defines `key` (`KEY=` or
/// `export KEY=`, leading blanks allowed).
fn find_definition(lines: &[&str], from: usize, key: &str) -> Option<usize> {
    (from..lines.len()).find(|&i| defined_key(lines[i]) == Some(key))
}

/// The key a line defines, if it looks like `[export ]KEY=`.
fn defined_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line
        .strip_prefix("export")
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map_or(line, str::trim_start);
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(line.len());
    let (key, rest) = line.split_at(end);
    (!key.is_empty() && rest.trim_start().starts_with('=')).then_some(key)
}

/// The definition starting at `start`, up to the next definition or
/// comment line (a multi-line value's later lines included).
fn record_lines(lines: &[&str], start: usize) -> String {
    let mut out = String::from(lines[start]);
    for line in &lines[start + 1..] {
        if defined_key(line).is_some() || line.trim_start().starts_with('#') {
            break;
        }
        out.push('\n');
        out.push_str(line);
    }
    out
}

/// The variables a definition refers to with `$NAME` or `${NAME}` where
/// dotenv expands them: unquoted or in double quotes, not after `\`.
fn references(record: &str) -> Vec<String> {
    let value = match record.split_once('=') {
        Some((_, v)) => v,
        None => return Vec::new(),
    };
    let chars: Vec<char> = value.chars().collect();
    let mut names = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && i > 0 && chars[i - 1].is_whitespace() => break,
            '$' if !single => {
                let braced = chars.get(i + 1) == Some(&'{');
                let from = i + 1 + usize::from(braced);
                let name: String = chars[from.min(chars.len())..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .collect();
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
            _ => {}
        }
        i += 1;
    }
    names
}

/// Turn dotenvy's error (the broken record and an index into it) into a
/// line and column of the file, without the record's text.
///
/// dotenvy reports two shapes: a broken key or `=` comes with the whole
/// line and a byte offset into it; a broken value comes with the value
/// alone and a character offset into the value. Columns are counted in
/// characters either way.
fn locate(lines: &[&str], from: usize, record: &str, at: usize) -> ParseError {
    let first = record.lines().next().unwrap_or("");
    let unclosed = at >= record.len();
    let found = |matches: &dyn Fn(&str) -> bool| {
        (from..lines.len()).find(|&i| !first.is_empty() && matches(lines[i]))
    };
    let (start, column) = if let Some(i) = found(&|line| line.starts_with(first)) {
        let mut end = at.min(record.len());
        while !record.is_char_boundary(end) {
            end -= 1;
        }
        let (down, column) = line_and_column(&record[..end]);
        (Some(if unclosed { i } else { i + down }), column)
    } else if let Some(i) = found(&|line| line.trim_end().ends_with(first)) {
        let before: String = record.chars().take(at).collect();
        let (down, column) = line_and_column(&before);
        let value_from = lines[i].trim_end().len() - first.len();
        let lead = if down == 0 {
            lines[i][..value_from].chars().count()
        } else {
            0
        };
        (Some(i + down), lead + column)
    } else {
        ((from < lines.len()).then_some(from), 1)
    };
    let message = if unclosed {
        "a quoted value is never closed (or the last line ends with \\)".to_string()
    } else {
        "not KEY=VALUE (keys are letters, digits, _ and .; quote values with spaces)".to_string()
    };
    ParseError {
        line: start.map(|s| s + 1),
        column: (!unclosed).then_some(column),
        message,
    }
}

/// How many lines down `before` ends, and the 1-based character column
/// just after it on that line.
fn line_and_column(before: &str) -> (usize, usize) {
    let down = before.matches('\n').count();
    let last = before.rsplit('\n').next().unwrap_or("");
    (down, last.chars().count() + 1)
}

#[cfg(test)]
#[path = "dotenv_tests.rs"]
mod tests;
