//! The access pane: CloudTrail events as a table (failures stand out,
//! rotation events coloured), or the activity summary (`S`).

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::theme;
use crate::domain::activity::Activity;
use crate::domain::event::{AccessEvent, Completeness, Window, short_agent};
use crate::text::format;
use crate::tui::app::access::{EventSet, Mode, SetState};
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Access;
    let pane = &app.access;
    let set = pane.set(app.now_ms);
    let events = pane.visible(app.now, app.now_ms);
    let block =
        theme::pane(focused).title(Span::styled(title(app, set, events), theme::title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if let Some(line) = placeholder(app, set, events) {
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    if pane.summary && pane.mode != Mode::Secret {
        summary(frame, events, inner);
    } else {
        table(frame, app, events, inner, focused);
    }
}

fn title(app: &App, set: Option<&EventSet>, events: &[AccessEvent]) -> String {
    let pane = &app.access;
    let window = pane.window.label();
    let failed = events.iter().filter(|e| e.failed()).count();
    let mut title = match &pane.mode {
        Mode::Secret => {
            let name = app.selected_secret().map(|s| s.name());
            match name {
                Some(name) => format!(" Access · {name} · last {window}"),
                None => format!(" Access · last {window}"),
            }
        }
        Mode::All => format!(" All Secrets Manager activity · last {window}"),
        Mode::Pivot(p) => format!(" Pivot: {} · last {window}", p.label()),
    };
    if set.is_some() {
        let plural = if events.len() == 1 { "" } else { "s" };
        title.push_str(&format!(
            " · {} event{plural}",
            format::thousands(events.len())
        ));
        if failed > 0 {
            title.push_str(&format!(" · {failed} failed"));
        }
    }
    if let Some(set) = set {
        match &set.state {
            SetState::Done(Completeness::Truncated { scanned }) => title.push_str(&format!(
                " · partial: newest {} read",
                format::thousands(*scanned)
            )),
            SetState::Failed(err) => title.push_str(&format!(" · ✗ {}", err.short())),
            _ => {}
        }
    }
    if pane.loading() {
        title.push_str(" · loading…");
    }
    if pane.follow {
        title.push_str(" · following");
    }
    match pane.mode {
        Mode::Secret => {}
        Mode::All => title.push_str(" · S summary"),
        Mode::Pivot(_) => title.push_str(" · S summary · Esc back"),
    }
    title.push(' ');
    title
}

/// What to show instead of a table, when there is nothing to list.
fn placeholder(app: &App, set: Option<&EventSet>, events: &[AccessEvent]) -> Option<Line<'static>> {
    let pane = &app.access;
    if pane.key.is_none() {
        return Some(Line::styled(
            "select a secret to see who accessed it (a: all activity)",
            theme::dim(),
        ));
    }
    if !events.is_empty() {
        return None;
    }
    let line = match set.map(|s| &s.state) {
        Some(SetState::Failed(err)) => {
            let hint = err.hint().map(|h| format!(" — {h}")).unwrap_or_default();
            Line::styled(format!("✗ {err}{hint}"), theme::error())
        }
        Some(SetState::Done(_)) => Line::styled(
            format!(
                "no events in the last {} (w: wider window · CloudTrail delivers events minutes late)",
                pane.window.label()
            ),
            theme::dim(),
        ),
        _ => Line::styled("reading CloudTrail…", theme::dim()),
    };
    Some(line)
}

fn time_label(ts: i64, window: Window) -> String {
    let fmt = match window {
        Window::Hour | Window::Day => "%H:%M:%S",
        Window::Week | Window::Quarter => "%m-%d %H:%M",
    };
    DateTime::from_timestamp(ts, 0)
        .map(|d| d.format(fmt).to_string())
        .unwrap_or_default()
}

fn table(frame: &mut Frame, app: &App, events: &[AccessEvent], area: Rect, focused: bool) {
    let pane = &app.access;
    let with_secret = pane.mode != Mode::Secret;
    let narrow = area.width < 100;
    let time_width = match pane.window {
        Window::Hour | Window::Day => 8,
        _ => 11,
    };
    let event_width = if narrow { 15 } else { 20 };
    let mut widths = vec![
        Constraint::Length(time_width),
        Constraint::Length(event_width),
    ];
    let mut header = vec!["time", "event"];
    if with_secret {
        widths.push(Constraint::Fill(3));
        header.push("secret");
    }
    widths.push(Constraint::Fill(2));
    header.push("principal");
    widths.push(Constraint::Length(15));
    header.push("source IP");
    if !narrow {
        widths.push(Constraint::Length(14));
        header.push("agent");
    }
    widths.push(Constraint::Length(14));
    header.push("result");
    // The table lays its columns out the same way: long names are cut from
    // the left, because their tail (`…/prod/database`) says the most.
    let columns = Layout::horizontal(widths.clone()).spacing(1).split(area);
    let secret_width = columns[2].width as usize;
    let principal_width = columns[if with_secret { 3 } else { 2 }].width as usize;

    let visible = (area.height as usize).saturating_sub(1);
    let offset = pane.selected.saturating_sub(visible.saturating_sub(1));
    let rows = events
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, e)| {
            let mut cells = vec![
                Line::styled(time_label(e.time, pane.window), theme::dim()),
                Line::styled(e.name.clone(), name_style(e)),
            ];
            if with_secret {
                cells.push(Line::raw(format::fit_tail(&e.secret_label(), secret_width)));
            }
            cells.push(Line::raw(format::fit_tail(&e.principal(), principal_width)));
            cells.push(Line::raw(e.source_ip.clone()));
            if !narrow {
                cells.push(Line::styled(
                    short_agent(&e.user_agent).to_string(),
                    theme::dim(),
                ));
            }
            cells.push(result(e));
            let row = Row::new(cells);
            if i == pane.selected && focused {
                row.style(theme::selected())
            } else {
                row
            }
        });
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme::label()))
            .column_spacing(1),
        area,
    );
}

