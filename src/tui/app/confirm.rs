//! Confirmations: a change runs only after the secret's name is typed back
//! exactly (or, for changes that remove nothing, after `Enter`). Refused
//! outright in read-only mode.

use super::input::Key;
use super::{App, Command, Confirm, Confirmable, Overlay};
use crate::domain::rules::RECOVERY_DAYS;
use crate::tui::messages::Job;

pub(super) fn key(app: &mut App, mut confirm: Confirm, key: Key, out: &mut Vec<Command>) {
    let typed = confirm.action.typed();
    match key {
        Key::Esc => app.set_status("cancelled: nothing changed", false),
        Key::Enter if !typed || confirm.typed == confirm.action.name() => {
            run(app, confirm.action, out)
        }
        Key::Char('y') if !typed => run(app, confirm.action, out),
        Key::Char('n' | 'q') if !typed => app.set_status("cancelled: nothing changed", false),
        Key::Enter => {
            app.set_status("the name does not match; type it exactly, or Esc", true);
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        // The recovery window of a deletion: 7 to 30 days.
        Key::Up | Key::Down => {
            if let Confirmable::Delete { recovery_days, .. } = &mut confirm.action {
                let step: i16 = if key == Key::Up { 1 } else { -1 };
                let days = (i16::from(*recovery_days) + step).clamp(
                    i16::from(*RECOVERY_DAYS.start()),
                    i16::from(*RECOVERY_DAYS.end()),
                );
                *recovery_days = days as u8;
            }
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        Key::Backspace if typed => {
            confirm.typed.pop();
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        Key::Char(c) if typed => {
            confirm.typed.push(c);
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        _ => app.overlay = Some(Overlay::Confirm(confirm)),
    }
}

fn run(app: &mut App, action: Confirmable, out: &mut Vec<Command>) {
    if app.conn.read_only {
        app.set_status("read-only mode: refused", true);
        return;
    }
    if let Confirmable::Import(import) = action {
        return app.send_import(import, out);
    }
    if let Confirmable::RotateBatch(batch) = action {
        let n = batch.rotations.len();
        for rotation in batch.rotations {
            send(app, rotation, out);
        }
        let text = format!(
            "rotating {n} secret(s) read by {}: watching each…",
            batch.principal
        );
        return app.set_status(text, false);
    }
    send(app, action, out);
}

/// One change, sent.
fn send(app: &mut App, action: Confirmable, out: &mut Vec<Command>) {
    let name = action.name().to_string();
    let seq = app.seq();
    app.reconfirm.sent(seq, &action);
    let Some((secret, mutation)) = action.mutation() else {
        return;
    };
    let kind = mutation.kind();
    app.writing.insert(seq, kind);
    app.set_status(
        format!("{} on {name}: {}…", kind.operation(), kind.action()),
        false,
    );
    out.push(Command::Job(Job::Mutate {
        seq,
        secret,
        mutation,
    }));
}
