//! The ledger over a generated set of 10,000 complaints whose answers are known by construction,
//! and its outputs (JSON, Markdown, CSV) for a small ledger.

mod common;

use amends::{
    Action, Complaint, DeadlineKind, Error, Ledger, Open, Outcome, Preset, PreventionSource, RepeatKind,
    RuleId, Stage, Timestamp,
};
use common::*;
use jiff::SignedDuration;
use std::path::Path;

const N: u64 = 10_000;
const CATEGORIES: [&str; 5] = ["billing", "delivery", "quality", "website", "packaging"];

fn category(i: u64) -> &'static str {
    if i == 9992 {
        "one-off"
    } else {
        CATEGORIES[((i / 10) % 5) as usize]
    }
}

fn customer(i: u64) -> String {
    // Every tenth complaint comes from the customer of the one before, an hour later.
    let owner = if i % 10 == 9 { i - 1 } else { i };
    format!("cust-{owner}")
}

/// Complaint `i`, opened at t0 + i hours. Its script is `i % 10`:
/// 0 open; 1 listening; 2 resolving (diagnosed); 3 following up (task done, no follow-up);
/// 4 closed resolved (satisfied); 5 closed unresolved (unsatisfied); 6 closed unresolved
/// (unreachable); 7 closed resolved then reopened; 8 closed resolved 20 days after opening;
/// 9 closed resolved with an employee idea in billing, delivery and quality.
/// The first listen is `i % 100 + 1` minutes after opening, each later step a minute after the
/// previous one.
fn generate(i: u64) -> Complaint {
    let opened = t0() + hours(i as i64);
    let open = Open::new(opened, STAFF, customer(i), "Something went wrong")
        .id(format!("C{i:05}"))
        .category(category(i));
    let mut c = Complaint::open(open, Preset::Strict.shared()).unwrap();
    let script = i % 10;
    let steps: &[Step] = match script {
        0 => &[],
        1 => &[listen],
        2 => RESOLVING,
        3 => FOLLOWING_UP,
        _ => FOLLOWING_UP,
    };
    let mut at = opened + mins((i % 100 + 1) as i64);
    let step = |c: &mut Complaint, action: Action, at: &mut Timestamp| {
        c.apply(action).unwrap_or_else(|e| panic!("complaint {i}: {e}"));
        *at += mins(1);
    };
    for (n, s) in steps.iter().enumerate() {
        // Every walk used here diagnoses at its fourth step.
        let action = if n == 3 {
            Action::diagnose(at, STAFF, format!("cause {}", i % 4), category(i))
        } else {
            s(at)
        };
        step(&mut c, action, &mut at);
    }
    if script >= 4 {
        let first = match script {
            5 => unsatisfied(at),
            6 => unreachable(at),
            _ => satisfied(at),
        };
        step(&mut c, first, &mut at);
        step(&mut c, customer_idea(at), &mut at);
        if script == 8 {
            at = opened + days(20);
        }
        let outcome = if matches!(script, 5 | 6) {
            Outcome::Unresolved
        } else {
            Outcome::Resolved
        };
        step(&mut c, Action::close(at, STAFF, outcome), &mut at);
        if script == 7 {
            step(&mut c, reopen(at), &mut at);
        }
        // Prevention is still recorded on a closed case.
        if script == 9 && ["billing", "delivery", "quality"].contains(&category(i)) {
            step(&mut c, employee_idea(at), &mut at);
        }
    }
    c
}

fn now() -> Timestamp {
    t0() + hours(N as i64) + days(30)
}

fn generated_ledger(window: SignedDuration) -> (Ledger, u64, u64) {
    let mut ledger = Ledger::with_window(window).unwrap();
    let (mut customer_warnings, mut category_warnings) = (0, 0);
    for i in 0..N {
        let mut c = generate(i);
        let added = ledger.add(&c).unwrap();
        assert_eq!(added.key, format!("C{i:05}"));
        for w in &added.warnings {
            match w.kind {
                RepeatKind::Customer => customer_warnings += 1,
                RepeatKind::Category => category_warnings += 1,
            }
        }
        // Refused moves are counted in the ledger, never added to the history.
        if i % 50 == 0 {
            let len = c.history().len();
            let err = c.apply(close_resolved(c.last_at())).unwrap_err();
            let rule = err.rule().unwrap();
            ledger.record_refusal(&added.key, rule).unwrap();
            assert_eq!(c.history().len(), len);
        }
        if i % 100 == 0 {
            ledger.record_refusal(&added.key, RuleId::TimeOrder).unwrap();
        }
    }
    (ledger, customer_warnings, category_warnings)
}

