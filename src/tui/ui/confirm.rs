//! A confirmation: what will change, then the secret's name typed back
//! (or `Enter`, for changes that remove nothing).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{diff, theme};
use crate::domain::mutation::Kind;
use crate::domain::rules::RECOVERY_DAYS;
use crate::domain::version::short_id;
use crate::text::format;
use crate::tui::app::layout::centered;
use crate::tui::app::{BatchRotate, Confirm, Confirmable, ImportConfirm};

pub fn draw(frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let action = &confirm.action;
    let (title, body_lines) = body(action);
    let mut lines = conflict_lines(confirm);
    lines.extend(body_lines);
    lines.push(Line::raw(""));
    // The prompt keeps its place at the bottom however long the body is:
    // on a small terminal the body is cut, never what is being typed.
    let mut prompt = Vec::new();
    if action.typed() {
        prompt.push(Line::raw(match action {
            Confirmable::Import(import) if import.confirmation.ends_with('/') => {
                "Type the prefix and press Enter (Esc cancels):".to_string()
            }
            Confirmable::RotateBatch(batch) => format!(
                "Type {} and press Enter (Esc cancels):",
                crate::text::escaped(&batch.confirmation)
            ),
            _ => "Type the secret's name and press Enter (Esc cancels):".to_string(),
        }));
        let matches = confirm.typed == action.name();
        prompt.push(Line::from(vec![
            Span::styled("> ", theme::dim()),
            Span::styled(
                confirm.typed.clone(),
                if matches { theme::ok() } else { theme::warn() },
            ),
            Span::styled("▏", theme::dim()),
        ]));
    } else {
        prompt.push(Line::raw("Enter or y confirms · Esc or n cancels"));
    }
    let width = area.width.saturating_sub(4).min(96);
    // Room for wrapped lines; the rest of the screen stays visible.
    let wanted = (lines.len() + prompt.len()) as u16 + 4;
    let box_area = centered(area, width, wanted.min(area.height.saturating_sub(2)));
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} · confirm "), theme::warn()))
        .border_style(theme::warn());
    let inner = block.inner(box_area);
    let [body_area, prompt_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(prompt.len() as u16)])
            .areas(inner);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body_area);
    frame.render_widget(
        Paragraph::new(prompt).wrap(Wrap { trim: false }),
        prompt_area,
    );
}

/// Asked again: what moved, and what changed meanwhile (masked), first.
fn conflict_lines(confirm: &Confirm) -> Vec<Line<'_>> {
    let Some(conflict) = &confirm.conflict else {
        return Vec::new();
    };
    let mut lines = vec![Line::styled(
        format!("⚠ {}.", conflict.text),
        theme::error(),
    )];
    if let Some(meanwhile) = &conflict.meanwhile {
        lines.push(Line::styled(
            format!("  changed meanwhile: {}", meanwhile.summary()),
            theme::changed(),
        ));
        diff::body(&mut lines, meanwhile, false, true);
    }
    lines.push(Line::styled(
        "Below: your change, prepared again on what is there now.",
        theme::dim(),
    ));
    lines.push(Line::raw(""));
    lines
}

fn head(verb: &str, name: &str) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{verb} ")),
        Span::styled(name.to_string(), theme::title(true)),
    ])
}

fn field(label: &str, value: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {label:<12}"), theme::label()),
        Span::styled(value.into(), style),
    ])
}

fn note(text: &str) -> Line<'static> {
    Line::styled(text.to_string(), theme::dim())
}

fn id(v: &Option<String>) -> String {
    v.as_deref().map(short_id).unwrap_or_else(|| "—".into())
}

