//! CloudTrail management events, as the access pane and the report read them.
//!
//! An event arrives from LookupEvents with a few top-level fields and the
//! full record as a JSON string (`CloudTrailEvent`). Everything the pane
//! shows is taken from that record once, here. CloudTrail never records a
//! secret's value, so an event holds none.

use serde_json::Value;

use super::secret::Timestamp;

pub const SECRETS_MANAGER: &str = "secretsmanager.amazonaws.com";

/// One CloudTrail event, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEvent {
    pub id: String,
    pub time: Timestamp,
    pub name: String,
    pub source: String,
    /// The caller's full ARN (`userIdentity.arn`, or the older `aRN`).
    pub principal_arn: Option<String>,
    /// The Username lookup attribute (IAM user or role session name).
    pub username: Option<String>,
    pub access_key: Option<String>,
    pub source_ip: String,
    pub user_agent: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// How the caller named the secret (`requestParameters.secretId`;
    /// `requestParameters.name` for CreateSecret, whose record has no
    /// resources), the secret of a service event
    /// (`additionalEventData.SecretId`), or of a KMS call made for Secrets
    /// Manager (`requestParameters.encryptionContext.SecretARN`).
    pub secret_id: Option<String>,
    /// The caller's account when it is not the account the event was
    /// recorded in (`recipientAccountId`): a cross-account caller.
    pub foreign_account: Option<String>,
    /// ARNs in the event's Resources.
    pub resources: Vec<String>,
    /// The whole record, as CloudTrail keeps it.
    pub raw: String,
}

/// The top-level fields LookupEvents returns next to the record.
#[derive(Debug, Clone, Default)]
pub struct EventEnvelope {
    pub id: String,
    pub time: Timestamp,
    pub name: String,
    pub source: String,
    pub username: Option<String>,
    pub access_key: Option<String>,
    pub resources: Vec<String>,
}

impl AccessEvent {
    /// Build from LookupEvents' envelope and its `CloudTrailEvent` string.
    /// A record that is not JSON still gives an event (with what the
    /// envelope says), rather than vanishing from the timeline.
    pub fn parse(envelope: EventEnvelope, raw: String) -> AccessEvent {
        let record: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
        // Callers choose their user agent (and more): no control characters
        // reach the terminal or a report.
        let text = |v: &Value| v.as_str().map(printable);
        let identity = &record["userIdentity"];
        // Older events spell it `aRN`.
        let principal_arn = text(&identity["arn"]).or_else(|| text(&identity["aRN"]));
        let service = text(&identity["invokedBy"]);
        let params = &record["requestParameters"];
        let secret_id = text(&params["secretId"])
            .or_else(|| text(&record["additionalEventData"]["SecretId"]))
            .or_else(|| text(&params["encryptionContext"]["SecretARN"]))
            .or_else(|| {
                (envelope.name == "CreateSecret")
                    .then(|| text(&params["name"]))
                    .flatten()
            });
        let caller_account = text(&identity["accountId"]).or_else(|| {
            principal_arn
                .as_deref()
                .and_then(|a| a.split(':').nth(4))
                .filter(|a| !a.is_empty())
                .map(str::to_string)
        });
        let foreign_account = match (caller_account, text(&record["recipientAccountId"])) {
            (Some(caller), Some(recipient)) if caller != recipient => Some(caller),
            _ => None,
        };
        AccessEvent {
            id: envelope.id,
            time: envelope.time,
            name: envelope.name,
            source: envelope.source,
            principal_arn: principal_arn.or(service),
            username: envelope.username.as_deref().map(printable),
            access_key: envelope
                .access_key
                .as_deref()
                .map(printable)
                .or_else(|| text(&identity["accessKeyId"])),
            source_ip: text(&record["sourceIPAddress"]).unwrap_or_default(),
            user_agent: text(&record["userAgent"]).unwrap_or_default(),
            error_code: text(&record["errorCode"]),
            error_message: text(&record["errorMessage"]),
            secret_id,
            foreign_account,
            resources: envelope.resources,
            raw,
        }
    }

