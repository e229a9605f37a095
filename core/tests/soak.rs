//! Soak test: a long random run over many complaints under the presets, checking after every
//! action that the engine keeps its invariants and that memory stays flat.
//!
//! `AMENDS_SOAK_ACTIONS` random actions (default 40,000) go to `AMENDS_SOAK_COMPLAINTS`
//! complaints (default one per 100 actions), opened under the six presets in turn and all kept to
//! the end. A seeded xorshift generator (`AMENDS_SOAK_SEED`) picks a complaint and an action: most
//! often a kind `next_actions()` offers, with an ordinary payload; sometimes any kind; sometimes a
//! malformed or rule-breaking one (blank or oversized text, a foreign currency, a time before the
//! last event, a stale expected length, …). Some actions go in as JSON text.
//!
//! After every action:
//! - a refusal changed nothing: the history length, the stage, the last event, `next_actions()`
//!   and the bytes the test thread holds are as before (`to_json()` is compared in full on a
//!   sample of steps);
//! - an accepted action's kind was in `next_actions()` before it, its event has the next `seq`,
//!   the stage the workflow gives that kind and the complaint's stage;
//! - on a sample of steps, `check()` agreed with `apply()`;
//! - closed complaints offer exactly `prevention`, `note` and `reopen`; others `listen` and `note`;
//! - an accepted event adds no more bytes than its slot and the most heap one event may own.
//!
//! Every 64 events a complaint is replayed and loaded back from its JSON; at the end every
//! complaint is, and its `seq`s and a hash chained over its events are checked.
//!
//! Memory: a counting global allocator (this file is its own test binary) samples the live bytes.
//! After the warm-up they must stay under what the held complaints account for (each event's slot
//! with the history's spare capacity, and the most heap one generated event may own). Doing the
//! same work again (cloning complaints, applying, refusing, checking, round trips) must leave the
//! live bytes exactly where they were.
//!
//! The full size, in release (figures in README.md):
//! `AMENDS_SOAK_ACTIONS=1000000 cargo test --release -p amends --test soak -- --nocapture`
//! (`make soak`).

use amends::{
    Action, ActionKind, Actor, Complaint, Currency, Error, Event, FollowUpResult, Money, Open, Outcome,
    Preset, PreventionSource, Remedy, RemedyKind, RuleId, Severity, Stage, Timestamp,
};
use jiff::SignedDuration;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::mem::size_of;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// A counting allocator
// ---------------------------------------------------------------------------------------------

/// Counts the live bytes requested, for the whole process and for each thread.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    /// Bytes allocated minus bytes freed by this thread: exact for work done on one thread, whatever
    /// other threads (the test harness) allocate meanwhile.
    static NET: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let live = LIVE.fetch_add(delta, Relaxed) + delta;
    PEAK.fetch_max(live, Relaxed);
    // `try_with`: a thread's last frees may come after its thread-locals are gone.
    let _ = NET.try_with(|net| net.set(net.get() + delta));
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s contract;
// the counters are only bookkeeping and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live bytes in the whole process.
fn live() -> isize {
    LIVE.load(Relaxed)
}

/// Bytes this thread holds (allocated minus freed).
fn net() -> isize {
    NET.with(Cell::get)
}

/// The process's peak resident set, from /proc (Linux), for the report.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// Configuration and randomness
// ---------------------------------------------------------------------------------------------

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|e| panic!("{name}={text:?} is not a number: {e}")),
        Err(_) => default,
    }
}

/// xorshift64*: small, fast and good enough to pick actions.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Any seed but 0 works; spread small seeds over the state.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Generated actions
// ---------------------------------------------------------------------------------------------

/// The longest text the generator writes for an action that may be accepted, in bytes.
const TEXT_MAX: usize = 64;
/// The longest person id and role the generator writes.
const ID_MAX: usize = 8;
const ROLE_MAX: usize = 10;

