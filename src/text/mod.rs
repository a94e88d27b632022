//! Formatting shared by the command line and the console.

pub mod escape;
pub mod format;

pub use escape::{escaped, escaped_lines};
