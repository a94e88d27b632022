//! Drawing: `draw(&App, &mut Frame)`, pure — it reads the state and never
//! changes it. One file per pane or overlay.

mod detail;
pub mod format;
mod health;
pub mod layout;
mod overlays;
mod status;
pub mod theme;
pub mod tree;

use ratatui::Frame;

use crate::app::{App, Overlay};

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout::areas(area);
    tree::draw(frame, app, areas.tree);
    detail::draw(frame, app, areas.detail);
    health::draw(frame, app, areas.health);
    status::draw(frame, app, areas.status);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => overlays::help(frame, area, *scroll),
        Some(Overlay::Palette { input }) => overlays::palette(frame, area, input),
        None => {}
    }
}
