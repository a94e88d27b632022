//! The terminal: raw mode and the alternate screen on the way in, and a
//! guaranteed way back out — on normal exit, on error, and on panic.

use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the console runs; restores it when dropped.
pub struct TerminalGuard {
    pub terminal: Term,
}

/// Whether the console asked for mouse events (to ask again after the editor).
static MOUSE: AtomicBool = AtomicBool::new(false);

impl TerminalGuard {
    /// Take the terminal; `mouse` also asks it for clicks and the wheel.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        MOUSE.store(mouse, Ordering::Relaxed);
        if let Err(err) = enter_screen() {
            restore();
            return Err(err);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter_screen() -> io::Result<()> {
    execute!(stdout(), EnterAlternateScreen)?;
    if MOUSE.load(Ordering::Relaxed) {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Stop mouse reporting, leave the alternate screen, turn raw mode off and
/// show the cursor. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    if MOUSE.load(Ordering::Relaxed) {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
}

/// Hand the terminal to another program (the editor): as `restore`.
pub fn suspend() {
    restore();
}

/// Take the terminal back after `suspend`, and redraw everything.
pub fn resume(terminal: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    enter_screen()?;
    terminal.clear()
}

/// A panic restores the terminal first, so the message is readable and the
/// shell is usable. The panic message itself never holds secret values:
/// the value type redacts itself.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
