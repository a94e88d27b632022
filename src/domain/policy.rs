//! "Who *could* read this secret?": a secret's resource policy (the JSON
//! GetResourcePolicy returns — metadata, never a value) summed up: who is
//! allowed what, which conditions restrict it, the explicit denies, and
//! the two things an operator must see at once — a **public** grant (an
//! Allow to `*` that no condition restricts) and **cross-account** grants
//! (principals in other accounts, by account id).
//!
//! The policy is text its author controls: every string kept here is
//! shown escaped by whoever draws it.

use std::collections::BTreeSet;

use serde_json::Value;

/// Condition keys that narrow *who* may use a grant. A condition on
/// anything else (a tag, the time, TLS) does not make `*` less public.
const RESTRICTING: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:userid",
    "aws:username",
];

/// Who a statement names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    /// `"Principal": "*"` or `{"AWS": "*"}`: anyone, in any account.
    Everyone,
    /// An account (`123456789012` or `arn:aws:iam::123456789012:root`).
    Account(String),
    /// A user, role or session ARN.
    Arn(String),
    /// An AWS service (`lambda.amazonaws.com`).
    Service(String),
    /// A web identity or SAML provider.
    Federated(String),
}

impl Who {
    /// The account a principal belongs to, when it names one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Who::Account(a) => Some(a),
            Who::Arn(arn) => arn.split(':').nth(4).filter(|a| !a.is_empty()),
            _ => None,
        }
    }
}

/// One statement, as the summary needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub sid: Option<String>,
    pub who: Vec<Who>,
    /// `NotPrincipal`: everyone *except* `who`.
    pub everyone_but: bool,
    pub actions: Vec<String>,
    /// `NotAction`: every action except `actions`.
    pub all_but_actions: bool,
    /// The condition keys (`aws:PrincipalOrgID`, …), as written.
    pub conditions: Vec<String>,
    /// A condition on who that must hold: a restricting key under a
    /// positive operator. `StringNotEquals aws:PrincipalArn` ("everyone but
    /// this role") or an `…IfExists` operator (true when the key is absent)
    /// narrows nothing.
    pub narrows_who: bool,
}

impl Grant {
    /// Does a condition narrow who may use it?
    pub fn restricted(&self) -> bool {
        self.narrows_who
    }

    /// Anyone at all, unless a condition narrows it.
    pub fn open_to_everyone(&self) -> bool {
        self.everyone_but || self.who.contains(&Who::Everyone)
    }

    /// Can it read the value (GetSecretValue, through a wildcard too)?
    pub fn reads_value(&self) -> bool {
        let matches = self.actions.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            a == "*"
                || a == "secretsmanager:*"
                || a == "secretsmanager:getsecretvalue"
                || (a.ends_with('*')
                    && "secretsmanager:getsecretvalue".starts_with(&a[..a.len() - 1]))
        });
        matches != self.all_but_actions
    }
}

/// A resource policy, summed up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicySummary {
    pub allows: Vec<Grant>,
    pub denies: Vec<Grant>,
    /// An Allow open to everyone that no condition restricts.
    pub public: bool,
    /// Other accounts an Allow names (directly or by a principal's ARN).
    pub cross_accounts: BTreeSet<String>,
    pub services: BTreeSet<String>,
}

impl PolicySummary {
    /// Read `policy` (the JSON text) for a secret in `own_account`.
    pub fn of(policy: &str, own_account: &str) -> Result<PolicySummary, String> {
        let doc: Value = serde_json::from_str(policy)
            .map_err(|e| format!("the resource policy is not JSON: {e}"))?;
        let statements = match &doc["Statement"] {
            Value::Array(list) => list.clone(),
            one @ Value::Object(_) => vec![one.clone()],
            _ => return Err("the resource policy has no Statement".into()),
        };
        let mut out = PolicySummary::default();
        for s in &statements {
            let (who, everyone_but) = match (&s["Principal"], &s["NotPrincipal"]) {
                (p, Value::Null) => (principals(p), false),
                (_, not) => (principals(not), true),
            };
            let (actions, all_but_actions) = match (&s["Action"], &s["NotAction"]) {
                (a, Value::Null) => (strings(a), false),
                (_, not) => (strings(not), true),
            };
            let (conditions, narrows_who) = conditions(&s["Condition"]);
            let grant = Grant {
                sid: s["Sid"].as_str().map(str::to_string),
                who,
                everyone_but,
                actions,
                all_but_actions,
                conditions,
                narrows_who,
            };
            if s["Effect"].as_str() == Some("Deny") {
                out.denies.push(grant);
                continue;
            }
            out.public |= grant.open_to_everyone() && !grant.restricted();
            for w in &grant.who {
                if let Who::Service(service) = w {
                    out.services.insert(service.clone());
                }
                if let Some(account) = w.account()
                    && account != own_account
                    && !grant.everyone_but
                {
                    out.cross_accounts.insert(account.to_string());
                }
            }
            out.allows.push(grant);
        }
        Ok(out)
    }

