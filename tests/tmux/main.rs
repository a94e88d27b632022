//! The real binary driven in tmux as an operator would, one journey per
//! module, in one test binary.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod console;
mod drill;
mod findings;
mod import;
mod leaks;
mod memory;
mod profiles;
mod soak;
mod terminal;
mod values;
mod writes;
