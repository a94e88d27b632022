//! Moving secrets out of `.env` and `config.json` files: reading them
//! (`dotenv`, `json_config`), naming the secrets (`naming`), leaving out
//! configuration and placeholders (`selection`), and comparing with what
//! Secrets Manager holds (`plan` for import, `verify` for verify).
//!
//! All of it is pure: reading the file and calling AWS happen elsewhere
//! (`crate::ops::import`). Values stay `SecretValue`s; plans and reports speak
//! of keys, names and hashes only.

pub mod dotenv;
pub mod json_config;
pub mod naming;
pub mod plan;
pub mod remote;
pub mod selection;
pub mod verify;

use std::collections::BTreeMap;
use std::fmt;

use super::value::SecretValue;

/// How the file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dotenv,
    Json,
}

impl Format {
    /// `*.json` is JSON; everything else (`.env`, `.env.local`, `prod.env`)
    /// is a dotenv file.
    pub fn of_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Dotenv
        }
    }

    pub fn parse(self, text: &str) -> Result<Source, ParseError> {
        self.parse_with(text, None)
    }

    /// As `parse`; a dotenv file's `$NAME` may also come from `environment`.
    pub fn parse_with(
        self,
        text: &str,
        environment: Option<dotenv::Environment>,
    ) -> Result<Source, ParseError> {
        match self {
            Format::Dotenv => dotenv::parse_with(text, environment),
            Format::Json => json_config::parse(text),
        }
    }
}

/// One key of the file and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As written: `JWT_SECRET_KEY`, or `alpaca.api_key` for nested JSON.
    pub key: String,
    /// The JSON path to the value (one element for a dotenv key).
    pub path: Vec<String>,
    pub value: SecretValue,
    /// The value is JSON text (a number, `true`, an array, `null`) rather
    /// than a string; a bundle keeps it as that JSON type.
    pub json_leaf: bool,
    /// Where the (last) definition starts, for dotenv files.
    pub line: Option<usize>,
    /// The `$NAME` references expanded while reading the value.
    pub expands: Vec<Expansion>,
}

/// One `$NAME` a dotenv value refers to, and where its value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub name: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The key defined earlier in the file, on this line.
    Line(usize),
    /// The process environment (allowed with `--expand-env`).
    Environment,
    /// `${NAME:-default}`: undefined, so the default.
    Default,
    /// Defined nowhere it may come from: expanded to nothing.
    Undefined { environment_consulted: bool },
}

impl Expansion {
    /// `$HOST (line 3)`, `$HOME (environment)`, for the plan's notes.
    pub fn describe(&self) -> String {
        let from = match self.origin {
            Origin::Line(line) => format!("line {line}"),
            Origin::Environment => "environment".into(),
            Origin::Default => "its default".into(),
            Origin::Undefined { .. } => "undefined".into(),
        };
        format!("${} ({from})", self.name)
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self.origin, Origin::Undefined { .. })
    }
}

/// A parsed file: one entry per key (the last definition wins), in the
/// order keys first appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub format: Format,
    pub entries: Vec<Entry>,
    /// Keys defined more than once, with the line of every definition.
    pub duplicates: BTreeMap<String, Vec<usize>>,
}

/// Why a file could not be read. Never holds file content: a broken line
/// may well hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message)?,
            (Some(l), None) => write!(f, "line {l}: {}", self.message)?,
            _ => f.write_str(&self.message)?,
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
