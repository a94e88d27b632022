//! The domain: what sekret talks about, free of SDK and UI types.

pub mod activity;
pub mod arn_set;
pub mod audit;
pub mod conflict;
pub mod diff;
pub mod edit;
pub mod error;
pub mod escape;
pub mod event;
pub mod filter;
pub mod import;
pub mod interner;
pub mod json_string;
pub mod json_tree;
pub mod mutation;
#[cfg(test)]
mod parser_props;
pub mod partition;
pub mod profile;
pub mod read_only;
pub mod regions;
pub mod report;
pub mod rotation;
pub mod rules;
pub mod schedule;
pub mod secret;
pub mod secret_buf;
pub mod secret_id;
pub mod small_map;
pub mod sparse;
pub mod stages;
pub mod subsequence;
pub mod tree;
pub mod value;
pub mod version;
