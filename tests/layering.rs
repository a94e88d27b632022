//! The layering rules, checked on the imports of `src/` (every `crate::`
//! and `super::` path outside comments), so that a later change cannot
//! quietly break them. ARCHITECTURE.md explains each rule.
//!
//! Test code (`#[cfg(test)]` modules, in their own files or at the end of
//! a file) is left out: a test may look at drawing and state together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One source file: its module path and the modules it refers to.
struct Source {
    file: String,
    module: Vec<String>,
    refs: BTreeSet<Vec<String>>,
}

fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(String::from).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Files declared as `#[cfg(test)] mod x;` somewhere (by module name,
/// with an optional `#[path = "..."]`).
fn test_files(sources: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (file, text) in sources {
        let dir = Path::new(file).parent().unwrap().to_path_buf();
        let here = if file.ends_with("mod.rs") || file == "lib.rs" {
            dir.clone()
        } else {
            dir.join(Path::new(file).file_stem().unwrap())
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(name) = line
                .strip_prefix("mod ")
                .or_else(|| line.strip_prefix("pub mod "))
                .or_else(|| line.strip_prefix("pub(crate) mod "))
                .and_then(|rest| rest.strip_suffix(';'))
            else {
                continue;
            };
            let attrs = &lines[i.saturating_sub(2)..i];
            if !attrs.iter().any(|a| a.starts_with("#[cfg(test)]")) {
                continue;
            }
            let path = attrs
                .iter()
                .find_map(|a| a.strip_prefix("#[path = \"")?.strip_suffix("\"]"));
            let target = match path {
                Some(p) if file.ends_with("mod.rs") => dir.join(p),
                Some(p) => dir.join(p),
                None => here.join(format!("{name}.rs")),
            };
            out.insert(target.to_string_lossy().into_owned());
            out.insert(
                here.join(name)
                    .join("mod.rs")
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    out
}

/// The text without comments and without a trailing `#[cfg(test)] mod`
/// block.
fn production_text(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.ends_with('{'))
        {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every path after `crate::` or `super::` (groups `{a, b::c}` expanded),
/// resolved to a path from the crate root.
fn references(text: &str, module: &[String]) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let (base, skip) = if starts_word && rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if starts_word && rest.starts_with("super::") {
            // `super` of `a::b` (a.rs/b.rs or a/b/mod.rs alike) is `a`.
            let mut base = module.to_vec();
            let mut skip = 0;
            while text[i + skip..].starts_with("super::") {
                base.pop();
                skip += "super::".len();
            }
            (base, skip)
        } else {
            i += 1;
            continue;
        };
        for path in expand(&text[i + skip..]) {
            let mut full = base.clone();
            full.extend(path);
            out.insert(full);
        }
        i += skip;
    }
    out
}

/// The paths a `use` tail spells: `a::b::C`, `a::{b, c::D}`.
fn expand(tail: &str) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    let mut rest = tail;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut out = Vec::new();
                let mut level = 0;
                let mut start = 0;
                let inner = &group[..end];
                for (i, c) in inner.char_indices() {
                    match c {
                        '{' => level += 1,
                        '}' => level -= 1,
                        ',' if level == 0 => {
                            for p in expand(inner[start..i].trim()) {
                                out.push([prefix.clone(), p].concat());
                            }
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                for p in expand(inner[start..].trim()) {
                    out.push([prefix.clone(), p].concat());
                }
                return out;
            }
            return vec![prefix];
        }
        rest = &rest[name.len()..];
        if name != "self" {
            prefix.push(name);
        }
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => return vec![prefix],
        }
    }
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut texts = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                texts.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let tests = test_files(&texts);
    let modules: BTreeSet<Vec<String>> = texts.keys().map(|f| module_of(f)).collect();
    texts
        .iter()
        .filter(|(file, _)| !tests.contains(*file) && !file.ends_with("_tests.rs"))
        .map(|(file, text)| {
            let module = module_of(file);
            let refs = references(&production_text(text), &module)
                .into_iter()
                // The longest known module the path names.
                .filter_map(|path| {
                    (0..=path.len())
                        .rev()
                        .map(|n| path[..n].to_vec())
                        .find(|p| !p.is_empty() && modules.contains(p))
                })
                .filter(|target| *target != module)
                .collect();
            Source {
                file: file.clone(),
                module,
                refs,
            }
        })
        .collect()
}

fn starts(path: &[String], prefix: &str) -> bool {
    let prefix: Vec<&str> = prefix.split("::").collect();
    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
}

/// Files under `from` that refer to anything under one of `banned`.
fn violations(from: &str, banned: &[&str], allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for source in sources().iter().filter(|s| starts(&s.module, from)) {
        for target in &source.refs {
            if banned.iter().any(|b| starts(target, b))
                && !allowed.iter().any(|a| starts(target, a))
            {
                out.push(format!("{} -> {}", source.file, target.join("::")));
            }
        }
    }
    out
}

#[test]
fn the_parser_sees_imports() {
    let found = sources();
    let mouse = found.iter().find(|s| s.file == "tui/app/mouse.rs").unwrap();
    assert!(
        mouse
            .refs
            .contains(&vec!["tui".into(), "app".into(), "layout".into()]),
        "{:?}",
        mouse.refs
    );
    let writes = found.iter().find(|s| s.file == "ops/writes.rs").unwrap();
    assert!(writes.refs.contains(&vec!["ops".into(), "permit".into()]));
    assert!(
        writes
            .refs
            .contains(&vec!["domain".into(), "conflict".into()])
    );
    assert_eq!(
        expand("a::{b, c::{D, e}}, x"),
        vec![
            vec!["a".to_string(), "b".into()],
            vec!["a".into(), "c".into(), "D".into()],
            vec!["a".into(), "c".into(), "e".into()],
        ]
    );
}

#[test]
fn the_console_state_never_imports_drawing() {
    assert_eq!(
        violations(
            "tui::app",
            &["tui::ui", "tui::worker", "tui::event_loop", "aws", "cli"],
            &[]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn drawing_imports_no_io() {
    assert_eq!(
        violations(
            "tui::ui",
            &["tui::worker", "tui::event_loop", "aws", "ops", "cli"],
            &[]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_config_file_knows_neither_the_console_nor_aws() {
    assert_eq!(
        violations("config", &["tui", "aws", "ops", "cli", "text"], &[]),
        Vec::<String>::new()
    );
}

/// The worker speaks `tui::messages`, not the state's modules.
#[test]
fn the_worker_renders_no_cli_text() {
    assert_eq!(
        violations("tui::worker", &["cli", "tui::ui", "tui::app"], &[]),
        Vec::<String>::new()
    );
}

#[test]
fn the_core_knows_no_front_end() {
    assert_eq!(
        violations(
            "domain",
            &["aws", "ops", "text", "cli", "tui", "config"],
            &[]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        violations("text", &["aws", "ops", "cli", "tui", "config"], &[]),
        Vec::<String>::new()
    );
    // aws names one type of ops: the write permit, which only ops can make.
    assert_eq!(
        violations(
            "aws",
            &["ops", "text", "cli", "tui", "config"],
            &["ops::permit"]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        violations("ops", &["cli", "tui", "config"], &[]),
        Vec::<String>::new()
    );
    // The man page lists the console's keys from their one table.
    assert_eq!(
        violations("cli", &["tui"], &["tui::app::action", "tui::app::keymap"]),
        Vec::<String>::new()
    );
}

/// Only `ops` makes the permit that `aws::Clients::mutate` demands; the
/// compiler enforces it (`pub(in crate::ops)`), this names it.
#[test]
fn only_ops_reaches_the_mutating_call() {
    let callers: Vec<String> = sources()
        .iter()
        .filter(|s| s.refs.contains(&vec!["ops".to_string(), "permit".into()]))
        .map(|s| s.file.clone())
        .collect();
    assert_eq!(callers, ["aws/writes.rs", "ops/writes.rs"]);
    let permit =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ops/permit.rs"))
            .unwrap();
    assert!(permit.contains("pub(in crate::ops) fn new()"), "{permit}");
}

/// No two files lean on each other, directly or around a longer loop (a
/// folder's mod.rs and its own files excepted: a parent declares its
/// children and they use its types).
#[test]
fn no_circles() {
    let found = sources();
    let graph: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = found
        .iter()
        .map(|s| {
            let edges = s
                .refs
                .iter()
                .filter(|t| !(t.len() < s.module.len() && s.module.starts_with(t)))
                .filter(|t| !(s.module.len() < t.len() && t.starts_with(&s.module)))
                .collect();
            (&s.module, edges)
        })
        .collect();
    let mut circles = Vec::new();
    for start in graph.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(&Vec<String>, Vec<&Vec<String>>)> = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(node).into_iter().flatten() {
                if next == start {
                    let names: Vec<String> = path.iter().map(|p| p.join("::")).collect();
                    circles.push(format!("{} -> {}", names.join(" -> "), start.join("::")));
                } else if seen.insert(*next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    circles.sort();
    circles.dedup();
    assert!(circles.is_empty(), "{circles:#?}");
}