/// `ok`, or the error code in bold red; `AccessDeniedException` shows as
/// `AccessDenied` (the column is narrow; Enter shows the whole record).
fn result(e: &AccessEvent) -> Line<'static> {
    if !e.failed() {
        return Line::styled("ok", theme::ok());
    }
    let code = e.result();
    let code = code.strip_suffix("Exception").unwrap_or(code);
    Line::styled(
        format!("✗ {code}"),
        theme::error().add_modifier(Modifier::BOLD),
    )
}

/// Failures red; rotation events by outcome.
fn name_style(e: &AccessEvent) -> Style {
    match e.name.as_str() {
        _ if e.failed() => theme::error(),
        "RotationFailed" | "RotationAbandoned" => theme::error(),
        "RotationSucceeded" => theme::ok(),
        n if n.starts_with("Rotation") => theme::warn(),
        _ => Style::default(),
    }
}

/// Who read how many secrets, failures per principal, and the most-read
/// secrets, side by side.
fn summary(frame: &mut Frame, events: &[AccessEvent], area: Rect) {
    let activity = Activity::of(events);
    let half = area.width / 2;
    let left = Rect {
        width: half,
        ..area
    };
    let right = Rect {
        x: area.x + half + 1,
        width: area.width.saturating_sub(half + 1),
        ..area
    };
    let visible = (area.height as usize).saturating_sub(1);
    // Narrow terminals keep the counts that matter most.
    let wide = area.width >= 100;
    let principals = activity.principals.iter().take(visible).map(|p| {
        let failures = if p.failures > 0 {
            Line::styled(
                p.failures.to_string(),
                theme::error().add_modifier(Modifier::BOLD),
            )
        } else {
            Line::raw("0")
        };
        let mut cells = vec![
            Line::raw(p.principal.clone()),
            Line::raw(p.secrets_read.to_string()),
            Line::raw(p.reads.to_string()),
            failures,
        ];
        if wide {
            cells.push(Line::raw(p.source_ips.len().to_string()));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(6),
    ];
    let mut header = vec!["principal", "secrets", "reads", "failed"];
    if wide {
        widths.push(Constraint::Length(3));
        header.push("IPs");
    }
    frame.render_widget(
        Table::new(principals, widths)
            .header(Row::new(header).style(theme::label()))
            .column_spacing(1),
        left,
    );
    let secrets = activity.secrets.iter().take(visible).map(|s| {
        let mut cells = vec![Line::raw(s.secret.clone()), Line::raw(s.reads.to_string())];
        if wide {
            cells.push(Line::raw(s.readers.to_string()));
        }
        cells.push(Line::raw(s.failures.to_string()));
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Fill(1), Constraint::Length(5)];
    let mut header = vec!["secret", "reads"];
    if wide {
        widths.push(Constraint::Length(7));
        header.push("readers");
    }
    widths.push(Constraint::Length(6));
    header.push("failed");
    frame.render_widget(
        Table::new(secrets, widths)
            .header(Row::new(header).style(theme::label()))
            .column_spacing(1),
        right,
    );
}
