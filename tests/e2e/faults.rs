//! A running console (the real worker and SDK, the real `update`) while the
//! emulator misbehaves: throttling, 5xx, dropped connections, 2 s latency,
//! an endpoint that goes away and comes back, secrets it may not read.
//! Under each: errors where they belong, retries counted in the health
//! pane, and full recovery when the fault lifts — without a restart.
//! (Credentials expiring mid-session: `tmux::profiles`.)

use serde_json::json;

use crate::common::Emulator;
use crate::common::headless::Headless;
use crate::common::proxy::Proxy;
use sekret::domain::error::AwsError;
use sekret::tui::app::input::Key;
use sekret::tui::app::listing::Listing;

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("app/svc-{i:02}/db")).collect()
}

fn seeded(n: usize, extra: &[&str]) -> Emulator {
    let emu = Emulator::start(&[]);
    let secrets: Vec<_> = names(n)
        .iter()
        .map(String::as_str)
        .chain(extra.iter().copied())
        .map(|name| json!({"name": name, "versions": [{"value": "v1"}, {"value": "v2"}]}))
        .collect();
    emu.seed(json!({ "secrets": secrets }));
    emu
}

/// Select `name` (filter, Enter) and wait until its detail and versions
/// are in or have failed.
async fn select(console: &mut Headless, name: &str) {
    console.key(Key::Esc);
    console.key(Key::Char('/'));
    console.type_text(name);
    console.key(Key::Enter);
    let name = name.to_string();
    console
        .until(&format!("{name} answered"), move |app| {
            let Some(secret) = app.selected_secret() else {
                return false;
            };
            let now = app.now_ms;
            secret.name() == name
                && (app
                    .detail
                    .cache
                    .peek(&secret.arn().to_string(), now)
                    .is_some()
                    || app.detail.error.is_some())
                && (app.versions.list(now).is_some() || app.versions.fetch.error.is_some())
        })
        .await;
}

fn done(app: &sekret::tui::app::App) -> bool {
    matches!(app.listing, Listing::Done { .. })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_5xx_and_dropped_connections_are_retried_counted_and_recovered() {
    let emu = seeded(20, &[]);
    emu.set_faults(json!({"throttle_rate": 0.2, "error_rate": 0.1, "drop_rate": 0.05}));
    let mut console = Headless::start(&emu.url).await;
    // A 5xx that outlasts the SDK's retries stops the listing (partial, and
    // said so); the operator's `r` lists again.
    for _ in 0..10 {
        console
            .until("the listing ends, complete or partial", |app| {
                matches!(app.listing, Listing::Done { .. } | Listing::Partial { .. })
            })
            .await;
        if done(&console.app) {
            break;
        }
        console.key(Key::Char('r'));
    }
    assert!(done(&console.app), "{:?}", console.app.listing);
    for name in names(20) {
        select(&mut console, &name).await;
        // What failed failed with a specific error, never a generic one.
        for error in [&console.app.detail.error, &console.app.versions.fetch.error]
            .into_iter()
            .flatten()
        {
            assert!(
                matches!(
                    error,
                    AwsError::Throttled { .. }
                        | AwsError::Service { .. }
                        | AwsError::Unreachable { .. }
                ),
                "{error:?}"
            );
        }
    }
    let health = &console.app.health;
    assert!(health.retries() > 0, "retries are counted");
    assert!(health.throttled > 0, "throttles are counted");

    // The fault lifts: a refresh brings everything back.
    emu.set_faults(json!({"throttle_rate": 0, "error_rate": 0, "drop_rate": 0}));
    console.key(Key::Char('r'));
    console.until("a complete listing", done).await;
    assert_eq!(console.app.secrets.len(), 20);
    let last = names(20).pop().unwrap();
    select(&mut console, &last).await;
    console.key(Key::Char('r'));
    console
        .until("fresh metadata and versions", |app| {
            app.detail.error.is_none()
                && app.versions.fetch.error.is_none()
                && !app.detail.loading()
                && app.versions.list(app.now_ms).is_some()
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_seconds_of_latency_is_slow_not_broken() {
    let emu = seeded(3, &[]);
    emu.set_faults(json!({"latency_ms": 2000}));
    let mut console = Headless::start(&emu.url).await;
    console.until("the listing", done).await;
    // While the next calls are in flight, keys are answered.
    console.key(Key::Char('?'));
    assert!(console.app.overlay.is_some());
    console.key(Key::Esc);
    select(&mut console, "app/svc-01/db").await;
    assert!(
        console.app.detail.error.is_none(),
        "{:?}",
        console.app.detail.error
    );
    let p50 = console.app.health.percentile(50).unwrap();
    assert!(
        p50 >= 2000,
        "the health pane shows the latency: p50 {p50} ms"
    );
    assert_eq!(console.app.health.errors, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_disappears_and_comes_back() {
    let emu = seeded(5, &[]);
    let mut proxy = Proxy::start(&emu.url);
    let mut console = Headless::start(&proxy.url).await;
    console.until("the listing", done).await;
    select(&mut console, "app/svc-01/db").await;

    proxy.down();
    // A refresh now: the listing is offline and says it will retry; what
    // was listed stays on screen; a newly opened secret names the cause.
    console.key(Key::Char('r'));
    console
        .until("the offline state", |app| {
            matches!(
                app.listing,
                Listing::Retrying {
                    error: AwsError::Unreachable { .. },
                    ..
                }
            )
        })
        .await;
    assert_eq!(console.app.secrets.len(), 5);
    select(&mut console, "app/svc-03/db").await;
    assert!(
        matches!(console.app.detail.error, Some(AwsError::Unreachable { .. })),
        "{:?}",
        console.app.detail.error
    );

    proxy.up();
    // The listing comes back by itself (the worker's retry); the secret
    // comes back with `r`.
    console.until("the listing is back", done).await;
    console.key(Key::Char('r'));
    console
        .until("the secret is back", |app| {
            app.detail.error.is_none()
                && app.selected_secret().is_some_and(|s| {
                    app.detail
                        .cache
                        .peek(&s.arn().to_string(), app.now_ms)
                        .is_some()
                })
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_denied_marks_that_secret_only() {
    let emu = seeded(3, &["app/locked/db"]);
    emu.set_faults(json!({"deny": ["app/locked/*"]}));
    let mut console = Headless::start(&emu.url).await;
    console.until("the listing", done).await;
    select(&mut console, "app/locked/db").await;
    let locked = console.app.selected_secret().unwrap().arn().to_string();
    assert!(
        matches!(
            console.app.detail.error,
            Some(AwsError::AccessDenied { .. })
        ),
        "{:?}",
        console.app.detail.error
    );
    assert!(
        console.app.detail.denied.contains(&locked),
        "marked in the tree"
    );
    // Its neighbours are untouched.
    select(&mut console, "app/svc-00/db").await;
    assert!(console.app.detail.error.is_none());
    assert!(console.app.versions.list(console.app.now_ms).is_some());
    assert!(matches!(console.app.listing, Listing::Done { .. }));
    assert_eq!(console.app.detail.denied.len(), 1);

    // Granted again: `r` on it clears the mark.
    emu.set_faults(json!({"deny": []}));
    select(&mut console, "app/locked/db").await;
    console.key(Key::Char('r'));
    console
        .until("the secret is readable", |app| {
            app.detail.error.is_none() && !app.detail.loading() && app.detail.denied.is_empty()
        })
        .await;
}
