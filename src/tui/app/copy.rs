//! The state of a copy: what was copied, how, and when the clipboard clears
//! itself. The clipboard itself is touched only by the event loop
//! (`crate::tui::clipboard`).

use super::{App, Command};
use crate::tui::messages::Effect;

/// The clipboard clears itself this long after a copy, by default.
pub const DEFAULT_CLEAR_MS: u64 = 30_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// "gaara-store/production/jwt-secret" or "… · password".
    pub what: String,
    /// "system clipboard" or "OSC 52 (terminal)".
    pub method: String,
    pub clears_at_ms: u64,
}

impl Clip {
    pub fn seconds_left(&self, now_ms: u64) -> u64 {
        self.clears_at_ms.saturating_sub(now_ms).div_ceil(1000)
    }

    /// The next time the countdown changes (or the clear is due).
    pub fn next_tick(&self, now_ms: u64) -> u64 {
        let left = self.clears_at_ms.saturating_sub(now_ms);
        match left % 1000 {
            0 if left > 0 => now_ms + 1000,
            rest => now_ms + rest,
        }
    }
}

pub(super) fn copied(app: &mut App, what: String, result: Result<String, String>) {
    match result {
        Ok(method) => {
            app.clipboard = Some(Clip {
                what,
                method,
                clears_at_ms: app.now_ms + app.clipboard_clear_ms,
            });
            app.status = None; // the status line shows the countdown
        }
        Err(why) => app.set_status(format!("nothing copied: {why}"), true),
    }
}

pub(super) fn tick(app: &mut App, out: &mut Vec<Command>) {
    if app
        .clipboard
        .as_ref()
        .is_some_and(|c| app.now_ms >= c.clears_at_ms)
    {
        app.clipboard = None;
        out.push(Command::Effect(Effect::ClearClipboard));
    }
}

pub(super) fn cleared(app: &mut App, cleared: bool) {
    app.set_status(
        if cleared {
            "clipboard cleared"
        } else {
            "clipboard left alone: it no longer holds what sekret copied"
        },
        false,
    );
}
