use proptest::prelude::*;

use super::*;

/// Names from the allowed characters, many sharing a long prefix (the
/// skewed namespaces the split is for).
fn names() -> impl Strategy<Value = Vec<String>> {
    let chars: Vec<char> = NAME_CHARS.iter().map(|b| *b as char).collect();
    let tail = proptest::collection::vec(proptest::sample::select(chars), 0..6)
        .prop_map(|cs| cs.into_iter().collect::<String>());
    let head = proptest::sample::select(vec!["", "p", "prod/", "prod/svc-0", "a", "Z_"]);
    proptest::collection::vec((head, tail).prop_map(|(h, t)| format!("{h}{t}")), 1..200).prop_map(
        |mut v| {
            v.retain(|n| !n.is_empty());
            v.sort();
            v.dedup();
            v
        },
    )
}

/// No prefix of one partition starts another's (or its own siblings').
fn disjoint(parts: &[Partition]) -> bool {
    let all: Vec<&String> = parts.iter().flat_map(|p| &p.prefixes).collect();
    all.iter().enumerate().all(|(i, a)| {
        all.iter()
            .enumerate()
            .all(|(j, b)| i == j || !b.starts_with(a.as_str()))
    })
}

#[test]
fn the_root_covers_every_first_character_once() {
    let split = root(&["alpha/x", "bravo/y"]);
    assert!(split.exact.is_empty());
    let root = split.children;
    assert_eq!(root.len(), 7);
    assert!(root.iter().all(|p| p.prefixes.len() <= VALUES_PER_FILTER));
    assert!(disjoint(&root));
    for c in NAME_CHARS {
        let name = format!("{}rest", *c as char);
        assert_eq!(
            root.iter().filter(|p| p.matches(&name)).count(),
            1,
            "{name}"
        );
    }
}

#[test]
fn a_group_splits_into_its_prefixes() {
    let group = root(&[]).children.remove(0);
    let split = split(&group, &[]);
    assert_eq!(split.children.len(), group.prefixes.len());
    assert!(split.children.iter().all(|c| c.prefixes.len() == 1));
    assert!(split.exact.is_empty());
}

#[test]
fn a_first_page_sharing_a_prefix_starts_below_it() {
    let split = root(&["prod/a", "prod/b"]);
    assert_eq!(split.exact, ["p", "pr", "pro", "prod", "prod/"]);
    assert!(disjoint(&split.children));
    assert_eq!(
        split.children.iter().filter(|c| c.matches("zeta")).count(),
        1
    );
}

#[test]
fn a_skewed_prefix_goes_straight_down_to_what_its_names_share() {
    let part = Partition {
        prefixes: vec!["p".into()],
    };
    let seen = ["prod/svc-001/a", "prod/svc-002/b", "prod/svc-013/c"];
    let split = split(&part, &seen);
    assert_eq!(
        split.exact,
        [
            "p",
            "pr",
            "pro",
            "prod",
            "prod/",
            "prod/s",
            "prod/sv",
            "prod/svc",
            "prod/svc-",
            "prod/svc-0"
        ]
    );
    // Siblings at 9 levels (68 characters: 7 filters each), then 69 under
    // the shared prefix (7 filters).
    assert_eq!(split.children.len(), 9 * 7 + 7);
    assert!(
        split
            .children
            .iter()
            .any(|c| c.prefixes.contains(&"prod/svc-00".to_string()))
    );
    assert!(
        split
            .children
            .iter()
            .any(|c| c.prefixes.contains(&"prod/svc-1".to_string()))
    );
    assert!(disjoint(&split.children));
}

proptest! {
    /// Every name under a split prefix is found exactly once: by one
    /// child, or (a name equal to a split prefix) by an exact lookup.
    #[test]
    fn a_split_is_disjoint_and_covering(names in names(), pick in 0usize..1000, keep in 1usize..50) {
        // Every generated name may have been empty, and none is kept.
        prop_assume!(!names.is_empty());
        let anchor = &names[pick % names.len()];
        let prefix: String = anchor.chars().take(1 + pick % anchor.len().max(1)).collect();
        let part = Partition { prefixes: vec![prefix.clone()] };
        let under: Vec<&str> = names.iter().map(String::as_str).filter(|n| n.starts_with(&prefix)).collect();
        let seen: Vec<&str> = under.iter().copied().take(keep).collect();
        let split = split(&part, &seen);
        prop_assert!(disjoint(&split.children));
        prop_assert!(split.children.iter().all(|c| !c.prefixes.is_empty() && c.prefixes.len() <= VALUES_PER_FILTER));
        for name in &under {
            let by_children = split.children.iter().filter(|c| c.matches(name)).count();
            let by_exact = split.exact.iter().filter(|e| e.as_str() == *name).count();
            prop_assert_eq!(by_children + by_exact, 1, "{} under {}: {:?}", name, prefix, split.exact);
        }
        for child in &split.children {
            prop_assert!(child.prefixes.iter().all(|p| p.starts_with(&prefix) && p.len() > prefix.len()));
        }
    }
}
