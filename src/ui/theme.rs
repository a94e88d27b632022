//! Styles. Meaning never rests on colour alone: every badge is also a
//! symbol, so the screen reads the same in monochrome.

use ratatui::style::{Color, Modifier, Style};

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
