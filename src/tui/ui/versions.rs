//! The versions pane: every version of the selected secret, newest first,
//! with its staging labels (colour and text), created and last accessed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::theme;
use crate::domain::version::{self, Version, short_id};
use crate::text::format;
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Versions;
    let pane = &app.versions;
    let list = pane.list(app.now_ms);
    let mut title = match list {
        Some(list) => format!(" Versions ({}) ", list.len()),
        None => " Versions ".to_string(),
    };
    if pane.include_deprecated {
        title.push_str("· with deprecated ");
    }
    if let Some(marked) = &pane.marked {
        title.push_str(&format!("· marked {} ", short_id(marked)));
    }
    let block = theme::pane(focused).title(Span::styled(title, theme::title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let Some(list) = list else {
        let line = match (&pane.fetch.error, pane.fetch.arn.is_some()) {
            (Some(err), _) => Line::styled(format!("✗ {err}"), theme::error()),
            (None, true) => Line::styled("loading…", theme::dim()),
            (None, false) => Line::styled("select a secret", theme::dim()),
        };
        frame.render_widget(Paragraph::new(line), inner);
        return;
    };
    let mut rows_area = inner;
    if version::pending_elsewhere(list) && inner.height > 2 {
        let warning = Line::styled(
            "⚠ AWSPENDING is not on AWSCURRENT: rotation running or stuck",
            theme::warn(),
        );
        frame.render_widget(Paragraph::new(warning), Rect { height: 1, ..inner });
        rows_area.y += 1;
        rows_area.height -= 1;
    }
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("no versions", theme::dim())),
            rows_area,
        );
        return;
    }
    let visible = (rows_area.height as usize).saturating_sub(1); // the header
    let offset = pane.selected.saturating_sub(visible.saturating_sub(1));
    let wide = rows_area.width >= 60;
    let rows = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, v)| row(app, v, i == pane.selected && focused, wide));
    let widths = [
        Constraint::Length(11),
        Constraint::Min(12),
        Constraint::Length(if wide { 16 } else { 10 }),
        Constraint::Length(9),
    ];
    let header = Row::new(["  version", "labels", "created", "accessed"]).style(theme::label());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        rows_area,
    );
}

fn row<'a>(app: &App, v: &'a Version, selected: bool, wide: bool) -> Row<'a> {
    let marked = app.versions.marked.as_deref() == Some(v.id.as_str());
    let id = format!("{}{}", if marked { "*" } else { " " }, short_id(&v.id));
    let labels: Line = if v.deprecated() {
        Line::styled("(deprecated)", theme::dim())
    } else {
        let mut spans = Vec::new();
        for (i, label) in v.stages.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(
                crate::text::escaped(label),
                theme::stage(label),
            ));
        }
        Line::from(spans)
    };
    let created = match v.created {
        Some(ts) if wide => format::datetime(ts),
        Some(ts) => format::date(ts),
        None => "—".into(),
    };
    let accessed = match v.last_accessed {
        Some(ts) => format::access_day(ts, app.now),
        None => "never".into(),
    };
    let row = Row::new(vec![
        Line::raw(id),
        labels,
        Line::styled(created, theme::dim()),
        Line::styled(accessed, theme::dim()),
    ]);
    if selected {
        row.style(theme::selected())
    } else {
        row
    }
}