/// The title and what will change.
fn body<'a>(action: &'a Confirmable) -> (&'static str, Vec<Line<'a>>) {
    let plain = Style::default();
    match action {
        Confirmable::Rollback { name, moves, .. } => {
            let mut lines = vec![head("Roll back", name), Line::raw("")];
            for m in moves {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<12}", m.label), theme::stage(m.label)),
                    Span::raw(format!("{} → {}", id(&m.from), id(&m.to))),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(note(
                "Only staging labels move; no value is written. Whatever reads AWSCURRENT gets the older value.",
            ));
            ("Roll back", lines)
        }
        Confirmable::Rotate {
            name,
            lambda,
            current,
            pending,
            ..
        } => {
            let mut lines = vec![
                head("Rotate", name),
                Line::raw(""),
                field("function", lambda.clone(), plain),
                field("AWSCURRENT", id(current), plain),
                Line::raw(""),
                note(
                    "RotateSecret runs the function now: it makes a new value on AWSPENDING, sets it \
                     in the database or service, tests it, then moves AWSCURRENT to it. Progress is \
                     shown live.",
                ),
            ];
            if let Some(p) = pending {
                lines.push(Line::styled(
                    format!(
                        "⚠ AWSPENDING is already on {}: AWS will refuse or retry that rotation; \
                         :cancel-rotation first to start clean",
                        short_id(p)
                    ),
                    theme::warn(),
                ));
            }
            ("Rotate now", lines)
        }
        Confirmable::CancelRotation { name, pending, .. } => {
            let mut lines = vec![
                head("Cancel the rotation of", name),
                Line::raw(""),
                field(
                    "call",
                    "CancelRotateSecret (turns automatic rotation off)",
                    plain,
                ),
            ];
            if let Some(p) = pending {
                lines.push(field(
                    "then",
                    format!("remove AWSPENDING from {}", short_id(p)),
                    plain,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(note(
                "AWSCURRENT does not move. If the function got as far as setting the new value in \
                 the database, check it still accepts AWSCURRENT. :rotation turns rotation on again.",
            ));
            ("Cancel rotation", lines)
        }
        Confirmable::SetRotation {
            name,
            schedule,
            lambda,
            before,
            ..
        } => (
            "Rotation schedule",
            vec![
                head("Set the rotation schedule of", name),
                Line::raw(""),
                field(
                    "now",
                    if before.is_empty() {
                        "off"
                    } else {
                        before.as_str()
                    }
                    .to_string(),
                    theme::dim(),
                ),
                field("new", schedule.label(), theme::changed()),
                field("function", lambda.clone(), plain),
                Line::raw(""),
                note("RotateSecret with RotateImmediately=false: nothing rotates now."),
            ],
        ),
        Confirmable::Put {
            name, base, diff, ..
        } => {
            let mut lines = vec![
                head("Put a new value on", name),
                Line::raw(""),
                field("replaces", id(base), plain),
                field("change", diff.summary(), theme::changed()),
                Line::raw(""),
            ];
            // What changed, masked; the summary above counts it all.
            diff::body(&mut lines, diff, false, true);
            lines.push(Line::raw(""));
            lines.push(note(
                "PutSecretValue: a new version becomes AWSCURRENT; the old one becomes AWSPREVIOUS (b rolls back).",
            ));
            ("Put value", lines)
        }
        Confirmable::Create(new) => {
            let mut lines = vec![head("Create", &new.name), Line::raw("")];
            if let Some(d) = &new.description {
                lines.push(field("description", d.clone(), plain));
            }
            let tags: Vec<String> = new.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            lines.push(field(
                "tags",
                if tags.is_empty() {
                    "—".into()
                } else {
                    tags.join(", ")
                },
                plain,
            ));
            let value = match &new.value {
                Some(v) => format!("{} bytes (masked)", v.len()),
                None => "none".into(),
            };
            lines.push(field("value", value, plain));
            if let Some(warning) = crate::domain::rules::name_warning(&new.name) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!("⚠ {warning}"), theme::warn()));
            }
            ("Create secret", lines)
        }
        Confirmable::Delete {
            name,
            recovery_days,
            ..
        } => (
            "Delete",
            vec![
                head("Schedule the deletion of", name),
                Line::raw(""),
                field(
                    "recovery",
                    format!(
                        "{recovery_days} days  (↑/↓ {}–{})",
                        RECOVERY_DAYS.start(),
                        RECOVERY_DAYS.end()
                    ),
                    theme::warn(),
                ),
                Line::raw(""),
                note(
                    "Readers fail at once (the secret is marked deleted). Until the window ends, \
                     :restore brings it back; after that it is gone. sekret never force-deletes.",
                ),
            ],
        ),
        Confirmable::Restore {
            name,
            deletion_date,
            ..
        } => (
            "Restore",
            vec![
                head("Restore", name),
                Line::raw(""),
                field(
                    "deletion",
                    deletion_date
                        .map(|d| format!("scheduled for {} UTC: cancelled", format::datetime(d)))
                        .unwrap_or_else(|| "cancelled".into()),
                    plain,
                ),
            ],
        ),
        Confirmable::Tag {
            name,
            key,
            value,
            old,
            ..
        } => (
            "Tag",
            vec![
                head("Tag", name),
                Line::raw(""),
                field(
                    key,
                    match old {
                        Some(old) => format!("{old} → {value}"),
                        None => format!("{value} (new)"),
                    },
                    theme::changed(),
                ),
                Line::raw(""),
                note("Tags can grant access (IAM conditions on secretsmanager:ResourceTag)."),
            ],
        ),
        Confirmable::Import(import) => ("Import", import_body(import)),
        Confirmable::RotateBatch(batch) => ("Rotate what was read", batch_body(batch)),
        Confirmable::Untag { name, key, old, .. } => (
            "Untag",
            vec![
                head("Remove a tag from", name),
                Line::raw(""),
                field(key, format!("{old} → (removed)"), theme::removed()),
                Line::raw(""),
                note("Tags can grant access (IAM conditions on secretsmanager:ResourceTag)."),
            ],
        ),
    }
}