const PEOPLE: &[(&str, &str)] = &[
    ("tim", "agent"),
    ("ann", "agent"),
    ("sue", "supervisor"),
    ("max", "manager"),
    ("kit", "intern"),
];
const TEXTS: &[&str] = &[
    "The demo units came two days after the trade show.",
    "The kettle stopped heating after a week.",
    "Our late delivery cost you the demo and a sale.",
    "You were charged twice for one order.",
    "Called back as promised.",
    "Customer prefers email.",
];
const APOLOGIES: &[&str] = &[
    "I am sorry we let you down.",
    "I am so sorry about the double charge.",
    "Sorry, but the courier was late.",
    "We apologise; our policy is clear though.",
];
const CATEGORIES: &[&str] = &["logistics", "billing", "quality", "service"];
const AMOUNTS: &[u64] = &[0, 500, 4_000, 20_000, 100_000];

/// How an action reaches the complaint.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    /// `apply` with a typed action.
    Typed,
    /// `apply_json` with the action's JSON text.
    Json,
    /// `apply_expecting` with the history length it has.
    Expecting,
    /// `apply_expecting` with a stale length: always a conflict.
    Stale,
}

fn person(rng: &mut Rng) -> Actor {
    let (id, role) = *rng.pick(PEOPLE);
    Actor::new(id, role)
}

fn text(rng: &mut Rng) -> String {
    let base = rng.pick(TEXTS);
    // A number makes texts differ; the result stays under TEXT_MAX.
    format!("{base} #{}", rng.below(1000))
}

fn remedy(rng: &mut Rng) -> Remedy {
    let kind = *rng.pick(RemedyKind::ALL);
    let remedy = Remedy::new(kind, format!("Remedy {}", rng.below(100)));
    match *rng.pick(AMOUNTS) {
        0 => remedy,
        cents => remedy.worth(Money::usd(cents)),
    }
}

/// An ordinary, well-formed action of `kind` at `at` (it may still break a rule).
fn ordinary(kind: ActionKind, at: Timestamp, rng: &mut Rng, complaint: &Complaint) -> Action {
    let by = person(rng);
    match kind {
        ActionKind::Open => unreachable!("complaints are opened up front"),
        ActionKind::Listen => Action::listen(at, by, text(rng)),
        ActionKind::Restate => Action::restate(at, by, text(rng)),
        ActionKind::Confirm => Action::confirm(at, by),
        ActionKind::Correct => Action::correct(at, by, text(rng)),
        ActionKind::Thank => Action::thank(at, by, "Thank you for telling us."),
        ActionKind::Apologize => Action::apologize(at, by, *rng.pick(APOLOGIES)),
        ActionKind::Diagnose => Action::diagnose(at, by, text(rng), *rng.pick(CATEGORIES)),
        ActionKind::Ask => Action::ask(at, by),
        ActionKind::Request => Action::request(at, by, remedy(rng)),
        ActionKind::NoRequest => Action::no_request(at, by),
        ActionKind::Offer => match rng.below(4) {
            0 => Action::too_upset_offer(at, by, remedy(rng)),
            1 => Action::offer(at, by, remedy(rng)),
            _ => Action::counter_offer(at, by, remedy(rng), text(rng)),
        },
        ActionKind::Approve => Action::approve(at, by),
        ActionKind::Agree => Action::agree(at, by),
        ActionKind::Decline => Action::decline(at, by, text(rng)),
        ActionKind::SuspectBadFaith => Action::suspect_bad_faith(at, by, text(rng)),
        ActionKind::StandFirm => Action::stand_firm(at, by, text(rng)),
        ActionKind::Plan => {
            let due = at + SignedDuration::from_hours(rng.below(72) as i64);
            Action::plan(at, by, text(rng), due)
        }
        ActionKind::Done => {
            let open = complaint.open_tasks();
            let task_id = if open.is_empty() || rng.chance(1, 10) {
                1 + rng.below(4) as u32
            } else {
                *rng.pick(&open)
            };
            Action::done(at, by, task_id)
        }
        ActionKind::FollowUp => {
            let result = match rng.below(20) {
                0..=11 => FollowUpResult::Satisfied,
                12..=16 => FollowUpResult::Unsatisfied,
                _ => FollowUpResult::Unreachable,
            };
            match Action::follow_up(at, by, result) {
                Action::FollowUp { at, by, result, .. } if rng.chance(1, 3) => Action::FollowUp {
                    at,
                    by,
                    result,
                    notes: Some(text(rng).into()),
                },
                action => action,
            }
        }
        ActionKind::Prevention => {
            let source = *rng.pick(PreventionSource::ALL);
            let idea = rng.chance(2, 3).then(|| text(rng));
            Action::prevention(at, by, source, idea.as_deref())
        }
        ActionKind::Escalate => Action::escalate(at, by, "Head of service", text(rng)),
        ActionKind::Note => Action::note(at, by, text(rng)),
        ActionKind::Close => {
            let outcome = match rng.below(10) {
                0..=6 => Outcome::Resolved,
                7 | 8 => Outcome::Unresolved,
                _ => Outcome::Withdrawn,
            };
            Action::close(at, by, outcome)
        }
        ActionKind::Reopen => Action::reopen(at, by, text(rng)),
    }
}

