//! Secrets grouped by their `/`-separated path: `gaara-store ▸ production ▸ jwt-secret`.
//!
//! The tree grows one secret at a time, as ListSecrets pages arrive, so the
//! first page is on screen while later ones load. Children stay sorted on
//! insert (folders first, then leaves, each by label). A name that is both a
//! secret and a prefix of others (`a/b` and `a/b/c`) gives a leaf `b` and a
//! folder `b` side by side.

use std::cmp::Ordering;

use compact_str::CompactString;

pub type NodeId = u32;
pub const ROOT: NodeId = 0;

/// Marks `Node::what` as a folder's index into `Tree::children`.
const FOLDER: u32 = 1 << 31;

/// 40 bytes, and no allocation for a label of up to 24 bytes: at 100,000
/// secrets the tree is mostly leaves, which have no children to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The path segment this node stands for (the last one, for a leaf).
    pub label: CompactString,
    pub parent: NodeId,
    /// Secrets in this subtree.
    pub count: u32,
    /// A leaf's secret index, or `FOLDER |` the folder's children slot.
    what: u32,
    pub depth: u16,
}

impl Node {
    pub fn is_folder(&self) -> bool {
        self.what & FOLDER != 0
    }

    /// Index of the secret for a leaf; None for a folder.
    pub fn secret(&self) -> Option<u32> {
        (!self.is_folder()).then_some(self.what)
    }
}

