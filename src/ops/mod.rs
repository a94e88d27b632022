//! Use cases shared by the command line and the console: the one write
//! gate and its audit log, import and verify, incident reports, audit findings, regions.

pub mod audit_log;
pub mod import;
pub mod incident;
pub mod permit;
pub mod posture;
pub mod regions;
pub mod writes;
