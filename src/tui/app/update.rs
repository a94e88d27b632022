//! `update`: each message from the keyboard, the clock or the worker,
//! applied to the state; what to do next comes back as commands.

use super::*;

pub fn update(app: &mut App, msg: Msg) -> Vec<Command> {
    let mut out = Vec::new();
    match msg {
        Msg::Key(key) => keys::handle(app, key, &mut out),
        Msg::Mouse(mouse) => mouse::handle(app, mouse, &mut out),
        Msg::Tick => {
            app.values.cache.evict_expired(app.now_ms);
            app.forget_expired_values();
            copy::tick(app, &mut out);
        }
        Msg::Resized { width, height } => app.size = (width, height),
        Msg::Listed { seq, secrets, more } => app.listed(seq, secrets, more),
        Msg::ListFailed {
            seq,
            error,
            retry_in_s,
        } => app.list_failed(seq, error, retry_in_s),
        Msg::Described { seq, arn, result } => {
            // A denial marks the secret (and its folders).
            app.secrets_changed();
            if let Some(mut meta) = app.detail.answer(seq, &arn, result.map(|m| *m), app.now_ms)
                && let Some(id) = app.by_arn.get(&arn, &app.secrets)
            {
                meta.tags = app.interner.tags(&meta.tags);
                app.secrets[id as usize] = meta;
            }
        }
        Msg::PolicyRead { seq, arn, result } => {
            app.policies.answer(seq, &arn, result, app.now_ms);
        }
        Msg::VersionsListed { seq, arn, result } => {
            if let Some(list) = app.versions.fetch.answer(seq, &arn, result, app.now_ms)
                && let Some(current) = app.versions.answer(list)
            {
                app.current_moved(&arn, &current);
            }
        }
        Msg::ValueRead { seq, arn, result } => app.value_read(seq, &arn, result, &mut out),
        Msg::Mutated {
            seq,
            secret,
            kind,
            result,
        } => app.mutated(seq, &secret, kind, result, &mut out),
        Msg::Rotation { seq, arn, update } => app.rotation_update(seq, &arn, update),
        Msg::Edited {
            purpose,
            before,
            after,
        } => app.edited(purpose, before, after),
        Msg::AuditRead(result) => app.show_audit(result),
        Msg::ImportPlanned { seq, result } => app.import_planned(seq, result),
        Msg::Imported { seq, results } => app.imported(seq, results, &mut out),
        Msg::EventsPage { seq, events } => app.access.page(seq, events, app.now_ms),
        Msg::EventsDone { seq, result } => app.access.done(seq, result, app.now_ms),
        Msg::ReportWritten(result) => match result {
            Ok(path) => app.set_status(format!("report written to {path}"), false),
            Err(why) => app.set_status(format!("report not written: {why}"), true),
        },
        Msg::Copied { what, result } => copy::copied(app, what, result),
        Msg::ClipboardCleared(cleared) => copy::cleared(app, cleared),
        Msg::IdentityLoaded(identity) => {
            if let Ok(id) = &identity {
                app.access.own = crate::domain::timeline::Own {
                    access_key: id.access_key.clone(),
                    arn: Some(id.arn.clone()),
                };
            }
            app.health.identity = Some(identity);
        }
        Msg::ReadOnlyDecided(why) => {
            app.conn.read_only = why.is_some();
            if let Some(why) = why {
                app.set_status(format!("read-only: {why}"), false);
            }
        }
        Msg::Call(record) => app.health.record(record),
        Msg::Connected(Ok(conn)) => app.connected(conn, &mut out),
        Msg::ProfilesListed(result) => app.profiles_listed(result),
        Msg::AllRegionsListed(Ok(all)) => {
            let mut text = crate::text::regions::regional_table(&all);
            for note in crate::text::regions::notes(&all) {
                text.push_str(&format!("\n{note}"));
            }
            app.status = None;
            app.overlay = Some(Overlay::Text {
                title: "All regions".into(),
                text,
                scroll: 0,
            });
        }
        Msg::AllRegionsListed(Err(error)) => app.set_status(format!("all regions: {error}"), true),
        Msg::Connected(Err(error)) => app.set_status(format!("could not switch: {error}"), true),
        Msg::WorkerFailed(what) => app.set_status(format!("internal error: {what}"), true),
    }
    app.follow_selection(&mut out);
    app.access.keep_selection_shown(app.now, app.now_ms);
    out
}