/// An action that is malformed, or well formed but meant to break a rule.
fn hostile(at: Timestamp, rng: &mut Rng, complaint: &Complaint) -> Action {
    let by = person(rng);
    let limit = complaint.playbook().limits().max_text_bytes;
    match rng.below(10) {
        0 => Action::note(at, by, " \t "),
        1 => Action::note(at, Actor::agent(""), "Who wrote this?"),
        // Over the limit by one byte (rare: it allocates the limit).
        2 if rng.chance(1, 8) => Action::note(at, by, "x".repeat(limit + 1)),
        3 => {
            let euros = Remedy::new(RemedyKind::Refund, "In euros").worth(Money::new(
                100,
                Currency::new("EUR").expect("EUR is a currency code"),
            ));
            Action::request(at, by, euros)
        }
        4 => Action::plan(at, by, "Ship it", at - SignedDuration::from_mins(1)),
        5 => Action::done(at, by, 0),
        6 => Action::done(at, by, 1000),
        7 => Action::suspect_bad_faith(at, by, ""),
        8 => Action::apologize(at, by, "Sorry, but you should have read the manual."),
        // Before the last event: `time-order` (or an earlier refusal).
        _ => Action::note(
            complaint.last_at() - SignedDuration::from_mins(1 + rng.below(60) as i64),
            by,
            "Backdated",
        ),
    }
}

fn opening(i: usize, rng: &mut Rng, at: Timestamp) -> Open {
    let mut open = Open::new(at, person(rng), format!("Customer {}", i % 997), text(rng));
    if rng.chance(1, 2) {
        open = open.id(format!("C-{i}"));
    }
    if rng.chance(1, 2) {
        open = open.channel(*rng.pick(&["phone", "email", "in_person"]));
    }
    if rng.chance(1, 2) {
        open = open.severity(*rng.pick(Severity::ALL));
    }
    if rng.chance(1, 2) {
        open = open.category(*rng.pick(CATEGORIES));
    }
    if rng.chance(1, 3) {
        open = open.value_at_stake(Money::usd(*rng.pick(AMOUNTS)));
    }
    open
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

const FNV_START: u64 = 0xCBF2_9CE4_8422_2325;

/// A set of action kinds, a bit per kind number: what `next_actions()` offered, kept without a heap
/// allocation so that it does not count as the complaints' memory.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Kinds(u32);

impl Kinds {
    fn of(kinds: &[ActionKind]) -> Kinds {
        Kinds(kinds.iter().fold(0, |set, k| set | 1 << k.number()))
    }

    fn contains(self, kind: ActionKind) -> bool {
        self.0 & 1 << kind.number() != 0
    }

    /// One of the kinds, at random; `None` for the empty set.
    fn pick(self, rng: &mut Rng) -> Option<ActionKind> {
        let n = self.0.count_ones() as usize;
        if n == 0 {
            return None;
        }
        let nth = rng.below(n);
        ActionKind::ALL
            .iter()
            .copied()
            .filter(|k| self.contains(*k))
            .nth(nth)
    }
}

impl std::fmt::Debug for Kinds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = ActionKind::ALL
            .iter()
            .filter(|k| self.contains(**k))
            .map(|k| k.as_str());
        f.debug_list().entries(names).finish()
    }
}

