//! The secret listing, streamed to the console page by page; a transient
//! failure starts it again after a growing pause.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::report_call;
use crate::aws::Clients;
use crate::aws::listing::{Sink, Strategy};
use crate::domain::error::AwsError;
use crate::domain::secret::SecretMeta;
use crate::tui::messages::Msg;

/// Backoff while the listing cannot reach AWS: 1 s, 2 s, 4 s … 30 s.
const MAX_BACKOFF_S: u64 = 30;

/// List every secret (in parallel unless the settings say otherwise),
/// streaming batches to the console; on a transient failure, start again
/// after a growing pause (what arrived stays on screen).
pub(super) async fn list(
    clients: &Clients,
    tx: &UnboundedSender<Msg>,
    seq: u64,
    strategy: Strategy,
) {
    let mut backoff = 1;
    loop {
        let mut sink = ListingSink {
            clients,
            tx,
            seq,
            open: true,
        };
        match clients.list_streaming(strategy, &mut sink).await {
            Ok(_) => {
                if sink.open {
                    let _ = tx.send(Msg::Listed {
                        seq,
                        secrets: Vec::new(),
                        more: false,
                    });
                }
                return;
            }
            Err(error) => {
                let transient = matches!(
                    error,
                    AwsError::Unreachable { .. }
                        | AwsError::Timeout { .. }
                        | AwsError::Throttled { .. }
                );
                let retry_in_s = transient.then_some(backoff);
                if tx
                    .send(Msg::ListFailed {
                        seq,
                        error,
                        retry_in_s,
                    })
                    .is_err()
                    || !transient
                {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(backoff)).await;
                backoff = (backoff * 2).min(MAX_BACKOFF_S);
            }
        }
    }
}

/// Hands a listing's batches to the console and its calls to the health pane.
struct ListingSink<'a> {
    clients: &'a Clients,
    tx: &'a UnboundedSender<Msg>,
    seq: u64,
    /// False once the console has gone.
    open: bool,
}

impl Sink for ListingSink<'_> {
    fn secrets(&mut self, batch: Vec<SecretMeta>) -> bool {
        self.open = self
            .tx
            .send(Msg::Listed {
                seq: self.seq,
                secrets: batch,
                more: true,
            })
            .is_ok();
        self.open
    }

    fn call(&mut self, operation: &'static str, latency: Duration, error: Option<&AwsError>) {
        report_call(self.clients, self.tx, operation, latency, error);
    }
}
