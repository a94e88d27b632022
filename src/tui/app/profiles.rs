//! The profile picker (`:profile` with no name): the profiles of the AWS
//! config files, SSO ones marked, the current one selected. `Enter`
//! switches to the one under the cursor.

use super::input::Key;
use super::{App, Command, Overlay};
use crate::domain::profile::ProfileEntry;
use crate::tui::messages::Job;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilePicker {
    pub entries: Vec<ProfileEntry>,
    pub selected: usize,
    /// The profile in use, marked in the list.
    pub current: String,
}

impl App {
    pub(super) fn profiles_listed(&mut self, result: Result<Vec<ProfileEntry>, String>) {
        match result {
            Ok(entries) if entries.is_empty() => self.set_status(
                "no profiles in ~/.aws/config or ~/.aws/credentials; `aws configure` makes one",
                true,
            ),
            Ok(entries) => {
                let current = self
                    .conn
                    .profile
                    .clone()
                    .unwrap_or_else(|| "default".into());
                let selected = entries.iter().position(|e| e.name == current).unwrap_or(0);
                self.status = None;
                self.overlay = Some(Overlay::Profiles(ProfilePicker {
                    entries,
                    selected,
                    current,
                }));
            }
            Err(why) => self.set_status(why, true),
        }
    }

    pub(super) fn profile_key(
        &mut self,
        mut picker: ProfilePicker,
        key: Key,
        out: &mut Vec<Command>,
    ) {
        let last = picker.entries.len().saturating_sub(1);
        match key {
            Key::Esc | Key::Char('q') => return,
            Key::Enter => {
                let name = picker.entries[picker.selected].name.clone();
                self.set_status(format!("switching to profile {name}…"), false);
                out.push(Command::Job(Job::Connect {
                    profile: Some(name),
                    region: None,
                }));
                return;
            }
            Key::Char('j') | Key::Down => picker.selected = (picker.selected + 1).min(last),
            Key::Char('k') | Key::Up => picker.selected = picker.selected.saturating_sub(1),
            Key::Char('g') | Key::Home => picker.selected = 0,
            Key::Char('G') | Key::End => picker.selected = last,
            _ => {}
        }
        self.overlay = Some(Overlay::Profiles(picker));
    }
}