#[test]
fn ten_thousand_complaints_known_by_construction() {
    let (ledger, customer_warnings, category_warnings) = generated_ledger(amends::DEFAULT_WINDOW);
    assert_eq!(ledger.len(), N as usize);
    // i % 10 == 9 shares the customer of i - 1, an hour earlier.
    assert_eq!(customer_warnings, 1000);
    // Every complaint but the first of each category follows another of it within 50 hours.
    assert_eq!(category_warnings, 9994);

    let repeats = ledger.repeats();
    assert_eq!(repeats.by_customer.len(), 1000);
    assert!(repeats
        .by_customer
        .iter()
        .all(|g| g.complaints == 2 && g.repeats == 1));
    let by_category: Vec<(&str, u64, u64)> = repeats
        .by_category
        .iter()
        .map(|g| (g.value.as_str(), g.complaints, g.repeats))
        .collect();
    assert_eq!(
        by_category,
        [
            ("billing", 2000, 1999),
            ("delivery", 2000, 1999),
            ("quality", 2000, 1999),
            ("website", 2000, 1999),
            ("packaging", 1999, 1998),
        ]
    );

    let review = ledger.review(now());
    assert_eq!(review.complaints, N);
    let stages: Vec<u64> = review.by_stage.values().copied().collect();
    // open, listening (incl. reopened), understood, resolving, agreed, acting, following_up, closed
    assert_eq!(stages, [1000, 2000, 0, 1000, 0, 0, 1000, 5000]);
    assert_eq!(review.by_stage[&Stage::Closed], 5000);
    assert_eq!(review.by_outcome[&Outcome::Resolved], 3000);
    assert_eq!(review.by_outcome[&Outcome::Unresolved], 2000);
    assert_eq!(review.by_outcome[&Outcome::Withdrawn], 0);

    let s = &review.satisfaction;
    assert_eq!(
        (s.followed_up, s.satisfied, s.unsatisfied, s.unreachable),
        (6000, 4000, 1000, 1000)
    );
    assert_eq!(s.rate, Some(4000.0 / 6000.0));
    assert_eq!((review.reopens.closed, review.reopens.reopened), (6000, 1000));
    assert_eq!(review.reopens.rate, Some(1000.0 / 6000.0));

    // Listen delays: i % 100 + 1 minutes for i % 10 != 0, 100 of each: the 4500th is 50 minutes,
    // the 8100th is 90 minutes.
    assert_eq!(review.first_response.count, 9000);
    assert_eq!(review.first_response.median_seconds, Some(50 * 60));
    assert_eq!(review.first_response.p90_seconds, Some(90 * 60));
    // First close at listen + 13 minutes for scripts 4, 5, 6, 7, 9 (5,000), at 20 days for
    // script 8 (1,000): the 3000th is the 30th delay (60 min) + 13; the 5400th is 20 days.
    assert_eq!(review.close.count, 6000);
    assert_eq!(review.close.median_seconds, Some(73 * 60));
    assert_eq!(review.close.p90_seconds, Some(20 * 86_400));

    assert_eq!(review.breaches[&DeadlineKind::FirstResponse], 1000);
    assert_eq!(review.breaches[&DeadlineKind::Resolution], 6000);
    assert_eq!(review.breaches[&DeadlineKind::FollowUp], 1000);
    assert_eq!(review.breaches[&DeadlineKind::Plan], 0);
    assert_eq!(review.breaches[&DeadlineKind::Task], 0);
    // The ledger's breaches are the complaints' own.
    let sample: u64 = (0..20).map(|i| generate(i).breaches(now()).len() as u64).sum();
    assert_eq!(sample, 2 * (2 + 1 + 1 + 2 + 1 + 1));

    // i % 50 == 0 is an open complaint: closing it breaks listen-first.
    assert_eq!(review.refusals.len(), 2);
    assert_eq!(review.refusals[&RuleId::ListenFirst], 200);
    assert_eq!(review.refusals[&RuleId::TimeOrder], 100);

    let ranked: Vec<(&str, u64)> = review
        .root_causes
        .iter()
        .map(|r| (r.category.as_str(), r.complaints))
        .collect();
    assert_eq!(
        ranked,
        [
            ("billing", 1600),
            ("delivery", 1600),
            ("quality", 1600),
            ("website", 1600),
            ("packaging", 1599),
            ("one-off", 1),
        ]
    );
    assert_eq!(review.root_causes[0].examples.len(), amends::EXAMPLES);

    for p in &review.prevention {
        let expected = match p.source {
            PreventionSource::Customer => 1200,
            PreventionSource::Employee => 200,
        };
        assert_eq!(p.ideas, expected, "{p:?}");
        assert_eq!(p.no_idea, 0);
    }
    let groups: Vec<(&str, PreventionSource)> = review
        .prevention
        .iter()
        .map(|p| (p.category.as_str(), p.source))
        .collect();
    assert_eq!(
        groups,
        [
            ("billing", PreventionSource::Customer),
            ("billing", PreventionSource::Employee),
            ("delivery", PreventionSource::Customer),
            ("delivery", PreventionSource::Employee),
            ("packaging", PreventionSource::Customer),
            ("quality", PreventionSource::Customer),
            ("quality", PreventionSource::Employee),
            ("website", PreventionSource::Customer),
        ]
    );
    let flagged: Vec<(&str, u64)> = review
        .flagged
        .iter()
        .map(|f| (f.category.as_str(), f.complaints))
        .collect();
    assert_eq!(flagged, [("website", 1600), ("packaging", 1599)]);

    let json: serde_json::Value = serde_json::from_str(&review.to_json()).unwrap();
    assert_eq!(json["by_stage"]["closed"], 5000);
    assert_eq!(json["first_response"]["median_seconds"], 3000);
    assert_eq!(json["refusals"]["listen-first"], 200);
    let csv = ledger.to_csv(now());
    assert_eq!(csv.lines().count(), N as usize + 1);
}

