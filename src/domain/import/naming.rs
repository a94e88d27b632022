//! Where each key goes: `PREFIX + kebab-case(key)`, or one bundle
//! `PREFIX + NAME` holding every key.

use super::Entry;
use crate::domain::rules;

/// Where an import writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Ends with `/` (added when the operator left it out).
    pub prefix: String,
    /// One JSON secret `prefix + bundle` instead of one secret per key.
    pub bundle: Option<String>,
}

impl Target {
    /// Check and normalise `--prefix` and `--bundle`.
    pub fn new(prefix: &str, bundle: Option<&str>) -> Result<Target, String> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err("the prefix is empty: give one like gaara-store/production/".into());
        }
        let prefix = if prefix.ends_with('/') {
            prefix.to_string()
        } else {
            format!("{prefix}/")
        };
        if let Some(bad) = prefix.chars().find(|c| !rules::name_char(*c)) {
            return Err(format!(
                "{bad:?} is not allowed in a prefix: use letters, digits and / _ + = . @ -"
            ));
        }
        let bundle = bundle.map(str::trim).filter(|b| !b.is_empty());
        if let Some(b) = bundle {
            rules::secret_name(&format!("{prefix}{b}"))
                .map_err(|e| format!("bundle {b:?}: {e}"))?;
        }
        Ok(Target {
            prefix,
            bundle: bundle.map(str::to_string),
        })
    }

    /// The bundle's full name, in bundle mode.
    pub fn bundle_name(&self) -> Option<String> {
        self.bundle.as_ref().map(|b| format!("{}{b}", self.prefix))
    }

    /// The secret an entry is written to (the bundle, in bundle mode).
    pub fn name_for(&self, entry: &Entry) -> String {
        self.bundle_name()
            .unwrap_or_else(|| format!("{}{}", self.prefix, kebab(&entry.key)))
    }

    /// What the operator types to confirm: the bundle's name, or the prefix.
    pub fn confirmation(&self) -> String {
        self.bundle_name().unwrap_or_else(|| self.prefix.clone())
    }
}

/// `JWT_SECRET_KEY` → `jwt-secret-key`, `alpaca.api_key` → `alpaca-api-key`,
/// `stripeSecretKey` → `stripe-secret-key`.
pub fn kebab(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev: Option<char> = None;
    for c in key.chars() {
        if c == '_' || c == '.' || c == '-' || c.is_whitespace() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_ascii_uppercase() {
            // A hump in camelCase starts a word; SHOUTING_CASE does not.
            if prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                && !out.ends_with('-')
            {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_kebab_case() {
        assert_eq!(kebab("JWT_SECRET_KEY"), "jwt-secret-key");
        assert_eq!(kebab("alpaca.api_key"), "alpaca-api-key");
        assert_eq!(kebab("stripeSecretKey"), "stripe-secret-key");
        assert_eq!(kebab("NEXT_PUBLIC_API_URL"), "next-public-api-url");
        assert_eq!(kebab("S3_BUCKET"), "s3-bucket");
        assert_eq!(kebab("__odd__KEY__"), "odd-key");
        assert_eq!(kebab("OAuth2Token"), "oauth2-token");
    }

    #[test]
    fn prefixes_end_with_a_slash_and_are_checked() {
        let t = Target::new("gaara-store/production", None).unwrap();
        assert_eq!(t.prefix, "gaara-store/production/");
        assert_eq!(t.confirmation(), "gaara-store/production/");
        assert!(Target::new("bad prefix/", None).is_err());
        assert!(Target::new("  ", None).is_err());
        let b = Target::new("pipeline-pulse/prod/", Some("database")).unwrap();
        assert_eq!(
            b.bundle_name().as_deref(),
            Some("pipeline-pulse/prod/database")
        );
        assert!(Target::new("p/", Some("a b")).is_err());
    }
}
