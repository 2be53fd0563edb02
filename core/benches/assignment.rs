//! How long one assignment decision takes, natively, as a channel grows
//! (goal: at most 20 µs at 1,000 operators). Run by `cargo xtask bench`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use switchboard_core::assignment::{choose, Operator, Request};
use switchboard_core::ids::Login;

/// A realistic mix: most joined and online, some full, languages and
/// expertise spread over the team.
fn team(n: usize) -> Vec<Operator> {
    let languages = ["en", "fr", "fr-BE", "de", "es", "ja"];
    let expertise = ["billing", "shipping", "returns"];
    (0..n)
        .map(|i| Operator {
            login: Login::parse(format!("operator-{i:05}")).expect("a valid login"),
            joined: i % 10 != 0,
            online: i % 7 != 0,
            capacity: 5,
            ongoing: (i % 6) as u32,
            languages: vec![languages[i % languages.len()].to_owned(), "en".to_owned()],
            expertise: vec![expertise[i % expertise.len()].to_owned()],
            last_assigned_at: (i * 7919 % 1000) as i64,
        })
        .collect()
}

fn decision(c: &mut Criterion) {
    let mut group = c.benchmark_group("assignment decision");
    let languages = vec!["fr-BE".to_owned(), "fr".to_owned()];
    let expertise = vec!["billing".to_owned()];
    for n in [10, 100, 1_000, 10_000] {
        let ops = team(n);
        let req =
            Request { languages: &languages, expertise: &expertise, previous_operator: None, passed: &[] };
        group.bench_with_input(BenchmarkId::from_parameter(n), &ops, |b, ops| {
            b.iter(|| choose(black_box(ops), black_box(&req)).map(|o| o.ongoing))
        });
    }
    group.finish();
}

criterion_group!(benches, decision);
criterion_main!(benches);
