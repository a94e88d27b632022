//! Resource policies (GetResourcePolicy: metadata, never a value): read
//! for the selected secret as its detail is, and — while the findings view
//! is open — for every other secret in the background, one at a time and
//! at a low rate, so that an account's quota is left to its applications.

use std::collections::HashMap;

use super::fetched::Fetched;
use crate::domain::error::AwsError;
use crate::domain::policy::PolicyState;
use crate::domain::secret::SecretMeta;

/// Between two background reads, in ms: at most 10 a second.
pub const BACKGROUND_GAP_MS: u64 = 100;

#[derive(Debug)]
pub struct Policies {
    /// The selected secret's policy (debounced, cached like the detail).
    pub fetch: Fetched<PolicyState>,
    /// Every policy learnt, by ARN: what the findings view decides with.
    pub known: HashMap<String, PolicyState>,
    /// Reading the others in the background (findings view open).
    pub background: bool,
    /// The next secret (by index) the background may read.
    cursor: usize,
    /// The background read in flight: (sequence number, ARN).
    in_flight: Option<(u64, String)>,
    /// No background read before this (monotonic ms).
    next_at: u64,
    /// Every listed secret's policy has been tried: nothing to wake for
    /// until the listing or the view changes.
    idle: bool,
}

impl Policies {
    pub fn new(ttl_ms: u64) -> Policies {
        Policies {
            fetch: Fetched::new(ttl_ms),
            known: HashMap::new(),
            background: false,
            cursor: 0,
            in_flight: None,
            next_at: 0,
            idle: false,
        }
    }

    /// The policy state for `arn`, if learnt.
    pub fn of(&self, arn: &str) -> Option<&PolicyState> {
        self.known.get(arn)
    }

    /// A GetResourcePolicy answer, from the selection or the background.
    /// Returns true when it changed what is known.
    pub fn answer(
        &mut self,
        seq: u64,
        arn: &str,
        result: Result<Option<String>, AwsError>,
        now_ms: u64,
    ) -> bool {
        if self.in_flight.as_ref().is_some_and(|(s, _)| *s == seq) {
            self.in_flight = None;
            self.next_at = now_ms + BACKGROUND_GAP_MS;
        }
        // Denied is an answer (the line says so); other errors are not
        // kept, and are asked again next time.
        let lasting = !matches!(&result, Err(e) if !matches!(e, AwsError::AccessDenied { .. }));
        let state = match result {
            Err(error) if !lasting => {
                self.fetch.answer(seq, arn, Err(error.clone()), now_ms);
                PolicyState::Failed(error.to_string())
            }
            result => {
                let state = PolicyState::from_answer(result, arn);
                self.fetch.answer(seq, arn, Ok(state.clone()), now_ms);
                state
            }
        };
        let changed = self.known.get(arn) != Some(&state);
        self.known.insert(arn.to_string(), state);
        changed
    }

    /// The next background read, when one is due: the first secret from
    /// the cursor whose policy is not known.
    pub fn next_background(
        &mut self,
        secrets: &[SecretMeta],
        now_ms: u64,
        seq: impl FnOnce() -> u64,
    ) -> Option<(u64, String)> {
        if !self.background || self.in_flight.is_some() || now_ms < self.next_at {
            return None;
        }
        let len = secrets.len();
        for step in 0..len {
            let at = (self.cursor + step) % len;
            let arn = secrets[at].arn().to_string();
            if self.known.contains_key(&arn) {
                continue;
            }
            self.cursor = at + 1;
            let seq = seq();
            self.in_flight = Some((seq, arn.clone()));
            return Some((seq, arn));
        }
        self.idle = true;
        None
    }

    /// Secrets were added or the view opened: look for unread ones again.
    pub fn wake(&mut self) {
        self.idle = false;
    }

    /// When the next background read may go, if one is waiting.
    pub fn deadline(&self) -> Option<u64> {
        (self.background && self.in_flight.is_none() && !self.idle).then_some(self.next_at)
    }

    /// Read every policy again, in the background (`r` in `:findings`).
    pub fn reread(&mut self) {
        self.known.clear();
        self.fetch.cache = super::cache::TtlCache::new(self.fetch.cache.ttl_ms());
        self.cursor = 0;
        self.idle = false;
    }

    /// Forget requests in flight (new clients) and what was learnt with
    /// the old ones.
    pub fn forget(&mut self) {
        self.fetch.forget_pending();
        self.in_flight = None;
        self.known.clear();
        self.cursor = 0;
        self.idle = false;
    }
}

impl super::App {
    /// `Enter` in the detail pane, `:policy`: the selected secret's
    /// resource policy, summed up and then in full (pretty JSON).
    pub(super) fn show_policy(&mut self) {
        let Some(meta) = self.selected_secret() else {
            return self.set_status("select a secret to see its resource policy", true);
        };
        let (name, arn) = (meta.name().to_string(), meta.arn().to_string());
        let text = match self.policies.of(&arn) {
            None if self.policies.fetch.loading() => {
                return self.set_status("reading the resource policy…", false);
            }
            None => return self.set_status("the resource policy is not read yet (r)", true),
            Some(state) => policy_text(state),
        };
        self.overlay = Some(super::Overlay::Text {
            title: format!("Resource policy · {name}"),
            text,
            scroll: 0,
        });
    }
}

/// The summary lines, then the document as AWS holds it, indented.
pub fn policy_text(state: &PolicyState) -> String {
    match state {
        PolicyState::None => "This secret has no resource policy: only IAM policies in its own \
                              account decide who may read it."
            .into(),
        PolicyState::Denied => "Not allowed to read the resource policy \
                                (secretsmanager:GetResourcePolicy)."
            .into(),
        PolicyState::Failed(why) => format!(
            "The resource policy could not be read: {}",
            crate::text::escaped(why)
        ),
        PolicyState::Read { json, summary } => {
            let mut out = String::new();
            match summary {
                Ok(summary) => {
                    for line in crate::text::policy::summary_lines(summary) {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
                Err(why) => out.push_str(&format!("{}\n", crate::text::escaped(why))),
            }
            out.push('\n');
            let pretty = serde_json::from_str::<serde_json::Value>(json)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| json.to_string());
            out.push_str(&crate::text::escaped_lines(&pretty));
            out
        }
    }
}
