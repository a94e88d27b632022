//! The secret tree pane: which folders are open, which row is selected,
//! tree or flat, and the sort order. Rows are rebuilt from the tree when
//! something they depend on changes, never per frame.

use std::collections::HashSet;

use crate::domain::filter::FuzzyFilter;
use crate::domain::secret::{SecretMeta, Timestamp};
use crate::domain::tree::{NodeId, ROOT, Tree};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    LastChanged,
    LastAccessed,
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::LastChanged => "last changed",
            SortKey::LastAccessed => "last accessed",
        }
    }

    pub fn parse(text: &str) -> Option<SortKey> {
        match text {
            "name" => Some(SortKey::Name),
            "changed" | "last-changed" | "lastchanged" => Some(SortKey::LastChanged),
            "accessed" | "last-accessed" | "lastaccessed" => Some(SortKey::LastAccessed),
            _ => None,
        }
    }

    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::LastChanged,
            SortKey::LastChanged => SortKey::LastAccessed,
            SortKey::LastAccessed => SortKey::Name,
        }
    }

    /// Most recent first for dates (never-set last); names ascending.
    fn date(self, s: &SecretMeta) -> Option<Timestamp> {
        match self {
            SortKey::Name => None,
            SortKey::LastChanged => s.last_changed,
            SortKey::LastAccessed => s.last_accessed,
        }
    }
}

/// One visible line of the tree pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub node: NodeId,
    /// Indentation level (0 in flat mode).
    pub depth: u16,
}

#[derive(Debug, Clone)]
pub struct TreePane {
    pub expanded: HashSet<NodeId>,
    pub flat: bool,
    pub sort: SortKey,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First row on screen; kept by the drawing code's last known height.
    pub offset: usize,
}

impl Default for TreePane {
    fn default() -> Self {
        TreePane {
            expanded: HashSet::new(),
            flat: false,
            sort: SortKey::Name,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
        }
    }
}

impl TreePane {
    pub fn selected_node(&self) -> Option<NodeId> {
        self.rows.get(self.selected).map(|r| r.node)
    }

    /// Rebuild the rows, keeping the same node selected when it is still visible.
    pub fn rebuild(&mut self, tree: &Tree, secrets: &[SecretMeta], filter: &FuzzyFilter) {
        let keep = self.selected_node();
        self.rows = if self.flat {
            flat_rows(tree, secrets, filter, self.sort)
        } else {
            tree_rows(tree, secrets, filter, self.sort, &self.expanded)
        };
        if let Some(node) = keep
            && let Some(pos) = self.rows.iter().position(|r| r.node == node)
        {
            self.selected = pos;
        }
        self.clamp();
    }

    pub fn clamp(&mut self) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    pub fn select_first(&mut self) {
        self.selected = 0;
    }

    pub fn select_last(&mut self) {
        self.selected = self.rows.len().saturating_sub(1);
    }

    /// Select a node's row if it is visible.
    pub fn select_node(&mut self, node: NodeId) {
        if let Some(pos) = self.rows.iter().position(|r| r.node == node) {
            self.selected = pos;
        }
    }

    /// Keep the selection on screen for a pane `height` rows tall.
    pub fn scroll_into_view(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

/// Tree mode: folders open when expanded, or — while a filter is active —
/// whenever they hold a match (so every match is visible).
pub fn tree_rows(
    tree: &Tree,
    secrets: &[SecretMeta],
    filter: &FuzzyFilter,
    sort: SortKey,
    expanded: &HashSet<NodeId>,
) -> Vec<Row> {
    // While filtering: a bit per node, set for each match and its folders.
    // Walking up stops at the first folder already marked.
    let keep: Option<Vec<bool>> = filter.is_active().then(|| {
        let mut keep = vec![false; tree.node_count()];
        for secret in 0..tree.len() as u32 {
            if filter.matches(secret) {
                let mut at = tree.leaf_of(secret);
                while at != ROOT && !keep[at as usize] {
                    keep[at as usize] = true;
                    at = tree.node(at).parent;
                }
            }
        }
        keep
    });
    let mut rows = Vec::new();
    let mut stack: Vec<(NodeId, u16)> = ordered_children(tree, secrets, sort, ROOT)
        .into_iter()
        .rev()
        .map(|c| (c, 0))
        .collect();
    while let Some((node, depth)) = stack.pop() {
        if let Some(keep) = &keep
            && !keep[node as usize]
        {
            continue;
        }
        rows.push(Row { node, depth });
        let n = tree.node(node);
        let open = n.is_folder() && (keep.is_some() || expanded.contains(&node));
        if open {
            for child in ordered_children(tree, secrets, sort, node)
                .into_iter()
                .rev()
            {
                stack.push((child, depth + 1));
            }
        }
    }
    rows
}

fn ordered_children(
    tree: &Tree,
    secrets: &[SecretMeta],
    sort: SortKey,
    node: NodeId,
) -> Vec<NodeId> {
    let mut children = tree.children(node).to_vec();
    if sort != SortKey::Name {
        // Folders stay first and by name; leaves go most recent first.
        let split = children
            .iter()
            .position(|&c| !tree.node(c).is_folder())
            .unwrap_or(children.len());
        children[split..].sort_by_key(|&c| {
            let secret = tree.node(c).secret().expect("leaf");
            std::cmp::Reverse(sort.date(&secrets[secret as usize]))
        });
    }
    children
}

/// Flat mode: every (matching) secret by full name or date.
pub fn flat_rows(
    tree: &Tree,
    secrets: &[SecretMeta],
    filter: &FuzzyFilter,
    sort: SortKey,
) -> Vec<Row> {
    let mut ids: Vec<u32> = (0..tree.len() as u32)
        .filter(|&s| filter.matches(s))
        .collect();
    match sort {
        SortKey::Name => {
            ids.sort_by(|&a, &b| secrets[a as usize].name().cmp(secrets[b as usize].name()))
        }
        _ => ids.sort_by_key(|&s| (std::cmp::Reverse(sort.date(&secrets[s as usize])), s)),
    }
    ids.into_iter()
        .map(|s| Row {
            node: tree.leaf_of(s),
            depth: 0,
        })
        .collect()
}
