//! Where each pane goes. Shared by drawing and by the app (which needs the
//! tree's visible height for paging, and the panes' places for the mouse).
//!
//! Two layouts. On a roomy terminal every pane is on screen at once (as in
//! DESIGN §3). On a small one (80×24) the panes collapse to tabs: a tab
//! bar on top, the tree on the left and the focused pane on the right —
//! or across the whole width for the wide ones (access events, health).
//! A pane that is not shown gets an empty area.

use ratatui::layout::{Constraint, Layout, Rect};

use super::Pane;

/// Below this size the panes collapse to tabs.
pub const COMPACT_BELOW: (u16, u16) = (100, 30);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// The tab bar, on small terminals only.
    pub tabs: Option<Rect>,
    pub tree: Rect,
    pub detail: Rect,
    pub versions: Rect,
    pub access: Rect,
    pub health: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn of(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Tree => self.tree,
            Pane::Detail => self.detail,
            Pane::Versions => self.versions,
            Pane::Access => self.access,
            Pane::Health => self.health,
        }
    }

    /// The pane under a screen position, if one is shown there.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let at = ratatui::layout::Position::new(column, row);
        Pane::ORDER
            .into_iter()
            .find(|&p| !self.of(p).is_empty() && self.of(p).contains(at))
    }
}

pub fn is_compact(area: Rect) -> bool {
    area.width < COMPACT_BELOW.0 || area.height < COMPACT_BELOW.1
}

pub fn areas(area: Rect, focus: Pane) -> Areas {
    if is_compact(area) {
        compact(area, focus)
    } else {
        roomy(area)
    }
}

/// The layout as the console draws it: zoomed (`z`), the focused pane
/// takes the whole screen above the status line, as k9s does.
pub fn screen(area: Rect, focus: Pane, zoom: bool) -> Areas {
    if !zoom {
        return areas(area, focus);
    }
    let [main, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let mut areas = Areas {
        status,
        ..Areas::default()
    };
    match focus {
        Pane::Tree => areas.tree = main,
        Pane::Detail => areas.detail = main,
        Pane::Versions => areas.versions = main,
        Pane::Access => areas.access = main,
        Pane::Health => areas.health = main,
    }
    areas
}

/// Health shows three lines on tall terminals, one on short ones.
fn health_height(height: u16) -> u16 {
    if height >= 30 { 5 } else { 3 }
}

/// Access events across the bottom: a quarter of the height, 6..=12 rows.
fn access_height(height: u16) -> u16 {
    (height / 4).clamp(6, 12)
}

fn tree_width(width: u16) -> u16 {
    (width * 2 / 5).clamp(28.min(width), 64)
}

/// Detail above versions: versions get a third of the height, 5..=12 rows.
fn detail_and_versions(right: Rect) -> (Rect, Rect) {
    let versions_height = (right.height / 3).clamp(5.min(right.height), 12);
    let [detail, versions] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(versions_height)]).areas(right);
    (detail, versions)
}

fn roomy(area: Rect) -> Areas {
    let [main, access, health, status] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(access_height(area.height)),
        Constraint::Length(health_height(area.height)),
        Constraint::Length(1),
    ])
    .areas(area);
    let [tree, right] = Layout::horizontal([
        Constraint::Length(tree_width(main.width)),
        Constraint::Min(10),
    ])
    .areas(main);
    let (detail, versions) = detail_and_versions(right);
    Areas {
        tabs: None,
        tree,
        detail,
        versions,
        access,
        health,
        status,
    }
}

fn compact(area: Rect, focus: Pane) -> Areas {
    let [tabs, main, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut areas = Areas {
        tabs: Some(tabs),
        status,
        ..Areas::default()
    };
    match focus {
        // Wide tables take the whole width.
        Pane::Access => areas.access = main,
        Pane::Health => areas.health = main,
        Pane::Tree | Pane::Detail | Pane::Versions => {
            let [tree, right] = Layout::horizontal([
                Constraint::Length(tree_width(main.width)),
                Constraint::Min(10),
            ])
            .areas(main);
            areas.tree = tree;
            // Detail and versions share the right side while there is room
            // for both (tall enough); else the focused one has it.
            if right.height >= 18 {
                (areas.detail, areas.versions) = detail_and_versions(right);
            } else if focus == Pane::Versions {
                areas.versions = right;
            } else {
                areas.detail = right;
            }
        }
    }
    areas
}

/// Rows of secrets the tree pane shows at this terminal size (as when the
/// tree is on screen).
pub fn tree_rows_visible(width: u16, height: u16) -> usize {
    areas(Rect::new(0, 0, width, height), Pane::Tree)
        .tree
        .height
        .saturating_sub(2) as usize
}

/// The tab bar's labels and where each sits: (pane, label, first column,
/// width). Shared by drawing and by mouse clicks.
pub fn tabs(bar: Rect) -> Vec<(Pane, &'static str, u16, u16)> {
    let mut x = bar.x + 1;
    let mut out = Vec::new();
    for pane in Pane::ORDER {
        let label = pane.label();
        let width = label.chars().count() as u16 + 2;
        if x + width > bar.x + bar.width {
            break;
        }
        out.push((pane, label, x, width));
        x += width + 1;
    }
    out
}

/// A box of the given size centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No two shown panes overlap, every shown pane is inside the screen,
    /// and every pane is reachable (shown when focused), at any size.
    #[test]
    fn panes_never_overlap_and_each_is_reachable() {
        for width in (20..=200).step_by(7) {
            for height in (8..=60).step_by(3) {
                let screen = Rect::new(0, 0, width, height);
                for focus in Pane::ORDER {
                    let a = areas(screen, focus);
                    let shown: Vec<Rect> = Pane::ORDER
                        .into_iter()
                        .map(|p| a.of(p))
                        .chain([a.status])
                        .chain(a.tabs)
                        .filter(|r| !r.is_empty())
                        .collect();
                    for (i, r) in shown.iter().enumerate() {
                        assert_eq!(r.intersection(screen), *r, "{width}x{height}");
                        for other in &shown[i + 1..] {
                            assert!(!r.intersects(*other), "{width}x{height} {focus:?}");
                        }
                    }
                    assert!(!a.of(focus).is_empty(), "{focus:?} at {width}x{height}");
                }
            }
        }
    }

    #[test]
    fn zoom_gives_the_focused_pane_the_screen() {
        for focus in Pane::ORDER {
            let a = screen(Rect::new(0, 0, 120, 40), focus, true);
            assert_eq!(a.of(focus), Rect::new(0, 0, 120, 39), "{focus:?}");
            let others = Pane::ORDER.into_iter().filter(|&p| p != focus);
            assert!(others.into_iter().all(|p| a.of(p).is_empty()));
            assert!(a.tabs.is_none());
        }
        let plain = screen(Rect::new(0, 0, 120, 40), Pane::Tree, false);
        assert_eq!(plain, areas(Rect::new(0, 0, 120, 40), Pane::Tree));
    }

    #[test]
    fn small_terminals_get_tabs() {
        let small = areas(Rect::new(0, 0, 80, 24), Pane::Tree);
        assert!(small.tabs.is_some());
        assert!(small.access.is_empty() && small.health.is_empty());
        let big = areas(Rect::new(0, 0, 120, 40), Pane::Tree);
        assert!(big.tabs.is_none());
        assert!(!big.access.is_empty() && !big.health.is_empty());
        let labels: Vec<&str> = tabs(small.tabs.unwrap()).iter().map(|t| t.1).collect();
        assert_eq!(
            labels,
            ["Secrets", "Detail", "Versions", "Access", "Health"]
        );
    }
}