/// A held complaint and what the test remembers of it.
struct Held {
    complaint: Complaint,
    /// What `next_actions()` offered after the last action (checked again after every refusal).
    next: Kinds,
    /// A hash chained over the JSON of every event, in order.
    chain: u64,
    /// The hash of the last event's JSON.
    tail: u64,
    /// How many tasks were planned.
    plans: u32,
}

impl Held {
    fn new(complaint: Complaint) -> Held {
        let tail = fnv(FNV_START, complaint.history()[0].to_json().as_bytes());
        let next = Kinds::of(&complaint.next_actions());
        check_offer(complaint.stage(), next);
        Held {
            complaint,
            next,
            chain: fnv(FNV_START, &tail.to_le_bytes()),
            tail,
            plans: 0,
        }
    }
}

/// The stage the workflow gives an accepted action of `kind` taken in `before`.
fn stage_after(kind: ActionKind, before: Stage, event: &Event, open_tasks_after: usize) -> Stage {
    use Stage as S;
    match kind {
        ActionKind::Listen if before == S::Open => S::Listening,
        ActionKind::Restate | ActionKind::Reopen => S::Listening,
        ActionKind::Confirm => S::Understood,
        ActionKind::Ask | ActionKind::Offer => S::Resolving,
        ActionKind::Agree => S::Agreed,
        ActionKind::StandFirm => S::FollowingUp,
        ActionKind::Plan => S::Acting,
        ActionKind::Done if open_tasks_after == 0 => S::FollowingUp,
        ActionKind::Done => S::Acting,
        ActionKind::FollowUp => match event.action {
            Action::FollowUp {
                result: FollowUpResult::Unsatisfied,
                ..
            } if before == S::FollowingUp => S::Resolving,
            _ => before,
        },
        ActionKind::Close => S::Closed,
        _ => before,
    }
}

/// What a stage offers, whatever the history: a closed case only `prevention`, `note` and
/// `reopen`; any other case `listen` and `note`, and never `reopen`.
fn check_offer(stage: Stage, next: Kinds) {
    use ActionKind as K;
    if stage == Stage::Closed {
        assert_eq!(
            next,
            Kinds::of(&[K::Prevention, K::Note, K::Reopen]),
            "closed offers"
        );
    } else {
        assert!(
            next.contains(K::Listen) && next.contains(K::Note),
            "{stage} offers {next:?}"
        );
        assert!(!next.contains(K::Reopen), "{stage} offers reopen");
    }
}

/// A full check of one complaint: `seq` contiguous, the chained hash, each event's stage, replay
/// and the JSON round trip rebuild it. Leaves no bytes behind.
fn check_whole(held: &Held) {
    let net0 = net();
    {
        let c = &held.complaint;
        let history = c.history();
        let mut chain = FNV_START;
        for (i, event) in history.iter().enumerate() {
            assert_eq!(event.seq as usize, i + 1, "seq of event {i}");
            chain = fnv(chain, &fnv(FNV_START, event.to_json().as_bytes()).to_le_bytes());
        }
        assert_eq!(chain, held.chain, "the events changed after they were recorded");
        assert_eq!(history[history.len() - 1].stage, c.stage());
        let replayed = Complaint::replay(history.to_vec(), c.playbook().clone()).expect("replay");
        assert!(replayed == *c, "replay rebuilds the complaint");
        assert_eq!(replayed.stage(), c.stage());
        let loaded = Complaint::from_json(&c.to_json()).expect("from_json(to_json)");
        assert!(loaded == *c, "the JSON round trip rebuilds the complaint");
        assert_eq!(loaded.next_actions(), c.next_actions());
    }
    assert_eq!(net(), net0, "a replay or round trip left bytes behind");
}

/// The most heap one generated event may own besides its slot in the history: a person of its
/// own, its boxed part (the `open`, or a remedy) and its texts (at most five, in an `open`).
fn event_heap_bound() -> usize {
    let person = 2 * size_of::<usize>() + 2 * size_of::<Box<str>>() + ID_MAX + ROLE_MAX;
    let boxed = size_of::<Open>().max(size_of::<Remedy>());
    person + boxed + 5 * TEXT_MAX
}

