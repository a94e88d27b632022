//! Property tests: tree building, expand/collapse, filter and selection
//! invariants hold for any names and any key sequence.

use std::collections::HashSet;

use proptest::prelude::*;

use super::input::Key;
use super::tests::listed;
use super::*;
use crate::domain::tree::ROOT;

fn names() -> impl Strategy<Value = Vec<String>> {
    // Few segment values, so names share folders; the allowed characters.
    let segment = prop_oneof![
        Just("prod".to_string()),
        Just("dev".to_string()),
        Just("a".to_string()),
        Just("".to_string()),
        "[A-Za-z0-9_+=.@-]{1,6}",
    ];
    prop::collection::vec(prop::collection::vec(segment, 1..5), 0..40).prop_map(|paths| {
        let mut seen = HashSet::new();
        paths
            .into_iter()
            .map(|p| p.join("/"))
            .filter(|n| !n.is_empty() && seen.insert(n.clone()))
            .collect()
    })
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        Just(Key::Char('j')),
        Just(Key::Char('k')),
        Just(Key::Char('h')),
        Just(Key::Char('l')),
        Just(Key::Enter),
        Just(Key::Char('G')),
        Just(Key::Char('g')),
        Just(Key::Char('f')),
        Just(Key::Char('s')),
        Just(Key::Char('/')),
        Just(Key::Char('p')),
        Just(Key::Char('d')),
        Just(Key::Backspace),
        Just(Key::Esc),
        Just(Key::PageDown),
        Just(Key::Tab),
    ]
}

proptest! {
    #[test]
    fn every_secret_is_one_leaf_at_its_own_path(names in names()) {
        let app = listed(&names);
        prop_assert_eq!(app.tree.node(ROOT).count as usize, names.len());
        for (i, name) in names.iter().enumerate() {
            let leaf = app.tree.leaf_of(i as u32);
            prop_assert_eq!(&app.tree.path(leaf), name);
        }
        // Folder counts add up, and children are sorted folders-first.
        for id in 0..app.tree.len() as u32 {
            let leaf = app.tree.leaf_of(id);
            for folder in app.tree.ancestors(leaf) {
                let node = app.tree.node(folder);
                let sum: u32 = app.tree.children(folder).iter().map(|&c| app.tree.node(c).count).sum();
                prop_assert_eq!(node.count, sum);
                let keys: Vec<(bool, &str)> = app
                    .tree
                    .children(folder)
                    .iter()
                    .map(|&c| (!app.tree.node(c).is_folder(), &*app.tree.node(c).label))
                    .collect();
                let mut sorted = keys.clone();
                sorted.sort();
                prop_assert_eq!(keys, sorted);
            }
        }
    }

    #[test]
    fn rows_and_selection_stay_consistent(names in names(), keys in prop::collection::vec(key(), 0..60)) {
        let mut app = listed(&names);
        for key in keys {
            update(&mut app, Msg::Key(key));
            app.now_ms += 200;
            update(&mut app, Msg::Tick);
            let rows = &app.tree_pane.rows;
            prop_assert!(app.tree_pane.selected < rows.len().max(1));
            let unique: HashSet<_> = rows.iter().map(|r| r.node).collect();
            prop_assert_eq!(unique.len(), rows.len(), "no row twice");
            let leaves: Vec<u32> = rows.iter().filter_map(|r| app.tree.node(r.node).secret()).collect();
            if app.filter.is_active() {
                // Exactly the matches are shown.
                let matching: HashSet<u32> = (0..names.len() as u32).filter(|&s| app.filter.matches(s)).collect();
                prop_assert_eq!(leaves.iter().copied().collect::<HashSet<_>>(), matching);
            } else if app.tree_pane.flat {
                prop_assert_eq!(leaves.len(), names.len());
            } else {
                // A row is visible only under open folders.
                for row in rows {
                    for folder in app.tree.ancestors(row.node) {
                        prop_assert!(app.tree_pane.expanded.contains(&folder));
                    }
                }
            }
            // The detail pane follows the selected secret.
            let selected = app.selected_secret().map(|s| s.arn().to_string());
            prop_assert_eq!(app.detail.arn.clone(), selected);
        }
    }
}