/// Every secret the batch rotates, and the ones it cannot.
fn batch_body(batch: &BatchRotate) -> Vec<Line<'static>> {
    let mut lines = vec![
        head("Rotate every secret read by", &batch.principal),
        Line::raw(""),
    ];
    for rotation in &batch.rotations {
        if let Confirmable::Rotate { name, current, .. } = rotation {
            let text = format!("{name}  (AWSCURRENT {})", id(current));
            lines.push(field("rotate", text, Style::default()));
        }
    }
    for (name, why) in &batch.skipped {
        lines.push(field("skip", format!("{name}: {why}"), theme::warn()));
    }
    lines.push(Line::raw(""));
    lines.push(note(
        "Each secret's function makes a new value and moves AWSCURRENT to it; each rotation is \
         followed live until AWSCURRENT moves.",
    ));
    lines
}

/// Which secrets the import creates and which get a new version.
fn import_body(import: &ImportConfirm) -> Vec<Line<'static>> {
    let mut lines = vec![
        head(
            &format!("Import {} into", import.file),
            &import.confirmation,
        ),
        Line::raw(""),
    ];
    let prefix = import.confirmation.as_str();
    for write in &import.writes {
        let name = write.name.strip_prefix(prefix).filter(|n| !n.is_empty());
        let (what, style) = match write.mutation.kind() {
            Kind::Create => ("create", theme::added()),
            _ => ("new version", theme::changed()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {what:<12}"), style),
            Span::raw(name.unwrap_or(&write.name).to_string()),
            Span::styled(
                match write.keys.as_slice() {
                    [key] => format!("  ← {key}"),
                    keys => format!("  ← {} keys", keys.len()),
                },
                theme::dim(),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(note(
        "CreateSecret for new names, PutSecretValue for changed ones (the new value becomes \
         AWSCURRENT; b rolls back). Values are not shown.",
    ));
    lines
}
