//! Every enabled region at once (`sekret ls --all-regions`, `:all-regions`
//! in the console): the regions come from Account ListRegions (or the
//! config file's `[listing] regions` when that is refused), each is listed
//! concurrently with its own clients, and replicas are checked against
//! their primary: one DescribeSecret per primary that has a listed
//! replica, in the primary's region, for its ReplicationStatus.
//!
//! A region that fails is reported with its error; the others are still
//! listed (partial, and said so — never silently).

use std::collections::{BTreeMap, HashMap};

use futures::StreamExt;
use futures::stream::FuturesUnordered;

use crate::aws::Clients;
use crate::aws::config::{self, ConnectOptions};
use crate::aws::listing::{Collect, Strategy};
use crate::domain::error::AwsError;
pub use crate::domain::regions::{AllRegions, RegionSource, Regional, Role};
use crate::domain::secret::SecretMeta;

/// Regions listed at the same time (each with its own listing fan-out).
const REGIONS_AT_ONCE: usize = 4;
/// Primaries described at the same time.
const DESCRIBES_AT_ONCE: usize = 8;

/// The regions to list: ListRegions, else the configured list.
async fn regions(
    opts: &ConnectOptions,
    configured: &[String],
) -> Result<(Vec<String>, RegionSource, Option<AwsError>), AwsError> {
    let ctx = config::load(opts).await?;
    match crate::aws::regions::enabled(&ctx).await {
        Ok(list) if !list.is_empty() => Ok((list, RegionSource::ListRegions, None)),
        Ok(_) if !configured.is_empty() => {
            Ok((configured.to_vec(), RegionSource::ConfigFile, None))
        }
        Err(err) if !configured.is_empty() => {
            Ok((configured.to_vec(), RegionSource::ConfigFile, Some(err)))
        }
        Ok(_) => Err(AwsError::Other(
            "ListRegions returned no regions; list them under [listing] regions in the config file"
                .into(),
        )),
        Err(err) => Err(AwsError::Other(format!(
            "cannot tell which regions are enabled ({err}); allow account:ListRegions, \
             or list the regions under [listing] regions in the config file"
        ))),
    }
}

pub async fn list(
    opts: &ConnectOptions,
    strategy: Strategy,
    configured: &[String],
) -> Result<AllRegions, AwsError> {
    let (regions, source, list_regions_error) = regions(opts, configured).await?;
    let mut out = AllRegions {
        regions: regions.clone(),
        source: Some(source),
        list_regions_error,
        ..AllRegions::default()
    };

    // Every region's listing, REGIONS_AT_ONCE at a time.
    let mut clients: HashMap<String, Clients> = HashMap::new();
    let mut listed: Vec<(String, Vec<SecretMeta>)> = Vec::new();
    let mut pending = regions.into_iter();
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < REGIONS_AT_ONCE
            && let Some(region) = pending.next()
        {
            let opts = ConnectOptions {
                region: Some(region.clone()),
                ..opts.clone()
            };
            running.push(async move {
                let result = async {
                    let clients = Clients::new(config::load(&opts).await?);
                    let mut sink = Collect(Vec::new());
                    clients.list_streaming(strategy, &mut sink).await?;
                    Ok::<_, AwsError>((clients, sink.0))
                }
                .await;
                (region, result)
            });
        }
        let Some((region, result)) = running.next().await else {
            break;
        };
        match result {
            Ok((c, secrets)) => {
                clients.insert(region.clone(), c);
                listed.push((region, secrets));
            }
            Err(err) => out.failed.push((region, err)),
        }
    }
    out.failed.sort_by(|a, b| a.0.cmp(&b.0));

    // Replicas: ask each primary (in its own region) how replication goes.
    let mut replicas_of: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (region, secrets) in &listed {
        for s in secrets {
            if let Some(primary) = s.extras.primary_region.as_deref().filter(|p| p != region) {
                replicas_of
                    .entry((primary.to_string(), s.name().to_string()))
                    .or_default()
                    .push(region.clone());
            }
        }
    }
    let described = describe_primaries(&clients, replicas_of.keys().cloned().collect()).await;

    for (region, secrets) in listed {
        for meta in secrets {
            let role = match meta
                .extras
                .primary_region
                .as_deref()
                .filter(|p| *p != region)
            {
                Some(primary) => {
                    let key = (primary.to_string(), meta.name().to_string());
                    let (status, message, status_error) = match described.get(&key) {
                        Some(Ok(p)) => {
                            match p.extras.replicas.iter().find(|r| r.region == region) {
                                Some(r) => (Some(r.status.clone()), r.message.clone(), None),
                                None => (None, None, Some("not in the primary's replicas".into())),
                            }
                        }
                        Some(Err(err)) => (None, None, Some(err.to_string())),
                        None => (None, None, Some(format!("{primary} was not listed"))),
                    };
                    Role::Replica {
                        primary: primary.to_string(),
                        status,
                        message,
                        status_error,
                    }
                }
                None => match replicas_of.get(&(region.clone(), meta.name().to_string())) {
                    Some(regions) => Role::Primary {
                        replicas: regions.clone(),
                    },
                    None => Role::Single,
                },
            };
            out.secrets.push(Regional {
                region: region.clone(),
                meta,
                role,
            });
        }
    }
    out.secrets
        .sort_by(|a, b| (a.meta.name(), &a.region).cmp(&(b.meta.name(), &b.region)));
    Ok(out)
}

async fn describe_primaries(
    clients: &HashMap<String, Clients>,
    keys: Vec<(String, String)>,
) -> HashMap<(String, String), Result<SecretMeta, AwsError>> {
    futures::stream::iter(keys)
        .map(|(region, name)| async move {
            let result = match clients.get(&region) {
                Some(c) => c.describe_secret(&name).await,
                None => Err(AwsError::Other(format!(
                    "region {region} could not be listed"
                ))),
            };
            ((region, name), result)
        })
        .buffer_unordered(DESCRIBES_AT_ONCE)
        .collect()
        .await
}
