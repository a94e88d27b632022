//! A rotation schedule as `:rotation` reads it, checked against the ranges
//! RotateSecret accepts: every N days (1–1000), `rate(N days)` (1–1000),
//! `rate(N hours)` (4–23), `cron(…)` with six fields, a window of 1–24
//! hours that ends before the next rotation starts.

use super::rules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Every {
    /// RotationRules.AutomaticallyAfterDays
    Days(u16),
    /// RotationRules.ScheduleExpression: `rate(…)` or `cron(…)`
    Expression(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub every: Every,
    /// RotationRules.Duration, e.g. `3h`.
    pub window: Option<String>,
    /// RotationLambdaARN; None keeps the secret's function.
    pub lambda: Option<String>,
}

impl Schedule {
    /// `30`, `30d`, `rate(10 days)`, `rate(6 hours)` or `cron(0 4 ? * MON *)`,
    /// then optionally `window=3h` and `lambda=ARN`.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(USAGE.into());
        }
        let (every, rest) = if text.starts_with("rate(") || text.starts_with("cron(") {
            let close = text
                .find(')')
                .ok_or_else(|| format!("{text:?}: the expression has no closing ')'"))?;
            let expr = &text[..=close];
            (expression(expr)?, &text[close + 1..])
        } else {
            let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
            (days(first)?, rest)
        };
        let mut schedule = Schedule {
            every,
            window: None,
            lambda: None,
        };
        for word in rest.split_whitespace() {
            match word.split_once('=') {
                Some(("window", w)) => schedule.window = Some(window(w)?),
                Some(("lambda", arn)) => {
                    rules::lambda_arn(arn)?;
                    schedule.lambda = Some(arn.to_string());
                }
                _ => return Err(format!("unexpected {word:?}: {USAGE}")),
            }
        }
        schedule.check_window()?;
        Ok(schedule)
    }

    /// How it reads in a confirmation and in the audit log.
    pub fn label(&self) -> String {
        let mut out = match &self.every {
            Every::Days(d) => format!("every {d} days"),
            Every::Expression(e) => e.clone(),
        };
        if let Some(w) = &self.window {
            out.push_str(&format!(" · window {w}"));
        }
        out
    }

    /// A window must close before the next rotation in an hourly rate.
    fn check_window(&self) -> Result<(), String> {
        let (Some(window), Every::Expression(expr)) = (&self.window, &self.every) else {
            return Ok(());
        };
        let hours: u32 = window.trim_end_matches('h').parse().unwrap_or(0);
        if let Some((n, unit)) = rate(expr)
            && unit == "hours"
            && hours >= n
        {
            return Err(format!(
                "a {window} window does not fit between rotations every {n} hours"
            ));
        }
        Ok(())
    }
}

const USAGE: &str =
    "use :rotation DAYS|rate(N days)|rate(N hours)|cron(…) [window=Nh] [lambda=ARN]";

fn days(word: &str) -> Result<Every, String> {
    let digits = word.strip_suffix('d').unwrap_or(word);
    let n: u16 = digits
        .parse()
        .map_err(|_| format!("{word:?} is not a number of days: {USAGE}"))?;
    if !(1..=1000).contains(&n) {
        return Err(format!("rotation every {n} days: must be 1 to 1000"));
    }
    Ok(Every::Days(n))
}

/// `rate(N days)` → (N, "days").
fn rate(expr: &str) -> Option<(u32, &str)> {
    let inner = expr.strip_prefix("rate(")?.strip_suffix(')')?.trim();
    let (n, unit) = inner.split_once(' ')?;
    let unit = match unit.trim() {
        "day" | "days" => "days",
        "hour" | "hours" => "hours",
        _ => return None,
    };
    Some((n.parse().ok()?, unit))
}

fn expression(expr: &str) -> Result<Every, String> {
    if expr.starts_with("rate(") {
        let Some((n, unit)) = rate(expr) else {
            return Err(format!("{expr:?}: a rate is rate(N days) or rate(N hours)"));
        };
        let (range, what) = if unit == "days" {
            (1..=1000, "1 to 1000 days")
        } else {
            (4..=23, "4 to 23 hours")
        };
        if !range.contains(&n) {
            return Err(format!("{expr}: a rate must be {what}"));
        }
        return Ok(Every::Expression(format!("rate({n} {unit})")));
    }
    let fields: Vec<&str> = expr
        .trim_start_matches("cron(")
        .trim_end_matches(')')
        .split_whitespace()
        .collect();
    let valid = |f: &str| {
        f.chars()
            .all(|c| c.is_ascii_alphanumeric() || "*?,-/#".contains(c))
    };
    if fields.len() != 6 || !fields.iter().all(|f| valid(f)) {
        return Err(format!(
            "{expr:?}: a cron expression has six fields (minutes hours day-of-month month day-of-week year)"
        ));
    }
    Ok(Every::Expression(format!("cron({})", fields.join(" "))))
}

fn window(w: &str) -> Result<String, String> {
    let hours: Option<u8> = w.strip_suffix('h').and_then(|n| n.parse().ok());
    match hours {
        Some(h) if (1..=24).contains(&h) => Ok(format!("{h}h")),
        _ => Err(format!("window {w:?}: must be 1h to 24h")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_rates_and_crons() {
        assert_eq!(Schedule::parse("30").unwrap().every, Every::Days(30));
        assert_eq!(Schedule::parse("7d").unwrap().every, Every::Days(7));
        assert_eq!(
            Schedule::parse("rate(10 days)").unwrap().every,
            Every::Expression("rate(10 days)".into())
        );
        let s = Schedule::parse(
            "cron(0 4 ? * MON *) window=3h lambda=arn:aws:lambda:us-east-1:123456789012:function:f",
        )
        .unwrap();
        assert_eq!(s.every, Every::Expression("cron(0 4 ? * MON *)".into()));
        assert_eq!(s.window.as_deref(), Some("3h"));
        assert!(s.lambda.is_some());
        assert_eq!(s.label(), "cron(0 4 ? * MON *) · window 3h");
    }

    #[test]
    fn the_real_ranges() {
        assert!(Schedule::parse("0").unwrap_err().contains("1 to 1000"));
        assert!(Schedule::parse("1001").is_err());
        assert!(
            Schedule::parse("rate(3 hours)")
                .unwrap_err()
                .contains("4 to 23")
        );
        assert!(Schedule::parse("rate(24 hours)").is_err());
        assert!(Schedule::parse("rate(1001 days)").is_err());
        assert!(Schedule::parse("rate(5 weeks)").is_err());
        assert!(
            Schedule::parse("cron(0 4 * *)")
                .unwrap_err()
                .contains("six fields")
        );
        assert!(
            Schedule::parse("30 window=25h")
                .unwrap_err()
                .contains("1h to 24h")
        );
        assert!(
            Schedule::parse("rate(6 hours) window=6h")
                .unwrap_err()
                .contains("does not fit")
        );
        assert!(Schedule::parse("rate(6 hours) window=2h").is_ok());
        assert!(
            Schedule::parse("30 lambda=nope")
                .unwrap_err()
                .contains("Lambda")
        );
        assert!(
            Schedule::parse("30 color=red")
                .unwrap_err()
                .contains("unexpected")
        );
        assert!(Schedule::parse("").is_err());
    }
}
