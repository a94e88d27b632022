//! `:findings`: one row per check (counts by severity, score), or one
//! check's secrets with the reason; what to do at the foot. Narrow
//! terminals get the reason on a second line rather than cut short.

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

/// What one level shows: its title, a header, rows (one or more lines
/// each) and the foot.
struct Page {
    title: String,
    header: Line<'static>,
    rows: Vec<Vec<Line<'static>>>,
    foot: Vec<Line<'static>>,
}

pub fn draw(frame: &mut Frame, area: Rect, view: &FindingsView) {
    // Small terminals get the whole width; large ones a margin.
    let width = if area.width >= 100 {
        area.width - 4
    } else {
        area.width
    };
    let inner = (width as usize).saturating_sub(2);
    let page = match view.level {
        Level::Checks => checks(view, inner),
        Level::Secrets(_) => secrets(view, inner),
    };
    let content: usize = page.rows.iter().map(Vec::len).sum();
    let want = 2 + 1 + content.max(1) + page.foot.len();
    let height = (want as u16).min(area.height);
    let box_area = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    // Rows between the header and the foot; the cursor's row stays shown.
    let room = (height as usize).saturating_sub(2 + 1 + page.foot.len());
    let per_row = page.rows.first().map_or(1, Vec::len).max(1);
    let fits = (room / per_row).max(1);
    let offset = view.selected.saturating_sub(fits - 1);
    let mut lines = vec![page.header];
    for row in page.rows.into_iter().skip(offset).take(fits) {
        lines.extend(row);
    }
    while lines.len() < room + 1 {
        lines.push(Line::raw(""));
    }
    lines.truncate(room + 1);
    lines.extend(page.foot);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(Span::styled(page.title, theme::title(true)))),
        box_area,
    );
}

/// Up to two lines of `text`, broken at spaces.
fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| Line::styled(format::fit(&l, width), style))
        .collect()
}

fn checks(view: &FindingsView, width: usize) -> Page {
    let t = &view.tally;
    let mut title = format!(
        " Findings · score {} · {} secrets",
        t.score(),
        format::thousands(t.secrets)
    );
    if t.policies_unknown > 0 {
        title.push_str(&format!(
            " · {} policies not read",
            format::thousands(t.policies_unknown)
        ));
    }
    if !view.filter.is_empty() || view.filter_editing {
        title.push_str(&format!(" · /{}", escaped(&view.filter)));
        if view.filter_editing {
            title.push('▏');
        }
    }
    title.push(' ');
    let wide = width >= 100;
    let hub_width = if wide { 18 } else { 6 };
    let counts = 4 * 5 + 6; // four severities and the score
    let name_width = width.saturating_sub(2 + hub_width + counts).max(10);
    let header = Line::styled(
        format!(
            "  {:<name_width$}{:<hub_width$}{:>5}{:>5}{:>5}{:>5}{:>6}",
            "CHECK",
            if wide { "SECURITY HUB" } else { "SH" },
            "CRIT",
            "HIGH",
            "MED",
            "LOW",
            "SCORE"
        ),
        theme::label(),
    );
    let mut rows = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let hub = match row.check.security_hub {
            Some(id) if wide => id.to_string(),
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
        // A policy check with no policy read yet has no score.
        let score = if row.evaluated == 0 {
            "—".to_string()
        } else {
            format!("{}%", row.score())
        };
        spans.push(Span::raw(format!("{score:>6}")));
        let line = Line::from(spans);
        rows.push(vec![match (i == view.selected, row.failing()) {
            (true, _) => line.style(theme::selected()),
            (false, 0) => line.style(theme::dim()),
            _ => line,
        }]);
    }
    let mut foot = vec![Line::raw("")];
    if let Some(row) = t.rows.get(view.selected) {
        let text = format!("{}: {}", row.check.slug, row.check.advice);
        foot.extend(wrapped(&text, width, theme::dim()));
    }
    foot.push(Line::styled(
        format::fit(
            "Enter: its secrets · / filter by name · r read policies again · Esc close",
            width,
        ),
        theme::dim(),
    ));
    Page {
        title,
        header,
        rows,
        foot,
    }
}

fn secrets(view: &FindingsView, width: usize) -> Page {
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
    let longest = listed
        .iter()
        .map(|f| escaped(&f.secret).chars().count())
        .max()
        .unwrap_or(6);
    // Narrow: the reason goes on its own line, under the name.
    let two_lines = width < 100;
    let name_width = if two_lines {
        width.saturating_sub(2 + 10)
    } else {
        longest.clamp(6, width / 2)
    };
    let reason_width = if two_lines {
        width.saturating_sub(2 + 10)
    } else {
        width.saturating_sub(2 + 10 + name_width + 2)
    };
    let header = Line::styled(
        if two_lines {
            format!("  {:<10}{}", "SEVERITY", "SECRET · reason")
        } else {
            format!(
                "  {:<10}{:<name_width$}  {}",
                "SEVERITY", "SECRET", "REASON"
            )
        },
        theme::label(),
    );
    let mut rows = Vec::new();
    for (i, f) in listed.iter().enumerate() {
        let chosen = i == view.selected;
        let cursor = if chosen { "▸ " } else { "  " };
        let name = format::fit_middle(&escaped(&f.secret), name_width);
        let reason = format::fit(&escaped(&f.reason), reason_width);
        let severity = Span::styled(
            format!("{:<10}", f.severity.label()),
            severity_style(f.severity),
        );
        let mut lines = if two_lines {
            vec![
                Line::from(vec![Span::raw(cursor), severity, Span::raw(name)]),
                Line::from(vec![
                    Span::raw(" ".repeat(12)),
                    Span::styled(reason, theme::dim()),
                ]),
            ]
        } else {
            vec![Line::from(vec![
                Span::raw(cursor),
                severity,
                Span::raw(format!("{name:<name_width$}  ")),
                Span::raw(reason),
            ])]
        };
        if chosen {
            lines = lines
                .into_iter()
                .map(|l| l.style(theme::selected()))
                .collect();
        }
        rows.push(lines);
    }
    let mut foot = vec![Line::raw("")];
    foot.extend(wrapped(
        &format!("What to do: {}", check.advice),
        width,
        theme::dim(),
    ));
    foot.push(Line::styled(
        format::fit(
            "Enter: select it in the tree · Esc: back to the checks",
            width,
        ),
        theme::dim(),
    ));
    Page {
        title,
        header,
        rows,
        foot,
    }
}
