//! The console. One direction of flow: input -> `app::update` ->
//! `Command`s -> `worker` -> `Msg`s -> `app::update` -> `ui::draw`.
//! `app` and `ui` are pure; all I/O is in `worker` (AWS, files) and in
//! `event_loop`, `term`, `clipboard` and `editor` (the terminal).

pub mod app;
pub mod clipboard;
pub mod editor;
pub mod event_loop;
pub mod messages;
pub mod term;
pub mod ui;
pub mod worker;
