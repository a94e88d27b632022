//! The detail pane: everything DescribeSecret says about the selection.
//! Never the value: that is read only when the operator asks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{theme, value};
use crate::domain::error::AwsError;
use crate::domain::rotation::Phase;
use crate::domain::secret::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, SecretMeta, Timestamp};
use crate::text::format;
use crate::tui::app::rotation::RotationWatch;
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Detail;
    let prepared = value::prepare(app);
    let (title, lines) = match (app.selected_detail(), app.tree_pane.selected_node()) {
        (Some(meta), _) => (
            meta.name().to_string(),
            secret_lines(
                app,
                meta,
                area.width.saturating_sub(2 + 12) as usize,
                &prepared,
            ),
        ),
        (None, Some(node)) => {
            let n = app.tree.node(node);
            (
                app.tree.path(node),
                vec![Line::from(format!(
                    "{} secret{} in this folder",
                    format::thousands(n.count as usize),
                    if n.count == 1 { "" } else { "s" }
                ))],
            )
        }
        (None, None) => ("".into(), vec![]),
    };
    let block =
        theme::pane(focused).title(Span::styled(format!(" {title} "), theme::title(focused)));
    let body = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll, 0));
    frame.render_widget(body, area);
}

fn field(name: &str, value: impl Into<Vec<Span<'static>>>) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{name:<12}"), theme::label())];
    spans.extend(value.into());
    Line::from(spans)
}

fn when(ts: Option<Timestamp>, now: Timestamp) -> Vec<Span<'static>> {
    match ts {
        Some(ts) => vec![
            Span::raw(format!("{} UTC", format::datetime(ts))),
            Span::styled(format!("  {}", format::age(ts, now)), theme::dim()),
        ],
        None => vec![Span::styled("—", theme::dim())],
    }
}

fn secret_lines<'a>(
    app: &'a App,
    meta: &SecretMeta,
    width: usize,
    prepared: &'a value::Prepared<'a>,
) -> Vec<Line<'a>> {
    let now = app.now;
    let mut lines = vec![field(
        "ARN",
        vec![Span::raw(format::fit_tail(&meta.arn().to_string(), width))],
    )];
    // A warning first: on a short terminal it must not scroll out of sight.
    if let Some(ts) = meta.deletion_date {
        lines.push(field(
            "deletion",
            vec![Span::styled(
                format!(
                    "✗ scheduled for {} UTC ({})",
                    format::datetime(ts),
                    format::age(ts, now)
                ),
                theme::error(),
            )],
        ));
    }
    // A rotation started here is followed live, near the top.
    if let Some(watch) = app.rotation_of(&meta.arn().to_string()) {
        lines.extend(rotation_progress(watch));
    }
    if let Some(d) = &meta.description {
        lines.push(field(
            "description",
            vec![Span::raw(crate::text::escaped(d).into_owned())],
        ));
    }
    lines.extend(value::lines(app, meta, prepared));
    let kms = meta
        .extras
        .kms_key_id
        .clone()
        .unwrap_or_else(|| "aws/secretsmanager (default)".into());
    lines.push(field("KMS key", vec![Span::raw(kms)]));
    lines.push(field("policy", policy(app, &meta.arn().to_string())));
    lines.push(field("created", when(meta.created, now)));
    lines.push(field("changed", when(meta.last_changed, now)));
    let accessed = match meta.last_accessed {
        Some(ts) => vec![Span::raw(format::access_day(ts, now))],
        None => vec![Span::styled("never", theme::dim())],
    };
    lines.push(field("accessed", accessed));
    lines.push(field("rotation", rotation(meta, now)));
    if meta.pending_rotation() {
        lines.push(field(
            "",
            vec![Span::styled(
                "⚠ AWSPENDING is on a version that is not AWSCURRENT: rotation running or stuck",
                theme::warn(),
            )],
        ));
        // A rotation followed above says what to do itself.
        let watched = app.rotation_of(&meta.arn().to_string()).is_some();
        if !watched {
            lines.push(field(
                "",
                vec![Span::styled(
                    "if it stays: check the rotation function's logs, then :cancel-rotation",
                    theme::dim(),
                )],
            ));
        }
    }
    if let Some(primary) = &meta.extras.primary_region {
        lines.push(field(
            "replica of",
            vec![Span::raw(format!("primary in {primary}"))],
        ));
    }
    for replica in &meta.extras.replicas {
        let style = if replica.status == "InSync" {
            theme::ok()
        } else {
            theme::warn()
        };
        lines.push(field(
            "replica",
            vec![
                Span::raw(format!("{} ", replica.region)),
                Span::styled(replica.status.clone(), style),
            ],
        ));
    }
    if let Some(service) = &meta.extras.owning_service {
        lines.push(field("managed by", vec![Span::raw(service.clone())]));
    }
    let tags = if meta.tags.is_empty() {
        vec![Span::styled("—", theme::dim())]
    } else {
        vec![Span::raw(
            meta.tags
                .iter()
                .map(|(k, v)| format!("{}={}", crate::text::escaped(k), crate::text::escaped(v)))
                .collect::<Vec<_>>()
                .join(", "),
        )]
    };
    lines.push(field("tags", tags));
    lines.push(field("versions", versions(meta)));
    if app.detail.loading() {
        lines.push(Line::styled("refreshing…", theme::dim()));
    }
    if let Some(err) = &app.detail.error {
        lines.push(Line::styled(format!("✗ {err}"), theme::error()));
        if let AwsError::AccessDenied { .. } = err {
            lines.push(Line::styled(
                "  (the listing above is what ListSecrets showed)",
                theme::dim(),
            ));
        }
    }
    lines
}

