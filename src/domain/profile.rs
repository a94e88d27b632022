//! A profile from the AWS config files, as the `:profile` picker lists it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEntry {
    pub name: String,
    /// The profile's own region, if it sets one.
    pub region: Option<String>,
    /// Signs in through IAM Identity Center (`aws sso login`).
    pub sso: bool,
    /// Assumes a role (`role_arn`).
    pub role: bool,
}

/// `default` first, then by name.
pub fn sort(entries: &mut [ProfileEntry]) {
    entries.sort_by(|a, b| (a.name != "default", &a.name).cmp(&(b.name != "default", &b.name)));
}
