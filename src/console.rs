//! The interactive console (no subcommand).
//!
//! For now it connects, shows where it is connected, and waits for `q`;
//! the panes arrive with the browsing work.

use crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use futures::StreamExt;
use ratatui::layout::Alignment;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use tokio::signal::unix::{SignalKind, signal};

use crate::aws::config::{self, ConnectOptions};
use crate::term::TerminalGuard;

pub async fn run(opts: &ConnectOptions, read_only: bool) -> anyhow::Result<()> {
    let ctx = config::load(opts).await?;
    let lines = vec![
        Line::from(format!(
            "profile {} · region {} · endpoint {}{}",
            ctx.profile.as_deref().unwrap_or("default"),
            ctx.region,
            ctx.endpoint_label(),
            if read_only { " · READ-ONLY" } else { "" }
        )),
        Line::from(""),
        Line::from("`sekret doctor` checks identity, permissions and latency."),
        Line::from("q quit"),
    ];

    let mut terminal = TerminalGuard::enter()?;
    let mut events = EventStream::new();
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    loop {
        terminal.terminal.draw(|frame| {
            let block = Block::bordered().title(" sekret ");
            let body = Paragraph::new(lines.clone())
                .block(block)
                .alignment(Alignment::Center);
            frame.render_widget(body, frame.area());
        })?;
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
                    if key.code == KeyCode::Char('q') || ctrl_c {
                        break;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(err)) => return Err(err.into()),
                None => break,
            },
            _ = term.recv() => break,
            _ = hangup.recv() => break,
            _ = interrupt.recv() => break,
        }
    }
    Ok(())
}
