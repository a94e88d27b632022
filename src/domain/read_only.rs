//! When sekret refuses to change anything: the one decision, made from the
//! `--read-only` flag, the profile in use and the identity that actually
//! signs (as STS reports it). A profile name is only a label the operator
//! chose; the account and the ARN are who the write would be made as, so
//! rules on them are decided on STS's answer, and refuse when STS cannot
//! give one (fail closed).

use serde::Deserialize;
use wildmatch::WildMatch;

/// The config file's `[read_only]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadOnlyRules {
    /// Profile name patterns (`*` and `?`).
    #[serde(default)]
    pub profiles: Vec<String>,
    /// Account ids (exact, 12 digits).
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Identity ARN patterns, matched against STS GetCallerIdentity's ARN
    /// (e.g. `arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin*/*`).
    #[serde(default)]
    pub identities: Vec<String>,
}

impl ReadOnlyRules {
    /// The first profile pattern `profile` matches.
    pub fn profile_match(&self, profile: &str) -> Option<&str> {
        self.profiles
            .iter()
            .find(|p| WildMatch::new(p).matches(profile))
            .map(String::as_str)
    }

    /// Do any rules need the signing identity to be decided?
    pub fn need_identity(&self) -> bool {
        !self.accounts.is_empty() || !self.identities.is_empty()
    }

    /// Config-time check: an account id is twelve digits.
    pub fn problem(&self) -> Option<String> {
        self.accounts
            .iter()
            .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
            .map(|a| format!("[read_only] accounts: {a:?} is not a 12-digit account id"))
    }
}

/// Who signs, as STS GetCallerIdentity says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer<'a> {
    pub account: &'a str,
    pub arn: &'a str,
}

/// Why writes are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    Flag,
    Profile {
        profile: String,
        pattern: String,
    },
    Account(String),
    Identity {
        arn: String,
        pattern: String,
    },
    /// The rules name accounts or identities and STS did not say who signs.
    IdentityUnknown(String),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Flag => write!(f, "--read-only was given"),
            Why::Profile { profile, pattern } => {
                write!(
                    f,
                    "profile {profile} matches [read_only] profiles {pattern:?}"
                )
            }
            Why::Account(account) => {
                write!(f, "account {account} is listed in [read_only] accounts")
            }
            Why::Identity { arn, pattern } => {
                write!(f, "{arn} matches [read_only] identities {pattern:?}")
            }
            Why::IdentityUnknown(err) => write!(
                f,
                "[read_only] names accounts or identities and STS could not say who signs ({err})"
            ),
        }
    }
}

/// The read-only decision for one connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guard {
    forced: bool,
    rules: ReadOnlyRules,
    /// The effective profile (`default` when none is named).
    profile: String,
}

impl Guard {
    pub fn new(forced: bool, rules: ReadOnlyRules, profile: impl Into<String>) -> Self {
        Guard {
            forced,
            rules,
            profile: profile.into(),
        }
    }

    /// The same rules for another profile (`:profile`).
    pub fn for_profile(&self, profile: impl Into<String>) -> Self {
        Guard {
            profile: profile.into(),
            ..self.clone()
        }
    }

    /// Does the decision wait on STS?
    pub fn needs_identity(&self) -> bool {
        self.before_identity().is_none() && self.rules.need_identity()
    }

    /// What is known without asking STS: the flag and the profile.
    pub fn before_identity(&self) -> Option<Why> {
        if self.forced {
            return Some(Why::Flag);
        }
        self.rules
            .profile_match(&self.profile)
            .map(|pattern| Why::Profile {
                profile: self.profile.clone(),
                pattern: pattern.to_string(),
            })
    }

    /// The whole decision, once STS answered (or failed with `Err(text)`).
    /// Without rules on the identity, STS's answer does not matter.
    pub fn decide(&self, signer: Result<Signer<'_>, &str>) -> Option<Why> {
        if let Some(why) = self.before_identity() {
            return Some(why);
        }
        if !self.rules.need_identity() {
            return None;
        }
        let signer = match signer {
            Ok(signer) => signer,
            Err(err) => return Some(Why::IdentityUnknown(err.to_string())),
        };
        if self.rules.accounts.iter().any(|a| a == signer.account) {
            return Some(Why::Account(signer.account.to_string()));
        }
        self.rules
            .identities
            .iter()
            .find(|p| WildMatch::new(p).matches(signer.arn))
            .map(|pattern| Why::Identity {
                arn: signer.arn.to_string(),
                pattern: pattern.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(profiles: &[&str], accounts: &[&str], identities: &[&str]) -> ReadOnlyRules {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        ReadOnlyRules {
            profiles: own(profiles),
            accounts: own(accounts),
            identities: own(identities),
        }
    }

    const PROD: Signer = Signer {
        account: "111111111111",
        arn: "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com",
    };
    const DEV: Signer = Signer {
        account: "222222222222",
        arn: "arn:aws:iam::222222222222:user/ci",
    };

    #[test]
    fn the_flag_and_the_profile_decide_before_sts() {
        let guard = Guard::new(true, ReadOnlyRules::default(), "dev");
        assert_eq!(guard.before_identity(), Some(Why::Flag));
        let guard = Guard::new(false, rules(&["*prod*"], &[], &[]), "gaara-prod");
        assert!(matches!(guard.before_identity(), Some(Why::Profile { .. })));
        assert!(!guard.needs_identity());
        assert_eq!(guard.for_profile("dev").before_identity(), None);
    }

    #[test]
    fn accounts_and_identity_globs_are_decided_on_the_signer() {
        let guard = Guard::new(false, rules(&[], &["111111111111"], &[]), "innocent-name");
        assert!(guard.needs_identity());
        assert_eq!(guard.before_identity(), None);
        assert_eq!(
            guard.decide(Ok(PROD)),
            Some(Why::Account("111111111111".into()))
        );
        assert_eq!(guard.decide(Ok(DEV)), None);

        let guard = Guard::new(
            false,
            rules(
                &[],
                &[],
                &["arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin*/*"],
            ),
            "x",
        );
        assert!(matches!(guard.decide(Ok(PROD)), Some(Why::Identity { .. })));
        assert_eq!(guard.decide(Ok(DEV)), None);
    }

    #[test]
    fn an_unknown_signer_is_refused_only_when_rules_need_it() {
        let guard = Guard::new(false, rules(&[], &["111111111111"], &[]), "x");
        assert!(matches!(
            guard.decide(Err("AccessDenied")),
            Some(Why::IdentityUnknown(_))
        ));
        let guard = Guard::new(false, rules(&["*prod*"], &[], &[]), "dev");
        assert_eq!(guard.decide(Err("AccessDenied")), None);
    }

    #[test]
    fn account_ids_are_checked() {
        assert!(rules(&[], &["1234"], &[]).problem().is_some());
        assert!(rules(&[], &["123456789012"], &[]).problem().is_none());
    }
}
