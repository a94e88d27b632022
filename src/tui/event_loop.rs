//! The console's event loop: terminal events, worker replies, signals and
//! deadlines go through `app::update`; commands go to the worker; the
//! screen is drawn only when something changed.

use crate::tui::messages::Effect;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crossterm::event::{
    Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use futures::{FutureExt, StreamExt};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::config::ThemeName;
use crate::domain::read_only::Guard;
use crate::domain::value::SecretValue;
use crate::tui::app::input::{Key, Mouse, MouseKind};
use crate::tui::app::keymap::KeyMap;
use crate::tui::app::{App, Command, Msg, update};
use crate::tui::clipboard::Clipboard;
use crate::tui::editor;
use crate::tui::term::{self, Term, TerminalGuard};
use crate::tui::ui;
use crate::tui::worker::Worker;

/// How the console is set up beyond the AWS connection.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Whether writes are refused: `--read-only` and the config file's
    /// rules, decided once for both front ends (`domain::read_only`).
    pub guard: Guard,
    pub cache_ttl_s: u64,
    pub clipboard_clear_s: u64,
    /// Keys `:import` leaves out as configuration.
    pub import_skip: Vec<String>,
    /// Parallel or sequential listing.
    pub listing: crate::aws::listing::Strategy,
    pub theme: ThemeName,
    /// Click to select, wheel to scroll.
    pub mouse: bool,
    /// Key overrides.
    pub keys: KeyMap,
    /// The config file's regions (`:all-regions` without ListRegions).
    pub regions: Vec<String>,
    /// The `[audit]` limits (`:findings`).
    pub audit: crate::domain::findings::Thresholds,
}

