//! Drawing: `draw(&App, &mut Frame)`, pure — it reads the state and never
//! changes it. One file per pane or overlay.

mod access;
mod confirm;
mod detail;
mod diff;
pub mod format;
mod health;
mod import;
pub mod layout;
mod overlays;
mod status;
pub mod theme;
pub mod tree;
mod value;
mod versions;

use ratatui::Frame;

use crate::app::{App, Overlay};

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout::areas(area);
    tree::draw(frame, app, areas.tree);
    detail::draw(frame, app, areas.detail);
    versions::draw(frame, app, areas.versions);
    access::draw(frame, app, areas.access);
    health::draw(frame, app, areas.health);
    status::draw(frame, app, areas.status);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => overlays::help(frame, area, *scroll),
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
        None => {}
    }
}