#[test]
fn the_window_is_configurable() {
    let (ledger, customer_warnings, category_warnings) = generated_ledger(SignedDuration::from_mins(30));
    assert_eq!((customer_warnings, category_warnings), (0, 0));
    let repeats = ledger.repeats();
    assert!(repeats.by_customer.is_empty() && repeats.by_category.is_empty());
    assert_eq!(repeats.window_seconds, 1800);
}

#[test]
fn a_negative_window_is_refused() {
    let Err(Error::Invalid(e)) = Ledger::with_window(SignedDuration::from_secs(-1)) else {
        panic!("a negative window must be refused");
    };
    assert_eq!(e.field(), Some("window"));
    assert_eq!(
        e.message(),
        "-1 seconds is negative: a window is a length of time"
    );
    let zero = Ledger::with_window(SignedDuration::ZERO).unwrap();
    assert_eq!(zero.window(), SignedDuration::ZERO);
}

#[test]
fn duplicate_and_unknown_keys_are_refused() {
    let mut ledger = Ledger::new();
    let c = generate(4);
    ledger.add(&c).unwrap();
    assert!(ledger.add(&c).is_err());
    assert!(ledger.record_refusal("nope", RuleId::ListenFirst).is_err());
    let added = ledger.add_json(&generate(5).to_json()).unwrap();
    assert_eq!(added.key, "C00005");
    let keyless = Complaint::open(opening(t0()), Preset::Strict.shared()).unwrap();
    assert_eq!(ledger.add(&keyless).unwrap().key, "#3");
}

/// The inputs of the small ledger, built here and stored in `tests/ledger/small/` for every
/// binding: three complaints (one closed, one reopened, one never answered) with awkward text
/// (quotes, commas, a line break) so CSV quoting is exercised, one refusal, and the time of the
/// review.
struct Inputs {
    /// Each complaint's JSON, in the order added.
    complaints: Vec<String>,
    /// (key, rule id) of each refusal, recorded after every complaint is added.
    refusals: Vec<(String, RuleId)>,
    now: Timestamp,
}

fn small_inputs() -> Inputs {
    let mut a = Complaint::open(
        Open::new(t0(), STAFF, "Acme, \"Ltd\"", "Late")
            .id("A-1")
            .category("delivery"),
        Preset::Strict.shared(),
    )
    .unwrap();
    let mut at = t0() + mins(30);
    for s in READY_TO_CLOSE {
        a.apply(s(at)).unwrap();
        at += mins(1);
    }
    a.apply(employee_idea(at)).unwrap();
    a.apply(close_resolved(at + hours(1))).unwrap();

    let mut b = a.clone();
    b.apply(reopen(at + days(2))).unwrap();
    let b_json = b
        .to_json()
        .replace("\"A-1\"", "\"B-2\"")
        .replace("Acme, \\\"Ltd\\\"", "Bolt\\nCo");

    let c = Complaint::open(
        Open::new(t0() + days(1), STAFF, "Acme, \"Ltd\"", "No reply").id("C-3"),
        Preset::Strict.shared(),
    )
    .unwrap();
    Inputs {
        complaints: vec![a.to_json(), b_json, c.to_json()],
        refusals: vec![("C-3".into(), RuleId::ListenFirst)],
        now: t0() + days(20),
    }
}

