//! The regions enabled for the account (AWS Account ListRegions), for
//! `ls --all-regions`.

use aws_sdk_account::types::RegionOptStatus;

use super::config::AwsContext;
use super::error::{CallContext, from_sdk};
use crate::domain::error::AwsError;

/// Every region that is enabled (by default or opted in), sorted.
pub async fn enabled(ctx: &AwsContext) -> Result<Vec<String>, AwsError> {
    let client = aws_sdk_account::Client::new(&ctx.config);
    let call = CallContext {
        action: "account:ListRegions".into(),
        endpoint: ctx.endpoint_label(),
        profile: ctx.profile.clone(),
    };
    let mut regions = Vec::new();
    let mut token = None;
    loop {
        let out = client
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .max_results(50)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(&e, &call))?;
        regions.extend(
            out.regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_string)),
        );
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    regions.sort();
    regions.dedup();
    Ok(regions)
}
