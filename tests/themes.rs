//! Themes on ratatui's TestBackend: the light palette and NO_COLOR
//! (monochrome). The snapshots record the styles, not only the text: each
//! screen row is followed by its styled runs (`cols fg/bg +modifiers`).

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use sekret::config::ThemeName;
use sekret::domain::secret::{Rotation, SecretId, SecretMeta};
use sekret::tui::app::input::Key;
use sekret::tui::app::{App, ConnectionInfo, Msg, update};

fn app(width: u16, height: u16, theme: ThemeName) -> App {
    let mut app = App::new(
        ConnectionInfo {
            profile: Some("prod".into()),
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:4566".into(),
            read_only: true,
        },
        300_000,
    );
    app.theme = theme;
    app.now = 1_795_348_800;
    update(&mut app, Msg::Resized { width, height });
    let commands = app.start();
    let seq = commands
        .iter()
        .find_map(|c| match c {
            sekret::tui::messages::Job::ListSecrets { seq } => Some(*seq),
            _ => None,
        })
        .unwrap();
    let now = app.now;
    let secret = |name: &str, rotating: bool| SecretMeta {
        id: SecretId::new(
            name,
            &format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123"),
        ),
        last_changed: Some(now - 3 * 86_400),
        rotation: Rotation {
            enabled: rotating,
            after_days: rotating.then_some(30),
            ..Default::default()
        }
        .into(),
        ..Default::default()
    };
    update(
        &mut app,
        Msg::Listed {
            seq,
            secrets: vec![
                secret("gaara-store/production/jwt-secret", true),
                secret("gaara-store/production/database-url", false),
                secret("credlink-prod-api-keys", false),
            ],
            more: false,
        },
    );
    for key in ['l', 'j', 'l', 'j'] {
        update(&mut app, Msg::Key(Key::Char(key)));
    }
    // A filter, so that matched characters are styled too.
    update(&mut app, Msg::Key(Key::Char('/')));
    for c in "jwt".chars() {
        update(&mut app, Msg::Key(Key::Char(c)));
    }
    app
}

fn render(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| sekret::tui::ui::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

/// Text rows, each followed by its non-default style runs.
fn styled(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut text = String::new();
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let style = style_label(cell.fg, cell.bg, cell.modifier);
            if style.is_empty() {
                continue;
            }
            match runs.last_mut() {
                Some((_, end, s)) if *end + 1 == x && *s == style => *end = x,
                _ => runs.push((x, x, style)),
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
        for (start, end, style) in runs {
            out.push_str(&format!("    {start}-{end} {style}\n"));
        }
    }
    out
}

fn style_label(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut parts = Vec::new();
    if fg != Color::Reset {
        parts.push(format!("fg={fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg={bg:?}"));
    }
    if !modifier.is_empty() {
        parts.push(format!("+{modifier:?}"));
    }
    parts.join(" ")
}

#[test]
fn light_theme_120x40() {
    let app = app(120, 40, ThemeName::Light);
    assert_snapshot!(styled(&render(&app)));
}

#[test]
fn no_color_80x24() {
    let app = app(80, 24, ThemeName::Mono);
    assert_snapshot!(styled(&render(&app)));
}

/// NO_COLOR: not one cell has a colour, at any size, yet the focused pane,
/// the selection and the matches still stand out (borders, modifiers).
#[test]
fn no_color_means_no_colour_anywhere() {
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let buf = render(&app(w, h, ThemeName::Mono));
        for cell in buf.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{w}x{h}");
        }
        let text = styled(&buf);
        assert!(text.contains("REVERSED"), "the selection shows: {text}");
        assert!(text.contains("UNDERLINED"), "the matches show: {text}");
        assert!(text.contains('┏'), "the focused pane's heavy border shows");
    }
    // The dark theme does use colour; the light one maps it.
    let dark = render(&app(120, 40, ThemeName::Dark));
    let light = render(&app(120, 40, ThemeName::Light));
    assert!(dark.content().iter().any(|c| c.fg == Color::Yellow));
    assert!(!light.content().iter().any(|c| c.fg == Color::Yellow));
    assert_eq!(
        dark.content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>(),
        light
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>(),
        "same text in every theme"
    );
}

/// Resizing never panics: every size from 1×1 up, every pane focused,
/// with an overlay open too.
#[test]
fn any_size_draws() {
    let mut app = app(120, 40, ThemeName::Dark);
    update(&mut app, Msg::Key(Key::Enter)); // keep the filter, leave typing
    for overlay_open in [false, true] {
        if overlay_open {
            update(&mut app, Msg::Key(Key::Esc));
            update(&mut app, Msg::Key(Key::Char('?')));
        }
        for width in (1..=130).step_by(4) {
            for height in (1..=45).step_by(3) {
                update(&mut app, Msg::Resized { width, height });
                for _ in 0..5 {
                    render(&app);
                    update(&mut app, Msg::Key(Key::Tab));
                }
            }
        }
    }
}