pub async fn run(opts: &ConnectOptions, settings: Settings) -> anyhow::Result<()> {
    let Settings {
        guard,
        cache_ttl_s,
        clipboard_clear_s,
        import_skip,
        listing,
        theme,
        mouse,
        keys,
        regions,
        audit,
    } = settings;
    // Configuration errors (no region, bad profile) are reported before the
    // screen is taken over.
    let ctx = config::load(opts).await?;
    let conn = crate::tui::worker::connection_info(&ctx, &guard);
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel();
    let worker = Worker::new(Clients::new(ctx), opts.clone(), guard, msg_tx)
        .with_import_skip(import_skip)
        .with_listing(listing)
        .with_regions(regions);
    tokio::spawn(worker.run(cmd_rx));

    let started = Instant::now();
    let clock = |app: &mut App| {
        app.now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        app.now_ms = started.elapsed().as_millis() as u64;
    };

    let mut guard = TerminalGuard::enter(mouse)?;
    let terminal = &mut guard.terminal;
    let mut app = App::new(conn, cache_ttl_s * 1000);
    app.clipboard_clear_ms = clipboard_clear_s * 1000;
    app.theme = theme;
    app.keymap = keys;
    app.audit_limits = audit;
    let mut clipboard = Clipboard::default();
    clock(&mut app);
    let size = terminal.size()?;
    update(
        &mut app,
        Msg::Resized {
            width: size.width,
            height: size.height,
        },
    );
    for command in app.start() {
        let _ = cmd_tx.send(command);
    }

    // Made when first polled, and dropped while the editor runs (see
    // `next_event`).
    let mut events: Option<EventStream> = None;
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut forced_panic = forced_panic_signal()?;
    let mut forced_failure = forced_failure_signal()?;
    let mut dirty = true;
    // After the editor: the screen is the console's again, drawn whole.
    let mut repaint = false;
    let mut screen = Repaint::default();
    let mut input = InputTrouble::default();
    while !app.quit {
        if dirty && screen.due() {
            match paint(terminal, &app, repaint) {
                Ok(()) => {
                    if let Some(note) = screen.painted() {
                        app.set_status(note, false);
                        continue; // draw the note too
                    }
                    dirty = false;
                    repaint = false;
                }
                // Never an exit: said on screen once drawing works again,
                // and tried again after a pause.
                Err(err) => {
                    tracing::warn!(error = %err, "could not draw the screen");
                    screen.failed(&err);
                    repaint = true;
                }
            }
        }
        // Sleep until the next debounce deadline, if any; otherwise only
        // input, replies or signals wake the loop.
        let wait = [app
            .next_deadline()
            .map(|due| due.saturating_sub(app.now_ms))]
        .into_iter()
        .chain([screen.wait_ms().filter(|_| dirty)])
        .flatten()
        .min()
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(3600));
        let msg = tokio::select! {
            event = next_event(&mut events) => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => match to_key(key) {
                    Some(key) => Msg::Key(key),
                    None => continue,
                },
                Some(Ok(Event::Resize(width, height))) => Msg::Resized { width, height },
                Some(Ok(Event::Mouse(mouse))) => match to_mouse(mouse) {
                    Some(mouse) => Msg::Mouse(mouse),
                    None => continue,
                },
                Some(Ok(_)) => continue,
                // A read that failed: a new stream reads on, and only a
                // terminal that keeps failing ends the console.
                Some(Err(err)) => {
                    events = None;
                    term::settle_input();
                    input.failed(err)?;
                    continue;
                }
                None => break,
            },
            Some(msg) = msg_rx.recv() => msg,
            _ = tokio::time::sleep(wait) => Msg::Tick,
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
            _ = sigint.recv() => break,
            _ = requested(&mut forced_panic) => panic!("forced panic (SIGUSR1; debug builds only)"),
            _ = requested(&mut forced_failure) => anyhow::bail!("forced failure (SIGUSR2; debug builds only)"),
        };
        input.answered();
        clock(&mut app);
        // The clipboard belongs to the loop (OSC 52 writes to the terminal);
        // its answers go straight back through `update`.
        let mut pending = vec![msg];
        while let Some(msg) = pending.pop() {
            for command in update(&mut app, msg) {
                match command {
                    Command::Effect(Effect::Copy { what, value }) => {
                        let result = clipboard.copy(&value, &mut std::io::stdout());
                        pending.push(Msg::Copied { what, result });
                    }
                    Command::Effect(Effect::ClearClipboard) => {
                        let cleared = clipboard.clear(&mut std::io::stdout());
                        pending.push(Msg::ClipboardCleared(cleared));
                    }
                    Command::Effect(Effect::Edit { purpose, initial }) => {
                        tracing::info!("the editor has the terminal");
                        // The editor gets the terminal, and stdin to itself:
                        // the event stream stops reading before it runs.
                        events = None;
                        let after = tokio::task::block_in_place(|| {
                            term::settle_input();
                            edit_value(terminal, &initial)
                        });
                        // Ctrl-C inside the editor was the editor's.
                        while let Some(Some(())) = sigint.recv().now_or_never() {}
                        tracing::info!(ok = after.is_ok(), "the editor is done");
                        repaint = true;
                        pending.push(Msg::Edited {
                            purpose,
                            before: initial,
                            after,
                        });
                    }
                    Command::Job(job) => {
                        let _ = cmd_tx.send(job);
                    }
                }
            }
        }
        dirty = true;
    }
    // The clipboard is cleared when `clipboard` is dropped: here, on an
    // error return and while a panic unwinds.
    Ok(())
}

/// Draw the screen; `whole` first clears it (after the editor, or after a
/// failed draw left it half-painted).
fn paint(terminal: &mut Term, app: &App, whole: bool) -> std::io::Result<()> {
    if whole {
        terminal.clear()?;
    }
    terminal.draw(|frame| ui::draw(app, frame)).map(drop)
}

/// Drawing that failed, and when to try again.
#[derive(Default)]
struct Repaint {
    failures: u32,
    retry_at: Option<Instant>,
    last_error: String,
}

impl Repaint {
    fn due(&self) -> bool {
        self.retry_at.is_none_or(|at| Instant::now() >= at)
    }

