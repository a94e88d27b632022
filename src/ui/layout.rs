//! Where each pane goes. Shared by drawing and by the app (which needs the
//! tree's visible height for paging and scrolling).

use ratatui::layout::{Constraint, Layout, Rect};

pub struct Areas {
    pub tree: Rect,
    pub detail: Rect,
    pub versions: Rect,
    pub access: Rect,
    pub health: Rect,
    pub status: Rect,
}

/// Health shows three lines on tall terminals, one on short ones.
fn health_height(height: u16) -> u16 {
    if height >= 30 { 5 } else { 3 }
}

/// Access events across the bottom: a quarter of the height, 6..=12 rows.
fn access_height(height: u16) -> u16 {
    (height / 4).clamp(6, 12)
}

pub fn areas(area: Rect) -> Areas {
    let [main, access, health, status] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(access_height(area.height)),
        Constraint::Length(health_height(area.height)),
        Constraint::Length(1),
    ])
    .areas(area);
    let tree_width = (main.width * 2 / 5).clamp(28.min(main.width), 64);
    let [tree, right] =
        Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(10)]).areas(main);
    // Versions under the detail: a third of the height, 5..=12 rows.
    let versions_height = (right.height / 3).clamp(5.min(right.height), 12);
    let [detail, versions] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(versions_height)]).areas(right);
    Areas {
        tree,
        detail,
        versions,
        access,
        health,
        status,
    }
}

/// Rows of secrets the tree pane shows at this terminal size.
pub fn tree_rows_visible(width: u16, height: u16) -> usize {
    areas(Rect::new(0, 0, width, height))
        .tree
        .height
        .saturating_sub(2) as usize
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