/// The most heap the held complaints may own: each history's buffer (at least 16 slots, at most
/// twice its length once it grew), each event's own heap and each task list.
fn allowance(held: &[Held]) -> (usize, usize) {
    let mut events = 0;
    let mut bytes = 0;
    for h in held {
        let len = h.complaint.history().len();
        events += len;
        bytes +=
            (2 * len).max(16) * size_of::<Event>() + len * event_heap_bound() + (2 * h.plans as usize).max(8);
    }
    (events, bytes)
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

struct Tally {
    accepted: u64,
    by_rule: u64,
    invalid: u64,
    conflicts: u64,
    kinds_accepted: Vec<u64>,
    stages_reached: Vec<u64>,
    /// Refusals by each rule, by rule number.
    by_each_rule: Vec<u64>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            accepted: 0,
            by_rule: 0,
            invalid: 0,
            conflicts: 0,
            kinds_accepted: vec![0; ActionKind::ALL.len()],
            stages_reached: vec![0; Stage::ALL.len()],
            by_each_rule: vec![0; RuleId::ALL.len()],
        }
    }
}

/// Runs one random action against `held`, checking every invariant around it.
///
/// `sample`: also compare `check()` with `apply()`, and the whole JSON after a refusal. `warm`:
/// the first calls of a path may fill the library's caches, so bytes are not counted yet.
fn step(held: &mut Held, rng: &mut Rng, tally: &mut Tally, sample: bool, warm: bool) {
    let c = &mut held.complaint;
    let before_len = c.history().len();
    let before_stage = c.stage();
    // What `next_actions()` offered after the last action here, and still offers: every refusal
    // since was checked to leave it as it was.
    let before_next = held.next;
    let before_json = sample.then(|| c.to_json());

    // Everything from here to the verdict is measured: a refusal must give every byte back.
    let net0 = net();
    let at = c.last_at() + SignedDuration::from_mins(rng.below(240) as i64);
    let roll = rng.below(100);
    let offered = if roll < 75 { before_next.pick(rng) } else { None };
    let action = if let Some(kind) = offered {
        ordinary(kind, at, rng, c)
    } else if roll < 90 {
        let kind = ActionKind::ALL[1 + rng.below(ActionKind::ALL.len() - 1)];
        ordinary(kind, at, rng, c)
    } else {
        hostile(at, rng, c)
    };
    let kind = action.kind();
    let route = match rng.below(16) {
        0 | 1 => Route::Json,
        2 => Route::Expecting,
        3 => Route::Stale,
        _ => Route::Typed,
    };
    let checked = (sample && route != Route::Stale).then(|| c.check(&action));
    let result = match route {
        Route::Typed => c.apply(action),
        Route::Json => {
            let text = action.to_json();
            drop(action);
            c.apply_json(&text)
        }
        Route::Expecting => c.apply_expecting(action, before_len),
        Route::Stale => c.apply_expecting(action, before_len + 1 + rng.below(3)),
    };
    match result {
        Ok(event) => {
            assert!(
                before_next.contains(kind),
                "{kind} was accepted in {before_stage} but next_actions() offered {before_next:?}"
            );
            assert_eq!(event.action.kind(), kind);
            assert_eq!(event.seq as usize, before_len + 1, "seq");
            let event_json = event.to_json();
            let event_stage = event.stage;
            let task_id = event.task_id;
            let open_after = c.open_tasks().len();
            let expected_stage = stage_after(kind, before_stage, &c.history()[before_len], open_after);
            assert_eq!(event_stage, expected_stage, "{kind} in {before_stage}");
            assert_eq!(c.stage(), event_stage);
            assert_eq!(c.history().len(), before_len + 1);
            if kind == ActionKind::Plan {
                held.plans += 1;
                assert_eq!(task_id, Some(held.plans), "task ids count the plans");
            } else {
                assert_eq!(task_id, None);
            }
            if let Some(Ok(violations)) = &checked {
                assert!(violations.is_empty(), "check said {violations:?}, apply accepted");
            }
            if let Some(Err(refusal)) = &checked {
                panic!("check refused with {refusal}, apply accepted");
            }
            drop(checked);
            // The history grew by one event: its slot (the buffer may have doubled) and its heap.
            let grew = net() - net0 - event_json.capacity() as isize;
            let slots = std::mem::size_of_val(&c.history()[..before_len]);
            let most = slots + event_heap_bound() + 2 * held.plans as usize + 8;
            assert!(
                warm || grew <= most as isize,
                "one {kind} event holds {grew} bytes (at most {most})"
            );
            held.tail = fnv(FNV_START, event_json.as_bytes());
            held.chain = fnv(held.chain, &held.tail.to_le_bytes());
            held.next = Kinds::of(&c.next_actions());
            check_offer(event_stage, held.next);
            tally.accepted += 1;
            tally.kinds_accepted[kind as usize] += 1;
            tally.stages_reached[event_stage as usize] += 1;
            if (before_len + 1) % 64 == 0 {
                check_whole(held);
            }
        }
        Err(error) => {
            match (&error, route) {
                (Error::Conflict { expected, actual }, Route::Stale) => {
                    assert!(*expected > before_len && *actual == before_len);
                    tally.conflicts += 1;
                }
                (_, Route::Stale) => panic!("a stale length must be a conflict, got {error}"),
                (Error::Rule(v), _) => {
                    tally.by_rule += 1;
                    tally.by_each_rule[v.rule.number() as usize] += 1;
                }
                (Error::Invalid(_), _) => tally.invalid += 1,
                (other, _) => panic!("apply refused with {other:?}"),
            }
            match &checked {
                Some(Ok(violations)) => assert_eq!(
                    Some(&error),
                    violations.first().cloned().map(Error::Rule).as_ref(),
                    "apply refused by the first rule check lists"
                ),
                Some(Err(checked)) => assert_eq!(&error, checked, "check and apply"),
                None => {}
            }
            let shown = format!("{error:?}");
            drop(error);
            drop(checked);
            let left = net() - net0 - shown.capacity() as isize;
            assert!(
                warm || left == 0,
                "a refused {kind} left {left} bytes behind: {shown}"
            );
            let c = &held.complaint;
            assert_eq!(
                c.history().len(),
                before_len,
                "a refused {kind} changed the history"
            );
            assert_eq!(c.stage(), before_stage, "a refused {kind} changed the stage");
            let last = c.history()[before_len - 1].to_json();
            assert_eq!(
                fnv(FNV_START, last.as_bytes()),
                held.tail,
                "a refused {kind} changed the last event"
            );
            assert_eq!(
                Kinds::of(&c.next_actions()),
                before_next,
                "a refused {kind} changed what comes next"
            );
            if let Some(before) = before_json {
                assert_eq!(c.to_json(), before, "a refused {kind} changed the complaint");
            }
        }
    }
}

