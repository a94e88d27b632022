//! Dates, ages and numbers as the panes print them.

use chrono::{DateTime, Utc};

use crate::domain::secret::Timestamp;

/// `2026-11-20 14:02`
pub fn datetime(ts: Timestamp) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "?".into())
}

/// `2026-11-20`
pub fn date(ts: Timestamp) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "?".into())
}

/// `3d ago`, `5h ago`, `in 6d`, `just now`.
pub fn age(ts: Timestamp, now: Timestamp) -> String {
    let delta = now - ts;
    let (amount, future) = if delta >= 0 {
        (delta, false)
    } else {
        (-delta, true)
    };
    let text = match amount {
        0..60 => return "just now".into(),
        60..3600 => format!("{}m", amount / 60),
        3600..86_400 => format!("{}h", amount / 3600),
        _ => format!("{}d", amount / 86_400),
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// AWS reports access as a day: `today`, `yesterday`, `12d ago`.
pub fn access_day(ts: Timestamp, now: Timestamp) -> String {
    let days = now.div_euclid(86_400) - ts.div_euclid(86_400);
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "yesterday".into(),
        d => format!("{d}d ago"),
    }
}

/// `1,204`
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text`, or `…` and as much of its end as fits in `width` columns (the
/// tail of an ARN or a secret path says the most).
pub fn fit_tail(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len <= width || width < 2 {
        return text.to_string();
    }
    let tail: String = text.chars().skip(len - (width - 1)).collect();
    format!("…{tail}")
}

/// `text`, shortened in the middle so that both ends stay: a secret's
/// service (first segment) and its key (last) say the most, so
/// `pipeline-pulse/prod/database` becomes `pipeline-pulse/…/database`.
/// Whole `/` segments go first; when even that is too wide, characters
/// go from the middle (`pipeli…base`). Never wider than `width`.
pub fn fit_middle(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len <= width {
        return text.to_string();
    }
    if width < 2 {
        return text.chars().take(width).collect();
    }
    let segments: Vec<&str> = text.split('/').collect();
    if segments.len() > 2 {
        // Keep the first segment and as many trailing ones as fit.
        let first = segments[0];
        let mut kept: Vec<&str> = Vec::new();
        for seg in segments[1..].iter().rev() {
            let tail: usize = kept.iter().map(|s| s.chars().count() + 1).sum();
            let need = first.chars().count() + 2 + tail + seg.chars().count() + 1;
            if need > width || kept.len() + 2 >= segments.len() {
                break;
            }
            kept.push(seg);
        }
        if !kept.is_empty() {
            kept.reverse();
            return format!("{first}/…/{}", kept.join("/"));
        }
    }
    // Characters from the middle: a little more of the end than the start.
    let keep = width - 1;
    let head = keep / 2;
    let tail = keep - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(len - tail).collect();
    format!("{start}…{end}")
}

/// `text`, or as much of its start as fits in `width` columns and `…`.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The first 8 characters of a version id: `3f2a91bc…`.
pub use crate::domain::version::short_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_shorten_in_the_middle() {
        let name = "pipeline-pulse/prod/database";
        assert_eq!(fit_middle(name, 40), name);
        assert_eq!(fit_middle(name, 25), "pipeline-pulse/…/database");
        assert_eq!(fit_middle(name, 12), "pipel…tabase");
        assert_eq!(fit_middle("a/b/c/d/e", 7), "a/…/d/e");
        assert_eq!(fit_middle("abcdef", 1), "a");
        for w in 0..30 {
            assert!(fit_middle(name, w).chars().count() <= w);
        }
    }

    #[test]
    fn formats() {
        assert_eq!(datetime(1_763_647_320), "2025-11-20 14:02");
        assert_eq!(age(100, 100 + 3 * 86_400), "3d ago");
        assert_eq!(age(100 + 6 * 86_400 + 10, 100), "in 6d");
        assert_eq!(access_day(86_400 * 10, 86_400 * 10 + 500), "today");
        assert_eq!(access_day(86_400 * 9, 86_400 * 10 + 500), "yesterday");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(short_id("3f2a91bc-1234"), "3f2a91bc…");
    }
}