    /// Allows without a Deny that bounds them: nothing stops a principal
    /// the Allow did not mean (Security Hub's advice: deny everyone
    /// outside the organisation or account explicitly).
    pub fn no_deny_boundary(&self) -> bool {
        !self.allows.is_empty() && self.denies.is_empty()
    }
}

/// What reading a secret's resource policy gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyState {
    /// GetResourcePolicy answered: the secret has no policy.
    None,
    /// The policy's JSON, and its summary or why it has none.
    Read {
        json: std::sync::Arc<str>,
        summary: Result<PolicySummary, String>,
    },
    /// The caller may not read it (secretsmanager:GetResourcePolicy).
    Denied,
    /// Another error, as said.
    Failed(String),
}

impl PolicyState {
    /// GetResourcePolicy's answer for the secret `arn` (whose account is
    /// the one grants are compared with).
    pub fn from_answer(
        result: Result<Option<String>, crate::domain::error::AwsError>,
        arn: &str,
    ) -> PolicyState {
        use crate::domain::error::AwsError;
        match result {
            Ok(None) => PolicyState::None,
            Ok(Some(json)) => {
                let own = arn.split(':').nth(4).unwrap_or_default();
                PolicyState::Read {
                    summary: PolicySummary::of(&json, own),
                    json: json.into(),
                }
            }
            Err(AwsError::AccessDenied { .. }) => PolicyState::Denied,
            Err(other) => PolicyState::Failed(other.to_string()),
        }
    }

    /// The summary, when a policy was read and understood.
    pub fn summary(&self) -> Option<&PolicySummary> {
        match self {
            PolicyState::Read {
                summary: Ok(summary),
                ..
            } => Some(summary),
            _ => None,
        }
    }

    /// Was the policy (or its absence) learnt? Denied and failed reads
    /// leave the policy checks undecided.
    pub fn known(&self) -> bool {
        matches!(
            self,
            PolicyState::None | PolicyState::Read { summary: Ok(_), .. }
        )
    }
}

/// The condition keys, and whether one of them must hold for who the
/// caller is.
fn conditions(block: &Value) -> (Vec<String>, bool) {
    let Value::Object(operators) = block else {
        return (Vec::new(), false);
    };
    let mut keys = Vec::new();
    let mut narrows = false;
    for (operator, tests) in operators {
        let op = operator.to_ascii_lowercase();
        let positive = !op.contains("not") && !op.ends_with("ifexists") && op != "null";
        for key in tests.as_object().into_iter().flat_map(|t| t.keys()) {
            narrows |= positive && RESTRICTING.contains(&key.to_ascii_lowercase().as_str());
            keys.push(key.clone());
        }
    }
    (keys, narrows)
}

