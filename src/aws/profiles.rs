//! The profiles in `~/.aws/config` and `~/.aws/credentials` (or the files
//! `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` name), read with
//! aws-config's own parser so the list is exactly what the SDK accepts.

use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

use crate::domain::profile::{self, ProfileEntry};

pub async fn list() -> Result<Vec<ProfileEntry>, String> {
    let set =
        aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
            .await
            .map_err(|e| format!("could not read the AWS config files: {e}"))?;
    let mut entries: Vec<ProfileEntry> = set
        .profiles()
        .filter_map(|name| {
            let p = set.get_profile(name)?;
            Some(ProfileEntry {
                name: name.to_string(),
                region: p.get("region").map(str::to_string),
                sso: p.get("sso_session").is_some() || p.get("sso_start_url").is_some(),
                role: p.get("role_arn").is_some(),
            })
        })
        .collect();
    profile::sort(&mut entries);
    Ok(entries)
}
