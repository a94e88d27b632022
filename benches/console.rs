//! Frame (update + draw), filter keystroke and the findings tally with
//! 10,000 and 100,000 secrets loaded. Numbers are recorded in docs/PERFORMANCE.md.

use std::hint::black_box;

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sekret::domain::secret::{SecretId, SecretMeta};
use sekret::tui::app::input::Key;
use sekret::tui::app::{App, Msg, update};

/// Names shaped like a large organisation's: service/environment/key.
fn names(n: usize) -> Vec<SecretMeta> {
    (0..n)
        .map(|i| {
            let name = format!(
                "svc-{:03}/{}/key-{i:06}",
                i % 500,
                ["prod", "staging", "dev"][i % 3]
            );
            SecretMeta {
                id: SecretId::new(
                    &name,
                    &format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123"),
                ),
                last_changed: Some(1_700_000_000 + i as i64),
                ..Default::default()
            }
        })
        .collect()
}

fn loaded(n: usize) -> App {
    let mut app = common::listed(names(n).into_iter());
    // Open a few folders so the frame has nested rows.
    for k in "ljljjj".chars() {
        update(&mut app, Msg::Key(Key::Char(k)));
    }
    app
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for n in [10_000, 100_000] {
        let mut app = loaded(n);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut down = true;
        group.bench_with_input(BenchmarkId::new("move+draw", n), &n, |b, _| {
            b.iter(|| {
                // One keystroke's worth of work: update, then draw.
                let key = if down { Key::Char('j') } else { Key::Char('k') };
                down = !down;
                black_box(update(&mut app, Msg::Key(key)));
                terminal.draw(|f| sekret::tui::ui::draw(&app, f)).unwrap();
            })
        });
    }
    group.finish();
}

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter");
    group.sample_size(20);
    for n in [10_000, 100_000] {
        let mut app = loaded(n);
        update(&mut app, Msg::Key(Key::Char('/')));
        for k in "svc".chars() {
            update(&mut app, Msg::Key(Key::Char(k)));
        }
        // Alternate typing and deleting one character: every iteration is
        // one keystroke that re-filters and rebuilds the rows.
        let mut typed = false;
        group.bench_with_input(BenchmarkId::new("keystroke", n), &n, |b, _| {
            b.iter(|| {
                let key = if typed {
                    Key::Backspace
                } else {
                    Key::Char('4')
                };
                typed = !typed;
                black_box(update(&mut app, Msg::Key(key)));
            })
        });
        // The two apart: typing re-scores the previous hits (all of them
        // after `svc`); Backspace gets the shorter query's hits back.
        for (what, timed) in [("type", Key::Char('4')), ("backspace", Key::Backspace)] {
            group.bench_with_input(BenchmarkId::new(what, n), &n, |b, _| {
                b.iter_custom(|iters| {
                    let mut spent = std::time::Duration::ZERO;
                    for _ in 0..iters {
                        for key in [Key::Char('4'), Key::Backspace] {
                            let began = std::time::Instant::now();
                            black_box(update(&mut app, Msg::Key(key)));
                            if key == timed {
                                spent += began.elapsed();
                            }
                        }
                    }
                    spent
                })
            });
        }
    }
    group.finish();
}

fn tree_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("listing");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        group.bench_with_input(
            BenchmarkId::new("all pages into the tree", n),
            &n,
            |b, &n| b.iter(|| black_box(loaded(n))),
        );
    }
    group.finish();
}

/// The findings view's recount and the folders' badge roll-up over every
/// secret (both run at most once a second while a listing streams).
fn findings(c: &mut Criterion) {
    use sekret::domain::findings::{Tally, Thresholds};
    let mut group = c.benchmark_group("findings");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let secrets = names(n);
        let limits = Thresholds::default();
        group.bench_with_input(BenchmarkId::new("tally every check", n), &n, |b, _| {
            b.iter(|| {
                black_box(Tally::of(
                    secrets.iter().map(|s| (s, None)),
                    1_800_000_000,
                    &limits,
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame, filter, tree_build, findings);
criterion_main!(benches);
