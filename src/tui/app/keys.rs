//! Keys -> state changes, by mode: an overlay first, then the filter being
//! typed, then the focused pane. The bindings follow k9s (DESIGN §3).

use super::action::{self, Action};
use super::input::Key;
use super::palette::{self, PaletteCommand};
use super::{App, Command, DiffView, NewSecretForm, Overlay, Pane, confirm};
use crate::tui::messages::Job;

pub(super) fn handle(app: &mut App, key: Key, out: &mut Vec<Command>) {
    if key == Key::Ctrl('c') {
        app.quit = true;
        return;
    }
    match app.overlay.take() {
        Some(Overlay::Help { scroll }) => {
            // j/k scroll (small terminals); Esc, q, ? or Enter close.
            app.overlay = match key {
                Key::Esc | Key::Char('q' | '?') | Key::Enter => None,
                Key::Char('j') | Key::Down => Some(Overlay::Help { scroll: scroll + 1 }),
                Key::Char('k') | Key::Up => Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                }),
                _ => Some(Overlay::Help { scroll }),
            };
        }
        Some(Overlay::Palette { input }) => palette_key(app, input, key, out),
        Some(Overlay::Diff(view)) => diff_key(app, view, key),
        Some(Overlay::Confirm(c)) => confirm::key(app, c, key, out),
        Some(Overlay::Create(form)) => create_key(app, form, key, out),
        Some(Overlay::Import(view)) => app.import_key(view, key),
        Some(Overlay::Profiles(picker)) => app.profile_key(picker, key, out),
        Some(Overlay::Findings(view)) => app.findings_key(view, key),
        Some(Overlay::Text {
            title,
            text,
            scroll,
        }) => {
            let scroll = match key {
                Key::Esc | Key::Char('q') | Key::Enter => return,
                Key::Char('j') | Key::Down => scroll.saturating_add(1),
                Key::Char('k') | Key::Up => scroll.saturating_sub(1),
                Key::PageDown => scroll.saturating_add(10),
                Key::PageUp => scroll.saturating_sub(10),
                _ => scroll,
            };
            app.overlay = Some(Overlay::Text {
                title,
                text,
                scroll,
            });
        }
        None if app.filter_editing => filter_key(app, key),
        None if app.access.filter_editing => app.timeline_filter_key(key),
        None => {
            app.status = None;
            if let Some(key) = app.keymap.translate(key) {
                normal_key(app, key, out);
            }
        }
    }
}

fn palette_key(app: &mut App, mut input: String, key: Key, out: &mut Vec<Command>) {
    match key {
        Key::Esc => {}
        Key::Enter => match palette::parse(&input) {
            Ok(command) => run(app, command, out),
            Err(message) => app.set_status(message, true),
        },
        Key::Backspace if input.is_empty() => {}
        Key::Backspace => {
            input.pop();
            app.overlay = Some(Overlay::Palette { input });
        }
        Key::Char(c) => {
            input.push(c);
            app.overlay = Some(Overlay::Palette { input });
        }
        _ => app.overlay = Some(Overlay::Palette { input }),
    }
}

fn run(app: &mut App, command: PaletteCommand, out: &mut Vec<Command>) {
    match command {
        PaletteCommand::Act(action) => perform(app, action, out),
        PaletteCommand::Region(region) => {
            app.set_status(format!("switching to region {region}…"), false);
            out.push(Command::Job(Job::Connect {
                profile: None,
                region: Some(region),
            }));
        }
        PaletteCommand::Profile(profile) => {
            app.set_status(format!("switching to profile {profile}…"), false);
            out.push(Command::Job(Job::Connect {
                profile: Some(profile),
                region: None,
            }));
        }
        PaletteCommand::AllRegions => {
            app.set_status("listing every enabled region…", false);
            out.push(Command::Job(Job::ListAllRegions));
        }
        PaletteCommand::PickProfile => {
            app.set_status("reading the AWS config files…", false);
            out.push(Command::Job(Job::ListProfiles));
        }
        PaletteCommand::Sort(sort) => {
            app.tree_pane.sort = sort;
            app.rebuild_rows();
            app.set_status(format!("sorted by {}", sort.label()), false);
        }
        PaletteCommand::SetRotation(schedule) => app.start_set_rotation(schedule),
        PaletteCommand::CancelRotation => app.start_cancel_rotation(),
        PaletteCommand::RotateRead => app.start_rotate_read(),
        PaletteCommand::Restore => app.start_restore(),
        PaletteCommand::Tag(key, value) => app.start_tag(key, value),
        PaletteCommand::Untag(key) => app.start_untag(key),
        PaletteCommand::Import {
            file,
            prefix,
            bundle,
        } => app.start_import(file, prefix, bundle, out),
        PaletteCommand::Findings => app.open_findings(),
        PaletteCommand::Policy => app.show_policy(),
        PaletteCommand::Audit => {
            app.set_status("reading the audit log…", false);
            out.push(Command::Job(Job::ReadAudit));
        }
    }
}