/// `"*"`, `{"AWS": "…" | […]}`, `{"Service": …}`, `{"Federated": …}`.
fn principals(p: &Value) -> Vec<Who> {
    match p {
        Value::String(s) if s == "*" => vec![Who::Everyone],
        // Not the documented grammar, but accepted and seen in the wild
        // (a bare ARN or account id): read as `{"AWS": …}`.
        Value::String(s) => vec![aws_principal(s)],
        Value::Object(kinds) => {
            let mut out = Vec::new();
            for (kind, names) in kinds {
                for name in strings(names) {
                    out.push(match kind.as_str() {
                        _ if name == "*" => Who::Everyone,
                        "AWS" => aws_principal(&name),
                        "Service" => Who::Service(name),
                        _ => Who::Federated(name),
                    });
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

fn aws_principal(name: &str) -> Who {
    if name.len() == 12 && name.bytes().all(|b| b.is_ascii_digit()) {
        return Who::Account(name.to_string());
    }
    match name.strip_suffix(":root") {
        Some(head) => Who::Account(head.rsplit(':').next().unwrap_or_default().to_string()),
        None => Who::Arn(name.to_string()),
    }
}

/// A string or a list of strings.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "123456789012";

    fn of(policy: serde_json::Value) -> PolicySummary {
        PolicySummary::of(&policy.to_string(), OURS).unwrap()
    }

    #[test]
    fn another_accounts_role_is_cross_account_not_public() {
        // The shape of the Secrets Manager guide's cross-account example.
        let p = of(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/ApplicationRole"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*"
            }]
        }));
        assert!(!p.public);
        assert_eq!(
            p.cross_accounts,
            BTreeSet::from(["111122223333".to_string()])
        );
        assert!(p.allows[0].reads_value());
        assert!(p.no_deny_boundary());
    }

    #[test]
    fn star_is_public_unless_a_condition_narrows_who() {
        let open = of(serde_json::json!({"Statement": {
            "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"
        }}));
        assert!(open.public);
        let tagged = of(serde_json::json!({"Statement": {
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:Get*",
            "Resource": "*",
            "Condition": {"StringEquals": {"secretsmanager:ResourceTag/team": "x"}}
        }}));
        assert!(tagged.public, "a tag condition does not narrow who");
        assert!(tagged.allows[0].reads_value());
        let org = of(serde_json::json!({"Statement": {
            "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}
        }}));
        assert!(!org.public);
        let vpce = of(serde_json::json!({"Statement": {
            "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:sourceVpce": "vpce-1234567"}}
        }}));
        assert!(!vpce.public, "condition keys ignore case");
    }

    #[test]
    fn denies_accounts_services_and_negations() {
        let p = of(serde_json::json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["123456789012", "arn:aws:iam::444455556666:root"],
              "Service": "lambda.amazonaws.com"}, "Action": ["secretsmanager:DescribeSecret"],
             "Resource": "*"},
            {"Sid": "DenyOutsideOrg", "Effect": "Deny", "Principal": "*", "Action": "*",
             "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}
        ]}));
        assert_eq!(
            p.cross_accounts,
            BTreeSet::from(["444455556666".to_string()])
        );
        assert!(p.services.contains("lambda.amazonaws.com"));
        assert!(!p.allows[0].reads_value(), "DescribeSecret reads no value");
        assert_eq!(p.denies[0].sid.as_deref(), Some("DenyOutsideOrg"));
        assert!(!p.no_deny_boundary());
        let everyone_but = of(serde_json::json!({"Statement": {
            "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:user/x"},
            "NotAction": "secretsmanager:DeleteSecret", "Resource": "*"
        }}));
        assert!(everyone_but.public);
        assert!(everyone_but.allows[0].reads_value());
    }

    #[test]
    fn what_is_not_a_policy_says_why() {
        assert!(PolicySummary::of("not json", OURS).is_err());
        assert!(PolicySummary::of("{}", OURS).is_err());
    }
}

/// Policies written by others (tests/corpus/resource_policies.json, each
/// with its source): the summary must say what each case expects.
#[cfg(test)]
mod corpus {
    use super::*;

    #[test]
    fn every_case_in_the_corpus() {
        let corpus: Value =
            serde_json::from_str(include_str!("../../tests/corpus/resource_policies.json"))
                .unwrap();
        let cases = corpus["cases"].as_array().unwrap();
        assert!(cases.len() >= 10);
        for case in cases {
            let name = case["name"].as_str().unwrap();
            assert!(
                case["source"].as_str().is_some_and(|s| !s.is_empty()),
                "{name}"
            );
            let own = case["secret_account"].as_str().unwrap_or("123456789012");
            let got = PolicySummary::of(&case["policy"].to_string(), own)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let want = &case["expect"];
            assert_eq!(got.public, want["public"], "{name}: public");
            let accounts: Vec<&str> = got.cross_accounts.iter().map(String::as_str).collect();
            let wanted: Vec<&str> = want["cross_accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            assert_eq!(accounts, wanted, "{name}: cross-account");
            assert_eq!(got.allows.len() as u64, want["allows"], "{name}: allows");
            assert_eq!(got.denies.len() as u64, want["denies"], "{name}: denies");
            let reads = got.allows.iter().any(Grant::reads_value);
            assert_eq!(reads, want["reads_value"], "{name}: reads the value");
            assert_eq!(
                got.no_deny_boundary(),
                want["no_deny_boundary"],
                "{name}: boundary"
            );
        }
    }
}
