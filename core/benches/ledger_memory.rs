//! Memory held per complaint in a `Ledger`, at 10,000, 100,000 and 1,000,000 complaints.
//!
//! A counting global allocator (a thin wrapper around the system allocator, as in `memory.rs`)
//! tracks the live bytes requested. Each run builds an empty ledger and adds that many distinct
//! complaints, one at a time: each has its own id, every customer complains twice, there are 20
//! categories, and each complaint is the canonical scenario cut at a different point (so stages,
//! outcomes, diagnoses, prevention ideas and deadlines vary, as in the `ledger` bench). Each complaint is dropped right after
//! it is added, so what stays live is what the ledger keeps: the summaries, the keys, the interned
//! customers, categories and root causes, the opening times per customer and per category, and the
//! spare capacity of its vectors and hash tables. Bytes are as requested from the allocator, so
//! the allocator's own per-block overhead comes on top.
//!
//! Run with `cargo bench -p amends --bench ledger_memory`.

mod common;

use amends::{Action, Complaint, Ledger, Open, Playbook};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

/// Counts live bytes and live blocks on top of the system allocator.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s contract;
// the counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size, Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The ledger sizes measured.
const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
/// Root-cause categories given at opening.
const CATEGORIES: usize = 20;

fn live() -> (usize, usize) {
    (LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed))
}

/// Complaint `i`: its own id, the customer of complaint `i ^ 1`, category `i % 20`, the canonical
/// scenario cut after `1 + i % 15` of its actions. All open at the same time: the times do not
/// change what a summary holds.
fn complaint(i: usize, actions: &[Action], playbook: &Arc<Playbook>) -> Complaint {
    let open = Open::new(common::at(0), "tim", format!("customer {}", i / 2), "Late")
        .id(format!("C{i:07}"))
        .category(format!("category {}", i % CATEGORIES));
    let mut c = Complaint::open(open, playbook.clone()).expect("an open");
    for action in &actions[1..=1 + i % (actions.len() - 1)] {
        let _ = c.apply(action.clone());
    }
    c
}

/// Live bytes and blocks a ledger of `n` complaints holds.
fn held(n: usize, actions: &[Action], playbook: &Arc<Playbook>) -> (usize, usize) {
    let (bytes0, blocks0) = live();
    let mut ledger = Ledger::new();
    for i in 0..n {
        ledger.add(&complaint(i, actions, playbook)).expect("a new key");
    }
    let (bytes1, blocks1) = live();
    assert_eq!(ledger.len(), n);
    drop(ledger);
    (bytes1 - bytes0, blocks1 - blocks0)
}

fn main() {
    let playbook = common::strict();
    let actions = common::actions();
    println!("ledger_memory: live bytes a Ledger holds, complaints dropped once added");
    println!(
        "  {:>10} {:>12} {:>14} {:>16}",
        "complaints", "live MB", "B/complaint", "blocks/complaint"
    );
    let mut figures = Vec::new();
    for n in SIZES {
        let started = Instant::now();
        let (bytes, blocks) = held(n, &actions, &playbook);
        let per = bytes as f64 / n as f64;
        println!(
            "  {n:>10} {:>12.1} {per:>14.1} {:>16.2}   ({:.1?})",
            bytes as f64 / 1e6,
            blocks as f64 / n as f64,
            started.elapsed()
        );
        figures.push((n, bytes, per));
    }
    // Linear: the bytes per complaint stay within a band (hash tables and vectors grow by
    // doubling, so where a size falls between two capacities moves the figure a little).
    let (lo, hi) = figures.iter().fold((f64::MAX, 0f64), |(lo, hi), (_, _, per)| {
        (lo.min(*per), hi.max(*per))
    });
    let (n0, b0, _) = figures[0];
    let (n1, b1, _) = figures[figures.len() - 1];
    let marginal = (b1 - b0) as f64 / (n1 - n0) as f64;
    println!("  marginal bytes per complaint from {n0} to {n1}: {marginal:.1} B");
    println!("  spread of B/complaint across sizes: {lo:.1} to {hi:.1} B");
    // One line for scripts.
    println!(
        "ledger_memory.bytes_per_complaint_1m={:.1}",
        figures[figures.len() - 1].2
    );
}
