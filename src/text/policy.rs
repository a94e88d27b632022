//! A resource policy's summary in words, for the detail pane, the
//! `Enter` view and reports. Principals, Sids and condition keys are the
//! policy author's text: escaped here.

use crate::domain::policy::{Grant, PolicySummary, Who};
use crate::text::escaped;

/// One line: the verdict first (public, other accounts), then the rest.
/// The flag says it needs attention.
pub fn headline(s: &PolicySummary) -> (String, bool) {
    let mut parts = Vec::new();
    if s.public {
        let reads = s
            .allows
            .iter()
            .any(|g| g.open_to_everyone() && !g.restricted() && g.reads_value());
        parts.push(if reads {
            "⚠ PUBLIC: anyone may read the value".to_string()
        } else {
            "⚠ PUBLIC: anyone may call it".to_string()
        });
    }
    if !s.cross_accounts.is_empty() {
        let accounts: Vec<String> = s.cross_accounts.iter().map(|a| escaped(a).into()).collect();
        parts.push(format!(
            "{} other account{}: {}",
            accounts.len(),
            if accounts.len() == 1 { "" } else { "s" },
            accounts.join(", ")
        ));
    }
    if !s.services.is_empty() {
        let services: Vec<String> = s.services.iter().map(|a| escaped(a).into()).collect();
        parts.push(format!("services: {}", services.join(", ")));
    }
    let restricting: std::collections::BTreeSet<&str> = s
        .allows
        .iter()
        .filter(|g| g.restricted())
        .flat_map(|g| g.conditions.iter().map(String::as_str))
        .collect();
    if !restricting.is_empty() {
        let keys: Vec<String> = restricting.iter().map(|k| escaped(k).into()).collect();
        parts.push(format!("if {}", keys.join(", ")));
    }
    if parts.is_empty() {
        parts.push(if s.allows.is_empty() {
            "denies only".to_string()
        } else {
            "this account only".to_string()
        });
    }
    parts.push(match s.denies.len() {
        0 if !s.allows.is_empty() => "no Deny".to_string(),
        0 => String::new(),
        n => format!("{n} Deny"),
    });
    parts.retain(|p| !p.is_empty());
    let attention = s.public || !s.cross_accounts.is_empty();
    (parts.join(" · "), attention)
}

/// Every statement, one line each: `Allow  Sid  who  actions  when …`.
pub fn grant_line(effect: &str, g: &Grant) -> String {
    let who = if g.everyone_but {
        format!("everyone but {}", whos(&g.who))
    } else {
        whos(&g.who)
    };
    let actions = if g.actions.is_empty() {
        "(no action)".to_string()
    } else {
        g.actions
            .iter()
            .map(|a| escaped(a).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let actions = if g.all_but_actions {
        format!("every action but {actions}")
    } else {
        actions
    };
    let mut line = format!("{effect:<5} {who}: {actions}");
    if !g.conditions.is_empty() {
        let keys: Vec<String> = g.conditions.iter().map(|k| escaped(k).into()).collect();
        line.push_str(&format!(" · when {}", keys.join(", ")));
    }
    if let Some(sid) = &g.sid {
        line.push_str(&format!(" · Sid {}", escaped(sid)));
    }
    line
}

fn whos(list: &[Who]) -> String {
    if list.is_empty() {
        return "(no principal)".into();
    }
    list.iter()
        .map(|w| match w {
            Who::Everyone => "*".to_string(),
            Who::Account(a) => format!("account {}", escaped(a)),
            Who::Arn(a) | Who::Service(a) | Who::Federated(a) => escaped(a).into_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The headline, then every statement.
pub fn summary_lines(s: &PolicySummary) -> Vec<String> {
    let mut out = vec![headline(s).0];
    for g in &s.allows {
        out.push(grant_line("Allow", g));
    }
    for g in &s.denies {
        out.push(grant_line("Deny", g));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_puts_the_verdict_first_and_escapes_the_author_text() {
        let p = PolicySummary::of(
            &serde_json::json!({"Statement": [
                {"Sid": "evil\u{202e}sid", "Effect": "Allow", "Principal": "*",
                 "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                 "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]})
            .to_string(),
            "123456789012",
        )
        .unwrap();
        let (line, attention) = headline(&p);
        assert!(attention);
        assert_eq!(
            line,
            "⚠ PUBLIC: anyone may read the value · 1 other account: 210987654321 · no Deny"
        );
        let lines = summary_lines(&p);
        assert!(
            lines[1].starts_with("Allow *: secretsmanager:GetSecretValue"),
            "{}",
            lines[1]
        );
        assert!(!lines[1].contains('\u{202e}'), "{}", lines[1]);
        assert!(lines[2].contains("account 210987654321"), "{}", lines[2]);
    }

    #[test]
    fn a_restricted_policy_names_its_conditions() {
        let p = PolicySummary::of(
            &serde_json::json!({"Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"},
                 "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}},
                {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*",
                 "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}]})
            .to_string(),
            "123456789012",
        )
        .unwrap();
        assert_eq!(
            headline(&p),
            ("if aws:SourceVpce · 1 Deny".to_string(), false)
        );
    }
}
