//! The terminal: raw mode and the alternate screen on the way in, and a
//! guaranteed way back out — on normal exit, on error, and on panic.
//!
//! The console never asks the terminal anything. ratatui's `clear` (after
//! the editor, on every resize) asks where the cursor is (`ESC [6n`) and
//! fails when the answer takes more than two seconds, or was eaten by
//! another reader, or arrives after the question was given up: its late
//! answer then lands in the shell as `^[[2;1R`. [`QuietBackend`] answers
//! that question itself.

use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub type Term = Terminal<QuietBackend>;

/// crossterm's backend, except that the cursor position is the one last
/// set, never read back from the terminal (see the module comment). A
/// full-screen console hides its cursor; nothing depends on where it is.
pub struct QuietBackend {
    inner: CrosstermBackend<Stdout>,
    cursor: Position,
}

impl QuietBackend {
    pub fn new() -> Self {
        QuietBackend {
            inner: CrosstermBackend::new(stdout()),
            cursor: Position::ORIGIN,
        }
    }
}

impl Default for QuietBackend {
    fn default() -> Self {
        Self::new()
    }
}

impl Backend for QuietBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.inner.set_cursor_position(position)?;
        self.cursor = position;
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Leave crossterm's input reader with nothing pending: no wake-up left by
/// a dropped event stream (it would end the next read with an error), no
/// reader thread still waiting on the terminal (taking the reader's lock
/// waits for it to let go), and no key or answer already read and not yet
/// handled. Called once the event stream is dropped, before another
/// program gets the terminal and again when it gives it back.
pub fn settle_input() {
    // Bounded: a terminal that keeps sending is not waited out.
    for _ in 0..1024 {
        match crossterm::event::poll(Duration::ZERO) {
            Ok(true) => {
                let _ = crossterm::event::read();
            }
            Ok(false) => return,
            // The wake-up of a dropped stream, consumed by this poll.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        }
    }
}

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
        let terminal = Terminal::new(QuietBackend::new()).inspect_err(|_| restore())?;
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
