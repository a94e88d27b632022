//! The findings of many secrets, counted per check: the rows of the
//! findings view and of `sekret audit`'s table, each with its counts by
//! severity and a score (the share of secrets the check passes, as k9s's
//! Popeye view scored each linter).

use super::{CHECKS, Check, CheckId, Finding, Severity, Thresholds, evaluate};
use crate::domain::policy::PolicyState;
use crate::domain::secret::{SecretMeta, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub check: &'static Check,
    /// Findings by severity (index: `Severity as usize`).
    pub by_severity: [usize; 5],
    /// Secrets the check could decide (policy checks: those whose policy
    /// was read).
    pub evaluated: usize,
}

impl CheckRow {
    pub fn failing(&self) -> usize {
        self.by_severity.iter().sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity as usize]
    }

    /// Percent of the secrets it decided that pass; 100 with none decided.
    pub fn score(&self) -> u8 {
        match self.evaluated {
            0 => 100,
            n => (100 * (n - self.failing().min(n)) / n) as u8,
        }
    }

    pub fn worst(&self) -> Option<Severity> {
        Severity::ALL.into_iter().find(|&s| self.count(s) > 0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// One per check not ignored, in `CHECKS` order.
    pub rows: Vec<CheckRow>,
    /// Every finding, most severe first, then by secret name.
    pub findings: Vec<Finding>,
    pub secrets: usize,
    /// Secrets whose policy is not known yet (unread, denied, failed).
    pub policies_unknown: usize,
}

impl Tally {
    pub fn of<'a>(
        secrets: impl IntoIterator<Item = (&'a SecretMeta, Option<&'a PolicyState>)>,
        now: Timestamp,
        limits: &Thresholds,
    ) -> Tally {
        let mut rows: Vec<CheckRow> = CHECKS
            .iter()
            .filter(|c| !limits.ignored(c.id))
            .map(|check| CheckRow {
                check,
                by_severity: [0; 5],
                evaluated: 0,
            })
            .collect();
        let mut tally = Tally::default();
        for (meta, policy) in secrets {
            tally.secrets += 1;
            let known = policy.is_some_and(PolicyState::known);
            if !known {
                tally.policies_unknown += 1;
            }
            for row in rows.iter_mut() {
                if known || !row.check.needs_policy {
                    row.evaluated += 1;
                }
            }
            for finding in evaluate(meta, policy, now, limits) {
                if let Some(row) = rows.iter_mut().find(|r| r.check.id == finding.check) {
                    row.by_severity[finding.severity as usize] += 1;
                }
                tally.findings.push(finding);
            }
        }
        tally
            .findings
            .sort_by(|a, b| b.severity.cmp(&a.severity).then(a.secret.cmp(&b.secret)));
        tally.rows = rows;
        tally
    }

    /// The mean of the checks' scores (of those that decided something).
    pub fn score(&self) -> u8 {
        let decided: Vec<u32> = self
            .rows
            .iter()
            .filter(|r| r.evaluated > 0)
            .map(|r| r.score() as u32)
            .collect();
        match decided.len() {
            0 => 100,
            n => (decided.iter().sum::<u32>() / n as u32) as u8,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.rows.iter().map(|r| r.count(severity)).sum()
    }

    /// The findings of one check, most severe first.
    pub fn of_check(&self, check: CheckId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.check == check)
    }

    /// Any finding at `severity` or above?
    pub fn any_at_least(&self, severity: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= severity)
    }

    /// The most severe finding on each secret, by ARN (tree badges).
    pub fn worst_by_secret(&self) -> std::collections::HashMap<&str, Severity> {
        let mut out = std::collections::HashMap::new();
        for f in &self.findings {
            let at = out.entry(f.arn.as_str()).or_insert(f.severity);
            *at = (*at).max(f.severity);
        }
        out
    }
}
