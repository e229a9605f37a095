//! Throughput of the complaint workflow.
//!
//! - `scenario/amends`: the canonical 16-action scenario with typed actions under the strict
//!   playbook: `Complaint::open` + 15 `apply` (one refused). The actions are cloned outside the
//!   timing (`iter_batched`); the finished complaint is dropped outside it too.
//! - `scenario/enum_match_baseline`: the same scenario written by hand (see `baseline/mod.rs`), in
//!   the same group so the two compare; the ratio amends/baseline is printed at the end.
//! - `json/open_json_apply_json`: the same 16 actions as JSON text: `Complaint::open_json` + 15
//!   `apply_json`.
//! - `replay/100k_complaints`: `Complaint::replay` of 100,000 completed histories (15 events each)
//!   under one shared `Arc<Playbook>`; the event vectors are built outside the timing.
//!
//! Run with `cargo bench -p amends --bench workflow`; see `benches/README.md` at the top level.

mod baseline;
mod common;

use amends::{Complaint, Event};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How many completed complaints the replay benchmark rebuilds per iteration.
const REPLAYED: usize = 100_000;
/// How many scenario runs are timed together (inputs prepared before, outputs dropped after): a
/// fixed batch keeps the working set the same whatever iteration count criterion picks.
const BATCH: u64 = 64;

fn scenario(c: &mut Criterion) {
    let playbook = common::strict();
    let actions = common::actions();
    let acts = baseline::acts();
    assert_eq!(actions.len(), common::ACTIONS);
    assert_eq!(acts.len(), common::ACTIONS);
    // Both implementations walk the scenario the same way before either is timed.
    common::completed(&playbook);
    check_baseline(&acts);

    let mut group = c.benchmark_group("scenario");
    group.throughput(Throughput::Elements(common::ACTIONS as u64));
    group.bench_function("amends", |b| {
        b.iter_batched(
            || actions.clone(),
            |actions| {
                let mut actions = actions.into_iter();
                let open = actions.next().expect("the open action");
                let mut complaint = Complaint::open(open, Arc::clone(&playbook)).expect("open");
                for action in actions {
                    black_box(complaint.apply(action).is_ok());
                }
                complaint
            },
            BatchSize::NumIterations(BATCH),
        )
    });
    group.bench_function("enum_match_baseline", |b| {
        b.iter_batched(
            || acts.clone(),
            |acts| {
                let mut acts = acts.into_iter();
                let mut case = baseline::Case::open(acts.next().expect("the open act")).expect("open");
                for act in acts {
                    black_box(case.apply(act).is_ok());
                }
                case
            },
            BatchSize::NumIterations(BATCH),
        )
    });
    group.finish();
}

fn check_baseline(acts: &[baseline::Act]) {
    let mut acts = acts.iter().cloned();
    let mut case = baseline::Case::open(acts.next().expect("open")).expect("open");
    for (i, act) in acts.enumerate() {
        let result = case.apply(act).map(|_| ());
        if i + 1 == common::REFUSED {
            assert_eq!(result, Err(baseline::Refusal::FollowUpBeforeClose));
        } else {
            assert_eq!(result, Ok(()), "baseline action {} refused", i + 1);
        }
    }
    assert_eq!(case.stage(), baseline::Stage::Closed);
    assert_eq!(case.events().len(), common::EVENTS);
}

fn json(c: &mut Criterion) {
    let playbook = common::strict();
    let texts = common::actions_json();
    // The JSON walk gives the same history as the typed one.
    let mut complaint = Complaint::open_json(&texts[0], Arc::clone(&playbook)).expect("open_json");
    for (i, text) in texts[1..].iter().enumerate() {
        assert_eq!(
            complaint.apply_json(text).is_ok(),
            i + 1 != common::REFUSED,
            "{text}"
        );
    }
    assert_eq!(complaint, common::completed(&playbook));

    let mut group = c.benchmark_group("json");
    group.throughput(Throughput::Elements(common::ACTIONS as u64));
    group.bench_function("open_json_apply_json", |b| {
        b.iter_batched(
            || (),
            |()| {
                let mut complaint =
                    Complaint::open_json(black_box(&texts[0]), Arc::clone(&playbook)).expect("open_json");
                for text in &texts[1..] {
                    black_box(complaint.apply_json(black_box(text)).is_ok());
                }
                complaint
            },
            BatchSize::NumIterations(BATCH),
        )
    });
    group.finish();
}

