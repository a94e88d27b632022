//! Typed confirmations: a destructive action runs only after the secret's
//! name is typed back exactly. Refused outright in read-only mode.

use super::input::Key;
use super::{App, Command, Confirm, Confirmable, Overlay};
use crate::domain::error::AwsError;
use crate::domain::version::short_id;

pub(super) fn key(app: &mut App, mut confirm: Confirm, key: Key, out: &mut Vec<Command>) {
    match key {
        Key::Esc => app.set_status("cancelled: nothing changed", false),
        Key::Enter if confirm.typed == confirm.action.name() => run(app, confirm.action, out),
        Key::Enter => {
            app.set_status("the name does not match; type it exactly, or Esc", true);
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        Key::Backspace => {
            confirm.typed.pop();
            app.overlay = Some(Overlay::Confirm(confirm));
        }
        Key::Char(c) => {
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
    match action {
        Confirmable::Rollback { arn, to, from, .. } => {
            let seq = app.seq();
            app.set_status(format!("rolling back to {}…", short_id(&to)), false);
            out.push(Command::Rollback { seq, arn, to, from });
        }
    }
}

pub(super) fn rolled_back(app: &mut App, arn: &str, to: &str, result: Result<(), AwsError>) {
    let name = app.secret_name(arn);
    match result {
        Ok(()) => {
            app.set_status(
                format!("rolled back {name}: AWSCURRENT is now {}", short_id(to)),
                false,
            );
            // Show what AWS now says, whatever the caches hold.
            app.detail.cache.remove(&arn.to_string());
            app.versions.fetch.cache.remove(&arn.to_string());
            if app.detail.arn.as_deref() == Some(arn) {
                app.detail.refresh(app.now_ms);
                app.versions.fetch.refresh(app.now_ms);
            }
        }
        Err(error) => {
            let hint = error.hint().map(|h| format!(" — {h}")).unwrap_or_default();
            app.set_status(format!("rollback of {name} failed: {error}{hint}"), true);
        }
    }
}
