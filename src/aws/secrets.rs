//! Secrets Manager metadata calls and SDK -> domain conversion.
//! Nothing here reads a secret value.

use aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput;
use aws_sdk_secretsmanager::primitives::DateTime;
use aws_sdk_secretsmanager::types::{
    Filter, FilterNameStringType, ReplicationStatusType, RotationRulesType, SecretListEntry, Tag,
};

use super::Clients;
use super::error::from_sdk;
use crate::domain::error::AwsError;
use crate::domain::secret::{
    Extras, Labels, Replica, Rotation, SecretId, SecretMeta, Tags, Timestamp,
};

/// ListSecrets' largest page.
pub const PAGE_SIZE: i32 = 100;

/// One page of the listing, and the token for the next one.
pub struct Page {
    pub secrets: Vec<SecretMeta>,
    pub next_token: Option<String>,
}

impl Clients {
    /// One ListSecrets page, secrets scheduled for deletion included.
    pub async fn list_secrets_page(&self, token: Option<String>) -> Result<Page, AwsError> {
        self.list_prefixed_page(&[], token).await
    }

    /// One ListSecrets page of the names starting with any of `prefixes`
    /// (all names when there is none). AWS may answer a superset: callers
    /// check the prefix again.
    pub async fn list_prefixed_page(
        &self,
        prefixes: &[String],
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        let filter = (!prefixes.is_empty()).then(|| {
            Filter::builder()
                .key(FilterNameStringType::Name)
                .set_values(Some(prefixes.to_vec()))
                .build()
        });
        let out = self
            .secrets
            .list_secrets()
            .set_filters(filter.map(|f| vec![f]))
            .include_planned_deletion(true)
            .max_results(PAGE_SIZE)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("secretsmanager:ListSecrets")))?;
        Ok(Page {
            secrets: out.secret_list().iter().map(from_list_entry).collect(),
            next_token: out
                .next_token()
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        })
    }

    /// One ListSecrets page sorted by name (SortBy=name), upwards or
    /// downwards, over `prefixes` (all names when there is none).
    pub async fn list_sorted_page(
        &self,
        prefixes: &[String],
        descending: bool,
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        use aws_sdk_secretsmanager::types::{SortByType, SortOrderType};
        let filter = (!prefixes.is_empty()).then(|| {
            Filter::builder()
                .key(FilterNameStringType::Name)
                .set_values(Some(prefixes.to_vec()))
                .build()
        });
        let order = if descending {
            SortOrderType::Desc
        } else {
            SortOrderType::Asc
        };
        let out = self
            .secrets
            .list_secrets()
            .set_filters(filter.map(|f| vec![f]))
            .include_planned_deletion(true)
            .max_results(PAGE_SIZE)
            .sort_by(SortByType::Name)
            .sort_order(order)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("secretsmanager:ListSecrets")))?;
        Ok(Page {
            secrets: out.secret_list().iter().map(from_list_entry).collect(),
            next_token: out
                .next_token()
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        })
    }

    /// Every page, in order (for the CLI).
    pub async fn list_all_secrets(&self) -> Result<Vec<SecretMeta>, AwsError> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = self.list_secrets_page(token).await?;
            all.extend(page.secrets);
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn describe_secret(&self, secret_id: &str) -> Result<SecretMeta, AwsError> {
        let out = self
            .secrets
            .describe_secret()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("secretsmanager:DescribeSecret")))?;
        Ok(from_describe(&out))
    }

    /// The secret's resource policy (JSON), or None when it has none.
    /// Metadata: reading it is no access to the value.
    pub async fn resource_policy(&self, secret_id: &str) -> Result<Option<String>, AwsError> {
        let out = self
            .secrets
            .get_resource_policy()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &self.call_context("secretsmanager:GetResourcePolicy")))?;
        Ok(out
            .resource_policy()
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string))
    }
}

fn ts(t: Option<&DateTime>) -> Option<Timestamp> {
    t.map(|t| t.secs())
}

fn rotation(
    enabled: Option<bool>,
    lambda: Option<&str>,
    rules: Option<&RotationRulesType>,
    last: Option<&DateTime>,
    next: Option<&DateTime>,
) -> Rotation {
    Rotation {
        enabled: enabled.unwrap_or(false),
        lambda_arn: lambda.filter(|l| !l.is_empty()).map(str::to_string),
        after_days: rules.and_then(|r| r.automatically_after_days()),
        schedule: rules
            .and_then(|r| r.schedule_expression())
            .map(str::to_string),
        duration: rules.and_then(|r| r.duration()).map(str::to_string),
        last_rotated: ts(last),
        next: ts(next),
    }
}

fn tags(tags: &[Tag]) -> Tags {
    Tags::new(crate::domain::small_map::small_map(tags.iter().filter_map(
        |t| Some((t.key()?.into(), t.value().unwrap_or_default().into())),
    )))
}

fn stages(
    map: Option<&std::collections::HashMap<String, Vec<String>>>,
) -> crate::domain::secret::Stages {
    map.map(|m| {
        m.iter()
            .map(|(id, labels)| (id.as_str(), labels.iter().collect::<Labels>()))
            .collect()
    })
    .unwrap_or_default()
}

fn replicas(list: &[ReplicationStatusType]) -> Vec<Replica> {
    list.iter()
        .map(|r| Replica {
            region: r.region().unwrap_or_default().to_string(),
            status: r
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            message: r.status_message().map(str::to_string),
        })
        .collect()
}

pub fn from_list_entry(e: &SecretListEntry) -> SecretMeta {
    SecretMeta {
        id: SecretId::new(e.name().unwrap_or_default(), e.arn().unwrap_or_default()),
        description: e.description().filter(|d| !d.is_empty()).map(Box::from),
        created: ts(e.created_date()),
        last_changed: ts(e.last_changed_date()),
        last_accessed: ts(e.last_accessed_date()),
        deletion_date: ts(e.deleted_date()),
        rotation: rotation(
            e.rotation_enabled(),
            e.rotation_lambda_arn(),
            e.rotation_rules(),
            e.last_rotated_date(),
            e.next_rotation_date(),
        )
        .into(),
        tags: tags(e.tags()),
        version_stages: stages(e.secret_versions_to_stages()),
        extras: Extras {
            kms_key_id: e.kms_key_id().map(str::to_string),
            owning_service: e.owning_service().map(str::to_string),
            primary_region: e.primary_region().map(str::to_string),
            replicas: Vec::new(),
        }
        .into(),
    }
}

pub fn from_describe(d: &DescribeSecretOutput) -> SecretMeta {
    SecretMeta {
        id: SecretId::new(d.name().unwrap_or_default(), d.arn().unwrap_or_default()),
        description: d.description().filter(|d| !d.is_empty()).map(Box::from),
        created: ts(d.created_date()),
        last_changed: ts(d.last_changed_date()),
        last_accessed: ts(d.last_accessed_date()),
        deletion_date: ts(d.deleted_date()),
        rotation: rotation(
            d.rotation_enabled(),
            d.rotation_lambda_arn(),
            d.rotation_rules(),
            d.last_rotated_date(),
            d.next_rotation_date(),
        )
        .into(),
        tags: tags(d.tags()),
        version_stages: stages(d.version_ids_to_stages()),
        extras: Extras {
            kms_key_id: d.kms_key_id().map(str::to_string),
            owning_service: d.owning_service().map(str::to_string),
            primary_region: d.primary_region().map(str::to_string),
            replicas: replicas(d.replication_status()),
        }
        .into(),
    }
}
