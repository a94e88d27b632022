//! Drawing: `draw(&App, &mut Frame)`, pure — it reads the state and never
//! changes it. One file per pane or overlay.

mod access;
mod access_summary;
mod confirm;
mod detail;
mod diff;
mod event_time;
mod findings;
mod health;
mod import;
mod overlays;
mod profiles;
mod status;
mod tabs;
pub mod theme;
pub mod tree;
mod value;
mod versions;

use crate::tui::app::layout;
use ratatui::Frame;

use crate::tui::app::{App, Overlay};

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout::screen(area, app.focus, app.zoom);
    if let Some(bar) = areas.tabs {
        tabs::draw(frame, app, bar);
    }
    // Panes collapsed behind a tab have no area and are not drawn.
    let shown = |r: ratatui::layout::Rect| !r.is_empty();
    if shown(areas.tree) {
        tree::draw(frame, app, areas.tree);
    }
    if shown(areas.detail) {
        detail::draw(frame, app, areas.detail);
    }
    if shown(areas.versions) {
        versions::draw(frame, app, areas.versions);
    }
    if shown(areas.access) {
        access::draw(frame, app, areas.access);
    }
    if shown(areas.health) {
        health::draw(frame, app, areas.health);
    }
    status::draw(frame, app, areas.status);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => overlays::help(frame, area, *scroll, &app.keymap),
        Some(Overlay::Palette { input }) => overlays::palette(frame, area, input),
        Some(Overlay::Diff(view)) => diff::draw(frame, area, view),
        Some(Overlay::Confirm(confirm)) => confirm::draw(frame, area, confirm),
        Some(Overlay::Text {
            title,
            text,
            scroll,
        }) => overlays::text(frame, area, title, text, *scroll),
        Some(Overlay::Create(form)) => overlays::create_form(frame, area, form),
        Some(Overlay::Import(view)) => import::draw(frame, area, view, app.conn.read_only),
        Some(Overlay::Profiles(picker)) => profiles::draw(frame, area, picker),
        Some(Overlay::Findings(view)) => findings::draw(frame, area, view),
        None => {}
    }
    theme::apply(app.theme, frame.buffer_mut());
}
