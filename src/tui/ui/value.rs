//! The value section of the detail pane: masked until the operator asks.
//!
//! Lines borrow the plaintext from the cache (or from views of it that
//! zeroize on drop) rather than copying it into new Strings.

use ratatui::text::{Line, Span};
use zeroize::Zeroizing;

use super::theme;
use crate::domain::secret::SecretMeta;
use crate::domain::value::{Field, SecretValue, short_hash};
use crate::domain::version::short_id;
use crate::tui::app::values::ViewState;
use crate::tui::app::{App, Pane};

pub const MASK: &str = "••••••••";
/// Bytes of a binary value shown as hex on reveal.
const HEX_PREVIEW: usize = 256;

/// Views of the shown value that the lines borrow from.
pub struct Prepared<'a> {
    value: Option<&'a SecretValue>,
    fields: Option<Vec<Field>>,
    hex: Vec<Zeroizing<String>>,
}

pub fn prepare(app: &App) -> Prepared<'_> {
    let value = app.shown_value();
    let fields = value.and_then(SecretValue::json_fields);
    let hex = match value {
        Some(v) if v.is_binary() => v.bytes()[..v.len().min(HEX_PREVIEW)]
            .chunks(16)
            .map(|chunk| {
                Zeroizing::new(
                    chunk
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    Prepared { value, fields, hex }
}

fn label(text: &str) -> Span<'static> {
    Span::styled(format!("{text:<12}"), theme::label())
}

fn masked_line(hint: &'static str) -> Line<'static> {
    Line::from(vec![
        label("value"),
        Span::raw(MASK),
        Span::styled(hint, theme::dim()),
    ])
}

pub fn lines<'a>(app: &'a App, meta: &SecretMeta, p: &'a Prepared<'a>) -> Vec<Line<'a>> {
    let view = match &app.values.view {
        Some(view) if view.arn == meta.arn() => view,
        _ => return vec![masked_line("  v reveal · c copy")],
    };
    let which = match &view.version {
        None => "AWSCURRENT".to_string(),
        Some(id) => format!("version {}", short_id(id)),
    };
    match &view.state {
        ViewState::Loading => vec![Line::from(vec![
            label("value"),
            Span::styled(format!("reading {which}…"), theme::dim()),
        ])],
        ViewState::Missing => vec![Line::from(vec![
            label("value"),
            Span::styled(
                format!("no value: the secret has no {which} version"),
                theme::warn(),
            ),
        ])],
        ViewState::Failed(err) => vec![Line::from(vec![
            label("value"),
            Span::styled(format!("✗ {err}"), theme::error()),
        ])],
        ViewState::Shown { version_id } => match p.value {
            None => vec![masked_line(
                "  (dropped after the cache TTL) v reads it again",
            )],
            Some(value) => shown(app, view, version_id, value, p),
        },
    }
}

fn shown<'a>(
    app: &App,
    view: &crate::tui::app::values::ValueView,
    version_id: &str,
    value: &'a SecretValue,
    p: &'a Prepared<'a>,
) -> Vec<Line<'a>> {
    let which = match &view.version {
        None => format!("AWSCURRENT {} · ", short_id(version_id)),
        Some(_) => format!("version {} · ", short_id(version_id)),
    };
    let head = |what: String, keys: &'static str| {
        Line::from(vec![
            label("value"),
            Span::raw(which.clone()),
            Span::raw(what),
            Span::styled(keys, theme::dim()),
        ])
    };
    if value.is_empty() {
        return vec![head("empty (0 bytes)".into(), "")];
    }
    if value.is_binary() {
        let mut lines = vec![head(
            format!(
                "binary · {} bytes · sha256 {}…",
                value.len(),
                short_hash(&value.sha256())
            ),
            "  v mask",
        )];
        lines.extend(
            p.hex
                .iter()
                .map(|h| Line::styled(h.as_str(), theme::secret())),
        );
        if value.len() > HEX_PREVIEW {
            lines.push(Line::styled(
                format!("… {} more bytes", value.len() - HEX_PREVIEW),
                theme::dim(),
            ));
        }
        return lines;
    }
    if let Some(fields) = &p.fields {
        let keys_hint = if app.focus == Pane::Detail {
            "  j/k · v key · V all · c copy key"
        } else {
            "  Tab to pick a key · V reveal all"
        };
        let mut lines = vec![head(
            format!(
                "JSON · {} key{}",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            ),
            keys_hint,
        )];
        let width = fields
            .iter()
            .map(|f| f.key.len())
            .max()
            .unwrap_or(0)
            .min(28);
        for (i, field) in fields.iter().enumerate() {
            let cursor = app.focus == Pane::Detail && i == view.cursor;
            let key_style = if cursor {
                theme::selected()
            } else {
                theme::label()
            };
            let shown: Span<'a> = if view.key_revealed(&field.key) {
                Span::styled(field.value.as_str().unwrap_or(""), theme::secret())
            } else {
                Span::raw(MASK)
            };
            lines.push(Line::from(vec![
                Span::raw(if cursor { "  ▸ " } else { "    " }),
                Span::styled(
                    format!("{:<width$}", crate::text::escaped(&field.key)),
                    key_style,
                ),
                Span::raw("  "),
                shown,
            ]));
        }
        return lines;
    }
    let text = value.as_str().unwrap_or("");
    let count = text.lines().count();
    let mut lines = vec![head(
        format!(
            "text · {} bytes · {count} line{}",
            value.len(),
            if count == 1 { "" } else { "s" }
        ),
        "  v mask · c copy",
    )];
    lines.extend(text.lines().map(|l| Line::styled(l, theme::secret())));
    lines
}