/// The new-secret form: Tab / arrows between fields, Enter goes on to the
/// editor, Esc gives up.
fn create_key(app: &mut App, mut form: NewSecretForm, key: Key, out: &mut Vec<Command>) {
    const FIELDS: usize = 3;
    match key {
        Key::Esc => return app.set_status("cancelled: nothing created", false),
        Key::Enter => return app.submit_create(form, out),
        Key::Tab | Key::Down => form.field = (form.field + 1) % FIELDS,
        Key::BackTab | Key::Up => form.field = (form.field + FIELDS - 1) % FIELDS,
        Key::Backspace => {
            form.field_mut().pop();
        }
        Key::Char(c) => form.field_mut().push(c),
        _ => {}
    }
    form.error = None;
    app.overlay = Some(Overlay::Create(form));
}

/// The diff overlay: scroll, reveal, close.
fn diff_key(app: &mut App, mut view: DiffView, key: Key) {
    match key {
        Key::Esc | Key::Char('q' | 'd') => return,
        Key::Char('v') => view.reveal = !view.reveal,
        Key::Char('j') | Key::Down => view.scroll = view.scroll.saturating_add(1),
        Key::Char('k') | Key::Up => view.scroll = view.scroll.saturating_sub(1),
        Key::PageDown => view.scroll = view.scroll.saturating_add(10),
        Key::PageUp => view.scroll = view.scroll.saturating_sub(10),
        _ => {}
    }
    app.overlay = Some(Overlay::Diff(view));
}

fn filter_key(app: &mut App, key: Key) {
    let mut query = app.filter.query().to_string();
    match key {
        Key::Enter => app.filter_editing = false,
        Key::Esc => {
            app.filter_editing = false;
            app.set_filter("");
        }
        Key::Backspace => {
            query.pop();
            app.set_filter(&query);
        }
        Key::Char(c) => {
            query.push(c);
            app.set_filter(&query);
        }
        Key::Down => app.tree_pane.move_by(1),
        Key::Up => app.tree_pane.move_by(-1),
        _ => {}
    }
}

fn normal_key(app: &mut App, key: Key, out: &mut Vec<Command>) {
    if let Some(action) = action::for_key(key, app.focus) {
        perform(app, action, out);
    }
}

/// Do `action`: the one place keys (and the palette's plain commands)
/// end up.
pub(super) fn perform(app: &mut App, action: Action, out: &mut Vec<Command>) {
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Palette => {
            app.overlay = Some(Overlay::Palette {
                input: String::new(),
            })
        }
        Action::Filter => {
            app.focus = Pane::Tree;
            app.filter_editing = true;
        }
        Action::NextPane => app.focus = app.focus.step(1),
        Action::PreviousPane => app.focus = app.focus.step(-1),
        Action::Refresh => refresh(app, out),
        Action::Flat => toggle_flat(app),
        Action::Sort => {
            app.tree_pane.sort = app.tree_pane.sort.next();
            app.rebuild_rows();
            app.set_status(format!("sorted by {}", app.tree_pane.sort.label()), false);
        }
        Action::Reveal => app.toggle_reveal(out),
        Action::RevealAll => app.toggle_reveal_all(out),
        Action::Copy => app.copy(out),
        Action::Diff => app.open_diff(out),
        Action::Rollback => app.start_rollback(),
        Action::Deprecated => app.toggle_deprecated(),
        Action::Access => app.toggle_activity(),
        Action::Follow => app.toggle_follow(),
        Action::Window => app.cycle_window(),
        Action::Report => app.report(out),
        Action::Rotate => app.rotate_here(),
        Action::Zoom => app.toggle_zoom(),
        Action::Edit => app.start_edit(out),
        Action::New => app.start_create(),
        Action::Delete => app.start_delete(),
        pane_action => match app.focus {
            Pane::Tree => tree_action(app, pane_action),
            Pane::Detail => detail_action(app, pane_action),
            Pane::Versions => versions_action(app, pane_action),
            Pane::Access => access_action(app, pane_action),
            Pane::Health => {}
        },
    }
}

fn tree_action(app: &mut App, action: Action) {
    let page = app.tree_viewport().max(1) as isize;
    let pane = &mut app.tree_pane;
    match action {
        Action::Down => pane.move_by(1),
        Action::Up => pane.move_by(-1),
        Action::PageDown => pane.move_by(page),
        Action::PageUp => pane.move_by(-page),
        Action::First => pane.select_first(),
        Action::Last => pane.select_last(),
        Action::Expand => expand(app),
        Action::Collapse => collapse(app),
        Action::Back if app.filter.is_active() => app.set_filter(""),
        Action::Open => {
            let Some(node) = app.tree_pane.selected_node() else {
                return;
            };
            if app.tree.node(node).is_folder() {
                if !app.tree_pane.expanded.remove(&node) {
                    app.tree_pane.expanded.insert(node);
                }
                app.rebuild_rows();
            } else {
                app.focus = Pane::Detail;
            }
        }
        _ => {}
    }
}