#[derive(Debug, Clone)]
pub struct Tree {
    nodes: Vec<Node>,
    /// Each folder's children: folders first, then leaves; each group
    /// sorted by label.
    children: Vec<Vec<NodeId>>,
    /// secret index -> its leaf node.
    leaf_of: Vec<NodeId>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node {
                label: CompactString::const_new(""),
                parent: ROOT,
                depth: 0,
                what: FOLDER,
                count: 0,
            }],
            children: vec![Vec::new()],
            leaf_of: Vec::new(),
        }
    }
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// A folder's children (folders first, then leaves, each by label);
    /// none for a leaf.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        let node = &self.nodes[id as usize];
        if node.is_folder() {
            &self.children[(node.what & !FOLDER) as usize]
        } else {
            &[]
        }
    }

    /// Number of secrets.
    pub fn len(&self) -> usize {
        self.leaf_of.len()
    }

    /// Number of nodes (folders, leaves and the root); ids are below this.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leaf_of.is_empty()
    }

    pub fn leaf_of(&self, secret: u32) -> NodeId {
        self.leaf_of[secret as usize]
    }

    /// Add the secret with index `secret` (indices must arrive as 0, 1, 2, …).
    pub fn insert(&mut self, secret: u32, name: &str) {
        debug_assert_eq!(secret as usize, self.leaf_of.len());
        debug_assert!(secret < FOLDER);
        let mut segments: Vec<&str> = name.split('/').collect();
        let leaf_label = segments.pop().unwrap_or_default();
        let mut at = ROOT;
        for segment in segments {
            at = self.child_folder(at, segment);
        }
        let leaf = self.push_child(at, leaf_label, Some(secret));
        self.leaf_of.push(leaf);
        let mut up = leaf;
        loop {
            up = self.nodes[up as usize].parent;
            self.nodes[up as usize].count += 1;
            if up == ROOT {
                break;
            }
        }
        self.nodes[leaf as usize].count = 1;
    }

    fn child_folder(&mut self, parent: NodeId, label: &str) -> NodeId {
        match self.find_slot(parent, label, true) {
            Ok(pos) => self.children(parent)[pos],
            Err(_) => self.push_child(parent, label, None),
        }
    }

    fn push_child(&mut self, parent: NodeId, label: &str, secret: Option<u32>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        let depth = self.nodes[parent as usize].depth + 1;
        let what = match secret {
            Some(secret) => secret,
            None => {
                self.children.push(Vec::new());
                FOLDER | (self.children.len() - 1) as u32
            }
        };
        self.nodes.push(Node {
            label: label.into(),
            parent,
            depth,
            what,
            count: 0,
        });
        let pos = match self.find_slot(parent, label, secret.is_none()) {
            Ok(pos) | Err(pos) => pos,
        };
        let slot = (self.nodes[parent as usize].what & !FOLDER) as usize;
        self.children[slot].insert(pos, id);
        id
    }

    /// Binary search among `parent`'s children for (kind, label).
    fn find_slot(&self, parent: NodeId, label: &str, folder: bool) -> Result<usize, usize> {
        let nodes = &self.nodes;
        self.children(parent).binary_search_by(|&c| {
            let child = &nodes[c as usize];
            // Folders sort before leaves.
            match (child.is_folder(), folder) {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => (*child.label).cmp(label),
            }
        })
    }

    /// The secret index of the secret named `name`, by walking its path
    /// (a binary search per segment, never a scan).
    pub fn find(&self, name: &str) -> Option<u32> {
        let mut segments: Vec<&str> = name.split('/').collect();
        let leaf = segments.pop()?;
        let mut at = ROOT;
        for segment in segments {
            let pos = self.find_slot(at, segment, true).ok()?;
            at = self.children(at)[pos];
        }
        let pos = self.find_slot(at, leaf, false).ok()?;
        self.node(self.children(at)[pos]).secret()
    }

    /// Folder ids from the root down to (not including) `node`.
    pub fn ancestors(&self, node: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut at = self.nodes[node as usize].parent;
        while at != ROOT {
            out.push(at);
            at = self.nodes[at as usize].parent;
        }
        out.reverse();
        out
    }

    /// The folder's path, `gaara-store/production`.
    pub fn path(&self, node: NodeId) -> String {
        let mut parts: Vec<&str> = self
            .ancestors(node)
            .iter()
            .map(|&a| &*self.nodes[a as usize].label)
            .collect();
        parts.push(&self.nodes[node as usize].label);
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(names: &[&str]) -> Tree {
        let mut t = Tree::default();
        for (i, n) in names.iter().enumerate() {
            t.insert(i as u32, n);
        }
        t
    }

    fn labels(t: &Tree, id: NodeId) -> Vec<String> {
        t.children(id)
            .iter()
            .map(|&c| {
                let n = t.node(c);
                format!("{}{}", n.label, if n.is_folder() { "/" } else { "" })
            })
            .collect()
    }

    #[test]
    fn groups_by_path_with_counts_and_sorted_children() {
        let t = build(&[
            "gaara-store/production/jwt-secret",
            "credlink-prod-api-keys",
            "gaara-store/production/database-url",
            "argo-alpine/argo/token",
        ]);
        assert_eq!(
            labels(&t, ROOT),
            ["argo-alpine/", "gaara-store/", "credlink-prod-api-keys"]
        );
        let gaara = t.children(ROOT)[1];
        assert_eq!(t.node(gaara).count, 2);
        assert_eq!(t.node(ROOT).count, 4);
        let prod = t.children(gaara)[0];
        assert_eq!(labels(&t, prod), ["database-url", "jwt-secret"]);
        assert_eq!(t.path(prod), "gaara-store/production");
        assert_eq!(t.node(t.leaf_of(0)).label.as_str(), "jwt-secret");
    }

    #[test]
    fn a_name_can_be_a_secret_and_a_folder() {
        let t = build(&["a/b", "a/b/c", "a/", "a//d"]);
        let a = t.children(ROOT)[0];
        assert_eq!(labels(&t, a), ["/", "b/", "", "b"]);
        assert_eq!(t.node(a).count, 4);
        for (i, name) in ["a/b", "a/b/c", "a/", "a//d"].iter().enumerate() {
            assert_eq!(t.find(name), Some(i as u32), "{name}");
        }
        assert_eq!(t.find("a"), None, "a folder is no secret");
        assert_eq!(t.find("a/x"), None);
    }
}
