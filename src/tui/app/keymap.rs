//! Key overrides from the config file's `[keys]` table: an action's key
//! can be moved (`quit = "Q"`). The console keeps its k9s defaults for
//! everything else.
//!
//! The actions and their default keys are `action::BINDINGS`.
//!
//! The overrides work by translation, before the normal key handler: a
//! pressed key bound to an action becomes that action's default key, and
//! an action's old key does nothing once the action has moved (unless
//! another action moved onto it). Only the global bindings can move; keys
//! inside a pane (`j`/`k`, `Space`, `p`) and in overlays stay as they are,
//! so typing in the filter or a confirmation is never remapped.

use std::collections::HashMap;

use super::action;
use super::input::Key;
use crate::config::KeyBinding;

/// The actions that can be moved: (config name, default key), from the
/// one table of bindings.
fn movable() -> impl Iterator<Item = (&'static str, Key)> {
    action::BINDINGS
        .iter()
        .filter_map(|b| Some((b.name?, b.keys[0])))
}

/// Pressed key → the default key of the action it is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap {
    moved: HashMap<Key, Option<Key>>,
    /// (action, new key) for the help overlay.
    pub overrides: Vec<(String, Key)>,
}

impl KeyMap {
    /// Build from `action = "key"` pairs; an unknown action, an unreadable
    /// key or two actions on one key is an error naming them.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<KeyMap, String> {
        KeyMap::build(pairs).map_err(|(_, why)| why)
    }

    /// The config file's `[keys]`; the error names the line.
    pub fn from_config(bindings: &[KeyBinding]) -> Result<KeyMap, String> {
        KeyMap::build(bindings.iter().map(|b| (b.action.as_str(), b.key.as_str()))).map_err(
            |(at, why)| {
                let b = &bindings[at];
                format!("line {}, [keys] {}: {why}", b.line, b.action)
            },
        )
    }

    /// As `new`, and the error says which pair (by position) is at fault,
    /// so that the config file can name its line.
    pub fn build<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<KeyMap, (usize, String)> {
        let mut map = KeyMap::default();
        let mut bound: HashMap<Key, (usize, &str)> = HashMap::new();
        for (at, (action, key)) in pairs.into_iter().enumerate() {
            let Some((name, default)) = movable().find(|(n, _)| *n == action) else {
                let names: Vec<&str> = movable().map(|(n, _)| n).collect();
                return Err((
                    at,
                    format!("unknown action {action:?}; actions: {}", names.join(", ")),
                ));
            };
            let key = parse_key(key).map_err(|why| (at, why))?;
            if action::is_pane_key(key) {
                return Err((
                    at,
                    format!(
                        "{} moves within a pane; choose another key for {name}",
                        key_label(key)
                    ),
                ));
            }
            if let Some((_, other)) = bound.insert(key, (at, name)) {
                return Err((
                    at,
                    format!("{other} and {name} are both bound to {}", key_label(key)),
                ));
            }
            map.overrides.push((name.to_string(), key));
            // The old key does nothing, unless something else lands on it.
            map.moved.entry(default).or_insert(None);
            map.moved.insert(key, Some(default));
        }
        // A new key that is another action's default: that action must
        // have moved too, or one key would mean two things.
        for (&key, &(at, _)) in &bound {
            if let Some((name, _)) = movable().find(|(_, d)| *d == key)
                && !map.overrides.iter().any(|(n, _)| n == name)
            {
                return Err((
                    at,
                    format!(
                        "{} is already {name}'s key; move {name} too (e.g. {name} = \"…\")",
                        key_label(key)
                    ),
                ));
            }
        }
        Ok(map)
    }

    /// The key that does `action` now (its override, else its default).
    pub fn key_for(&self, action: &str) -> Option<Key> {
        self.overrides
            .iter()
            .find(|(name, _)| name == action)
            .map(|(_, key)| *key)
            .or_else(|| movable().find(|(n, _)| *n == action).map(|(_, key)| key))
    }

    /// The key the normal handler should see; None when the key was an
    /// action's old key and now does nothing.
    pub fn translate(&self, key: Key) -> Option<Key> {
        match self.moved.get(&key) {
            Some(target) => *target,
            None => Some(key),
        }
    }
}

