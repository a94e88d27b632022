//! The import plan: for every key of the file, what would happen to it —
//! create, new version, unchanged, skipped or blocked — and the target
//! name, never the value. Then the writes that carry the plan out.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::naming::Target;
use super::remote::{Compare, Remote, compare};
use super::selection::{Selection, Skip};
use super::{Entry, Expansion, Origin, Source, json_config};
use crate::domain::json_tree;
use crate::domain::mutation::{Mutation, NewSecret};
use crate::domain::rules;
use crate::domain::secret_buf::json_text;
use crate::domain::value::{MAX_VALUE_BYTES, SecretValue};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new secret (one per key) or a new key in the bundle.
    Create,
    /// A new version of the secret, or a changed key in the bundle.
    Update,
    Unchanged,
    Skip(Skip),
    /// Cannot be imported as things are; says why.
    Blocked(String),
}

impl Action {
    pub fn label(&self, in_bundle: bool) -> &'static str {
        match (self, in_bundle) {
            (Action::Create, false) => "create",
            (Action::Create, true) => "add",
            (Action::Update, false) => "new version",
            (Action::Update, true) => "change",
            (Action::Unchanged, _) => "unchanged",
            (Action::Skip(_), _) => "skip",
            (Action::Blocked(_), _) => "blocked",
        }
    }
}

/// One key of the file in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub line: Option<usize>,
    /// The secret it goes to (also shown for skipped keys).
    pub target: String,
    pub action: Action,
    /// Placeholders taken anyway, duplicates, `$VAR` expansion.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<Row>,
    /// In bundle mode: the bundle's name and what happens to it.
    pub bundle: Option<(String, Action)>,
}

/// Counts for the plan's last line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub skip: usize,
    pub blocked: usize,
}

pub fn plan(
    source: &Source,
    target: &Target,
    selection: &Selection,
    remote: &HashMap<String, Remote>,
) -> Plan {
    let in_bundle = target.bundle.is_some();
    let clashes = clashes(source, target, selection);
    let rows: Vec<Row> = source
        .entries
        .iter()
        .map(|entry| {
            let name = target.name_for(entry);
            // An undefined variable outranks a placeholder skip: the value
            // looks empty only because of the hole.
            let action = match (selection.skip_reason(entry), undefined(entry)) {
                (Some(skip @ (Skip::Configuration | Skip::Excluded)), _) => Action::Skip(skip),
                (_, Some(why)) => Action::Blocked(why),
                (Some(skip), None) => Action::Skip(skip),
                (None, None) => match clashes.get(&name) {
                    Some(keys) if !in_bundle => {
                        let others: Vec<&str> = keys
                            .iter()
                            .map(String::as_str)
                            .filter(|k| *k != entry.key)
                            .collect();
                        Action::Blocked(format!("{} becomes the same name", others.join(", ")))
                    }
                    _ => decide(entry, &name, remote, in_bundle),
                },
            };
            Row {
                key: entry.key.clone(),
                line: entry.line,
                notes: notes(source, entry, &action),
                target: name,
                action,
            }
        })
        .collect();
    let bundle = target.bundle_name().map(|name| {
        let action = bundle_action(&rows, remote.get(&name));
        (name, action)
    });
    Plan { rows, bundle }
}

/// Why a value that refers to an undefined variable is not imported: it
/// would be stored with a hole where the variable was.
fn undefined(entry: &Entry) -> Option<String> {
    let missing = entry.expands.iter().find(|e| e.is_undefined())?;
    let name = &missing.name;
    Some(match missing.origin {
        Origin::Undefined {
            environment_consulted: true,
        } => format!("${name} is defined neither earlier in the file nor in the environment"),
        _ => format!(
            "${name} is not defined earlier in the file \
             (--expand-env takes it from the environment)"
        ),
    })
}

fn decide(entry: &Entry, name: &str, remote: &HashMap<String, Remote>, in_bundle: bool) -> Action {
    if !in_bundle {
        if let Err(e) = rules::secret_name(name) {
            return Action::Blocked(e);
        }
        if entry.value.len() > MAX_VALUE_BYTES {
            return Action::Blocked(format!(
                "{} bytes; at most {MAX_VALUE_BYTES}",
                entry.value.len()
            ));
        }
    }
    match compare(
        entry,
        remote.get(name).unwrap_or(&Remote::Missing),
        in_bundle,
    ) {
        Compare::Same => Action::Unchanged,
        Compare::Differs => Action::Update,
        Compare::Absent => Action::Create,
        Compare::Deleted => Action::Blocked(format!(
            "{name} is scheduled for deletion: `sekret restore {name}` first"
        )),
        Compare::NotABundle => Action::Blocked(format!("{name} exists and is not a JSON object")),
        Compare::Unreadable(why) => Action::Blocked(why),
    }
}

fn bundle_action(rows: &[Row], remote: Option<&Remote>) -> Action {
    if let Some(Action::Blocked(why)) = rows
        .iter()
        .map(|r| &r.action)
        .find(|a| matches!(a, Action::Blocked(_)))
    {
        return Action::Blocked(why.clone());
    }
    let changes = rows
        .iter()
        .any(|r| matches!(r.action, Action::Create | Action::Update));
    match remote {
        None | Some(Remote::Missing)
            if rows.iter().any(|r| !matches!(r.action, Action::Skip(_))) =>
        {
            Action::Create
        }
        None | Some(Remote::Missing) => Action::Unchanged,
        Some(_) if changes => Action::Update,
        Some(_) => Action::Unchanged,
    }
}

