//! Memory held per completed complaint.
//!
//! A counting global allocator (a thin wrapper around the system allocator) tracks the live bytes
//! requested. The benchmark builds 10,000 completed canonical complaints (16 actions, 15 events,
//! strict playbook shared through one `Arc`), holds them in a `Vec`, and prints the live bytes per
//! complaint: the `Complaint` value itself in the `Vec`, its history buffer, the actions' own heap
//! data (texts, the boxed `open`) and its task list. Bytes are as requested from the allocator, so
//! the allocator's own per-block overhead comes on top.
//!
//! Run with `cargo bench -p amends --bench memory`; see `benches/README.md` at the top level.

mod common;

use amends::{Action, Complaint, Event};
use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

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

/// How many completed complaints are held at once.
const HELD: usize = 10_000;
/// The goal: at most this many live bytes per completed complaint.
const GOAL: usize = 2048;

fn live() -> (usize, usize) {
    (LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed))
}

/// Builds `HELD` complaints with `build` and returns (bytes, blocks) per complaint while all are held.
fn held_by(mut build: impl FnMut() -> Complaint) -> (f64, f64) {
    let (bytes0, blocks0) = live();
    let mut held: Vec<Complaint> = Vec::with_capacity(HELD);
    for _ in 0..HELD {
        held.push(build());
    }
    let (bytes1, blocks1) = live();
    assert!(held.iter().all(|c| c.history().len() == common::EVENTS));
    drop(held);
    (
        (bytes1 - bytes0) as f64 / HELD as f64,
        (blocks1 - blocks0) as f64 / HELD as f64,
    )
}

/// The scenario with typed actions: open + 15 applies, the refused close included.
fn typed(playbook: &std::sync::Arc<amends::Playbook>) -> Complaint {
    let mut actions = common::actions().into_iter();
    let mut complaint = Complaint::open(actions.next().expect("open"), playbook.clone()).expect("open");
    for action in actions {
        let _ = complaint.apply(action);
    }
    complaint
}

fn main() {
    let playbook = common::strict();
    let texts = common::actions_json();
    let history = common::completed(&playbook).history().to_vec();

    let (per, blocks) = held_by(|| typed(&playbook));
    let (per_json, blocks_json) = held_by(|| {
        let mut complaint = Complaint::open_json(&texts[0], playbook.clone()).expect("open_json");
        for text in &texts[1..] {
            let _ = complaint.apply_json(text);
        }
        complaint
    });
    let (per_replay, blocks_replay) =
        held_by(|| Complaint::replay(history.clone(), playbook.clone()).expect("replay"));

    let inline = common::EVENTS * size_of::<Event>();
    println!("memory/completed_complaint: {HELD} completed canonical complaints held in a Vec");
    println!("  live bytes per complaint (typed apply)        {per:>8.1} B in {blocks:.1} blocks");
    println!("  live bytes per complaint (open_json + apply)  {per_json:>8.1} B in {blocks_json:.1} blocks");
    println!(
        "  live bytes per complaint (replay)             {per_replay:>8.1} B in {blocks_replay:.1} blocks"
    );
    println!("  where the typed complaint's bytes go:");
    println!(
        "    the Complaint value in the Vec              {:>8} B",
        size_of::<Complaint>()
    );
    println!(
        "    {} events inline in the history, {:>3} B each {inline:>8} B",
        common::EVENTS,
        size_of::<Event>()
    );
    println!(
        "    everything else on the heap                 {:>8.1} B (texts, boxed parts, actors, tasks, spare history capacity)",
        per - (size_of::<Complaint>() + inline) as f64
    );
    println!(
        "    (size_of: Action {} B, Event {} B, Complaint {} B)",
        size_of::<Action>(),
        size_of::<Event>(),
        size_of::<Complaint>()
    );
    let verdict = if per <= GOAL as f64 { "met" } else { "MISSED" };
    println!("  goal <= {GOAL} B per complaint: {verdict}");
    // One line for scripts.
    println!("memory.bytes_per_complaint={per:.1}");
}