    /// An error answer, or a rotation Secrets Manager reports as failed
    /// (RotationFailed, an `AwsServiceEvent`, carries no error code).
    pub fn failed(&self) -> bool {
        self.error_code.is_some() || self.name == "RotationFailed"
    }

    /// RotationStarted / RotationSucceeded / RotationFailed / …
    pub fn is_rotation(&self) -> bool {
        self.name.starts_with("Rotation")
    }

    /// A read of a value (what "who read this secret?" counts).
    pub fn is_read(&self) -> bool {
        matches!(self.name.as_str(), "GetSecretValue" | "BatchGetSecretValue")
    }

    /// `ok`, or the error code.
    pub fn result(&self) -> &str {
        match &self.error_code {
            Some(code) => code,
            None if self.name == "RotationFailed" => "failed",
            None => "ok",
        }
    }

    /// `user/alice`, `role/deploy-bot`, `sso/Admin/jane@example.com`,
    /// `secretsmanager` …; a caller from another account is prefixed with
    /// its account (`111122223333:role/x`), so that it never looks local.
    pub fn principal(&self) -> String {
        let short = match &self.principal_arn {
            Some(arn) => short_principal(arn),
            None => self
                .username
                .clone()
                .unwrap_or_else(|| "(unknown)".to_string()),
        };
        match &self.foreign_account {
            Some(account) => format!("{account}:{short}"),
            None => short,
        }
    }

    /// Who to pivot on: the Username when CloudTrail has one, else the key.
    pub fn pivot_target(&self) -> Option<Pivot> {
        if let Some(user) = &self.username {
            return Some(Pivot::Username(user.clone()));
        }
        self.access_key.clone().map(Pivot::AccessKey)
    }

    /// Does this event concern the secret with this ARN and name? By its
    /// resources, or by the id the caller used: the name, the full ARN, or
    /// the partial ARN (without AWS's six-character suffix).
    pub fn concerns(&self, arn: &str, name: &str) -> bool {
        if self.resources.iter().any(|r| r == arn) {
            return true;
        }
        match &self.secret_id {
            Some(id) => id == name || id == arn || id == partial_arn(arn),
            None => false,
        }
    }

    /// The secret as the timeline names it: the resource's name, else the
    /// id the caller used.
    pub fn secret_label(&self) -> String {
        // A KMS event's resources are keys, not secrets.
        if let Some(arn) = self
            .resources
            .iter()
            .find(|a| a.contains(":secretsmanager:"))
        {
            return name_from_arn(arn).to_string();
        }
        match &self.secret_id {
            Some(id) if id.starts_with("arn:") => name_from_arn(id).to_string(),
            Some(id) => id.clone(),
            None => String::new(),
        }
    }

    /// The record, indented for reading.
    pub fn pretty(&self) -> String {
        serde_json::from_str::<Value>(&self.raw)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| self.raw.clone())
    }
}

/// What a timeline is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// One secret: every event that names it.
    Secret { arn: String, name: String },
    /// All Secrets Manager activity.
    All,
    /// Everything one principal or access key did.
    Pivot(Pivot),
}

impl Target {
    /// Keep this event in the timeline? (Lookups may return a superset.)
    pub fn keeps(&self, event: &AccessEvent) -> bool {
        match self {
            Target::Secret { arn, name } => event.concerns(arn, name),
            Target::All => event.source == SECRETS_MANAGER,
            Target::Pivot(Pivot::Username(u)) => event.username.as_deref() == Some(u),
            Target::Pivot(Pivot::AccessKey(k)) => event.access_key.as_deref() == Some(k),
            Target::Pivot(Pivot::Principal(p)) => event.principal() == *p,
        }
    }
}

/// Control characters and bidi overrides shown as visible escapes, so that
/// text from a record is safe to draw and a spoof is visible.
fn printable(s: &str) -> String {
    super::escape::escaped(s).into_owned()
}

/// A principal or access key to follow across secrets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pivot {
    Username(String),
    AccessKey(String),
    /// A principal as the timeline shows it (`role/deploy-bot`: every
    /// session of the role; `111122223333:role/x`), which CloudTrail's
    /// Username cannot look up: read all Secrets Manager events and keep
    /// this principal's.
    Principal(String),
}

