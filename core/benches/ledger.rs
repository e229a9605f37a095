//! Review of 1,000,000 complaint summaries.
//!
//! The ledger is built outside the timing: 1,000 distinct complaints (the canonical scenario cut
//! at 1,000 different points and customers, 20 categories, no opening id so each add gets its own
//! key), each added 1,000 times. Only `Ledger::review(now)` is timed; the goal is under 2 s.
//!
//! Run with `cargo bench -p amends --bench ledger`.

mod common;

use amends::{Action, Complaint, Ledger, Open};
use criterion::Criterion;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Complaints in the ledger.
const COMPLAINTS: usize = 1_000_000;
/// Distinct complaints, each added `COMPLAINTS / TEMPLATES` times.
const TEMPLATES: usize = 1_000;

fn templates() -> Vec<Complaint> {
    let playbook = common::strict();
    let actions = common::actions();
    (0..TEMPLATES)
        .map(|k| {
            let open = Open::new(common::at(0), "tim", format!("customer {k}"), "Late")
                .category(format!("category {}", k % 20));
            let mut c = Complaint::open(open, playbook.clone()).expect("an open");
            // Stop after a different number of actions so stages, outcomes and breaches vary.
            let stop = 1 + k % (actions.len() - 1);
            for action in &actions[1..=stop] {
                let _ = c.apply(Action::clone(action));
            }
            c
        })
        .collect()
}

fn main() {
    let templates = templates();
    let built = Instant::now();
    let mut ledger = Ledger::new();
    for _ in 0..COMPLAINTS / TEMPLATES {
        for c in &templates {
            ledger.add(c).expect("a new key");
        }
    }
    println!(
        "built a ledger of {} complaints in {:.2?}",
        ledger.len(),
        built.elapsed()
    );
    let now = common::at(60 * 24 * 30);
    let once = Instant::now();
    let review = ledger.review(now);
    println!(
        "review of {} complaints: {:.2?} (goal: under 2 s)",
        review.complaints,
        once.elapsed()
    );

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    criterion.bench_function("ledger/review_1m", |b| {
        b.iter(|| black_box(ledger.review(black_box(now))))
    });
    criterion.final_summary();
}
