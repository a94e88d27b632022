//! `ls --all-regions` as text: the table and the notes beside it, shared
//! by the command line and the console's all-regions view.

use super::format;
use super::table::table;
use crate::domain::regions::{AllRegions, RegionSource, Role};

/// What the operator should know beside the table: where the regions
/// came from, and every region that could not be listed.
pub fn notes(all: &AllRegions) -> Vec<String> {
    let mut out = Vec::new();
    if all.source == Some(RegionSource::ConfigFile) {
        let why = all
            .list_regions_error
            .as_ref()
            .map(|e| format!(" (ListRegions: {e})"))
            .unwrap_or_default();
        out.push(format!(
            "note: regions from the config file's [listing] regions{why}"
        ));
    }
    for (region, err) in &all.failed {
        let hint = err.hint().map(|h| format!(" — {h}")).unwrap_or_default();
        out.push(format!("error: {region} not listed: {err}{hint}"));
    }
    out
}

/// The role column: `primary → eu-west-1`, `replica ← us-east-1 InSync`.
pub fn role_label(role: &Role) -> String {
    match role {
        Role::Single => String::new(),
        Role::Primary { replicas } => format!("primary → {}", replicas.join(",")),
        Role::Replica {
            primary,
            status,
            status_error,
            ..
        } => match (status, status_error) {
            (Some(status), _) => format!("replica ← {primary} {status}"),
            (None, Some(why)) => format!("replica ← {primary} (status unknown: {why})"),
            (None, None) => format!("replica ← {primary}"),
        },
    }
}

pub fn regional_table(all: &AllRegions) -> String {
    let rows: Vec<[String; 5]> = all
        .secrets
        .iter()
        .map(|r| {
            [
                r.region.clone(),
                r.meta.name().to_string(),
                role_label(&r.role),
                r.meta
                    .last_changed
                    .map(format::date)
                    .unwrap_or_else(|| "-".into()),
                r.meta
                    .deletion_date
                    .map(|t| format!("deletes {}", format::date(t)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = table(
        &["REGION", "NAME", "REPLICATION", "CHANGED", "DELETION"],
        &rows,
    );
    out.push_str(&format!(
        "{} secrets in {} of {} regions\n",
        all.secrets.len(),
        all.regions.len() - all.failed.len(),
        all.regions.len()
    ));
    out
}
