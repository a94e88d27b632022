//! sekret: a terminal console for AWS Secrets Manager.
//!
//! One direction of flow: input -> `app::update` -> `Command`s -> `worker`
//! -> `Msg`s -> `app::update` -> `ui::draw`. `app` and `ui` are pure; all I/O
//! is in `worker` and `aws`.

pub mod app;
pub mod audit_log;
pub mod aws;
pub mod cache;
pub mod cli;
pub mod clipboard;
pub mod config_file;
pub mod console;
pub mod domain;
pub mod editor;
pub mod hardening;
pub mod import;
pub mod incident;
pub mod logging;
pub mod regions;
pub mod term;
pub mod text;
pub mod ui;
pub mod worker;
pub mod writes;
