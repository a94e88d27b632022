//! The clipboard: the system clipboard (arboard: X11, or Wayland through
//! XWayland) or, with no display (SSH, headless), an OSC 52 escape that asks
//! the terminal to set its clipboard.
//!
//! sekret remembers only a SHA-256 of what it copied, so that clearing can
//! check that the clipboard still holds it and leave the operator's own
//! later copy alone (as gopass does). OSC 52 cannot be read back, so that
//! check is impossible there: the clipboard is overwritten with a space
//! regardless.

use std::io::{IsTerminal, Write};

use base64::Engine;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::domain::value::SecretValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    System,
    Osc52,
}

#[derive(Default)]
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    tried_system: bool,
    /// What is on the clipboard, if sekret put it there.
    ours: Option<(Method, [u8; 32])>,
}

impl Clipboard {
    fn system(&mut self) -> Option<&mut arboard::Clipboard> {
        if !self.tried_system {
            self.tried_system = true;
            self.system = arboard::Clipboard::new().ok();
        }
        self.system.as_mut()
    }

    /// Copy a text value. Returns how it was copied, or why nothing was.
    pub fn copy(&mut self, value: &SecretValue, term: &mut impl Write) -> Result<String, String> {
        let Some(text) = value.as_str() else {
            return Err("binary values are not copied; use `sekret get NAME > FILE`".into());
        };
        let hash: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        if let Some(system) = self.system()
            && system.set_text(text).is_ok()
        {
            self.ours = Some((Method::System, hash));
            return Ok("system clipboard".into());
        }
        if !std::io::stdout().is_terminal() {
            return Err("no display for the system clipboard and no terminal for OSC 52".into());
        }
        let encoded = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(text));
        osc52(term, &encoded).map_err(|e| format!("writing to the terminal: {e}"))?;
        self.ours = Some((Method::Osc52, hash));
        Ok("terminal clipboard (OSC 52; no display)".into())
    }

    /// Clear the clipboard if it still holds what sekret copied. Returns
    /// false when it was left alone.
    pub fn clear(&mut self, term: &mut impl Write) -> bool {
        let Some((method, hash)) = self.ours.take() else {
            return false;
        };
        match method {
            Method::System => {
                let Some(system) = self.system() else {
                    return false;
                };
                let still_ours = system.get_text().is_ok_and(|now| {
                    let now = Zeroizing::new(now);
                    <[u8; 32]>::from(Sha256::digest(now.as_bytes())) == hash
                });
                still_ours && system.clear().is_ok()
            }
            // Cannot be read back, and many terminals (tmux among them)
            // ignore an empty OSC 52: overwrite it with a single space.
            Method::Osc52 => osc52(term, "IA==").is_ok(),
        }
    }

    pub fn holds_ours(&self) -> bool {
        self.ours.is_some()
    }
}

/// Nothing of sekret's stays on the clipboard once the console is gone:
/// dropped on a normal quit, on an error return, after a signal and while
/// a panic unwinds.
impl Drop for Clipboard {
    fn drop(&mut self) {
        if self.holds_ours() {
            self.clear(&mut std::io::stdout());
        }
    }
}

fn osc52(term: &mut impl Write, payload: &str) -> std::io::Result<()> {
    write!(term, "\x1b]52;c;{payload}\x07")?;
    term.flush()
}
