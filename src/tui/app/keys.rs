//! Keys -> state changes, by mode: an overlay first, then the filter being
//! typed, then the focused pane. The bindings follow k9s (DESIGN §3).

use super::input::Key;
use super::palette::{self, PaletteCommand};
use super::{App, Command, DiffView, NewSecretForm, Overlay, Pane, confirm};

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
        PaletteCommand::Quit => app.quit = true,
        PaletteCommand::Region(region) => {
            app.set_status(format!("switching to region {region}…"), false);
            out.push(Command::Connect {
                profile: None,
                region: Some(region),
            });
        }
        PaletteCommand::Profile(profile) => {
            app.set_status(format!("switching to profile {profile}…"), false);
            out.push(Command::Connect {
                profile: Some(profile),
                region: None,
            });
        }
        PaletteCommand::AllRegions => {
            app.set_status("listing every enabled region…", false);
            out.push(Command::ListAllRegions);
        }
        PaletteCommand::PickProfile => {
            app.set_status("reading the AWS config files…", false);
            out.push(Command::ListProfiles);
        }
        PaletteCommand::Sort(sort) => {
            app.tree_pane.sort = sort;
            app.rebuild_rows();
            app.set_status(format!("sorted by {}", sort.label()), false);
        }
        PaletteCommand::Flat => toggle_flat(app),
        PaletteCommand::Refresh => refresh(app, out),
        PaletteCommand::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        PaletteCommand::Rotate => app.start_rotate(),
        PaletteCommand::SetRotation(schedule) => app.start_set_rotation(schedule),
        PaletteCommand::CancelRotation => app.start_cancel_rotation(),
        PaletteCommand::Edit => app.start_edit(out),
        PaletteCommand::New => app.start_create(),
        PaletteCommand::Delete => app.start_delete(),
        PaletteCommand::Restore => app.start_restore(),
        PaletteCommand::Tag(key, value) => app.start_tag(key, value),
        PaletteCommand::Untag(key) => app.start_untag(key),
        PaletteCommand::Import {
            file,
            prefix,
            bundle,
        } => app.start_import(file, prefix, bundle, out),
        PaletteCommand::Audit => {
            app.set_status("reading the audit log…", false);
            out.push(Command::ReadAudit);
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
    match key {
        Key::Char('q') => app.quit = true,
        Key::Char('?') => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Key::Char(':') => {
            app.overlay = Some(Overlay::Palette {
                input: String::new(),
            })
        }
        Key::Char('/') => {
            app.focus = Pane::Tree;
            app.filter_editing = true;
        }
        Key::Esc if app.filter.is_active() && app.focus == Pane::Tree => app.set_filter(""),
        Key::Tab => app.focus = app.focus.step(1),
        Key::BackTab => app.focus = app.focus.step(-1),
        Key::Char('r') => refresh(app, out),
        Key::Char('f') => toggle_flat(app),
        Key::Char('s') => {
            app.tree_pane.sort = app.tree_pane.sort.next();
            app.rebuild_rows();
            app.set_status(format!("sorted by {}", app.tree_pane.sort.label()), false);
        }
        Key::Char('v') => app.toggle_reveal(out),
        Key::Char('V') => app.toggle_reveal_all(out),
        Key::Char('c') => app.copy(out),
        Key::Char('d') => app.open_diff(out),
        Key::Char('b') => app.start_rollback(),
        Key::Char('i') => app.toggle_deprecated(),
        Key::Char('a') => app.toggle_activity(),
        Key::Char('F') => app.toggle_follow(),
        Key::Char('w') => app.cycle_window(),
        Key::Char('x') => app.report(out),
        Key::Char('R') => app.start_rotate(),
        Key::Char('e') => app.start_edit(out),
        Key::Char('n') => app.start_create(),
        Key::Char('D') => app.start_delete(),
        _ => pane_key(app, key, out),
    }
}

/// A key for the focused pane itself (moving, its own actions).
pub(super) fn pane_key(app: &mut App, key: Key, _out: &mut Vec<Command>) {
    match app.focus {
        Pane::Tree => tree_key(app, key),
        Pane::Detail => detail_key(app, key),
        Pane::Versions => versions_key(app, key),
        Pane::Access => access_key(app, key),
        Pane::Health => {}
    }
}

