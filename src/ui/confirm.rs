//! The typed confirmation: what will change, then the secret's name typed
//! back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::layout::centered;
use super::theme;
use crate::app::{Confirm, Confirmable};
use crate::domain::version::short_id;

pub fn draw(frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let Confirmable::Rollback { name, moves, .. } = &confirm.action;
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Roll back "),
            Span::styled(name.as_str(), theme::title(true)),
        ]),
        Line::raw(""),
    ];
    for m in moves {
        let id = |v: &Option<String>| v.as_deref().map(short_id).unwrap_or_else(|| "—".into());
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<12}", m.label), theme::stage(m.label)),
            Span::raw(format!("{} → {}", id(&m.from), id(&m.to))),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Only staging labels move; no value is written. Whatever reads AWSCURRENT gets the older value.",
        theme::dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Type the secret's name and press Enter (Esc cancels):",
    ));
    let matches = confirm.typed == *name;
    lines.push(Line::from(vec![
        Span::styled("> ", theme::dim()),
        Span::styled(
            confirm.typed.as_str(),
            if matches { theme::ok() } else { theme::warn() },
        ),
        Span::styled("▏", theme::dim()),
    ]));
    let width = area.width.saturating_sub(4).min(90);
    let box_area = centered(area, width, 13);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(Span::styled(" Roll back · confirm ", theme::warn()))
                .border_style(theme::warn()),
        ),
        box_area,
    );
}
