//! Formatting shared by the command line and the console.

pub mod format;
pub mod policy;
pub mod regions;
pub mod table;

/// Text from AWS is data: the sanitizer lives in `domain` (events are
/// sanitized as they are parsed) and is shared from here.
pub use crate::domain::escape::{self, escaped, escaped_lines};
