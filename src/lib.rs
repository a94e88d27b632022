//! sekret: a terminal console for AWS Secrets Manager.
//!
//! Two front ends, `cli` and `tui`, over a shared core: `domain` (the
//! vocabulary, pure), `aws` (the SDK, the only place its types exist),
//! `ops` (use cases both front ends share: writes and the audit log,
//! import and verify, incident reports, regions) and `text` (formatting).
//! `config` reads the config file. ARCHITECTURE.md has the whole map.

pub mod aws;
pub mod cli;
pub mod config;
pub mod domain;
pub mod hardening;
pub mod logging;
pub mod ops;
pub mod paths;
pub mod text;
pub mod tui;
