//! Every thing an operator can ask of the console by key, in one table.
//!
//! The key handler turns a key into an `Action` here; the config file's
//! `[keys]` moves an action by its name here; the help overlay and the
//! footer are generated from this table. None of them keeps a list of its
//! own, so they cannot drift apart.

use super::Pane;
use super::input::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // Anywhere (the keys the config file can move).
    Quit,
    Help,
    Palette,
    Filter,
    NextPane,
    PreviousPane,
    Refresh,
    Flat,
    Sort,
    Reveal,
    RevealAll,
    Copy,
    Diff,
    Rollback,
    Deprecated,
    Access,
    Follow,
    Window,
    Report,
    Rotate,
    Edit,
    New,
    Delete,
    Zoom,
    // Within the focused pane (fixed keys).
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    Expand,
    Collapse,
    Open,
    Back,
    Mark,
    PivotPrincipal,
    PivotAccessKey,
    Summary,
    TimelineFilter,
    OwnCalls,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Whatever pane has focus.
    Global,
    /// Only while one of these panes has focus.
    Panes(&'static [Pane]),
}

impl Scope {
    pub fn includes(self, pane: Pane) -> bool {
        match self {
            Scope::Global => true,
            Scope::Panes(panes) => panes.contains(&pane),
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    /// The action's name in the config file's `[keys]`; None: its keys
    /// are fixed (moving within a pane, typing).
    pub name: Option<&'static str>,
    /// The keys, the default first; the config file moves only the first.
    pub keys: &'static [Key],
    pub scope: Scope,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// Its word in the footer, for the actions worth a reminder there,
    /// and the panes whose footer shows it (all when empty).
    pub footer: Option<&'static str>,
    pub footer_panes: &'static [Pane],
    /// It changes something in Secrets Manager: not offered in read-only.
    pub changes: bool,
}

const fn global(
    action: Action,
    name: &'static str,
    keys: &'static [Key],
    help: &'static str,
) -> Binding {
    Binding {
        action,
        name: Some(name),
        keys,
        scope: Scope::Global,
        help,
        footer: None,
        footer_panes: &[],
        changes: false,
    }
}

const fn local(
    action: Action,
    keys: &'static [Key],
    panes: &'static [Pane],
    help: &'static str,
) -> Binding {
    Binding {
        action,
        name: None,
        keys,
        scope: Scope::Panes(panes),
        help,
        footer: None,
        footer_panes: &[],
        changes: false,
    }
}

impl Binding {
    const fn footer(mut self, word: &'static str) -> Binding {
        self.footer = Some(word);
        self
    }

    const fn footer_in(mut self, word: &'static str, panes: &'static [Pane]) -> Binding {
        self.footer = Some(word);
        self.footer_panes = panes;
        self
    }

    /// Whether the footer reminds of it while `pane` has focus.
    pub fn in_footer(&self, pane: Pane) -> bool {
        self.footer.is_some()
            && self.scope.includes(pane)
            && (self.footer_panes.is_empty() || self.footer_panes.contains(&pane))
    }

    const fn changes(mut self) -> Binding {
        self.changes = true;
        self
    }
}

use Key::{BackTab, Char, Ctrl, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab};

const MOVING: &[Pane] = &[Pane::Tree, Pane::Detail, Pane::Versions, Pane::Access];
const LISTS: &[Pane] = &[Pane::Tree, Pane::Versions, Pane::Access];
const VALUES: &[Pane] = &[Pane::Tree, Pane::Detail, Pane::Versions];
const SECRET: &[Pane] = &[Pane::Tree, Pane::Detail];
const PAGED: &[Pane] = &[Pane::Tree, Pane::Detail, Pane::Access];

/// Every binding, in the order the help overlay lists them.
pub const BINDINGS: &[Binding] = &[
    local(
        Action::Down,
        &[Char('j'), Key::Down],
        MOVING,
        "move down (detail: next JSON key, or scroll)",
    ),
    local(Action::Up, &[Char('k'), Key::Up], MOVING, "move up"),
    local(Action::PageDown, &[PageDown, Ctrl('d')], PAGED, "page down"),
    local(Action::PageUp, &[PageUp, Ctrl('u')], PAGED, "page up"),
    local(Action::First, &[Char('g'), Home], LISTS, "first"),
    local(Action::Last, &[Char('G'), End], LISTS, "last"),
    local(
        Action::Expand,
        &[Char('l'), Right],
        &[Pane::Tree],
        "expand a folder (again: step into it)",
    ),
    local(
        Action::Collapse,
        &[Char('h'), Left],
        &[Pane::Tree],
        "collapse (on a secret: go to its folder)",
    ),
    local(
        Action::Open,
        &[Enter],
        &[Pane::Tree],
        "open a folder · show a secret's details",
    ),
    local(
        Action::Open,
        &[Enter],
        &[Pane::Detail],
        "the resource policy in full",
    ),
    local(
        Action::Open,
        &[Enter],
        &[Pane::Access],
        "the event's full record · on a principal: pivot · on a pivot's secret: select it",
    ),
    local(Action::Back, &[Esc], &[Pane::Tree], "clear the filter"),
    local(
        Action::Back,
        &[Esc, Char('h'), Left],
        &[Pane::Detail],
        "back to the tree",
    ),
    local(
        Action::Back,
        &[Esc, Char('h'), Left],
        &[Pane::Versions],
        "clear the mark, else back to the tree",
    ),
    local(
        Action::Back,
        &[Esc, Char('h'), Left],
        &[Pane::Access],
        "clear the timeline filter, else back from a pivot, else to the tree",
    ),
    local(
        Action::Mark,
        &[Char(' ')],
        &[Pane::Versions],
        "mark a version to compare",
    )
    .footer("mark"),
    local(
        Action::PivotPrincipal,
        &[Char('p')],
        &[Pane::Access],
        "pivot to everything the event's principal did",
    )
    .footer("pivot"),
    local(
        Action::PivotAccessKey,
        &[Char('P')],
        &[Pane::Access],
        "pivot to everything the event's access key did",
    ),
    local(
        Action::Summary,
        &[Char('S')],
        &[Pane::Access],
        "summary: principals (reads, failures, secrets, first/last seen, IPs); in a pivot: the secrets it touched",
    )
    .footer("summary"),
    local(
        Action::TimelineFilter,
        &[Char('/')],
        &[Pane::Access],
        "filter the timeline: words, failed, p:principal e:event ip: ua: s:secret",
    )
    .footer("filter"),
    local(
        Action::OwnCalls,
        &[Char('o')],
        &[Pane::Access],
        "show / hide sekret's own DescribeSecret and List… polling (hidden by default)",
    ),
    global(
        Action::Filter,
        "filter",
        &[Char('/')],
        "filter as you type (fuzzy) · Enter keeps · Esc clears",
    )
    .footer_in("filter", &[Pane::Tree]),
    global(Action::NextPane, "next-pane", &[Tab], "next pane").footer("pane"),
    global(
        Action::PreviousPane,
        "previous-pane",
        &[BackTab],
        "previous pane",
    ),
    global(
        Action::Refresh,
        "refresh",
        &[Char('r')],
        "refresh: list again, describe the selection and its versions again",
    ),
    global(
        Action::Reveal,
        "reveal",
        &[Char('v')],
        "read and show the value · on a JSON key (detail pane): that key · again: mask",
    )
    .footer_in("reveal", VALUES),
    global(
        Action::RevealAll,
        "reveal-all",
        &[Char('V')],
        "reveal / mask every key of a JSON bundle",
    ),
    global(
        Action::Copy,
        "copy",
        &[Char('c')],
        "copy the value (or the JSON key under the cursor); the clipboard clears itself",
    )
    .footer_in("copy", VALUES),
    global(
        Action::Diff,
        "diff",
        &[Char('d')],
        "diff: marked vs selected version, or selected vs AWSCURRENT (v reveals)",
    )
    .footer_in("diff", &[Pane::Versions]),
    global(
        Action::Rollback,
        "rollback",
        &[Char('b')],
        "roll back: move AWSCURRENT to the selected version (type the name)",
    )
    .footer_in("rollback", &[Pane::Versions])
    .changes(),
    global(
        Action::Deprecated,
        "deprecated",
        &[Char('i')],
        "versions: show / hide deprecated (unlabeled) versions",
    ),
    global(
        Action::Rotate,
        "rotate",
        &[Char('R')],
        "rotate now with the secret's rotation function; progress shown live",
    )
    .footer_in("rotate", SECRET)
    .changes(),
    global(
        Action::Edit,
        "edit",
        &[Char('e')],
        "put a new value through $EDITOR (masked diff, then type the name)",
    )
    .footer_in("edit", SECRET)
    .changes(),
    global(
        Action::New,
        "new",
        &[Char('n')],
        "create a secret (name, description, tags, then $EDITOR)",
    )
    .changes(),
    global(
        Action::Delete,
        "delete",
        &[Char('D')],
        "schedule the deletion: 7–30 days to :restore (type the name)",
    )
    .changes(),
    global(
        Action::Access,
        "access",
        &[Char('a')],
        "access events: this secret ↔ all Secrets Manager activity",
    )
    .footer_in("access", &[Pane::Tree, Pane::Detail, Pane::Access]),
    global(
        Action::Window,
        "window",
        &[Char('w')],
        "access window: 1h → 24h → 7d → 90d",
    )
    .footer_in("window", &[Pane::Access]),
    global(
        Action::Follow,
        "follow",
        &[Char('F')],
        "follow new events (polls every 5 s, within budget)",
    ),
    global(
        Action::Report,
        "report",
        &[Char('x')],
        "incident report for the selected secret; in a pivot: for the principal (no values)",
    )
    .footer_in("report", &[Pane::Detail, Pane::Access]),
    global(
        Action::Zoom,
        "zoom",
        &[Char('z')],
        "zoom: the focused pane fills the screen, and back",
    )
    .footer_in("zoom", &[Pane::Access]),
    global(Action::Flat, "flat", &[Char('f')], "flat list / tree"),
    global(
        Action::Sort,
        "sort",
        &[Char('s')],
        "sort: name → last changed → last accessed",
    ),
    global(Action::Palette, "palette", &[Char(':')], "command palette"),
    global(Action::Help, "help", &[Char('?')], "this help").footer("help"),
    global(Action::Quit, "quit", &[Char('q'), Ctrl('c')], "quit").footer("quit"),
];

/// What `key` asks for with `pane` focused: the pane's own bindings
/// first, then the global ones. `key` is already translated by the
/// config file's key map (an action's default key).
pub fn for_key(key: Key, pane: Pane) -> Option<Action> {
    let matches = |b: &&Binding| b.keys.contains(&key);
    BINDINGS
        .iter()
        .filter(|b| matches!(b.scope, Scope::Panes(_)) && b.scope.includes(pane))
        .find(matches)
        .or_else(|| {
            BINDINGS
                .iter()
                .filter(|b| b.scope == Scope::Global)
                .find(matches)
        })
        .map(|b| b.action)
}

/// Keys a pane uses for itself: the config file cannot move an action
/// onto them, or a pane would lose them.
pub fn is_pane_key(key: Key) -> bool {
    BINDINGS
        .iter()
        .filter(|b| b.name.is_none())
        .any(|b| b.keys.contains(&key) && !matches!(key, Esc | Enter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_binding_and_names_are_unique() {
        let names: Vec<&str> = BINDINGS.iter().filter_map(|b| b.name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "{names:?}");
        for b in BINDINGS {
            assert!(!b.keys.is_empty(), "{:?} has no key", b.action);
            assert!(!b.help.is_empty(), "{:?} has no help", b.action);
        }
    }

    #[test]
    fn no_key_means_two_things_in_one_place() {
        for pane in Pane::ORDER {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.scope.includes(pane)) {
                for key in b.keys {
                    let local = matches!(b.scope, Scope::Panes(_));
                    if let Some((_, other)) = seen.iter().find(|(k, _)| k == key) {
                        // A pane's own binding may shadow a global one.
                        assert!(
                            *other == b.action || !local,
                            "{key:?} is {other:?} and {:?} in {pane:?}",
                            b.action
                        );
                    }
                    seen.push((*key, b.action));
                }
            }
        }
    }

    #[test]
    fn keys_find_their_action() {
        assert_eq!(for_key(Char('q'), Pane::Tree), Some(Action::Quit));
        assert_eq!(
            for_key(Char('p'), Pane::Access),
            Some(Action::PivotPrincipal)
        );
        assert_eq!(for_key(Char('p'), Pane::Tree), None);
        assert_eq!(for_key(Char('h'), Pane::Detail), Some(Action::Back));
        assert_eq!(for_key(Char('h'), Pane::Tree), Some(Action::Collapse));
        assert_eq!(for_key(Char(' '), Pane::Versions), Some(Action::Mark));
        assert!(is_pane_key(Char('j')));
        assert!(!is_pane_key(Char('q')));
    }
}
