//! End-to-end tests of the library and the CLI against the emulator, in one
//! test binary: each binary links the whole AWS SDK, so they are few.

#[path = "../common/mod.rs"]
mod common;

mod audit;
mod bad_input;
mod blast;
mod browse;
mod canary;
mod corpus;
mod credentials;
mod doctor;
mod editor;
mod events;
mod faults;
mod hostile_text;
mod import;
mod listing;
mod pipes;
mod races;
mod regions;
mod shell;
mod values;
mod writes;
