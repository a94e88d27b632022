//! The sweep against a simulated ListSecrets (SortBy=name, prefix filters,
//! 100 a page, NextToken = the last name): it finds every name, never in
//! more rounds than the plain listing, and within 1.3× its calls.

use super::*;
use proptest::prelude::*;

const PAGE: usize = 100;

/// ListSecrets over `names` (sorted), as the emulator serves it.
fn serve(names: &[String], r: &Request) -> (Vec<String>, Option<String>) {
    let keep =
        |n: &&String| r.prefixes.is_empty() || r.prefixes.iter().any(|p| n.starts_with(p.as_str()));
    let mut page: Vec<String> = match r.dir {
        Dir::Up => names
            .iter()
            .filter(|n| r.token.as_ref().is_none_or(|t| n.as_str() > t.as_str()))
            .filter(keep)
            .take(PAGE + 1)
            .cloned()
            .collect(),
        Dir::Down => names
            .iter()
            .rev()
            .filter(|n| r.token.as_ref().is_none_or(|t| n.as_str() < t.as_str()))
            .filter(keep)
            .take(PAGE + 1)
            .cloned()
            .collect(),
    };
    let more = page.len() > PAGE;
    page.truncate(PAGE);
    let token = more.then(|| page.last().cloned()).flatten();
    (page, token)
}

struct Run {
    found: std::collections::BTreeSet<String>,
    calls: usize,
    rounds: usize,
}

/// Rounds of at most `concurrency` calls, each answered in the round.
fn run(names: &[String], concurrency: usize) -> Run {
    let mut names = names.to_vec();
    names.sort();
    names.dedup();
    let mut sweep = Sweep::new(concurrency);
    let mut found = std::collections::BTreeSet::new();
    let (mut calls, mut rounds) = (0, 0);
    let mut waiting: Vec<Request> = Vec::new();
    while !sweep.done() {
        waiting.extend(sweep.ready());
        assert!(!waiting.is_empty(), "stuck with {} found", found.len());
        let now: Vec<Request> = waiting.drain(..waiting.len().min(concurrency)).collect();
        rounds += 1;
        for r in now {
            calls += 1;
            let (page, token) = serve(&names, &r);
            found.extend(page.iter().cloned());
            let refs: Vec<&str> = page.iter().map(String::as_str).collect();
            sweep.answer(r.walker, &refs, token).unwrap();
        }
        assert!(rounds < 100_000);
    }
    Run {
        found,
        calls,
        rounds,
    }
}

fn even(n: usize) -> Vec<String> {
    const WORDS: [&str; 8] = [
        "alpha", "cedar", "ember", "gamma", "iris", "nova", "raven", "zephyr",
    ];
    (0..n)
        .map(|i| {
            format!(
                "{}-{:02}/{}/key-{i:06}",
                WORDS[i % 8],
                i % 97,
                ["prod", "staging", "dev"][i % 3]
            )
        })
        .collect()
}

fn skewed(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("prod/svc-{:04}/key-{i:06}", i % (n / 10).max(1)))
        .collect()
}

fn check(names: &[String], label: &str) -> Run {
    let got = run(names, 8);
    let mut want: Vec<String> = names.to_vec();
    want.sort();
    want.dedup();
    assert_eq!(got.found.len(), want.len(), "{label}: every name");
    assert!(got.found.iter().eq(want.iter()), "{label}");
    let plain = want.len().div_ceil(PAGE).max(1);
    assert!(
        got.rounds <= plain,
        "{label}: {} rounds, the plain listing {plain}",
        got.rounds
    );
    assert!(
        got.calls as f64 <= 1.3 * plain as f64 + 1.0,
        "{label}: {} calls, the plain listing {plain}",
        got.calls
    );
    got
}

#[test]
fn small_accounts_are_listed_exactly_as_the_plain_listing() {
    for n in [0, 1, 99, 100, 101, 250, 400] {
        let r = check(&skewed(n), &format!("{n}"));
        assert_eq!(r.calls, n.div_ceil(PAGE).max(1), "{n}: no extra call");
    }
}

#[test]
fn the_issues_sizes_and_layouts() {
    for n in [100, 1_000, 10_000] {
        for (label, names) in [("even", even(n)), ("skewed", skewed(n))] {
            let r = check(&names, &format!("{n} {label}"));
            let plain = n.div_ceil(PAGE);
            eprintln!(
                "{n} {label}: {} rounds ({:.2}×), {} calls ({:.2}×)",
                r.rounds,
                r.rounds as f64 / plain as f64,
                r.calls,
                r.calls as f64 / plain as f64
            );
        }
    }
}

#[test]
fn ten_thousand_take_under_a_third_of_the_plain_rounds() {
    for names in [even(10_000), skewed(10_000)] {
        let r = run(&names, 8);
        assert!(r.rounds * 10 <= 100 * 3 + 10, "{} rounds", r.rounds);
    }
}

#[test]
fn a_page_out_of_name_order_is_reported() {
    let mut sweep = Sweep::new(8);
    let r = sweep.ready().remove(0);
    assert_eq!((r.dir, r.prefixes.len()), (Dir::Up, 0));
    let err = sweep.answer(0, &["b", "a"], Some("a".into())).unwrap_err();
    assert_eq!(
        err,
        OutOfOrder {
            before: "b".into(),
            after: "a".into()
        }
    );
}

#[test]
fn pieces_stay_inside_their_gap() {
    let p = between("prod/svc-0009/key-1", Some("prod/svc-0990/key-2")).unwrap();
    assert!(p.start.as_str() > "prod/svc-0009/key-1");
    assert!(p.end.as_deref().unwrap() <= "prod/svc-0990/key-2");
    assert!(p.prefixes.iter().all(|x| x.starts_with("prod/svc-0")));
    // Adjacent at the first difference: down a's side.
    let p = between("a/x", Some("b")).unwrap();
    assert!(
        p.start.as_str() > "a/x" && p.end.as_deref().unwrap() <= "b",
        "{p:?}"
    );
    let p = below("prod/a", "prod/m").unwrap();
    assert_eq!(p.end.as_deref(), Some("prod/m"));
    assert!(p.start.as_str() > "prod/a");
    let p = above("prod/c", "prod/x/1").unwrap();
    assert_eq!(p.start, "prod/c");
    assert!(p.end.as_deref().unwrap() <= "prod/x");
    assert_eq!(successor("ab"), Some("ac".into()));
    assert_eq!(successor("az"), Some("b".into()));
    assert_eq!(successor("z"), None);
}

/// Names from a few "services", some dense, some sparse, any characters.
fn names() -> impl Strategy<Value = Vec<String>> {
    let segment = "[+\\-./0-9=@A-Z_a-z]{1,6}";
    (
        prop::collection::vec(segment, 1..6),
        prop::collection::vec((0usize..6, segment, 1usize..400), 1..6),
    )
        .prop_map(|(services, groups)| {
            let mut out = Vec::new();
            for (s, leaf, count) in groups {
                let service = &services[s % services.len()];
                for i in 0..count {
                    out.push(format!("{service}/{leaf}{i}"));
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_namespace_is_listed_whole_and_never_slower(names in names()) {
        check(&names, "generated");
    }
}