/// `q`, `Q`, `?`, `ctrl-r`, `tab`, `backtab`, `enter`, `esc`, `f1`-less:
/// single characters and control chords are what terminals send reliably.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-")) {
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c.is_ascii_alphabetic()
        {
            if c == 'c' {
                return Err("ctrl-c always quits; choose another key".into());
            }
            return Ok(Key::Ctrl(c));
        }
        return Err(format!("bad key {text:?}: ctrl- takes one letter"));
    }
    match lower.as_str() {
        "tab" => return Ok(Key::Tab),
        "backtab" | "shift-tab" => return Ok(Key::BackTab),
        "space" => return Ok(Key::Char(' ')),
        _ => {}
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => Ok(Key::Char(c)),
        _ => Err(format!(
            "bad key {text:?}: use one character, ctrl-LETTER, tab, backtab or space"
        )),
    }
}

/// How a key is written in the help overlay.
pub fn key_label(key: Key) -> String {
    match key {
        Key::Char(' ') => "Space".into(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{c}"),
        Key::Tab => "Tab".into(),
        Key::BackTab => "Shift-Tab".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_bindings_are_checked_with_their_line() {
        let keys = |text: &str| KeyMap::from_config(&crate::config::parse(text).unwrap().keys);
        let map = keys("[keys]\nquit = \"Q\"\nreveal = \"ctrl-r\"\n").unwrap();
        assert_eq!(map.overrides.len(), 2);
        let err = keys("[keys]\nquit = \"r\"\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("refresh"), "{err}");
        let err = keys("\n[keys]\nleave = \"Q\"\n").unwrap_err();
        assert!(
            err.contains("line 3") && err.contains("unknown action"),
            "{err}"
        );
        let err = keys("[keys]\nquit = \"Q\"\ncopy = \"Q\"\n").unwrap_err();
        assert!(err.contains("line 3") && err.contains("both"), "{err}");
    }

    #[test]
    fn key_for_names_the_key_in_use() {
        let map = KeyMap::new([("quit", "Q")]).unwrap();
        assert_eq!(map.key_for("quit"), Some(Key::Char('Q')));
        assert_eq!(map.key_for("help"), Some(Key::Char('?')));
        assert_eq!(map.key_for("nope"), None);
    }

    #[test]
    fn a_moved_action_answers_on_its_new_key_only() {
        let map = KeyMap::new([("quit", "Q"), ("reveal", "ctrl-r")]).unwrap();
        assert_eq!(map.translate(Key::Char('Q')), Some(Key::Char('q')));
        assert_eq!(map.translate(Key::Char('q')), None);
        assert_eq!(map.translate(Key::Ctrl('r')), Some(Key::Char('v')));
        assert_eq!(map.translate(Key::Char('v')), None);
        assert_eq!(map.translate(Key::Char('j')), Some(Key::Char('j')));
    }

    #[test]
    fn two_actions_may_swap_keys() {
        let map = KeyMap::new([("copy", "v"), ("reveal", "c")]).unwrap();
        assert_eq!(map.translate(Key::Char('v')), Some(Key::Char('c')));
        assert_eq!(map.translate(Key::Char('c')), Some(Key::Char('v')));
    }

    #[test]
    fn conflicts_and_unknown_names_are_errors() {
        let err = KeyMap::new([("quit", "r")]).unwrap_err();
        assert!(err.contains("refresh"), "{err}");
        let err = KeyMap::new([("quit", "Q"), ("copy", "Q")]).unwrap_err();
        assert!(err.contains("both"), "{err}");
        let err = KeyMap::new([("exit", "Q")]).unwrap_err();
        assert!(
            err.contains("unknown action") && err.contains("quit"),
            "{err}"
        );
        assert!(KeyMap::new([("quit", "j")]).is_err());
        assert!(parse_key("ctrl-c").is_err());
        assert!(parse_key("F1").is_err());
        assert_eq!(parse_key("space"), Ok(Key::Char(' ')));
        assert_eq!(parse_key("Ctrl-X"), Ok(Key::Ctrl('x')));
    }
}
