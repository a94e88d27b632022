//! The secret tree pane: only the rows on screen are drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::domain::secret::{Access, SecretMeta, Timestamp};
use crate::text::format;
use crate::tui::app::listing::Listing;
use crate::tui::app::{App, Pane};

/// Badge symbols and what they mean, for the help overlay.
pub const LEGEND: &[(&str, &str)] = &[
    ("⟳", "rotation on"),
    ("⚠", "rotation running or stuck (AWSPENDING not current)"),
    ("✗", "scheduled for deletion"),
    ("⊘", "access denied"),
    ("∅", "never accessed"),
    ("z", "not accessed in 90 days"),
    ("▸ ⚠✗⊘", "a collapsed folder holds a secret with that badge"),
];

pub fn badges(meta: &SecretMeta, denied: bool, now: Timestamp) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    if meta.rotation.enabled {
        out.push(Span::styled("⟳", theme::ok()));
    }
    if meta.pending_rotation() {
        out.push(Span::styled("⚠", theme::warn()));
    }
    if meta.scheduled_for_deletion() {
        out.push(Span::styled("✗", theme::error()));
    }
    if denied {
        out.push(Span::styled("⊘", theme::error()));
    }
    match meta.access(now) {
        Access::Never => out.push(Span::styled("∅", theme::dim())),
        Access::Stale => out.push(Span::styled("z", theme::dim())),
        Access::Recent => {}
    }
    out
}

pub fn title(app: &App) -> String {
    let count = format::thousands(app.secrets.len());
    let progress = match &app.listing {
        Listing::Idle => String::new(),
        // Pages arrive from several walkers at once: say how many came.
        Listing::Loading { pages: 0, .. } => " · loading…".to_string(),
        Listing::Loading { pages, .. } => format!(" · loading… {pages} pages"),
        Listing::Retrying {
            error, retry_in_s, ..
        } => format!(" · {}, retrying in {retry_in_s}s", short_error(error)),
        Listing::Partial { error, .. } => format!(" · PARTIAL: {}", short_error(error)),
        Listing::Done { .. } => String::new(),
    };
    let mut title = format!(" Secrets ({count}{progress})");
    if app.tree_pane.flat {
        title.push_str(" flat");
    }
    if app.tree_pane.sort != crate::tui::app::tree_pane::SortKey::Name {
        title.push_str(&format!(" ↓{}", app.tree_pane.sort.label()));
    }
    if app.filter.is_active() {
        title.push_str(&format!(
            " /{} ({})",
            app.filter.query(),
            format::thousands(app.filter.hit_count())
        ));
    }
    title.push(' ');
    title
}

fn short_error(error: &crate::domain::error::AwsError) -> String {
    let text = error.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Tree;
    let block = theme::pane(focused).title(Span::styled(title(app), theme::title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let height = inner.height as usize;
    let width = inner.width as usize;
    let pane = &app.tree_pane;
    let mut highlighter = app.filter.highlighter();
    let mut lines = Vec::with_capacity(height);
    for (i, row) in pane.rows.iter().enumerate().skip(pane.offset).take(height) {
        let node = app.tree.node(row.node);
        let indent = "  ".repeat(row.depth as usize);
        let mut spans = vec![Span::raw(indent.clone())];
        let (label, right, label_style, highlight) = match node.secret() {
            None => {
                let open = app.filter.is_active() || pane.expanded.contains(&row.node);
                spans.push(Span::styled(
                    if open { "▾ " } else { "▸ " },
                    theme::folder(),
                ));
                let mut count = Vec::new();
                if !open {
                    // What the folder hides.
                    use crate::tui::app::rollup::{DELETION, DENIED, PENDING};
                    let flags = app.rollup.of(row.node);
                    if flags & PENDING != 0 {
                        count.push(Span::styled("⚠", theme::warn()));
                    }
                    if flags & DELETION != 0 {
                        count.push(Span::styled("✗", theme::error()));
                    }
                    if flags & DENIED != 0 {
                        count.push(Span::styled("⊘", theme::error()));
                    }
                    if !count.is_empty() {
                        count.push(Span::raw(" "));
                    }
                }
                count.push(Span::styled(node.count.to_string(), theme::dim()));
                (node.label.to_string(), count, theme::folder(), Vec::new())
            }
            Some(secret) => {
                spans.push(Span::raw("  "));
                let meta = &app.secrets[secret as usize];
                let label = if pane.flat {
                    meta.name().to_string()
                } else {
                    node.label.to_string()
                };
                // Positions are in the full name; the label is its tail.
                let offset = (meta.name().chars().count() - label.chars().count()) as u32;
                let highlight = highlighter
                    .positions(meta.name())
                    .into_iter()
                    .filter_map(|p| p.checked_sub(offset))
                    .collect();
                // Denied secrets are rare: no ARN text is made for a row
                // unless some secret was denied.
                let denied = !app.detail.denied.is_empty()
                    && app.detail.denied.contains(&meta.arn().to_string());
                (
                    label,
                    badges(meta, denied, app.now),
                    Style::new(),
                    highlight,
                )
            }
        };
        let right_width: usize = right.iter().map(|s| s.content.chars().count()).sum();
        let room = width.saturating_sub(indent.len() + 2 + right_width + 1);
        spans.extend(label_spans(
            &label,
            room,
            label_style,
            &highlight,
            pane.flat,
        ));
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        spans.push(Span::raw(
            " ".repeat(width.saturating_sub(used + right_width)),
        ));
        spans.extend(right);
        let mut line = Line::from(spans);
        if i == pane.selected {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    if pane.rows.is_empty() {
        let text = if app.filter.is_active() {
            "no secret matches the filter (Esc clears it)"
        } else if matches!(app.listing, Listing::Loading { .. }) {
            "listing secrets…"
        } else {
            "no secrets in this region"
        };
        lines.push(Line::styled(text, theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The label cut to `room` characters, matched characters highlighted.
/// Full paths (flat mode) lose their head, since the tail names the secret.
fn label_spans(
    label: &str,
    room: usize,
    style: Style,
    highlight: &[u32],
    keep_tail: bool,
) -> Vec<Span<'static>> {
    let chars: Vec<char> = label.chars().collect();
    let cut = chars.len() > room;
    let shown = if cut {
        room.saturating_sub(1)
    } else {
        chars.len()
    };
    let skip = if cut && keep_tail {
        chars.len() - shown
    } else {
        0
    };
    let mut spans = Vec::new();
    if cut && keep_tail && room > 0 {
        spans.push(Span::styled("…", theme::dim()));
    }
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in chars.iter().enumerate().skip(skip).take(shown) {
        let hit = highlight.binary_search(&(i as u32)).is_ok();
        if hit != run_hit && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_hit, style));
        }
        run_hit = hit;
        run.push(*c);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_hit, style));
    }
    if cut && !keep_tail && room > 0 {
        spans.push(Span::styled("…", theme::dim()));
    }
    spans
}

fn styled_run(text: String, hit: bool, style: Style) -> Span<'static> {
    if hit {
        Span::styled(text, style.patch(theme::matched()))
    } else {
        Span::styled(text, style)
    }
}
