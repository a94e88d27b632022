//! A console without a terminal: the real worker and SDK against the
//! emulator, the real `update`. Waits are on conditions with a deadline.

use sekret::domain::read_only::Guard;
use sekret::tui::messages::{Effect, Job};
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use sekret::aws::Clients;
use sekret::aws::config::{AwsContext, ConnectOptions};
use sekret::domain::error::AwsError;
use sekret::domain::mutation::Outcome;
use sekret::domain::value::SecretValue;
use sekret::tui::app::input::Key;
use sekret::tui::app::listing::Listing;
use sekret::tui::app::{App, Command, ConnectionInfo, EditPurpose, Msg, update};
use sekret::tui::worker::Worker;
use tokio::sync::mpsc;

use super::ACCESS_KEY;

pub async fn clients(url: &str) -> Clients {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .credentials_provider(Credentials::new(ACCESS_KEY, "x", None, None, "test"))
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .timeout_config(sekret::aws::config::timeouts())
        .load()
        .await;
    Clients::new(AwsContext {
        config,
        profile: None,
        region: "us-east-1".into(),
        endpoint: Some(url.to_string()),
        cloudtrail_endpoint: Some(url.to_string()),
    })
}

/// A console without a terminal: the real worker, the real update loop.
pub struct Headless {
    pub app: App,
    pub commands: mpsc::UnboundedSender<Job>,
    replies: mpsc::UnboundedReceiver<Msg>,
    started: Instant,
    /// The worker's audit log and reports.
    pub state: tempfile::TempDir,
    /// Values the console handed to the editor (the event loop's part,
    /// which a headless console has not): a test answers with `Msg::Edited`.
    pub edits: Vec<(EditPurpose, SecretValue)>,
    /// Every change's answer from the worker, as it arrived (the console
    /// itself drops answers it did not ask for).
    pub changes: Vec<Result<Outcome, AwsError>>,
}

impl Headless {
    pub async fn start(url: &str) -> Headless {
        Headless::start_with(url, false).await
    }

    pub async fn start_with(url: &str, read_only: bool) -> Headless {
        let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
        let (msg_tx, msg_rx) = mpsc::unbounded_channel();
        let state = tempfile::tempdir().expect("a temporary state directory");
        let worker = Worker::new(
            clients(url).await,
            ConnectOptions::default(),
            Guard::new(read_only, Default::default(), "default"),
            msg_tx,
        )
        .with_state_dir(state.path());
        tokio::spawn(worker.run(cmd_rx));
        let mut app = App::new(
            ConnectionInfo {
                profile: None,
                region: "us-east-1".into(),
                endpoint: url.into(),
                read_only,
            },
            300_000,
        );
        for c in app.start() {
            cmd_tx.send(c).unwrap();
        }
        Headless {
            app,
            commands: cmd_tx,
            replies: msg_rx,
            started: Instant::now(),
            state,
            edits: Vec::new(),
            changes: Vec::new(),
        }
    }

    pub fn apply(&mut self, msg: Msg) {
        if let Msg::Mutated { result, .. } = &msg {
            self.changes.push(result.clone());
        }
        self.app.now_ms = self.started.elapsed().as_millis() as u64;
        self.app.now = chrono::Utc::now().timestamp();
        for c in update(&mut self.app, msg) {
            match c {
                Command::Effect(Effect::Edit { purpose, initial }) => {
                    self.edits.push((purpose, initial))
                }
                // The clipboard needs a terminal; this console has none.
                Command::Effect(_) => {}
                Command::Job(job) => self.commands.send(job).unwrap(),
            }
        }
    }

    /// Feed worker replies (and ticks) until `done` holds.
    pub async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        self.until_console(what, |console| done(&console.app)).await;
    }

    /// Feed replies until the console hands a value to the editor.
    pub async fn until_edit(&mut self) {
        self.until_console("the editor", |console| !console.edits.is_empty())
            .await;
    }

    /// Feed replies until the worker has answered a change.
    pub async fn until_change(&mut self) {
        self.until_console("a change's answer", |console| !console.changes.is_empty())
            .await;
    }

    async fn until_console(&mut self, what: &str, done: impl Fn(&Headless) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; status: {:?}",
                self.app.status
            );
            let msg = tokio::select! {
                Some(msg) = self.replies.recv() => msg,
                _ = tokio::time::sleep(Duration::from_millis(20)) => Msg::Tick,
            };
            self.apply(msg);
        }
    }

    /// Filter to a secret, and wait until its metadata and versions are in.
    pub async fn open(&mut self, name: &str) {
        self.until("the listing", |app| {
            matches!(app.listing, Listing::Done { .. })
        })
        .await;
        self.key(Key::Char('/'));
        self.type_text(name);
        self.key(Key::Enter);
        let name = name.to_string();
        self.until("the metadata and versions", move |app| {
            app.selected_secret().is_some_and(|s| s.name() == name)
                && app.versions.list(app.now_ms).is_some()
                && app.selected_secret().is_some_and(|s| {
                    app.detail
                        .cache
                        .peek(&s.arn().to_string(), app.now_ms)
                        .is_some()
                })
        })
        .await;
    }

    /// Keys, one character at a time.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::Char(c));
        }
    }

    pub fn key(&mut self, key: Key) {
        self.apply(Msg::Key(key));
    }
}
