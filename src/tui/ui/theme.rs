//! Styles. Meaning never rests on colour alone: every badge is also a
//! symbol, the focused pane has a heavy border and the focused tab is
//! reversed, so the screen reads the same in monochrome.
//!
//! The panes draw with the dark theme's styles; `apply` then maps the
//! finished frame to the chosen theme — the light palette, or no colour
//! at all (`NO_COLOR`). One vocabulary of styles, three looks.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

use crate::config::ThemeName;

/// A pane's frame: a heavy border when it has the focus.
pub fn pane(focused: bool) -> Block<'static> {
    Block::bordered()
        .border_style(border(focused))
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
}

/// A tab of the small-terminal tab bar.
pub fn tab(focused: bool) -> Style {
    if focused {
        Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

/// Recolour a drawn frame for `theme`.
pub fn apply(theme: ThemeName, buf: &mut Buffer) {
    let map: fn(Color) -> Color = match theme {
        ThemeName::Dark => return,
        ThemeName::Light => light,
        ThemeName::Mono => |_| Color::Reset,
    };
    for cell in buf.content.iter_mut() {
        cell.fg = map(cell.fg);
        cell.bg = map(cell.bg);
    }
}

/// The dark theme's colours as they read on a light background: yellow
/// and cyan are too pale on white, grey too faint.
fn light(color: Color) -> Color {
    match color {
        Color::Yellow => Color::Indexed(130), // dark orange
        Color::Cyan => Color::Indexed(25),    // deep blue
        Color::Green => Color::Indexed(28),   // dark green
        Color::Blue => Color::Indexed(19),    // navy
        Color::Magenta => Color::Indexed(90), // purple
        Color::LightRed => Color::Indexed(124),
        Color::Red => Color::Indexed(160),
        Color::DarkGray => Color::Indexed(242),
        other => other,
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn title(focused: bool) -> Style {
    let s = Style::new().add_modifier(Modifier::BOLD);
    if focused { s.fg(Color::Cyan) } else { s }
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn folder() -> Style {
    Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn matched() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn label() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// Staging labels: AWSCURRENT green, AWSPREVIOUS blue, AWSPENDING yellow,
/// custom labels magenta. The label text is always shown too.
pub fn stage(label: &str) -> Style {
    match label {
        "AWSCURRENT" => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        "AWSPREVIOUS" => Style::new().fg(Color::Blue),
        "AWSPENDING" => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        _ => Style::new().fg(Color::Magenta),
    }
}

pub fn added() -> Style {
    Style::new().fg(Color::Green)
}

pub fn removed() -> Style {
    Style::new().fg(Color::Red)
}

pub fn changed() -> Style {
    Style::new().fg(Color::Yellow)
}

/// A revealed value: stands out from the labels around it.
pub fn secret() -> Style {
    Style::new().fg(Color::LightRed)
}