fn tree_key(app: &mut App, key: Key) {
    let page = app.tree_viewport().max(1) as isize;
    let pane = &mut app.tree_pane;
    match key {
        Key::Char('j') | Key::Down => pane.move_by(1),
        Key::Char('k') | Key::Up => pane.move_by(-1),
        Key::PageDown | Key::Ctrl('d') => pane.move_by(page),
        Key::PageUp | Key::Ctrl('u') => pane.move_by(-page),
        Key::Char('g') | Key::Home => pane.select_first(),
        Key::Char('G') | Key::End => pane.select_last(),
        Key::Char('l') | Key::Right => expand(app),
        Key::Char('h') | Key::Left => collapse(app),
        Key::Enter => {
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
fn detail_key(app: &mut App, key: Key) {
    let keys = app
        .shown_value()
        .and_then(|v| v.json_fields())
        .map(|f| f.len());
    let scroll = &mut app.detail_scroll;
    match (key, keys, app.values.view.as_mut()) {
        (Key::Char('j') | Key::Down, Some(n), Some(view)) => {
            view.cursor = (view.cursor + 1).min(n.saturating_sub(1))
        }
        (Key::Char('k') | Key::Up, Some(_), Some(view)) => {
            view.cursor = view.cursor.saturating_sub(1)
        }
        (Key::Char('j') | Key::Down, ..) => *scroll = scroll.saturating_add(1),
        (Key::Char('k') | Key::Up, ..) => *scroll = scroll.saturating_sub(1),
        (Key::PageDown | Key::Ctrl('d'), ..) => *scroll = scroll.saturating_add(10),
        (Key::PageUp | Key::Ctrl('u'), ..) => *scroll = scroll.saturating_sub(10),
        (Key::Char('h') | Key::Left | Key::Esc, ..) => app.focus = Pane::Tree,
        _ => {}
    }
}

fn versions_key(app: &mut App, key: Key) {
    let now = app.now_ms;
    match key {
        Key::Char('j') | Key::Down => app.versions.move_by(1, now),
        Key::Char('k') | Key::Up => app.versions.move_by(-1, now),
        Key::Char('g') | Key::Home => app.versions.move_by(isize::MIN / 2, now),
        Key::Char('G') | Key::End => app.versions.move_by(isize::MAX / 2, now),
        Key::Char(' ') => app.toggle_mark(),
        Key::Esc if app.versions.marked.is_some() => app.versions.marked = None,
        Key::Char('h') | Key::Left | Key::Esc => app.focus = Pane::Tree,
        _ => {}
    }
}

fn access_key(app: &mut App, key: Key) {
    let len = app.access.visible(app.now, app.now_ms).len();
    let page = 10;
    match key {
        Key::Char('j') | Key::Down => app.access.move_by(1, len),
        Key::Char('k') | Key::Up => app.access.move_by(-1, len),
        Key::PageDown | Key::Ctrl('d') => app.access.move_by(page, len),
        Key::PageUp | Key::Ctrl('u') => app.access.move_by(-page, len),
        Key::Char('g') | Key::Home => app.access.move_by(isize::MIN / 2, len),
        Key::Char('G') | Key::End => app.access.move_by(isize::MAX / 2, len),
        Key::Enter => app.open_event(),
        Key::Char('p') => app.pivot(false),
        Key::Char('P') => app.pivot(true),
        Key::Char('S') => app.access.summary = !app.access.summary,
        Key::Esc if app.unpivot() => {}
        Key::Char('h') | Key::Left | Key::Esc => app.focus = Pane::Tree,
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
        out.push(Command::Connect {
            profile: app.conn.profile.clone(),
            region: Some(app.conn.region.clone()),
        });
        return;
    }
    out.push(app.list());
    app.detail.refresh(app.now_ms);
    app.versions.fetch.refresh(app.now_ms);
    app.access.refresh(app.now_ms);
    app.set_status("refreshing…", false);
}