fn expand(app: &mut App) {
    let Some(node) = app.tree_pane.selected_node() else {
        return;
    };
    if !app.tree.node(node).is_folder() || app.filter.is_active() {
        return;
    }
    if app.tree_pane.expanded.insert(node) {
        app.rebuild_rows();
    } else {
        app.tree_pane.move_by(1); // already open: step into it
    }
}

fn collapse(app: &mut App) {
    let Some(node) = app.tree_pane.selected_node() else {
        return;
    };
    let open = app.tree.node(node).is_folder() && app.tree_pane.expanded.contains(&node);
    if open && !app.filter.is_active() {
        app.tree_pane.expanded.remove(&node);
        app.rebuild_rows();
    } else if let Some(&parent) = app.tree.ancestors(node).last() {
        app.tree_pane.select_node(parent);
    }
}

/// j/k pick a key of a shown JSON bundle, or scroll; PageUp/PageDown scroll.
fn detail_action(app: &mut App, action: Action) {
    let keys = app
        .shown_value()
        .and_then(|v| v.json_fields())
        .map(|f| f.len());
    let scroll = &mut app.detail_scroll;
    match (action, keys, app.values.view.as_mut()) {
        (Action::Down, Some(n), Some(view)) => {
            view.cursor = (view.cursor + 1).min(n.saturating_sub(1))
        }
        (Action::Up, Some(_), Some(view)) => view.cursor = view.cursor.saturating_sub(1),
        (Action::Down, ..) => *scroll = scroll.saturating_add(1),
        (Action::Up, ..) => *scroll = scroll.saturating_sub(1),
        (Action::PageDown, ..) => *scroll = scroll.saturating_add(10),
        (Action::PageUp, ..) => *scroll = scroll.saturating_sub(10),
        (Action::Back, ..) => app.focus = Pane::Tree,
        (Action::Open, ..) => app.show_policy(),
        _ => {}
    }
}

fn versions_action(app: &mut App, action: Action) {
    let now = app.now_ms;
    match action {
        Action::Down => app.versions.move_by(1, now),
        Action::Up => app.versions.move_by(-1, now),
        Action::First => app.versions.move_by(isize::MIN / 2, now),
        Action::Last => app.versions.move_by(isize::MAX / 2, now),
        Action::Mark => app.toggle_mark(),
        Action::Back if app.versions.marked.is_some() => app.versions.marked = None,
        Action::Back => app.focus = Pane::Tree,
        _ => {}
    }
}

fn access_action(app: &mut App, action: Action) {
    let (now, now_ms) = (app.now, app.now_ms);
    let mut step = |by: isize| app.access.move_in_view(by, now, now_ms);
    match action {
        Action::Down => step(1),
        Action::Up => step(-1),
        Action::PageDown => step(10),
        Action::PageUp => step(-10),
        Action::First => step(isize::MIN / 2),
        Action::Last => step(isize::MAX / 2),
        Action::Open => app.open_in_access(),
        Action::PivotPrincipal => app.pivot(false),
        Action::PivotAccessKey => app.pivot(true),
        Action::Summary => app.toggle_summary(),
        Action::TimelineFilter => app.start_timeline_filter(),
        Action::OwnCalls => app.toggle_own(),
        Action::Back if app.clear_timeline_filter() => {}
        Action::Back if app.unpivot() => {}
        Action::Back => app.focus = Pane::Tree,
        _ => {}
    }
}

fn toggle_flat(app: &mut App) {
    app.tree_pane.flat = !app.tree_pane.flat;
    app.rebuild_rows();
    let mode = if app.tree_pane.flat {
        "flat list"
    } else {
        "tree"
    };
    app.set_status(
        format!("{mode} · sorted by {}", app.tree_pane.sort.label()),
        false,
    );
}

/// `r`: list again and describe the selection again, bypassing the cache.
/// After a credentials error (`aws sso login` run meanwhile), reconnect
/// first: new clients read the fresh credentials.
fn refresh(app: &mut App, out: &mut Vec<Command>) {
    if app.listing.needs_login() {
        app.set_status("reconnecting with fresh credentials…", false);
        out.push(Command::Job(Job::Connect {
            profile: app.conn.profile.clone(),
            region: Some(app.conn.region.clone()),
        }));
        return;
    }
    out.push(Command::Job(app.list()));
    app.detail.refresh(app.now_ms);
    app.versions.fetch.refresh(app.now_ms);
    app.policies.fetch.refresh(app.now_ms);
    app.access.refresh(app.now_ms);
    app.set_status("refreshing…", false);
}