/// Work repeated over a few complaints: clones, applies and refusals, checks and round trips. Its
/// results are dropped, so it must leave no byte behind.
fn same_work(held: &[Held], seed: u64) -> isize {
    let net0 = net();
    let mut rng = Rng::new(seed);
    for h in held.iter().take(40) {
        let mut c = h.complaint.clone();
        for _ in 0..10 {
            let at = c.last_at() + SignedDuration::from_mins(rng.below(240) as i64);
            let next = c.next_actions();
            let action = if next.is_empty() || rng.chance(1, 4) {
                hostile(at, &mut rng, &c)
            } else {
                ordinary(*rng.pick(&next), at, &mut rng, &c)
            };
            let _ = c.check(&action);
            let _ = c.apply_json(&action.to_json());
            let _ = c.apply(action);
        }
        let _ = Complaint::from_json(&c.to_json()).expect("from_json");
        let _ = Complaint::replay(c.history().to_vec(), c.playbook().clone()).expect("replay");
        let _ = c.breaches(c.last_at());
        let _ = c.timeline();
    }
    net() - net0
}

#[test]
fn soak() {
    let actions = env_number("AMENDS_SOAK_ACTIONS", 40_000);
    let complaints = env_number("AMENDS_SOAK_COMPLAINTS", (actions / 100).max(1)) as usize;
    let seed = env_number("AMENDS_SOAK_SEED", 20260302);
    assert!(complaints > 0, "AMENDS_SOAK_COMPLAINTS must be at least 1");
    let started = Instant::now();
    let t0: Timestamp = "2026-03-02T09:00:00Z".parse().expect("a timestamp");
    let mut rng = Rng::new(seed);
    let mut tally = Tally::new();

    // Warm-up: build every preset once (they are shared), and run each code path once.
    for preset in Preset::ALL {
        let c = Complaint::open(opening(0, &mut rng, t0), preset.shared()).expect("open");
        let mut warm = Held::new(c);
        for _ in 0..200 {
            step(&mut warm, &mut rng, &mut tally, true, true);
        }
    }
    let mut held: Vec<Held> = Vec::with_capacity(complaints);
    let baseline = live();

    for i in 0..complaints {
        let preset = Preset::ALL[i % Preset::ALL.len()];
        let at = t0 + SignedDuration::from_mins(i as i64);
        let c = Complaint::open(opening(i, &mut rng, at), preset.shared()).expect("open");
        held.push(Held::new(c));
    }

    let mut tally = Tally::new();
    let samples = 50;
    let every = (actions / samples).max(1);
    let mut per_event = Vec::new();
    for n in 0..actions {
        let i = rng.below(held.len());
        step(&mut held[i], &mut rng, &mut tally, n % 64 == 0, false);
        if (n + 1) % every == 0 {
            let (events, most) = allowance(&held);
            let grown = live() - baseline;
            assert!(
                grown <= most as isize,
                "after {} actions the complaints hold {grown} bytes; {events} events account for {most}",
                n + 1
            );
            per_event.push(grown as f64 / events as f64);
        }
    }
    let run_time = started.elapsed();

    for h in &held {
        check_whole(h);
    }
    let checked_time = started.elapsed();

    // The same work, three times over: not one byte may stay behind.
    for round in 0..3 {
        let left = same_work(&held, seed ^ 0x5A5A);
        assert_eq!(left, 0, "round {round} of the same work left {left} bytes behind");
    }

    // The run explored the workflow: every kind was accepted, every stage reached, refusals
    // came from input and from many rules.
    let (events, most) = allowance(&held);
    let grown = live() - baseline;
    if actions >= 10_000 {
        for kind in &ActionKind::ALL[1..] {
            assert!(
                tally.kinds_accepted[*kind as usize] > 0,
                "no {kind} was ever accepted"
            );
        }
        for stage in &Stage::ALL[1..] {
            assert!(
                tally.stages_reached[*stage as usize] > 0,
                "no complaint reached {stage}"
            );
        }
        assert!(tally.invalid > 0 && tally.conflicts > 0);
        let rules = tally.by_each_rule.iter().filter(|n| **n > 0).count();
        assert!(rules >= 15, "refusals by only {rules} rules");
        assert!(
            tally.accepted * 4 > actions,
            "only {} of {actions} accepted",
            tally.accepted
        );
    }
    println!(
        "soak: {actions} actions over {complaints} complaints (seed {seed}) in {:.1} s; \
         final checks {:.1} s, the same work three times {:.1} s",
        run_time.as_secs_f64(),
        (checked_time - run_time).as_secs_f64(),
        (started.elapsed() - checked_time).as_secs_f64()
    );
    println!(
        "  accepted {}, refused by a rule {} ({} rules), invalid {}, conflicts {}",
        tally.accepted,
        tally.by_rule,
        tally.by_each_rule.iter().filter(|n| **n > 0).count(),
        tally.invalid,
        tally.conflicts
    );
    println!(
        "  held: {events} events, {grown} live bytes ({:.0} B per event; the bound allows {most}); \
         bytes per event over the run: first {:.0}, last {:.0}",
        grown as f64 / events as f64,
        per_event.first().copied().unwrap_or(0.0),
        per_event.last().copied().unwrap_or(0.0),
    );
    println!(
        "  peak live bytes {} ({:.1} MiB); peak resident set {} KiB",
        PEAK.load(Relaxed),
        PEAK.load(Relaxed) as f64 / (1024.0 * 1024.0),
        peak_rss_kib().map_or("unknown".into(), |k| k.to_string())
    );
}
