//! The domain: what sekret talks about, free of SDK and UI types.

pub mod diff;
pub mod error;
pub mod filter;
pub mod secret;
pub mod tree;
pub mod value;
pub mod version;
