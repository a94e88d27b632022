//! The mouse: a click focuses the pane under it (or the tab in the tab
//! bar) and, in the tree, selects the row; the wheel moves the selection
//! (or scrolls the detail) of the pane under it. Overlays and the filter
//! being typed keep the keyboard's undivided attention: mouse input is
//! ignored while they are open.

use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::input::{Mouse, MouseKind};
use super::{App, Command, Pane, keys};
use crate::tui::app::layout;

/// Rows the wheel moves per notch.
const WHEEL_ROWS: isize = 3;

pub(super) fn handle(app: &mut App, mouse: Mouse, out: &mut Vec<Command>) {
    if app.overlay.is_some() || app.filter_editing {
        return;
    }
    let screen = Rect::new(0, 0, app.size.0, app.size.1);
    let areas = layout::screen(screen, app.focus, app.zoom);
    let at = Position::new(mouse.column, mouse.row);
    if let Some(bar) = areas.tabs
        && bar.contains(at)
    {
        if mouse.kind == MouseKind::Click
            && let Some(&(pane, ..)) = layout::tabs(bar)
                .iter()
                .find(|(_, _, x, w)| (*x..x + w).contains(&mouse.column))
        {
            app.focus = pane;
        }
        return;
    }
    let Some(pane) = areas.pane_at(mouse.column, mouse.row) else {
        return;
    };
    match mouse.kind {
        MouseKind::Click => {
            app.focus = pane;
            if pane == Pane::Tree {
                click_tree(app, areas.tree, mouse.row);
            }
        }
        MouseKind::ScrollUp | MouseKind::ScrollDown => {
            // The wheel acts on the pane under it, as j/k would there,
            // without moving the focus.
            let action = if mouse.kind == MouseKind::ScrollUp {
                Action::Up
            } else {
                Action::Down
            };
            let focus = std::mem::replace(&mut app.focus, pane);
            for _ in 0..WHEEL_ROWS {
                keys::perform(app, action, out);
            }
            app.focus = focus;
        }
    }
}

/// Select the tree row drawn at screen row `row` (inside the border).
fn click_tree(app: &mut App, area: Rect, row: u16) {
    let Some(line) = row.checked_sub(area.y + 1) else {
        return; // the border
    };
    if line + 1 >= area.height {
        return; // the bottom border
    }
    let index = app.tree_pane.offset + line as usize;
    if index < app.tree_pane.rows.len() {
        app.tree_pane.selected = index;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::input::{Key, Mouse};
    use crate::tui::app::tests::listed;
    use crate::tui::app::{Msg, update};

    fn mouse(app: &mut App, kind: MouseKind, column: u16, row: u16) -> Vec<Command> {
        update(app, Msg::Mouse(Mouse { kind, column, row }))
    }

    #[test]
    fn a_click_in_the_tree_selects_that_row() {
        let mut app = listed(&["a", "b", "c", "d"]);
        update(
            &mut app,
            Msg::Resized {
                width: 120,
                height: 40,
            },
        );
        // Row 0 is the border; the third secret is on screen row 3.
        mouse(&mut app, MouseKind::Click, 5, 3);
        assert_eq!(app.selected_secret().unwrap().name(), "c");
        assert_eq!(app.focus, Pane::Tree);
        // Below the last row: nothing changes.
        mouse(&mut app, MouseKind::Click, 5, 20);
        assert_eq!(app.selected_secret().unwrap().name(), "c");
    }

    #[test]
    fn a_click_focuses_the_pane_and_the_wheel_moves_without_focusing() {
        let mut app = listed(&(0..20).map(|i| format!("s{i:02}")).collect::<Vec<_>>());
        update(
            &mut app,
            Msg::Resized {
                width: 120,
                height: 40,
            },
        );
        mouse(&mut app, MouseKind::Click, 100, 5); // the detail pane
        assert_eq!(app.focus, Pane::Detail);
        mouse(&mut app, MouseKind::ScrollDown, 5, 5); // over the tree
        assert_eq!(app.focus, Pane::Detail, "the wheel leaves the focus");
        assert_eq!(app.tree_pane.selected, WHEEL_ROWS as usize);
        mouse(&mut app, MouseKind::ScrollUp, 5, 5);
        assert_eq!(app.tree_pane.selected, 0);
    }

    #[test]
    fn the_tab_bar_switches_panes_on_small_terminals() {
        let mut app = listed(&["a"]);
        update(
            &mut app,
            Msg::Resized {
                width: 80,
                height: 24,
            },
        );
        let bar = Rect::new(0, 0, 80, 1);
        for (pane, _, x, _) in layout::tabs(bar) {
            mouse(&mut app, MouseKind::Click, x + 1, 0);
            assert_eq!(app.focus, pane);
        }
    }

    #[test]
    fn overlays_ignore_the_mouse() {
        let mut app = listed(&["a", "b"]);
        update(&mut app, Msg::Key(Key::Char('?')));
        mouse(&mut app, MouseKind::Click, 5, 2);
        assert!(app.overlay.is_some());
        assert_eq!(app.tree_pane.selected, 0);
    }
}