    fn wait_ms(&self) -> Option<u64> {
        let at = self.retry_at?;
        Some(at.saturating_duration_since(Instant::now()).as_millis() as u64)
    }

    /// 100 ms, doubling to 2 s: a terminal that is gone for a moment (a
    /// resize storm, a full pipe) is not hammered.
    fn failed(&mut self, err: &std::io::Error) {
        self.failures += 1;
        let backoff = 100u64 << self.failures.min(5);
        self.retry_at = Some(Instant::now() + Duration::from_millis(backoff.min(2000)));
        self.last_error = err.to_string();
    }

    /// A draw worked: what to tell the operator about the failures before it.
    fn painted(&mut self) -> Option<String> {
        self.retry_at = None;
        if self.failures == 0 {
            return None;
        }
        let note = format!(
            "the screen could not be drawn ({}; {} tries); it is drawn again",
            self.last_error, self.failures
        );
        self.failures = 0;
        Some(note)
    }
}

/// Reads of the terminal that failed in a row.
#[derive(Default)]
struct InputTrouble {
    failures: u32,
}

impl InputTrouble {
    /// The terminal is read again, unless it failed this often without one
    /// event in between (its input is gone for good).
    fn failed(&mut self, err: std::io::Error) -> anyhow::Result<()> {
        // A wake-up left by an old stream is not a failure.
        if err.kind() == std::io::ErrorKind::Interrupted {
            return Ok(());
        }
        self.failures += 1;
        tracing::warn!(error = %err, failures = self.failures, "reading the terminal failed");
        if self.failures >= 100 {
            anyhow::bail!("the terminal cannot be read: {err}");
        }
        Ok(())
    }

    fn answered(&mut self) {
        self.failures = 0;
    }
}

/// The next terminal event. crossterm's stream reads the terminal from a
/// thread that holds the input lock while it waits; dropping the stream
/// (`None`) stops that thread, and a new one is made on the next poll.
async fn next_event(events: &mut Option<EventStream>) -> Option<std::io::Result<Event>> {
    events.get_or_insert_with(EventStream::new).next().await
}

/// Leave the console's screen, run the editor on `initial`, come back.
fn edit_value(terminal: &mut Term, initial: &SecretValue) -> Result<SecretValue, String> {
    term::suspend();
    let suffix = if initial.json_fields().is_some() {
        ".json"
    } else {
        ".txt"
    };
    let result = editor::private_edit_dir()
        .map_err(|e| format!("no private directory for the temporary file: {e}"))
        .and_then(|dir| editor::edit(&editor::editor_command(), &dir, initial, suffix));
    // What the editor left unread (or answered late) is not the console's.
    term::settle_input();
    if let Err(e) = term::resume(terminal) {
        // The loop draws the whole screen again, and retries if it fails.
        tracing::error!(error = %e, "could not take the terminal back after the editor");
    }
    result
}

fn to_mouse(event: MouseEvent) -> Option<Mouse> {
    let kind = match event.kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        _ => return None, // moves, drags and releases would only redraw
    };
    Some(Mouse {
        kind,
        column: event.column,
        row: event.row,
    })
}

fn to_key(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// Debug builds panic on SIGUSR1, so tests can prove that a panic gives
/// the terminal back and leaks no value. Release builds have no such
/// signal handler (SIGUSR1 keeps its default action).
fn forced_panic_signal() -> std::io::Result<Option<tokio::signal::unix::Signal>> {
    if cfg!(debug_assertions) {
        signal(SignalKind::user_defined1()).map(Some)
    } else {
        Ok(None)
    }
}

/// Debug builds return an error from the loop on SIGUSR2, so tests can
/// prove that an error exit clears the clipboard and gives the terminal back.
fn forced_failure_signal() -> std::io::Result<Option<tokio::signal::unix::Signal>> {
    if cfg!(debug_assertions) {
        signal(SignalKind::user_defined2()).map(Some)
    } else {
        Ok(None)
    }
}

async fn requested(signal: &mut Option<tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}
