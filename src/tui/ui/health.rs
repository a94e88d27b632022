//! The health pane: identity, connection, and how the AWS calls are going.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::tui::app::cache::CacheStats;
use crate::tui::app::listing::Listing;
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Pane::Health;
    let block = theme::pane(focused).title(Span::styled(" Health ", theme::title(focused)));
    let inner_height = block.inner(area).height;
    let h = &app.health;

    let who = match &h.identity {
        None => Span::styled("identity …", theme::dim()),
        Some(Ok(id)) => Span::raw(format!(
            "acct {} · {}",
            id.account,
            id.arn.split(':').next_back().unwrap_or(&id.arn)
        )),
        Some(Err(err)) => Span::styled(format!("identity: {err}"), theme::error()),
    };
    let mut conn = vec![
        who,
        Span::raw(format!(
            " · profile {} · {} · {}",
            app.conn.profile.as_deref().unwrap_or("default"),
            app.conn.region,
            app.conn.endpoint
        )),
    ];
    if app.conn.read_only {
        conn.push(Span::styled(" · READ-ONLY", theme::warn()));
    }

    let meta = app.detail.cache.stats();
    let versions = app.versions.fetch.cache.stats();
    let values = app.values.cache.stats();
    let latency = match (h.percentile(50), h.percentile(95)) {
        (Some(p50), Some(p95)) => format!(" · p50 {p50}ms p95 {p95}ms"),
        _ => String::new(),
    };
    let listing = match &app.listing {
        Listing::Idle => "idle".to_string(),
        Listing::Loading { pages, .. } => format!("loading ({pages} pages)"),
        Listing::Retrying { retry_in_s, .. } => format!("offline, retrying in {retry_in_s}s"),
        Listing::Partial { pages, .. } => format!("PARTIAL after {pages} pages"),
        Listing::Done { pages: 1 } => "complete (1 page)".to_string(),
        Listing::Done { pages } => format!("complete ({pages} pages)"),
    };
    let totals = Line::from(vec![
        Span::raw(format!("calls {} · ", h.calls)),
        Span::styled(
            format!("errors {}", h.errors),
            if h.errors > 0 {
                theme::error()
            } else {
                Default::default()
            },
        ),
        Span::styled(
            format!(" · throttled {}", h.throttled),
            if h.throttled > 0 {
                theme::warn()
            } else {
                Default::default()
            },
        ),
        Span::raw(format!(
            " · retries {}{latency} · listing {listing}",
            h.retries()
        )),
    ]);
    let per_op: Vec<String> = h
        .ops
        .iter()
        .map(|(op, s)| {
            if s.errors > 0 {
                format!("{op} {} ({} failed)", s.calls, s.errors)
            } else {
                format!("{op} {}", s.calls)
            }
        })
        .collect();
    let ops = per_op.join(" · ");
    let all = CacheStats {
        entries: meta.entries + versions.entries + values.entries,
        hits: meta.hits + versions.hits + values.hits,
        misses: meta.misses + versions.misses + values.misses,
        evictions: meta.evictions + versions.evictions + values.evictions,
    };
    let cache_text = format!(
        "cache {} ({} values) · hits {} · misses {} · hit {} · evicted {} · ttl {}s · ",
        all.entries,
        values.entries,
        all.hits,
        all.misses,
        all.hit_rate()
            .map(|r| format!("{r}%"))
            .unwrap_or_else(|| "—".into()),
        all.evictions,
        app.detail.cache.ttl_ms() / 1000,
    );
    let mut lines = vec![Line::from(conn)];
    if inner_height >= 8 {
        // The whole pane (a tab on small terminals): one fact per line,
        // wrapped rather than cut.
        lines.push(totals);
        lines.push(Line::from(cache_text.trim_end_matches(" · ").to_string()));
        if let Some((op, err)) = &h.last_error {
            lines.push(Line::styled(
                format!("last error: {op}: {err}"),
                theme::error(),
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("calls per operation", theme::label()));
        lines.extend(per_op.into_iter().map(|op| Line::raw(format!("  {op}"))));
        let text = Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false });
        frame.render_widget(text.block(block), area);
        return;
    }
    if inner_height >= 3 {
        lines.push(totals);
        let mut last = vec![Span::raw(cache_text), Span::styled(ops, theme::dim())];
        if let Some((op, err)) = &h.last_error {
            last.push(Span::styled(
                format!("  last error: {op}: {err}"),
                theme::error(),
            ));
        }
        lines.push(Line::from(last));
    } else {
        // Short terminals: one line, the essentials.
        let p50 = h
            .percentile(50)
            .map(|ms| format!(" · p50 {ms}ms"))
            .unwrap_or_default();
        lines = vec![Line::from(format!(
            "{} · calls {} · errors {} · throttled {}{p50} · listing {listing}",
            app.conn.region, h.calls, h.errors, h.throttled
        ))];
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
