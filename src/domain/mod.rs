//! The domain: what sekret talks about, free of SDK and UI types.

pub mod activity;
pub mod audit;
pub mod diff;
pub mod error;
pub mod event;
pub mod filter;
pub mod report;
pub mod secret;
pub mod tree;
pub mod value;
pub mod version;
