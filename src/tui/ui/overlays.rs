//! Overlays drawn over the panes: help, the command palette, scrolled
//! text, the new-secret form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{theme, tree};
use crate::tui::app::NewSecretForm;
use crate::tui::app::keymap::{KeyMap, key_label};
use crate::tui::app::layout::centered;
use crate::tui::app::palette::COMMANDS;

/// Every binding the console answers to (kept in step with `app::keys`).
pub const BINDINGS: &[(&str, &str)] = &[
    ("j k ↓ ↑", "move"),
    (
        "h l ← →",
        "collapse / expand (h on a secret: go to its folder)",
    ),
    ("Enter", "open folder · show secret details"),
    ("g G Home End", "first / last"),
    ("PgUp PgDn C-u C-d", "page up / down"),
    ("/", "filter as you type (fuzzy) · Enter keep · Esc clear"),
    ("Esc", "clear the filter"),
    ("Tab S-Tab", "next / previous pane"),
    (
        "r",
        "refresh: list again, describe the selection and its versions again",
    ),
    (
        "v",
        "read and show the value · on a JSON key (detail pane): reveal that key · again: mask",
    ),
    ("V", "reveal / mask every key of a JSON bundle"),
    (
        "c",
        "copy the value (or the JSON key under the cursor); the clipboard clears itself",
    ),
    ("Space", "versions pane: mark a version to compare"),
    (
        "d",
        "diff: marked vs selected version, or selected vs AWSCURRENT (v reveals)",
    ),
    (
        "b",
        "roll back: move AWSCURRENT to the selected version (type the name to confirm)",
    ),
    ("i", "versions: show / hide deprecated (unlabeled) versions"),
    (
        "R",
        "rotate now with the secret's rotation function; progress shown live",
    ),
    (
        "e",
        "put a new value through $EDITOR (masked diff, then type the name)",
    ),
    (
        "n",
        "create a secret (name, description, tags, then $EDITOR)",
    ),
    (
        "D",
        "schedule the deletion: 7–30 days to :restore (type the name)",
    ),
    ("a", "access: this secret ↔ all Secrets Manager activity"),
    ("p P", "access: pivot to the event's principal / access key"),
    ("Esc", "access: back from a pivot"),
    ("Enter", "access: the event's full CloudTrail record"),
    ("S", "access: summary by principal and secret (all/pivot)"),
    ("w", "access window: 1h → 24h → 7d → 90d"),
    ("F", "follow new events (polls every 5 s, within budget)"),
    ("x", "incident report for the selected secret (no values)"),
    ("f", "flat list / tree"),
    ("s", "sort: name → last changed → last accessed"),
    (":", "command palette"),
    ("?", "this help"),
    ("q C-c", "quit"),
];

pub fn help(frame: &mut Frame, area: Rect, scroll: u16, keymap: &KeyMap) {
    let mut lines = Vec::new();
    if !keymap.overrides.is_empty() {
        lines.push(Line::styled(
            "Moved keys (config file; the old keys do nothing)",
            theme::title(true),
        ));
        for (action, key) in &keymap.overrides {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18}", key_label(*key)), theme::matched()),
                Span::raw(action.clone()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Keys", theme::title(true)));
    for (keys, what) in BINDINGS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<18}"), theme::matched()),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Commands", theme::title(true)));
    for (cmd, what) in COMMANDS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {cmd:<30}"), theme::matched()),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Badges", theme::title(true)));
    for (badge, what) in tree::LEGEND {
        lines.push(Line::from(format!("  {badge}  {what}")));
    }
    scrolled_box(frame, area, 76, lines, "Help", scroll);
}

/// A centred box of `lines` that scrolls on short terminals (never past
/// its end); the title says so only when it does.
fn scrolled_box(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    lines: Vec<Line>,
    title: &str,
    scroll: u16,
) {
    let height = lines.len() as u16 + 2;
    let box_area = centered(area, width, height);
    let max_scroll = height.saturating_sub(box_area.height);
    let title = if max_scroll > 0 {
        format!(" {title} · j/k scroll · Esc closes ")
    } else {
        format!(" {title} · Esc closes ")
    };
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll.min(max_scroll), 0))
            .block(
                Block::bordered()
                    .title(title)
                    .border_style(theme::border(true)),
            ),
        box_area,
    );
}

pub fn palette(frame: &mut Frame, area: Rect, input: &str) {
    let mut lines = vec![Line::from(vec![
        Span::styled(":", theme::matched()),
        Span::raw(input.to_string()),
        Span::styled("▏", theme::dim()),
    ])];
    let typed = input.split_whitespace().next().unwrap_or("");
    for (cmd, what) in COMMANDS {
        if cmd.trim_start_matches(':').starts_with(typed) {
            lines.push(Line::from(vec![
                Span::styled(format!("{cmd:<30}"), theme::dim()),
                Span::styled(*what, theme::dim()),
            ]));
        }
    }
    let height = lines.len() as u16 + 2;
    let width = area.width.saturating_sub(4).min(80);
    let box_area = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + 1,
        width,
        height.min(area.height),
    );
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Command · Enter runs · Esc cancels ")
                .border_style(theme::border(true)),
        ),
        box_area,
    );
}

/// Scrolled text: one CloudTrail record, the audit log.
pub fn text(frame: &mut Frame, area: Rect, title: &str, text: &str, scroll: u16) {
    let lines: Vec<Line> = text.lines().map(Line::raw).collect();
    let width = area.width.saturating_sub(8).max(40);
    scrolled_box(frame, area, width, lines, title, scroll);
}

/// `n`: the new secret's name, description and tags.
pub fn create_form(frame: &mut Frame, area: Rect, form: &NewSecretForm) {
    let fields = [
        ("name", &form.name, "letters, digits and / _ + = . @ -"),
        ("description", &form.description, "optional"),
        ("tags", &form.tags, "optional: KEY=VALUE, KEY=VALUE"),
    ];
    let mut lines = vec![Line::raw("")];
    for (i, (label, value, hint)) in fields.iter().enumerate() {
        let active = i == form.field;
        let mut spans = vec![
            Span::styled(format!("  {label:<12}"), theme::label()),
            Span::raw(value.to_string()),
        ];
        if active {
            spans.push(Span::styled("▏", theme::matched()));
        }
        if value.is_empty() {
            spans.push(Span::styled(format!(" {hint}"), theme::dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    match &form.error {
        Some(err) => lines.push(Line::styled(format!("✗ {err}"), theme::error())),
        None => lines.push(Line::styled(
            "Tab next field · Enter: write the value in $EDITOR · Esc cancel",
            theme::dim(),
        )),
    }
    let width = area.width.saturating_sub(4).min(90);
    let box_area = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Span::styled(" New secret ", theme::title(true)))
                .border_style(theme::border(true)),
        ),
        box_area,
    );
}