/// Who could read it: the resource policy, summed up on one line.
fn policy(app: &App, arn: &str) -> Vec<Span<'static>> {
    use crate::domain::policy::PolicyState;
    let pending = app.policies.fetch.loading() && app.policies.fetch.arn.as_deref() == Some(arn);
    match app.policies.of(arn) {
        None if pending => vec![Span::styled("reading…", theme::dim())],
        None => vec![Span::styled("—", theme::dim())],
        Some(PolicyState::None) => vec![Span::styled("none · IAM policies decide", theme::dim())],
        Some(PolicyState::Denied) => vec![Span::styled(
            "⊘ not allowed (secretsmanager:GetResourcePolicy)",
            theme::error(),
        )],
        Some(PolicyState::Failed(why)) => vec![Span::styled(
            format!("✗ {}", crate::text::escaped(why)),
            theme::error(),
        )],
        Some(PolicyState::Read {
            summary: Err(why), ..
        }) => vec![Span::styled(
            format!("✗ {}", crate::text::escaped(why)),
            theme::error(),
        )],
        Some(PolicyState::Read {
            summary: Ok(summary),
            ..
        }) => {
            let (line, attention) = crate::text::policy::headline(summary);
            let style = if attention {
                theme::warn()
            } else {
                Style::new()
            };
            vec![Span::styled(line, style)]
        }
    }
}

fn rotation(meta: &SecretMeta, now: Timestamp) -> Vec<Span<'static>> {
    let r = &meta.rotation;
    let mut parts = vec![if r.enabled {
        Span::styled("on", theme::ok())
    } else {
        Span::styled("off", theme::dim())
    }];
    let mut text = String::new();
    let rules = r.rules_label();
    if !rules.is_empty() {
        text.push_str(&format!(" · {rules}"));
    }
    if let (true, Some(next)) = (r.enabled, r.next) {
        text.push_str(&format!(
            " · next {} ({})",
            format::date(next),
            format::age(next, now)
        ));
    }
    if let Some(last) = r.last_rotated {
        text.push_str(&format!(" · last {}", format::date(last)));
    }
    if let Some(arn) = &r.lambda_arn {
        let function = arn.rsplit(':').next().unwrap_or(arn);
        text.push_str(&format!(" · fn {function}"));
    }
    parts.push(Span::raw(text));
    parts
}

fn versions(meta: &SecretMeta) -> Vec<Span<'static>> {
    // Unlabeled (deprecated) versions are counted in the versions pane (i).
    let count = meta
        .version_stages
        .values()
        .filter(|labels| !labels.is_empty())
        .count();
    let mut labelled: Vec<String> = Vec::new();
    for label in [AWSCURRENT, AWSPREVIOUS, AWSPENDING] {
        if let Some((id, _)) = meta
            .version_stages
            .iter()
            .find(|(_, l)| l.iter().any(|x| x == label))
        {
            labelled.push(format!("{label} {}", format::short_id(&id.text())));
        }
    }
    let mut text = format!("{count} version{}", if count == 1 { "" } else { "s" });
    if !labelled.is_empty() {
        text.push_str(&format!(" · {}", labelled.join(" · ")));
    }
    vec![Span::raw(text)]
}

/// The steps of a rotation started from this console, with their times.
fn rotation_progress(watch: &RotationWatch) -> Vec<Line<'static>> {
    let last = watch.steps.len().saturating_sub(1);
    let mut lines: Vec<Line<'static>> = watch
        .steps
        .iter()
        .enumerate()
        .map(|(i, (ms, text))| {
            let (mark, style) = match (&watch.phase, i == last) {
                (Phase::Succeeded { .. }, true) => ("✓", theme::ok()),
                (phase, true) if phase.is_final() => ("✗", theme::error()),
                (_, true) => ("●", theme::warn()),
                _ => ("·", theme::dim()),
            };
            field(
                if i == 0 { "rotating" } else { "" },
                vec![
                    Span::styled(format!("{:>5.1}s ", *ms as f64 / 1000.0), theme::dim()),
                    Span::styled(format!("{mark} {text}"), style),
                ],
            )
        })
        .collect();
    if let Some(err) = &watch.error {
        lines.push(field(
            "",
            vec![Span::styled(format!("✗ {err}"), theme::error())],
        ));
    } else if let Some(next) = watch.phase.next_step() {
        lines.push(field("", vec![Span::styled(next, theme::warn())]));
    } else if !watch.ended() {
        lines.push(field("", vec![Span::styled("watching…", theme::dim())]));
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::text::format::fit_tail as fit_arn;

    #[test]
    fn long_arns_keep_their_tail() {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:a/b-XyZ123";
        assert_eq!(fit_arn(arn, 100), arn);
        assert_eq!(fit_arn(arn, 12), "…:a/b-XyZ123");
        assert_eq!(fit_arn(arn, 12).chars().count(), 12);
    }
}
