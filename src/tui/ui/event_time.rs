//! Times in the access pane's tables: with the date when the events shown
//! fall on more than one day.

use chrono::DateTime;

use crate::domain::secret::Timestamp;

/// Do the times shown fall on more than one day (UTC)? Then rows carry
/// the date.
pub fn spans_days(times: &[Timestamp], now: Timestamp) -> bool {
    let day = |t: Timestamp| t.div_euclid(86_400);
    times.iter().any(|&t| day(t) != day(now))
}

pub fn time_label(ts: i64, with_date: bool) -> String {
    let fmt = if with_date { "%m-%d %H:%M" } else { "%H:%M:%S" };
    DateTime::from_timestamp(ts, 0)
        .map(|d| d.format(fmt).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_shows_when_the_events_span_days() {
        let noon = 1_800_000_000 / 86_400 * 86_400 + 12 * 3600;
        assert!(!spans_days(&[noon - 3600, noon - 7200], noon));
        assert!(spans_days(&[noon - 13 * 3600], noon), "yesterday");
        assert_eq!(time_label(noon, false), "12:00:00");
        assert_eq!(time_label(noon, true).len(), "01-15 12:00".len());
    }
}
