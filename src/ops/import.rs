//! Import and verify, the part that touches files and AWS: read the file,
//! read what Secrets Manager holds at each target name, and carry a plan
//! out through the one write gate. The console's worker and the CLI share
//! it; the deciding is pure (`domain::import`).

use crate::domain::read_only::Guard;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use futures::stream::{self, StreamExt};
use zeroize::Zeroizing;

use crate::aws::Clients;
use crate::aws::values::Which;
use crate::domain::error::AwsError;
use crate::domain::import::plan::Write;
use crate::domain::import::remote::{Current, Remote};
use crate::domain::import::{Format, Source};
use crate::domain::mutation::Outcome;
use crate::ops::audit_log::AuditLog;

/// Larger files are not configuration files.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads of what is stored run this many at a time.
const INSPECT_CONCURRENCY: usize = 4;

/// Read and parse `path`; `format` None goes by the file name. A dotenv
/// file's `$NAME` takes the process environment only with `expand_env`
/// (the operator's credentials are in it).
pub fn read_source(
    path: &Path,
    format: Option<Format>,
    expand_env: bool,
) -> Result<Source, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {shown}: {e}"))?;
    // Sized up front: a Vec that grows frees its old buffer unwiped.
    let expected = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES) as usize;
    let mut bytes = Zeroizing::new(Vec::with_capacity(expected + 1));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{shown} is larger than {MAX_FILE_BYTES} bytes: not a configuration file"
        ));
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("{shown} is not UTF-8 text (byte {})", e.valid_up_to()))?;
    let format = format.unwrap_or_else(|| Format::of_path(&path.to_string_lossy()));
    let environment = |name: &str| std::env::var(name).ok().map(Zeroizing::new);
    let environment: Option<crate::domain::import::dotenv::Environment> =
        expand_env.then_some(&environment);
    format
        .parse_with(text, environment)
        .map_err(|e| format!("{shown}: {e}"))
}

/// What is stored at each of `names`: DescribeSecret (so that a missing
/// name costs no failed GetSecretValue in CloudTrail), then GetSecretValue
/// of AWSCURRENT for those that exist. Values are hashed and dropped,
/// except a bundle's (`keep_values`), which the import merges into.
pub async fn inspect(
    clients: &Clients,
    names: Vec<String>,
    keep_values: bool,
) -> HashMap<String, Remote> {
    stream::iter(names)
        .map(|name| async move {
            let remote = inspect_one(clients, &name, keep_values).await;
            (name, remote)
        })
        .buffer_unordered(INSPECT_CONCURRENCY)
        .collect()
        .await
}

async fn inspect_one(clients: &Clients, name: &str, keep_value: bool) -> Remote {
    match clients.describe_secret(name).await {
        Err(AwsError::NotFound { .. }) => return Remote::Missing,
        Err(e) => return Remote::Unreadable(e.to_string()),
        Ok(meta) if meta.deletion_date.is_some() => return Remote::Deleted,
        Ok(_) => {}
    }
    match clients.get_value(name, &Which::current()).await {
        Ok(None) => Remote::Empty,
        Ok(Some(read)) => Remote::Current(Current::read(read.version_id, read.value, keep_value)),
        Err(e) => Remote::Unreadable(e.to_string()),
    }
}

/// What one write did.
#[derive(Debug)]
pub struct Applied {
    pub name: String,
    pub keys: Vec<String>,
    pub result: Result<Outcome, AwsError>,
}

/// Make the writes one after another (an import is a handful of calls;
/// one at a time keeps the order of the audit log and far from throttling).
/// A failed write does not stop the others: each is reported.
pub async fn apply(
    clients: &Clients,
    audit: &AuditLog,
    guard: &Guard,
    writes: &[Write],
    file: &str,
) -> Vec<Applied> {
    let mut applied = Vec::with_capacity(writes.len());
    for write in writes {
        let origin = format!("import {file}: {}", write.keys.join(", "));
        let result = crate::ops::writes::apply_noted(
            clients,
            audit,
            guard,
            &write.name,
            &write.mutation,
            Some(&origin),
        )
        .await;
        applied.push(Applied {
            name: write.name.clone(),
            keys: write.keys.clone(),
            result,
        });
    }
    applied
}
