//! Overlays drawn over the panes: help, the command palette, scrolled
//! text, the new-secret form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{theme, tree};
use crate::tui::app::action::{BINDINGS, Binding, Scope};
use crate::tui::app::input::Key;
use crate::tui::app::keymap::{KeyMap, key_label};
use crate::tui::app::layout::centered;
use crate::tui::app::palette::COMMANDS;
use crate::tui::app::{NewSecretForm, Pane};

/// The sections of the help overlay: the keys that work anywhere, the
/// moving keys several panes share, then each pane's own.
const SECTIONS: &[(&str, Section)] = &[
    ("Anywhere", Section::Global),
    ("Moving", Section::Shared),
    ("Tree", Section::Only(Pane::Tree)),
    ("Detail", Section::Only(Pane::Detail)),
    ("Versions", Section::Only(Pane::Versions)),
    ("Access", Section::Only(Pane::Access)),
];

#[derive(Clone, Copy)]
enum Section {
    Global,
    /// Pane bindings that more than one pane has.
    Shared,
    Only(Pane),
}

impl Section {
    fn holds(self, binding: &Binding) -> bool {
        match (self, binding.scope) {
            (Section::Global, Scope::Global) => true,
            (Section::Shared, Scope::Panes(panes)) => panes.len() > 1,
            (Section::Only(pane), Scope::Panes(panes)) => panes == [pane],
            _ => false,
        }
    }
}

/// How a binding's keys read, with the config file's moves applied.
pub fn keys_label(binding: &Binding, keymap: &KeyMap) -> String {
    let mut keys: Vec<Key> = binding.keys.to_vec();
    if let Some(name) = binding.name
        && let Some(now) = keymap.key_for(name)
    {
        keys[0] = now;
    }
    keys.iter()
        .map(|k| key_label(*k))
        .collect::<Vec<_>>()
        .join(" ")
}

fn pane_names(panes: &[Pane]) -> String {
    let names: Vec<&str> = panes
        .iter()
        .map(|p| match p {
            Pane::Tree => "tree",
            Pane::Detail => "detail",
            Pane::Versions => "versions",
            Pane::Access => "access",
            Pane::Health => "health",
        })
        .collect();
    names.join(", ")
}

/// Generated from the one table of bindings (`app::action::BINDINGS`).
pub fn help(frame: &mut Frame, area: Rect, scroll: u16, keymap: &KeyMap) {
    let mut lines = Vec::new();
    for (title, section) in SECTIONS {
        lines.push(Line::styled(*title, theme::title(true)));
        for binding in BINDINGS.iter().filter(|b| section.holds(b)) {
            let moved = binding
                .name
                .is_some_and(|n| keymap.overrides.iter().any(|(o, _)| o == n));
            let mut spans = vec![
                Span::styled(
                    format!("  {:<18}", keys_label(binding, keymap)),
                    theme::matched(),
                ),
                Span::raw(binding.help),
            ];
            if moved {
                spans.push(Span::styled(" (moved in the config file)", theme::warn()));
            }
            if let (Section::Shared, Scope::Panes(panes)) = (section, binding.scope) {
                spans.push(Span::styled(
                    format!(" · {}", pane_names(panes)),
                    theme::dim(),
                ));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
    }
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
    // The whole width: long explanations are not cut.
    let width = area.width.saturating_sub(4).max(40);
    scrolled_box(frame, area, width, lines, "Help", scroll);
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