/// Target names that more than one taken key maps to.
fn clashes(
    source: &Source,
    target: &Target,
    selection: &Selection,
) -> HashMap<String, Vec<String>> {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in &source.entries {
        if selection.skip_reason(entry).is_none() {
            by_name
                .entry(target.name_for(entry))
                .or_default()
                .push(entry.key.clone());
        }
    }
    by_name
        .into_iter()
        .filter(|(_, keys)| keys.len() > 1)
        .collect()
}

fn notes(source: &Source, entry: &Entry, action: &Action) -> Vec<String> {
    let mut notes = Vec::new();
    if let Action::Skip(skip) = action {
        notes.push(skip.describe());
    } else if let Some(shape) = super::selection::placeholder(entry) {
        notes.push(format!("placeholder value ({shape}), taken as asked"));
    }
    if let Some(lines) = source.duplicates.get(&entry.key) {
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        notes.push(format!(
            "defined on lines {}: the last one is used",
            lines.join(", ")
        ));
    }
    if !entry.expands.is_empty() {
        let vars: Vec<String> = entry.expands.iter().map(Expansion::describe).collect();
        notes.push(format!(
            "expands {} (single-quote the value to keep it literal)",
            vars.join(", ")
        ));
    }
    notes
}

impl Plan {
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for row in &self.rows {
            match row.action {
                Action::Create => t.create += 1,
                Action::Update => t.update += 1,
                Action::Unchanged => t.unchanged += 1,
                Action::Skip(_) => t.skip += 1,
                Action::Blocked(_) => t.blocked += 1,
            }
        }
        t
    }

    /// Does it write anything?
    pub fn writes_anything(&self) -> bool {
        match &self.bundle {
            Some((_, action)) => matches!(action, Action::Create | Action::Update),
            None => self
                .rows
                .iter()
                .any(|r| matches!(r.action, Action::Create | Action::Update)),
        }
    }

    pub fn blocked(&self) -> usize {
        self.tally().blocked
    }
}

/// One call the import makes, and the keys it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub name: String,
    pub keys: Vec<String>,
    pub mutation: Mutation,
}

/// The calls that carry `plan` out (none for unchanged, skipped or
/// blocked keys). `file` names the source in the new secrets' description.
pub fn writes(
    plan: &Plan,
    source: &Source,
    remote: &HashMap<String, Remote>,
    file: &str,
) -> Vec<Write> {
    let entry = |key: &str| source.entries.iter().find(|e| e.key == key);
    if let Some((name, action)) = &plan.bundle {
        let taken: Vec<&Entry> = plan
            .rows
            .iter()
            .filter(|r| !matches!(r.action, Action::Skip(_)))
            .filter_map(|r| entry(&r.key))
            .collect();
        let keys: Vec<String> = taken.iter().map(|e| e.key.clone()).collect();
        let base = match remote.get(name) {
            Some(Remote::Current(c)) => Some(c),
            _ => None,
        };
        let value = merged(base.and_then(|c| c.value.as_ref()), &taken);
        let mutation = match action {
            Action::Create => Mutation::Create(NewSecret {
                name: name.clone(),
                description: Some(format!("Imported from {file}")),
                tags: Vec::new(),
                value: Some(value),
            }),
            Action::Update => Mutation::Put {
                value,
                base: base.map(|c| c.version.clone()),
            },
            _ => return Vec::new(),
        };
        return vec![Write {
            name: name.clone(),
            keys,
            mutation,
        }];
    }
    plan.rows
        .iter()
        .filter_map(|row| {
            let value = entry(&row.key)?.value.clone();
            let mutation = match row.action {
                Action::Create => Mutation::Create(NewSecret {
                    name: row.target.clone(),
                    description: Some(format!("Imported from {file} ({})", row.key)),
                    tags: Vec::new(),
                    value: Some(value),
                }),
                Action::Update => Mutation::Put {
                    value,
                    base: match remote.get(&row.target) {
                        Some(Remote::Current(c)) => Some(c.version.clone()),
                        _ => None,
                    },
                },
                _ => return None,
            };
            Some(Write {
                name: row.target.clone(),
                keys: vec![row.key.clone()],
                mutation,
            })
        })
        .collect()
}

/// The bundle's new value: what is stored (keys not in the file are kept)
/// with every taken entry set at its path.
fn merged(base: Option<&SecretValue>, entries: &[&Entry]) -> SecretValue {
    let mut root = match base.and_then(SecretValue::as_str).map(json_tree::parse) {
        Some(Ok(Value::Object(map))) => map,
        Some(Ok(other)) => {
            json_config::scrub(other);
            Map::new()
        }
        _ => Map::new(),
    };
    for entry in entries {
        let leaf = match (entry.json_leaf, entry.value.as_str()) {
            (true, Some(json)) => json_tree::parse(json).unwrap_or(Value::Null),
            (_, text) => Value::String(text.unwrap_or_default().to_string()),
        };
        set(&mut root, &entry.path, leaf);
    }
    let root = Value::Object(root);
    let text = json_text(&root);
    json_config::scrub(root);
    text
}

fn set(map: &mut Map<String, Value>, path: &[String], leaf: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = map;
    for key in parents {
        let slot = here
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            json_config::scrub(std::mem::replace(slot, Value::Object(Map::new())));
        }
        here = slot.as_object_mut().expect("made an object above");
    }
    if let Some(old) = here.insert(last.clone(), leaf) {
        json_config::scrub(old);
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
