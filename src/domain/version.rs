//! A secret's versions and their staging labels, and how a rollback moves
//! those labels.

use super::secret::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: String,
    pub stages: Vec<String>,
    pub created: Option<Timestamp>,
    pub last_accessed: Option<Timestamp>,
}

impl Version {
    pub fn has(&self, label: &str) -> bool {
        self.stages.iter().any(|s| s == label)
    }

    /// No staging label: AWS calls it deprecated and may delete it.
    pub fn deprecated(&self) -> bool {
        self.stages.is_empty()
    }
}

/// `3f2a91bc…`: enough of a version id to tell versions apart.
pub fn short_id(id: &str) -> String {
    if id.chars().count() <= 8 {
        id.to_string()
    } else {
        format!("{}…", id.chars().take(8).collect::<String>())
    }
}

/// Newest first, like the AWS console.
pub fn sort_newest_first(versions: &mut [Version]) {
    versions.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
}

/// The version holding `label`.
pub fn with_label<'a>(versions: &'a [Version], label: &str) -> Option<&'a Version> {
    versions.iter().find(|v| v.has(label))
}

/// AWSPENDING on a version that is not AWSCURRENT: a rotation is running
/// or stuck.
pub fn pending_elsewhere(versions: &[Version]) -> bool {
    versions
        .iter()
        .any(|v| v.has(AWSPENDING) && !v.has(AWSCURRENT))
}

/// Find a version by label (`AWSCURRENT`), full id, or unique id prefix.
pub fn resolve<'a>(versions: &'a [Version], wanted: &str) -> Result<&'a Version, String> {
    if let Some(v) = with_label(versions, wanted) {
        return Ok(v);
    }
    if let Some(v) = versions.iter().find(|v| v.id == wanted) {
        return Ok(v);
    }
    let matches: Vec<&Version> = versions
        .iter()
        .filter(|v| v.id.starts_with(wanted))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no version or staging label {wanted:?}")),
        _ => Err(format!(
            "{wanted:?} matches {} versions; give more of the id",
            matches.len()
        )),
    }
}

/// One staging label changing hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMove {
    pub label: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What a rollback to `target` does: AWSCURRENT moves to it, and AWS moves
/// AWSPREVIOUS to the version AWSCURRENT left.
pub fn rollback_moves(versions: &[Version], target: &str) -> Result<Vec<LabelMove>, String> {
    if !versions.iter().any(|v| v.id == target) {
        return Err(format!("no version {target}"));
    }
    let current = with_label(versions, AWSCURRENT).map(|v| v.id.clone());
    if current.as_deref() == Some(target) {
        return Err("that version is already AWSCURRENT".into());
    }
    let previous = with_label(versions, AWSPREVIOUS).map(|v| v.id.clone());
    let mut moves = vec![LabelMove {
        label: AWSCURRENT,
        from: current.clone(),
        to: Some(target.to_string()),
    }];
    if current.is_some() && previous != current {
        moves.push(LabelMove {
            label: AWSPREVIOUS,
            from: previous,
            to: current,
        });
    }
    Ok(moves)
}

/// The labels after `moves` (to check a rollback's result, and in tests).
pub fn apply_moves(versions: &mut [Version], moves: &[LabelMove]) {
    for m in moves {
        for v in versions.iter_mut() {
            v.stages.retain(|s| s != m.label);
        }
        if let Some(to) = &m.to
            && let Some(v) = versions.iter_mut().find(|v| &v.id == to)
        {
            v.stages.push(m.label.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, stages: &[&str], created: i64) -> Version {
        Version {
            id: id.into(),
            stages: stages.iter().map(|s| s.to_string()).collect(),
            created: Some(created),
            last_accessed: None,
        }
    }

    fn history() -> Vec<Version> {
        vec![
            v("c3", &[AWSCURRENT], 3),
            v("b2", &[AWSPREVIOUS], 2),
            v("a1", &[], 1),
        ]
    }

    #[test]
    fn rollback_moves_current_and_previous_follows() {
        let mut versions = history();
        let moves = rollback_moves(&versions, "b2").unwrap();
        assert_eq!(
            moves,
            vec![
                LabelMove {
                    label: AWSCURRENT,
                    from: Some("c3".into()),
                    to: Some("b2".into())
                },
                LabelMove {
                    label: AWSPREVIOUS,
                    from: Some("b2".into()),
                    to: Some("c3".into())
                },
            ]
        );
        apply_moves(&mut versions, &moves);
        assert_eq!(with_label(&versions, AWSCURRENT).unwrap().id, "b2");
        assert_eq!(with_label(&versions, AWSPREVIOUS).unwrap().id, "c3");
        assert!(versions[2].deprecated());
    }

    #[test]
    fn rollback_to_a_deprecated_version_leaves_the_old_previous_unlabeled() {
        let mut versions = history();
        let moves = rollback_moves(&versions, "a1").unwrap();
        apply_moves(&mut versions, &moves);
        assert_eq!(with_label(&versions, AWSCURRENT).unwrap().id, "a1");
        assert_eq!(with_label(&versions, AWSPREVIOUS).unwrap().id, "c3");
        assert!(versions.iter().find(|v| v.id == "b2").unwrap().deprecated());
    }

    #[test]
    fn rollback_to_current_or_unknown_is_refused() {
        assert!(rollback_moves(&history(), "c3").is_err());
        assert!(rollback_moves(&history(), "zz").is_err());
    }

    #[test]
    fn custom_labels_stay_where_they_are() {
        let mut versions = history();
        versions[2].stages.push("golden".into());
        let moves = rollback_moves(&versions, "b2").unwrap();
        apply_moves(&mut versions, &moves);
        assert!(versions[2].has("golden"));
    }

    #[test]
    fn resolve_by_label_id_or_unique_prefix() {
        let mut versions = history();
        versions.push(v("c4", &[], 0));
        assert_eq!(resolve(&versions, AWSPREVIOUS).unwrap().id, "b2");
        assert_eq!(resolve(&versions, "a1").unwrap().id, "a1");
        assert_eq!(resolve(&versions, "a").unwrap().id, "a1");
        assert!(resolve(&versions, "c").unwrap_err().contains("2 versions"));
        assert!(resolve(&versions, "x").is_err());
    }

    #[test]
    fn pending_on_another_version_is_flagged() {
        let mut versions = history();
        assert!(!pending_elsewhere(&versions));
        versions[2].stages.push(AWSPENDING.into());
        assert!(pending_elsewhere(&versions));
    }
}