impl Pivot {
    pub fn label(&self) -> String {
        match self {
            Pivot::Username(u) => format!("principal {u}"),
            Pivot::AccessKey(k) => format!("access key {k}"),
            Pivot::Principal(p) => format!("principal {p}"),
        }
    }
}

/// `arn:aws:iam::1:user/alice` → `user/alice`;
/// `arn:aws:sts::1:assumed-role/deploy-bot/gha-run` → `role/deploy-bot`;
/// `secretsmanager.amazonaws.com` → `secretsmanager`.
pub fn short_principal(arn: &str) -> String {
    if let Some(service) = arn.strip_suffix(".amazonaws.com") {
        return service.to_string();
    }
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    if let Some(rest) = resource.strip_prefix("assumed-role/") {
        let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
        // IAM Identity Center: the permission set and the person.
        if let Some(set) = role.strip_prefix("AWSReservedSSO_") {
            let set = set.rsplit_once('_').map_or(set, |(name, _)| name);
            return format!("sso/{set}/{session}");
        }
        return format!("role/{role}");
    }
    if resource == "root" {
        return "root".to_string();
    }
    resource.to_string()
}

/// `aws-sdk-go-v2/1.30.3 os/linux …` → `aws-sdk-go-v2`; `aws-cli/2.15 …` →
/// `aws-cli`; `Boto3/1.34 …` → `Boto3`; a service name stays as it is.
///
/// Partner tags in front (`APN/1.0 HashiCorp/1.0 Terraform/1.9.8 …`) are
/// skipped: the tool is the first product after them.
pub fn short_agent(agent: &str) -> &str {
    if let Some(service) = agent.strip_suffix(".amazonaws.com") {
        return service;
    }
    const WRAPPERS: &[&str] = &["APN", "HashiCorp"];
    let mut products = agent
        .split_whitespace()
        .map(|token| token.split('/').next().unwrap_or(token));
    let first = products.clone().next().unwrap_or("");
    products
        .find(|p| !WRAPPERS.contains(p) && !p.starts_with('('))
        .unwrap_or(first)
}

/// The ARN without the `-AbCdEf` suffix Secrets Manager appends.
pub fn partial_arn(arn: &str) -> &str {
    match arn.rsplit_once('-') {
        Some((head, suffix))
            if suffix.len() == 6
                && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
                && head.contains(":secret:") =>
        {
            head
        }
        _ => arn,
    }
}

/// `arn:…:secret:gaara-store/production/jwt-secret-AbCdEf` → the name.
pub fn name_from_arn(arn: &str) -> &str {
    let partial = partial_arn(arn);
    match partial.split_once(":secret:") {
        Some((_, name)) => name,
        None => partial,
    }
}

/// Newest first, one entry per event id: how every timeline is kept.
pub fn merge(into: &mut Vec<AccessEvent>, more: impl IntoIterator<Item = AccessEvent>) {
    let mut seen: std::collections::HashSet<String> = into.iter().map(|e| e.id.clone()).collect();
    for event in more {
        if seen.insert(event.id.clone()) {
            into.push(event);
        }
    }
    into.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.id.cmp(&b.id)));
}

/// How a lookup ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Every event in the window was read.
    Complete,
    /// Stopped after a page limit having read this many events: older
    /// ones were not read.
    Truncated { scanned: usize },
}

/// The time windows the pane offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Window {
    Hour,
    Day,
    Week,
    Quarter,
}

impl Window {
    pub const ALL: [Window; 4] = [Window::Hour, Window::Day, Window::Week, Window::Quarter];

    pub fn seconds(self) -> i64 {
        match self {
            Window::Hour => 3600,
            Window::Day => 86_400,
            Window::Week => 7 * 86_400,
            Window::Quarter => 90 * 86_400,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::Hour => "1h",
            Window::Day => "24h",
            Window::Week => "7d",
            Window::Quarter => "90d",
        }
    }

    pub fn next(self) -> Window {
        let at = Self::ALL.iter().position(|&w| w == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

#[cfg(test)]
#[path = "event_tests.rs"]
mod tests;