/// The files of one ledger case: inputs and expected outputs (see tests/ledger/README.md).
struct Case {
    complaints: String,
    refusals: String,
    now: String,
    added: String,
    review_json: String,
    review_md: String,
    csv: String,
}

const FILES: [&str; 7] = [
    "complaints.jsonl",
    "refusals.tsv",
    "now.txt",
    "added.jsonl",
    "review.json",
    "review.md",
    "ledger.csv",
];

impl Case {
    fn files(&self) -> [&str; 7] {
        [
            &self.complaints,
            &self.refusals,
            &self.now,
            &self.added,
            &self.review_json,
            &self.review_md,
            &self.csv,
        ]
    }

    fn read(dir: &Path) -> Case {
        let [complaints, refusals, now, added, review_json, review_md, csv] = FILES.map(|name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        });
        Case {
            complaints,
            refusals,
            now,
            added,
            review_json,
            review_md,
            csv,
        }
    }

    fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for (name, text) in FILES.iter().zip(self.files()) {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    /// The inputs as their files hold them; the outputs from running them.
    fn from_inputs(inputs: &Inputs) -> Case {
        let case = Case {
            complaints: inputs.complaints.iter().map(|c| format!("{c}\n")).collect(),
            refusals: inputs
                .refusals
                .iter()
                .map(|(key, rule)| format!("{key}\t{rule}\n"))
                .collect(),
            now: format!("{}\n", inputs.now),
            added: String::new(),
            review_json: String::new(),
            review_md: String::new(),
            csv: String::new(),
        };
        let outputs = case.run();
        Case {
            added: outputs.added,
            review_json: outputs.review_json,
            review_md: outputs.review_md,
            csv: outputs.csv,
            ..case
        }
    }

    /// What a binding does with the inputs: add each complaint's JSON in order, record each
    /// refusal, then write the review and the CSV at `now`.
    fn run(&self) -> Outputs {
        let mut ledger = Ledger::new();
        let mut added = String::new();
        for line in self.complaints.lines() {
            let a = ledger.add_json(line).unwrap();
            added.push_str(&serde_json::to_string(&a).unwrap());
            added.push('\n');
        }
        for line in self.refusals.lines() {
            let (key, rule) = line.split_once('\t').expect("key<TAB>rule");
            ledger.record_refusal(key, rule.parse().unwrap()).unwrap();
        }
        let now: Timestamp = self.now.trim_end().parse().unwrap();
        let review = ledger.review(now);
        Outputs {
            added,
            review_json: review.to_json_pretty(),
            review_md: review.to_markdown(),
            csv: ledger.to_csv(now),
        }
    }
}

/// What running a case's inputs writes.
struct Outputs {
    /// What each add reported, as JSON, one per line.
    added: String,
    review_json: String,
    review_md: String,
    csv: String,
}

/// The small ledger's outputs, byte for byte: the C (`tests/c/ledger.c`) and Python
/// (`python/tests/test_ledger.py`) suites load the same inputs and must write the same bytes.
/// The expected files were reviewed by hand; `AMENDS_BLESS=1` rewrites the whole case from
/// `small_inputs`.
#[test]
fn small_ledger_outputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ledger/small");
    let built = Case::from_inputs(&small_inputs());
    if std::env::var_os("AMENDS_BLESS").is_some() {
        built.write(&dir);
    }
    let stored = Case::read(&dir);
    // The stored inputs are what `small_inputs` builds...
    assert_eq!(stored.complaints, built.complaints);
    assert_eq!(stored.refusals, built.refusals);
    assert_eq!(stored.now, built.now);
    // ...and running them writes the stored outputs.
    let ran = stored.run();
    assert_eq!(ran.added, stored.added);
    assert_eq!(ran.review_json, stored.review_json);
    assert_eq!(ran.review_md, stored.review_md);
    assert_eq!(ran.csv, stored.csv);

    // B-2 repeats A-1's category (not its customer, renamed); C-3 repeats A-1's customer.
    let warned: Vec<Vec<(String, String)>> = ran
        .added
        .lines()
        .map(|line| {
            let added: serde_json::Value = serde_json::from_str(line).unwrap();
            added["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| {
                    (
                        w["kind"].as_str().unwrap().into(),
                        w["value"].as_str().unwrap().into(),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(
        warned,
        [
            vec![],
            vec![("category".into(), "logistics".into())],
            vec![("customer".into(), "Acme, \"Ltd\"".into())],
        ]
    );
    assert!(ran.csv.contains("\"Acme, \"\"Ltd\"\"\"") && ran.csv.contains("\"Bolt\nCo\""));
    for output in [&ran.review_json, &ran.review_md, &ran.csv] {
        assert!(!output.contains(STAFF));
    }
}
