//! The tab bar of small terminals: every pane by name, the focused one
//! highlighted (reversed, so it shows without colour too).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::tui::app::App;
use crate::tui::app::layout;

pub fn draw(frame: &mut Frame, app: &App, bar: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for (pane, label, _, _) in layout::tabs(bar) {
        // Brackets as well as the style: the focused tab reads in plain text.
        let focused = pane == app.focus;
        let text = if focused {
            format!("[{label}]")
        } else {
            format!(" {label} ")
        };
        spans.push(Span::styled(text, theme::tab(focused)));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("Tab ▸", theme::dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), bar);
}
