//! A listing of every enabled region: each secret where it was seen, its
//! replication role, and the regions that could not be listed.

use super::error::AwsError;
use super::secret::SecretMeta;

/// Where the region list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    ListRegions,
    ConfigFile,
}

/// One secret as seen in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Regional {
    pub region: String,
    pub meta: SecretMeta,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Not replicated (or its replicas were not listed).
    Single,
    /// The primary of these replica regions.
    Primary { replicas: Vec<String> },
    /// A replica: the primary's region, and the replication status the
    /// primary reports for this region (None when the primary could not
    /// be described; `status_error` says why).
    Replica {
        primary: String,
        status: Option<String>,
        message: Option<String>,
        status_error: Option<String>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AllRegions {
    pub regions: Vec<String>,
    pub source: Option<RegionSource>,
    /// Why ListRegions could not be used, when the config list was.
    pub list_regions_error: Option<AwsError>,
    pub failed: Vec<(String, AwsError)>,
    /// Sorted by name, then region.
    pub secrets: Vec<Regional>,
}
