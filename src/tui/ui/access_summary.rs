//! The access pane's summaries (`S`): principals with their counts, and a
//! pivot's blast radius — every secret the principal touched, failures
//! first, with whether its value has been rotated since the last read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Row, Table};

use super::event_time::{spans_days, time_label};
use super::theme;
use crate::domain::activity::Activity;
use crate::domain::blast::{BlastRadius, SinceRead};
use crate::domain::event::AccessEvent;
use crate::domain::rotation::Phase;
use crate::text::format;
use crate::tui::app::App;

/// One row per principal: reads, failures, secrets read, first and last
/// seen, source IPs. `p` or `Enter` pivots on the selected one.
pub fn principals(
    frame: &mut Frame,
    app: &App,
    events: &[&AccessEvent],
    area: Rect,
    focused: bool,
) {
    let activity = Activity::of(events.iter().copied());
    let (with_date, time_width) = time_column(app, events);
    let wide = area.width >= 100;
    let mut widths = vec![
        Constraint::Fill(2),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
    ];
    let mut header = vec!["principal", "reads", "failed", "secrets"];
    if wide {
        widths.push(Constraint::Length(time_width));
        header.push("first");
    }
    widths.push(Constraint::Length(time_width));
    header.push("last");
    widths.push(Constraint::Fill(1));
    header.push("source IPs");
    let columns = Layout::horizontal(widths.clone()).spacing(1).split(area);
    let name_width = columns[0].width as usize;
    let ip_width = columns[columns.len() - 1].width as usize;

    let (offset, visible) = window(app.access.row, area);
    let rows = activity
        .principals
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, p)| {
            let mut cells = vec![
                Line::raw(format::fit_middle(&p.principal, name_width)),
                Line::raw(p.reads.to_string()),
                count(p.failures),
                Line::raw(p.secrets_read.to_string()),
            ];
            if wide {
                cells.push(Line::styled(time_label(p.first, with_date), theme::dim()));
            }
            cells.push(Line::styled(time_label(p.last, with_date), theme::dim()));
            let ips: Vec<&str> = p.source_ips.iter().map(String::as_str).collect();
            cells.push(Line::raw(format::fit(&ips.join(" "), ip_width)));
            highlight(Row::new(cells), i == app.access.row && focused)
        });
    render(frame, rows, widths, header, area);
}

/// The pivot's blast radius: one row per secret, failures first.
pub fn secrets(frame: &mut Frame, app: &App, events: &[&AccessEvent], area: Rect, focused: bool) {
    let blast = BlastRadius::of(events.iter().copied());
    let (with_date, time_width) = time_column(app, events);
    let widths = vec![
        Constraint::Fill(3),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(time_width),
        Constraint::Length(18),
    ];
    let header = vec![
        "secret",
        "what was done",
        "failed",
        "last read",
        "rotated since read",
    ];
    let columns = Layout::horizontal(widths.clone()).spacing(1).split(area);
    let (name_width, done_width) = (columns[0].width as usize, columns[1].width as usize);

    let (offset, visible) = window(app.access.row, area);
    let rows = blast
        .secrets
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, t)| {
            let name = if app.access.origin.as_deref() == Some(t.secret.as_str()) {
                format!("▸ {}", t.secret)
            } else {
                t.secret.clone()
            };
            let cells = vec![
                Line::raw(format::fit_middle(&name, name_width)),
                Line::raw(format::fit(&t.actions_label(), done_width)),
                count(t.failures),
                Line::styled(
                    t.last_read
                        .map(|at| time_label(at, with_date))
                        .unwrap_or_else(|| "—".into()),
                    theme::dim(),
                ),
                rotated(app, &t.secret, t.last_read),
            ];
            highlight(Row::new(cells), i == app.access.row && focused)
        });
    render(frame, rows, widths, header, area);
}

/// Has the value moved on since the read? From the listing's last
/// rotation, and the rotations followed here (live).
fn rotated(app: &App, secret: &str, last_read: Option<i64>) -> Line<'static> {
    let Some(meta) = app.listed_as(secret) else {
        return match last_read {
            Some(_) => Line::styled("? not listed", theme::warn()),
            None => Line::styled("—", theme::dim()),
        };
    };
    if let Some(watch) = app.rotation_of(&meta.arn().to_string()) {
        match &watch.phase {
            Phase::Succeeded { .. } => {}
            Phase::Failed { .. } => return Line::styled("✗ rotation failed", theme::error()),
            Phase::TimedOut { .. } => return Line::styled("⚠ not live yet", theme::warn()),
            Phase::Cancelled => {}
            _ => return Line::styled("⟳ rotating…", theme::warn()),
        }
    }
    match SinceRead::of(last_read, meta.rotation.last_rotated) {
        SinceRead::NotRead => Line::styled("—", theme::dim()),
        SinceRead::Changed(at) => Line::styled(format!("✓ {}", format::datetime(at)), theme::ok()),
        SinceRead::Unchanged | SinceRead::Unknown(_) => Line::styled(
            "✗ no: rotate (R)",
            theme::error().add_modifier(Modifier::BOLD),
        ),
    }
}

/// Whether times carry their date, and the column's width.
fn time_column(app: &App, events: &[&AccessEvent]) -> (bool, u16) {
    let times: Vec<i64> = events.iter().map(|e| e.time).collect();
    let with_date = spans_days(&times, app.now);
    (with_date, if with_date { 11 } else { 9 })
}

fn render<'a>(
    frame: &mut Frame,
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: Vec<Constraint>,
    header: Vec<&'a str>,
    area: Rect,
) {
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme::label()))
            .column_spacing(1),
        area,
    );
}

fn count(n: usize) -> Line<'static> {
    if n > 0 {
        Line::styled(n.to_string(), theme::error().add_modifier(Modifier::BOLD))
    } else {
        Line::raw("0")
    }
}

fn highlight(row: Row<'static>, selected: bool) -> Row<'static> {
    if selected {
        row.style(theme::selected())
    } else {
        row
    }
}

/// The first row shown and how many fit, keeping `selected` in view.
fn window(selected: usize, area: Rect) -> (usize, usize) {
    let visible = (area.height as usize).saturating_sub(1);
    (selected.saturating_sub(visible.saturating_sub(1)), visible)
}
