//! The access pane: CloudTrail events as a table (failures stand out,
//! rotation events coloured), or a summary (`S`, see `access_summary`).
//! The title says what is shown: target, window, counts, the filter,
//! this console's own calls hidden, and how far back a lookup has read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::event_time::{spans_days, time_label};
use super::{access_summary, theme};
use crate::domain::event::{AccessEvent, Completeness, short_agent};
use crate::domain::secret::Timestamp;
use crate::text::format;
use crate::tui::app::access::{EventSet, Mode, SetState};
use crate::tui::app::triage::View;
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Access;
    let pane = &app.access;
    let set = pane.set(app.now_ms);
    let events = pane.visible(app.now, app.now_ms);
    let block = theme::pane(focused).title(Span::styled(
        title(app, set, &events, area.width),
        theme::title(focused),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if let Some(line) = placeholder(app, set, &events) {
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    match pane.view() {
        View::Events => table(frame, app, &events, inner, focused),
        View::Principals => access_summary::principals(frame, app, &events, inner, focused),
        View::Secrets => access_summary::secrets(frame, app, &events, inner, focused),
    }
}

/// The pane's title: what is shown and its state, most important first;
/// on a narrow terminal the secret's name is shortened in the middle and
/// the key hints go before anything about the events.
fn title(app: &App, set: Option<&EventSet>, events: &[&AccessEvent], width: u16) -> String {
    let pane = &app.access;
    let window = pane.window.label();
    let failed = events.iter().filter(|e| e.failed()).count();
    let width = width.saturating_sub(4) as usize;
    let head = match &pane.mode {
        Mode::Secret => match app.selected_secret().map(|s| s.name()) {
            Some(name) => format!(
                " Access · {} · last {window}",
                format::fit_middle(name, width / 2)
            ),
            None => format!(" Access · last {window}"),
        },
        Mode::All => format!(" All Secrets Manager activity · last {window}"),
        Mode::Pivot(p) => format!(
            " Pivot: {} · last {window}",
            format::fit_middle(&p.label(), width / 2)
        ),
    };
    // (text, keep when short of room)
    let mut parts: Vec<(String, bool)> = Vec::new();
    // What the operator typed comes first: it is what they look for.
    if pane.filter_editing {
        parts.push((format!(" · filter: {}▏", pane.filter_typed), true));
    } else if !pane.filter.is_empty() {
        parts.push((format!(" · filter: {}", pane.filter.text()), true));
    }
    if set.is_some() {
        let total = pane.in_window(app.now, app.now_ms).len();
        let shown = format::thousands(events.len());
        let plural = if total == 1 { "" } else { "s" };
        parts.push(match events.len() == total {
            true => (format!(" · {shown} event{plural}"), true),
            false => (
                format!(" · {shown} of {} event{plural}", format::thousands(total)),
                true,
            ),
        });
        if failed > 0 {
            parts.push((format!(" · {failed} failed"), true));
        }
    }
    if let Some(set) = set {
        match &set.state {
            SetState::Done(Completeness::Truncated { scanned }) => parts.push((
                format!(" · partial: newest {} read", format::thousands(*scanned)),
                true,
            )),
            SetState::Failed(err) => parts.push((format!(" · ✗ {}", err.short()), true)),
            _ => {}
        }
    }
    if pane.loading() {
        parts.push((loading(app), true));
    }
    let own = pane.own_calls(app.now, app.now_ms);
    if own > 0 && !pane.show_own {
        parts.push((format!(" · {own} own hidden (o)"), true));
    }
    if pane.follow {
        parts.push((" · following".into(), true));
    }
    let hint = match (pane.view(), &pane.mode) {
        (View::Events, Mode::Pivot(_)) => " · S secrets · Esc back",
        (View::Events, _) => " · S summary",
        (View::Secrets, _) => " · R rotate · x report · Esc back",
        (View::Principals, _) => " · p pivot",
    };
    parts.push((hint.into(), false));
    let mut title = head;
    let len = |s: &str| s.chars().count();
    let room = width.saturating_sub(len(&title));
    let needed: usize = parts.iter().map(|(p, _)| len(p)).sum();
    for (part, keep) in parts {
        if keep || needed <= room {
            title.push_str(&part);
        }
    }
    title.push(' ');
    title
}

/// What the lookup is doing: waiting its turn (2 requests a second), or
/// reading, and how far back into the window it has come.
fn loading(app: &App) -> String {
    let pane = &app.access;
    match (pane.in_flight.is_some(), pane.reached) {
        (false, _) => " · lookup queued…".into(),
        (true, Some(oldest)) => format!(
            " · reading CloudTrail: back to {} of {}…",
            time_label(oldest, spans_days(&[oldest], app.now)),
            pane.window.label()
        ),
        (true, None) => " · reading CloudTrail…".into(),
    }
}

/// What to show instead of a table, when there is nothing to list.
fn placeholder(
    app: &App,
    set: Option<&EventSet>,
    events: &[&AccessEvent],
) -> Option<Line<'static>> {
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
    let hidden = pane.in_window(app.now, app.now_ms).len();
    let line = match set.map(|s| &s.state) {
        Some(SetState::Failed(err)) => {
            let hint = err.hint().map(|h| format!(" — {h}")).unwrap_or_default();
            Line::styled(format!("✗ {err}{hint}"), theme::error())
        }
        Some(_) if hidden > 0 => Line::styled(
            format!(
                "{hidden} event(s) in the window, none shown: {} (/ to change · o shows sekret's own calls)",
                if pane.filter.is_empty() {
                    "all are sekret's own polling".to_string()
                } else {
                    format!("the filter “{}” keeps none", pane.filter.text())
                }
            ),
            theme::dim(),
        ),
        Some(SetState::Done(_)) => Line::styled(
            format!(
                "no events in the last {} (w: wider window · CloudTrail delivers events minutes late)",
                pane.window.label()
            ),
            theme::dim(),
        ),
        _ => Line::styled(
            format!("reading CloudTrail (last {})…", pane.window.label()),
            theme::dim(),
        ),
    };
    Some(line)
}

fn table(frame: &mut Frame, app: &App, events: &[&AccessEvent], area: Rect, focused: bool) {
    let pane = &app.access;
    let with_secret = pane.mode != Mode::Secret;
    let narrow = area.width < 100;
    let times: Vec<Timestamp> = events.iter().map(|e| e.time).collect();
    let with_date = spans_days(&times, app.now);
    let time_width = if with_date { 11 } else { 8 };
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
    // The table lays its columns out the same way: long names are
    // shortened in the middle, keeping the service and the key.
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
                Line::styled(time_label(e.time, with_date), theme::dim()),
                Line::styled(e.name.clone(), name_style(e)),
            ];
            if with_secret {
                cells.push(Line::raw(format::fit_middle(
                    &e.secret_label(),
                    secret_width,
                )));
            }
            cells.push(Line::raw(format::fit_middle(
                &e.principal(),
                principal_width,
            )));
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
pub fn result(e: &AccessEvent) -> Line<'static> {
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
