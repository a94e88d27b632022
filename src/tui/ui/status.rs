//! The bottom line: the filter being typed, a message, or the key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlays;
use super::theme;
use crate::text::format;
use crate::tui::app::App;
use crate::tui::app::action::{Action, BINDINGS, Binding, Scope};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let line = if app.filter_editing {
        Line::from(vec![
            Span::styled("/", theme::matched()),
            Span::raw(app.filter.query().to_string()),
            Span::styled("▏", theme::dim()),
            Span::styled(
                format!(
                    "  {} match{} · Enter keep · Esc clear",
                    format::thousands(app.filter.hit_count()),
                    if app.filter.hit_count() == 1 {
                        ""
                    } else {
                        "es"
                    }
                ),
                theme::dim(),
            ),
        ])
    } else if let (Some(clip), None) = (&app.clipboard, &app.status) {
        Line::from(vec![
            Span::raw(format!("copied {} · {}", clip.what, clip.method)),
            Span::styled(
                format!(" · clears in {}s", clip.seconds_left(app.now_ms)),
                theme::warn(),
            ),
        ])
    } else if let Some(status) = &app.status {
        let style = if status.error {
            theme::error()
        } else {
            Default::default()
        };
        Line::styled(status.text.clone(), style)
    } else {
        // The read-only mark takes its room first.
        let room = (area.width as usize).saturating_sub(if app.conn.read_only { 12 } else { 0 });
        Line::styled(hints(app, room), theme::dim())
    };
    let mut line = line;
    if app.conn.read_only {
        line.spans
            .insert(0, Span::styled("[READ-ONLY] ", theme::warn()));
    }
    frame.render_widget(Paragraph::new(line), area);
}

/// The footer's reminder of the keys for the focused pane, as the config
/// file bound them; changes are left out in read-only mode. What does not
/// fit in `width` is left out from the end, but help and quit always stay.
fn hints(app: &App, width: usize) -> String {
    let local = BINDINGS
        .iter()
        .filter(|b| matches!(b.scope, Scope::Panes(_)));
    let global = BINDINGS.iter().filter(|b| b.scope == Scope::Global);
    let hint = |b: &Binding| {
        let key = overlays::keys_label(b, &app.keymap);
        let first = key.split(' ').next().unwrap_or_default().to_string();
        format!("{first} {}", b.footer.unwrap_or_default())
    };
    let always = |b: &Binding| matches!(b.action, Action::Help | Action::Quit);
    let shown: Vec<&Binding> = local
        .chain(global)
        .filter(|b| b.in_footer(app.focus))
        .filter(|b| !(b.changes && app.conn.read_only))
        .collect();
    let tail: Vec<String> = shown
        .iter()
        .filter(|b| always(b))
        .map(|b| hint(b))
        .collect();
    let mut items: Vec<String> = shown
        .iter()
        .filter(|b| !always(b))
        .map(|b| hint(b))
        .collect();
    let joined = |items: &[String]| {
        items
            .iter()
            .chain(&tail)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    while !items.is_empty() && joined(&items).chars().count() > width {
        items.pop();
    }
    joined(&items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::Pane;
    use crate::tui::app::tests::listed;

    #[test]
    fn the_footer_follows_the_pane_and_hides_changes_in_read_only() {
        let mut app = listed(&["app/prod/db"]);
        app.focus = Pane::Versions;
        let hints = hints(&app, 200);
        assert!(hints.starts_with("Space mark"), "{hints}");
        assert!(hints.contains("b rollback"), "{hints}");
        assert!(!hints.contains("p pivot"), "{hints}");
        app.conn.read_only = true;
        let hints_ro = super::hints(&app, 200);
        assert!(!hints_ro.contains("rollback"), "{hints_ro}");
        app.focus = Pane::Access;
        assert!(super::hints(&app, 200).starts_with("p pivot"));
    }

    #[test]
    fn help_and_quit_always_fit() {
        let app = listed(&["app/prod/db"]);
        let hints = hints(&app, 30);
        assert!(hints.ends_with("? help · q quit"), "{hints}");
        assert!(hints.chars().count() <= 30, "{hints}");
    }
}
