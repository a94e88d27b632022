//! `:import`: the plan, one row per key of the file — taken or not, the
//! secret it goes to, what happens, and why — never a value.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::domain::import::plan::{Action, Row};
use crate::text::format::fit;
use crate::tui::app::import::ImportView;
use crate::tui::app::layout::centered;

pub fn draw(frame: &mut Frame, area: Rect, view: &ImportView, read_only: bool) {
    let plan = view.plan();
    let draft = &view.draft;
    let in_bundle = plan.bundle.is_some();
    let width = area.width.saturating_sub(4).min(120);
    // Borders, the header row, a blank line, the tally and the keys: 6.
    let wanted = u16::try_from(plan.rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(6);
    let height = wanted.min(area.height.saturating_sub(2));
    let box_area = centered(area, width, height);
    let visible = usize::from(box_area.height.saturating_sub(6)).max(1);
    let offset = view.cursor.saturating_sub(visible - 1);

    let relative = |row: &Row| {
        row.target
            .strip_prefix(&draft.target.prefix)
            .unwrap_or(&row.target)
            .to_string()
    };
    let key_w = plan
        .rows
        .iter()
        .map(|r| r.key.chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 30);
    let name_w = if in_bundle {
        0
    } else {
        plan.rows
            .iter()
            .map(|r| relative(r).chars().count())
            .max()
            .unwrap_or(6)
            .clamp(6, 32)
    };
    let action_w = 11;
    let note_w = usize::from(width.saturating_sub(2))
        .saturating_sub(2 + key_w + 1 + name_w + 1 + action_w + 1);

    let mut lines = Vec::with_capacity(visible + 4);
    let mut header = vec![Span::styled(
        format!("  {:<key_w$} ", "KEY"),
        theme::label(),
    )];
    if !in_bundle {
        header.push(Span::styled(
            format!("{:<name_w$} ", "SECRET"),
            theme::label(),
        ));
    }
    header.push(Span::styled(
        format!("{:<action_w$} NOTE", "ACTION"),
        theme::label(),
    ));
    lines.push(Line::from(header));
    for (i, row) in plan.rows.iter().enumerate().skip(offset).take(visible) {
        let taken = !matches!(row.action, Action::Skip(_));
        let mut spans = vec![
            Span::styled(
                if taken { "✓ " } else { "· " },
                if taken { theme::ok() } else { theme::dim() },
            ),
            Span::raw(format!("{:<key_w$} ", fit(&row.key, key_w))),
        ];
        if !in_bundle {
            spans.push(Span::styled(
                format!("{:<name_w$} ", fit(&relative(row), name_w)),
                theme::dim(),
            ));
        }
        spans.push(Span::styled(
            format!("{:<action_w$} ", row.action.label(in_bundle)),
            style(&row.action),
        ));
        let mut notes = row.notes.clone();
        if let Action::Blocked(why) = &row.action {
            notes.insert(0, why.clone());
        }
        spans.push(Span::styled(fit(&notes.join("; "), note_w), theme::dim()));
        let mut line = Line::from(spans);
        if i == view.cursor {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    lines.push(Line::raw(""));
    let t = plan.tally();
    let (create, update) = if in_bundle {
        ("to add", "to change")
    } else {
        ("to create", "new version(s)")
    };
    let mut tally = format!(
        "{} {create} · {} {update} · {} unchanged · {} skipped",
        t.create, t.update, t.unchanged, t.skip
    );
    if t.blocked > 0 {
        tally.push_str(&format!(" · {} blocked", t.blocked));
    }
    lines.push(Line::styled(
        tally,
        if t.blocked > 0 {
            theme::warn()
        } else {
            Style::default()
        },
    ));
    lines.push(Line::styled(
        if read_only {
            "read-only mode: plan only · Esc closes".to_string()
        } else {
            "Space take / leave out · Enter import (confirm next) · Esc cancel".to_string()
        },
        theme::dim(),
    ));

    let title = match &plan.bundle {
        Some((name, action)) => format!(
            " Import {} → bundle {name} ({}) ",
            draft.file,
            action.label(false)
        ),
        None => format!(" Import {} → {} ", draft.file, draft.target.prefix),
    };
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Span::styled(title, theme::title(true)))
                .border_style(theme::border(true)),
        ),
        box_area,
    );
}

fn style(action: &Action) -> Style {
    match action {
        Action::Create => theme::added(),
        Action::Update => theme::changed(),
        Action::Unchanged | Action::Skip(_) => theme::dim(),
        Action::Blocked(_) => theme::error(),
    }
}
