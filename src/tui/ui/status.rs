//! The bottom line: the filter being typed, a message, or the key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::text::format;
use crate::tui::app::App;
use crate::tui::app::keymap::{KeyMap, key_label};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let line = if app.filter_editing {
        Line::from(vec![
            Span::styled("/", theme::matched()),
            Span::raw(app.filter.query().to_string()),
            Span::styled("▏", theme::dim()),
            Span::styled(
                format!(
                    "  {} match{} · Enter keep · Esc clear",
                    format::thousands(app.filter.hit_count()),
                    if app.filter.hit_count() == 1 {
                        ""
                    } else {
                        "es"
                    }
                ),
                theme::dim(),
            ),
        ])
    } else if let (Some(clip), None) = (&app.clipboard, &app.status) {
        Line::from(vec![
            Span::raw(format!("copied {} · {}", clip.what, clip.method)),
            Span::styled(
                format!(" · clears in {}s", clip.seconds_left(app.now_ms)),
                theme::warn(),
            ),
        ])
    } else if let Some(status) = &app.status {
        let style = if status.error {
            theme::error()
        } else {
            Default::default()
        };
        Line::styled(status.text.clone(), style)
    } else {
        Line::styled(hints(&app.keymap), theme::dim())
    };
    let mut line = line;
    if app.conn.read_only {
        line.spans
            .insert(0, Span::styled("[READ-ONLY] ", theme::warn()));
    }
    frame.render_widget(Paragraph::new(line), area);
}

/// The footer's reminder of the main keys, as the config file bound them.
fn hints(keymap: &KeyMap) -> String {
    [
        ("help", "help"),
        ("filter", "filter"),
        ("reveal", "reveal"),
        ("copy", "copy"),
        ("diff", "diff"),
        ("rollback", "rollback"),
        ("next-pane", "pane"),
        ("quit", "quit"),
    ]
    .iter()
    .filter_map(|(action, word)| Some(format!("{} {word}", key_label(keymap.key_for(action)?))))
    .collect::<Vec<_>>()
    .join(" · ")
}
