//! A rotation the operator started, followed live: each step with the time
//! it was seen, until it succeeds, fails, is cancelled or looks stuck.

use super::{App, Command};
use crate::domain::error::AwsError;
use crate::domain::rotation::Phase;
use crate::domain::version::short_id;
use crate::tui::messages::Job;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationWatch {
    pub seq: u64,
    pub arn: String,
    pub name: String,
    /// The version RotateSecret made.
    pub version: String,
    pub phase: Phase,
    pub started_ms: u64,
    /// What was seen, when (ms after the start).
    pub steps: Vec<(u64, String)>,
    /// Why the watch stopped early, if it did.
    pub error: Option<String>,
}

impl RotationWatch {
    pub fn ended(&self) -> bool {
        self.phase.is_final() || self.error.is_some()
    }
}

impl App {
    /// The rotation of `arn` followed here, if any.
    pub fn rotation_of(&self, arn: &str) -> Option<&RotationWatch> {
        self.rotations.iter().find(|w| w.arn == arn)
    }

    /// RotateSecret answered with `version`: follow it.
    pub(super) fn watch_rotation(&mut self, arn: &str, version: String, out: &mut Vec<Command>) {
        let seq = self.seq();
        let name = self.secret_name(arn);
        // One watch per secret: a new rotation replaces the old watch.
        self.rotations.retain(|w| w.arn != arn);
        self.rotations.push(RotationWatch {
            seq,
            arn: arn.to_string(),
            name: name.clone(),
            version: version.clone(),
            phase: Phase::Requested,
            started_ms: self.now_ms,
            steps: vec![(0, Phase::Requested.step(&version))],
            error: None,
        });
        self.set_status(
            format!(
                "rotating {name}: new version {}; watching…",
                short_id(&version)
            ),
            false,
        );
        out.push(Command::Job(Job::WatchRotation {
            seq,
            arn: arn.to_string(),
            version,
            since: self.now,
        }));
    }

    pub(super) fn rotation_update(
        &mut self,
        seq: u64,
        arn: &str,
        update: Result<(Phase, crate::domain::secret::Stages), AwsError>,
    ) {
        let now_ms = self.now_ms;
        let Some(watch) = self.rotations.iter_mut().find(|w| w.seq == seq) else {
            return; // a watch the operator has replaced
        };
        let elapsed = now_ms.saturating_sub(watch.started_ms);
        match update {
            Err(error) => {
                let text = format!("watching the rotation of {}: {error}", watch.name);
                watch.error = Some(error.to_string());
                self.set_status(text, true);
            }
            Ok((phase, stages)) => {
                let step = phase.step(&watch.version);
                if watch.steps.last().map(|(_, l)| l) != Some(&step) {
                    watch.steps.push((elapsed, step));
                }
                let line = phase.describe(&watch.version);
                watch.phase = phase.clone();
                let name = watch.name.clone();
                // The labels changed: show them (versions, detail, the
                // rotation events in the access pane).
                if let Some(id) = self.by_arn.get(arn, &self.secrets) {
                    let secret = &mut self.secrets[id as usize];
                    secret.version_stages = stages;
                    // As Secrets Manager records it (LastRotatedDate).
                    if phase.succeeded() {
                        secret.rotation.last_rotated = Some(self.now);
                    }
                    self.secrets_changed();
                }
                self.detail.cache.remove(&arn.to_string());
                self.versions.fetch.cache.remove(&arn.to_string());
                if self.detail.arn.as_deref() == Some(arn) {
                    self.detail.refresh(now_ms);
                    self.versions.fetch.refresh(now_ms);
                    self.access.refresh(now_ms);
                }
                if phase.is_final() {
                    let secs = elapsed as f64 / 1000.0;
                    let text = match &phase {
                        Phase::Succeeded { .. } => {
                            format!("✓ rotated {name} in {secs:.1}s: {line}")
                        }
                        _ => format!("✗ {name}: {line}"),
                    };
                    self.set_status(text, !phase.succeeded());
                }
            }
        }
    }
}
