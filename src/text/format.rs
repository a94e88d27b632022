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
