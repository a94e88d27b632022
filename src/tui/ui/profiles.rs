//! The profile picker: name, how it signs in, its region; the profile in
//! use marked ●, the cursor reversed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::tui::app::layout::centered;
use crate::tui::app::profiles::ProfilePicker;

pub fn draw(frame: &mut Frame, area: Rect, picker: &ProfilePicker) {
    let name_width = picker
        .entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 40);
    let mut lines: Vec<Line> = Vec::new();
    for (i, entry) in picker.entries.iter().enumerate() {
        let mark = if entry.name == picker.current {
            "●"
        } else {
            " "
        };
        let kind = match (entry.sso, entry.role) {
            (true, _) => "sso",
            (false, true) => "role",
            _ => "keys",
        };
        let region = entry.region.as_deref().unwrap_or("—");
        // The cursor is a symbol as well as reversed: it reads without colour.
        let cursor = if i == picker.selected { "▸" } else { " " };
        let line = Line::from(vec![
            Span::styled(format!("{cursor}{mark} "), theme::ok()),
            Span::raw(format!("{:<name_width$}  ", entry.name)),
            Span::styled(format!("{kind:<5} {region}"), theme::dim()),
        ]);
        lines.push(if i == picker.selected {
            line.style(theme::selected())
        } else {
            line
        });
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let box_area = centered(
        area,
        (name_width as u16 + 28).max(44).min(area.width),
        height,
    );
    // Keep the cursor on screen in long lists.
    let visible = box_area.height.saturating_sub(2) as usize;
    let scroll = picker.selected.saturating_sub(visible.saturating_sub(1)) as u16;
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::bordered()
                .title(" Profile · Enter switches · Esc cancels ")
                .border_style(theme::border(true)),
        ),
        box_area,
    );
}
