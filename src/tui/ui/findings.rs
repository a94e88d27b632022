//! `:findings`: one row per check (counts by severity, score), or one
//! check's secrets with the reason; what to do at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::domain::findings::Severity;
use crate::text::{escaped, format};
use crate::tui::app::findings::{FindingsView, Level};

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical | Severity::High => theme::error(),
        Severity::Medium => theme::warn(),
        Severity::Low | Severity::Info => theme::dim(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, view: &FindingsView, unread: usize) {
    let width = area.width.saturating_sub(4).max(20);
    let height = area.height.saturating_sub(2).max(6);
    let box_area = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    let inner = (width as usize).saturating_sub(2);
    let (title, mut lines, foot) = match view.level {
        Level::Checks => checks(view, inner, unread),
        Level::Secrets(_) => secrets(view, inner),
    };
    // The cursor's row stays on screen; the foot stays at the bottom.
    let body = (height as usize).saturating_sub(2 + foot.len());
    let cursor = view.selected + 1; // under the header
    let offset = cursor.saturating_sub(body.saturating_sub(1));
    let mut shown: Vec<Line> = Vec::with_capacity(height as usize);
    if !lines.is_empty() {
        shown.push(lines.remove(0)); // the header stays
    }
    shown.extend(lines.into_iter().skip(offset).take(body.saturating_sub(1)));
    while shown.len() < body {
        shown.push(Line::raw(""));
    }
    shown.extend(foot);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(shown)
            .block(Block::bordered().title(Span::styled(title, theme::title(true)))),
        box_area,
    );
}

fn checks(
    view: &FindingsView,
    width: usize,
    unread: usize,
) -> (String, Vec<Line<'static>>, Vec<Line<'static>>) {
    let t = &view.tally;
    let mut title = format!(
        " Findings · score {} · {} secrets",
        t.score(),
        format::thousands(t.secrets)
    );
    if unread > 0 {
        title.push_str(&format!(
            " · {} policies not read",
            format::thousands(unread)
        ));
    }
    if !view.filter.is_empty() || view.filter_editing {
        title.push_str(&format!(" · /{}", escaped(&view.filter)));
        if view.filter_editing {
            title.push('▏');
        }
    }
    title.push(' ');
    // Check title, then the Security Hub id when there is room.
    let hub_width = if width >= 100 { 17 } else { 5 };
    let counts = 5 * 5 + 6; // four severities and the score
    let name_width = width.saturating_sub(2 + hub_width + counts).max(10);
    let header = format!(
        "  {:<name_width$}{:<hub_width$}{:>5}{:>5}{:>5}{:>5}{:>6}",
        "CHECK",
        if width >= 100 { "SECURITY HUB" } else { "SH" },
        "CRIT",
        "HIGH",
        "MED",
        "LOW",
        "SCORE"
    );
    let mut lines = vec![Line::styled(header, theme::label())];
    for (i, row) in t.rows.iter().enumerate() {
        let hub = match row.check.security_hub {
            Some(id) if width >= 100 => id.to_string(),
            Some(id) => id.replace("SecretsManager", "SM"),
            None => "·".to_string(),
        };
        let cursor = if i == view.selected { "▸ " } else { "  " };
        let mut spans = vec![
            Span::raw(cursor),
            Span::raw(format!(
                "{:<name_width$}",
                format::fit(row.check.title, name_width.saturating_sub(1))
            )),
            Span::styled(format!("{hub:<hub_width$}"), theme::dim()),
        ];
        for s in [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
        ] {
            let n = row.count(s);
            let (text, style) = if n == 0 {
                ("·".to_string(), theme::dim())
            } else {
                (n.to_string(), severity_style(s))
            };
            spans.push(Span::styled(format!("{text:>5}"), style));
        }
        let score = if row.evaluated == 0 {
            "—".to_string()
        } else {
            format!("{}%", row.score())
        };
        spans.push(Span::raw(format!("{score:>6}")));
        let line = Line::from(spans);
        lines.push(match (i == view.selected, row.failing()) {
            (true, _) => line.style(theme::selected()),
            (false, 0) => line.style(theme::dim()),
            _ => line,
        });
    }
    let mut foot = vec![];
    if let Some(row) = t.rows.get(view.selected) {
        foot.push(Line::styled(
            format::fit(&format!("{}: {}", row.check.slug, row.check.advice), width),
            theme::dim(),
        ));
    }
    foot.push(Line::styled(
        format::fit(
            "Enter: its secrets · / filter by name · r recount · Esc close",
            width,
        ),
        theme::dim(),
    ));
    (title, lines, foot)
}

fn secrets(view: &FindingsView, width: usize) -> (String, Vec<Line<'static>>, Vec<Line<'static>>) {
    let listed = view.listed();
    let check = match view.level {
        Level::Secrets(id) => id.check(),
        Level::Checks => unreachable!("secrets() is for a check's secrets"),
    };
    let mut title = format!(
        " Findings › {} · {} secret{}",
        check.title,
        listed.len(),
        if listed.len() == 1 { "" } else { "s" }
    );
    if let Some(id) = check.security_hub {
        title.push_str(&format!(" · {id}"));
    }
    title.push(' ');
    let name_width = (width / 2).clamp(16, 48);
    let reason_width = width.saturating_sub(2 + 10 + name_width + 1);
    let mut lines = vec![Line::styled(
        format!("  {:<10}{:<name_width$} {}", "SEVERITY", "SECRET", "REASON"),
        theme::label(),
    )];
    for (i, f) in listed.iter().enumerate() {
        let cursor = if i == view.selected { "▸ " } else { "  " };
        let line = Line::from(vec![
            Span::raw(cursor),
            Span::styled(
                format!("{:<10}", f.severity.label()),
                severity_style(f.severity),
            ),
            Span::raw(format!(
                "{:<name_width$} ",
                format::fit_middle(&escaped(&f.secret), name_width)
            )),
            Span::raw(format::fit(&escaped(&f.reason), reason_width)),
        ]);
        lines.push(if i == view.selected {
            line.style(theme::selected())
        } else {
            line
        });
    }
    let foot = vec![
        Line::styled(
            format::fit(&format!("What to do: {}", check.advice), width),
            theme::dim(),
        ),
        Line::styled(
            format::fit(
                "Enter: select it in the tree · Esc: back to the checks",
                width,
            ),
            theme::dim(),
        ),
    ];
    (title, lines, foot)
}
