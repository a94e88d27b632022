//! The diff overlay: two versions compared, values masked until `v`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::value::MASK;
use crate::domain::diff::{Change, ValueDiff};
use crate::domain::value::{SecretValue, short_hash};
use crate::domain::version::{Version, short_id};
use crate::text::format;
use crate::tui::app::DiffView;

pub fn draw(frame: &mut Frame, area: Rect, view: &DiffView) {
    let title = format!(
        " Diff · {} · v {} · j/k scroll · Esc close ",
        view.name,
        if view.reveal { "mask" } else { "reveal" }
    );
    let mut lines = vec![side("from", &view.from), side("to", &view.to)];
    match (&view.diff, &view.error) {
        (_, Some(err)) => lines.push(Line::styled(format!("✗ {err}"), theme::error())),
        (None, None) => lines.push(Line::styled("reading both values…", theme::dim())),
        (Some(diff), None) => {
            let style = if diff.identical() {
                theme::ok()
            } else {
                theme::changed()
            };
            lines.push(Line::styled(diff.summary(), style));
            lines.push(Line::raw(""));
            body(&mut lines, diff, view.reveal, false);
        }
    }
    // As tall as its content, within the screen; the rest scrolls.
    let width = area.width.saturating_sub(4).min(110);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let box_area = Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, height);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).scroll((view.scroll, 0)).block(
            Block::bordered()
                .title(Span::styled(title, theme::title(true)))
                .border_style(theme::border(true)),
        ),
        box_area,
    );
}

fn side(name: &str, v: &Version) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!("{name:<5} "), theme::label()),
        Span::raw(format!("{} ", short_id(&v.id))),
    ];
    if v.deprecated() {
        spans.push(Span::styled("(deprecated) ", theme::dim()));
    }
    for label in &v.stages {
        spans.push(Span::styled(
            format!("{} ", crate::text::escaped(label)),
            theme::stage(label),
        ));
    }
    if let Some(ts) = v.created {
        spans.push(Span::styled(
            format!("created {} UTC", format::datetime(ts)),
            theme::dim(),
        ));
    }
    Line::from(spans)
}

fn style(change: Change) -> ratatui::style::Style {
    match change {
        Change::Added => theme::added(),
        Change::Removed => theme::removed(),
        Change::Changed => theme::changed(),
        Change::Unchanged => theme::dim(),
    }
}

fn shown<'a>(value: Option<&'a SecretValue>, reveal: bool) -> Span<'a> {
    match value {
        Some(v) if reveal => Span::styled(v.as_str().unwrap_or(""), theme::secret()),
        Some(_) => Span::raw(MASK),
        None => Span::raw(""),
    }
}

/// The diff's entries, masked unless `reveal`; with `only_changes`, the
/// unchanged keys and lines are left out (a preview that must fit).
pub(super) fn body<'a>(
    lines: &mut Vec<Line<'a>>,
    diff: &'a ValueDiff,
    reveal: bool,
    only_changes: bool,
) {
    let shown_change = |c: Change| !only_changes || c != Change::Unchanged;
    match diff {
        ValueDiff::Json(keys) => {
            let width = keys.iter().map(|k| k.key.len()).max().unwrap_or(0).min(28);
            for k in keys.iter().filter(|k| shown_change(k.change)) {
                let mut spans = vec![
                    Span::styled(format!("{} ", k.change.sign()), style(k.change)),
                    Span::styled(
                        format!("{:<width$}  ", crate::text::escaped(&k.key)),
                        style(k.change),
                    ),
                ];
                match k.change {
                    Change::Changed => {
                        spans.push(shown(k.from.as_ref(), reveal));
                        spans.push(Span::styled(" → ", theme::dim()));
                        spans.push(shown(k.to.as_ref(), reveal));
                    }
                    Change::Added => spans.push(shown(k.to.as_ref(), reveal)),
                    Change::Removed => spans.push(shown(k.from.as_ref(), reveal)),
                    Change::Unchanged => {
                        spans.push(Span::styled("unchanged", theme::dim()));
                    }
                }
                lines.push(Line::from(spans));
            }
        }
        ValueDiff::Text(text) => {
            for l in text.iter().filter(|l| shown_change(l.change)) {
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", l.change.sign()), style(l.change)),
                    shown(Some(&l.text), reveal),
                ]));
            }
        }
        ValueDiff::Binary {
            from_len,
            to_len,
            from_sha256,
            to_sha256,
        } => {
            lines.push(Line::raw(format!("size    {from_len} → {to_len} bytes")));
            lines.push(Line::raw(format!(
                "sha256  {}… → {}…",
                short_hash(from_sha256),
                short_hash(to_sha256)
            )));
        }
    }
}
