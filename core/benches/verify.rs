//! Playbook verification: the exhaustive search of each preset.
//!
//! Each preset is verified once outside the timing to print its size (states, transitions,
//! attempts), then `verify` is timed per preset. The diagrams come from the same search, so they
//! cost nothing more.
//!
//! Run with `cargo bench -p amends --bench verify`.

use amends::{verify, Preset};
use criterion::Criterion;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for preset in Preset::ALL {
        let playbook = preset.playbook();
        let once = Instant::now();
        let v = verify(&playbook);
        println!(
            "{preset}: {} states, {} transitions, {} attempts, depth {}, proven {} ({:.2?} once)",
            v.states,
            v.transitions,
            v.attempts,
            v.depth,
            v.proven,
            once.elapsed()
        );
        criterion.bench_function(&format!("verify/{preset}"), |b| {
            b.iter(|| black_box(verify(black_box(&playbook))))
        });
    }
    criterion.final_summary();
}
