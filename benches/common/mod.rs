//! What the benches share: a console that has listed the given secrets.

use sekret::domain::secret::SecretMeta;
use sekret::tui::app::{App, ConnectionInfo, Msg, update};
use sekret::tui::messages::Job;

/// A console whose listing delivered `secrets` in 100-secret pages, as
/// from AWS (taken from the iterator a page at a time, so that no second
/// copy of them all is ever held).
pub fn listed(secrets: impl ExactSizeIterator<Item = SecretMeta>) -> App {
    let mut app = App::new(
        ConnectionInfo {
            profile: None,
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:1".into(),
            read_only: false,
        },
        300_000,
    );
    let Job::ListSecrets { seq } = app.start()[1] else {
        unreachable!()
    };
    let pages = secrets.len().div_ceil(100);
    let mut secrets = secrets;
    for page in 0..pages {
        let batch: Vec<SecretMeta> = secrets.by_ref().take(100).collect();
        update(
            &mut app,
            Msg::Listed {
                seq,
                secrets: batch,
                more: page + 1 < pages,
            },
        );
    }
    app
}