fn replay(c: &mut Criterion) {
    let playbook = common::strict();
    let history: Vec<Event> = common::completed(&playbook).history().to_vec();
    assert_eq!(history.len(), common::EVENTS);

    let mut group = c.benchmark_group("replay");
    group.throughput(Throughput::Elements((REPLAYED * common::EVENTS) as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(16));
    group.bench_function("100k_complaints", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let inputs: Vec<Vec<Event>> = (0..REPLAYED).map(|_| history.clone()).collect();
                let mut rebuilt = Vec::with_capacity(REPLAYED);
                let start = Instant::now();
                for events in inputs {
                    rebuilt.push(Complaint::replay(events, Arc::clone(&playbook)).expect("replay"));
                }
                timed += start.elapsed();
                assert_eq!(rebuilt.len(), REPLAYED);
                drop(black_box(rebuilt));
            }
            timed
        })
    });
    group.finish();
}

/// Where criterion writes its results: `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion`, else the
/// `criterion` folder of the target directory this benchmark was built in.
fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(home.into());
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(Path::new(&target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .map(|dir| dir.join("criterion"))
        .find(|dir| dir.is_dir())
}

/// Criterion's typical time per iteration in nanoseconds (the slope when it fitted one, else the
/// mean), if this run measured the benchmark.
fn typical_ns(dir: &Path, id: &str, since: SystemTime) -> Option<f64> {
    let file = dir.join(id).join("new/estimates.json");
    let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok()?;
    if modified < since {
        return None; // left from an earlier run: this one skipped the benchmark
    }
    let estimates: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
    ["slope", "mean"]
        .iter()
        .find_map(|kind| estimates[kind]["point_estimate"].as_f64())
}

fn report(since: SystemTime) {
    let Some(dir) = criterion_dir() else {
        return;
    };
    let per_second =
        |id: &str, elements: usize| typical_ns(&dir, id, since).map(|ns| elements as f64 * 1e9 / ns);
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    let amends = per_second("scenario/amends", common::ACTIONS);
    let manual = per_second("scenario/enum_match_baseline", common::ACTIONS);
    let json = per_second("json/open_json_apply_json", common::ACTIONS);
    let replay = per_second("replay/100k_complaints", REPLAYED * common::EVENTS);
    if [amends, manual, json, replay].iter().all(Option::is_none) {
        return;
    }
    println!("\nSummary (criterion's typical estimate per iteration)");
    if let Some(a) = amends {
        println!("  scenario/amends               {a:>14.0} actions/s");
    }
    if let Some(m) = manual {
        println!("  scenario/enum_match_baseline  {m:>14.0} actions/s");
    }
    if let (Some(a), Some(m)) = (amends, manual) {
        let ratio = a / m;
        println!(
            "  ratio amends/baseline         {ratio:>14.3}x   goal >= 0.5x: {}",
            verdict(ratio >= 0.5)
        );
    }
    if let Some(j) = json {
        println!(
            "  json/open_json_apply_json     {j:>14.0} actions/s   goal >= 1,000,000: {}",
            verdict(j >= 1e6)
        );
    }
    if let Some(r) = replay {
        println!(
            "  replay/100k_complaints        {r:>14.0} events/s    goal >= 5,000,000: {}",
            verdict(r >= 5e6)
        );
    }
}

fn main() {
    let since = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    scenario(&mut criterion);
    json(&mut criterion);
    replay(&mut criterion);
    criterion.final_summary();
    report(since);
}
