//! Shared helpers for the integration tests: a clock, one-line actions and a case under test.
#![allow(dead_code)]

use amends::{
    Action, Actor, Complaint, Error, Event, FollowUpResult, Money, Open, Outcome, Playbook, PreventionSource,
    Remedy, RemedyKind, RuleId, Stage, Timestamp, Violation,
};
use jiff::SignedDuration;

/// One step of a walk: an action made at a given time.
pub type Step = fn(Timestamp) -> Action;

/// Who records the actions.
pub const STAFF: &str = "tim";

pub fn ts(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("bad timestamp {text}: {e}"))
}

/// When every test complaint is opened.
pub fn t0() -> Timestamp {
    ts("2026-03-02T09:00:00Z")
}

pub fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

pub fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

pub fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

pub fn opening(at: Timestamp) -> Open {
    Open::new(at, STAFF, "Acme Ltd", "Demo units arrived late")
}

pub fn playbook(json: &str) -> Playbook {
    Playbook::from_json(json).unwrap_or_else(|e| panic!("playbook {json}: {e}"))
}

pub fn usd(kind: RemedyKind, description: &str, cents: u64) -> Remedy {
    Remedy::new(kind, description).worth(Money::usd(cents))
}

// One function per action, with ordinary payloads.

pub fn listen(at: Timestamp) -> Action {
    Action::listen(at, STAFF, "The demo units came two days after the trade show.")
}
pub fn restate(at: Timestamp) -> Action {
    Action::restate(at, STAFF, "Our late delivery cost you the demo and a sale.")
}
pub fn confirm(at: Timestamp) -> Action {
    Action::confirm(at, STAFF)
}
pub fn correct(at: Timestamp) -> Action {
    Action::correct(at, STAFF, "We demonstrated on borrowed units; we lost the sale.")
}
pub fn thank(at: Timestamp) -> Action {
    Action::thank(at, STAFF, "Thank you for bringing this to my attention.")
}
pub fn apologize(at: Timestamp) -> Action {
    Action::apologize(at, STAFF, "I am sorry we let you down.")
}
pub fn apologize_with(at: Timestamp, statement: &str) -> Action {
    Action::apologize(at, STAFF, statement)
}
pub fn diagnose(at: Timestamp) -> Action {
    Action::diagnose(
        at,
        STAFF,
        "The courier pickup was booked for the wrong week",
        "logistics",
    )
}
pub fn ask(at: Timestamp) -> Action {
    Action::ask(at, STAFF)
}
pub fn request(at: Timestamp) -> Action {
    request_worth(at, 1000)
}
pub fn request_worth(at: Timestamp, cents: u64) -> Action {
    Action::request(at, STAFF, usd(RemedyKind::Refund, "Refund the order", cents))
}
pub fn no_request(at: Timestamp) -> Action {
    Action::no_request(at, STAFF)
}
pub fn offer(at: Timestamp) -> Action {
    Action::offer(
        at,
        STAFF,
        usd(RemedyKind::Discount, "Ten dollars off the next order", 1000),
    )
}
pub fn counter_offer(at: Timestamp) -> Action {
    counter_offer_worth(at, 1500)
}
pub fn counter_offer_worth(at: Timestamp, cents: u64) -> Action {
    Action::counter_offer(
        at,
        STAFF,
        usd(RemedyKind::Refund, "Refund the shipping", cents),
        "We cannot pay for a lost sale",
    )
}
pub fn too_upset_offer(at: Timestamp) -> Action {
    Action::too_upset_offer(
        at,
        STAFF,
        usd(RemedyKind::Credit, "Credit on the next order", 2000),
    )
}
pub fn approve(at: Timestamp) -> Action {
    approve_by(at, "supervisor")
}
pub fn approve_by(at: Timestamp, role: &str) -> Action {
    Action::approve(at, Actor::new("sam", role))
}
pub fn agree(at: Timestamp) -> Action {
    Action::agree(at, STAFF)
}
pub fn agree_by(at: Timestamp, role: &str) -> Action {
    Action::agree(at, Actor::new("sam", role))
}
pub fn decline(at: Timestamp) -> Action {
    Action::decline(at, STAFF, "It does not feel even")
}
pub fn suspect(at: Timestamp) -> Action {
    Action::suspect_bad_faith(
        at,
        STAFF,
        "Third identical claim this month, each for a lost sale",
    )
}
pub fn stand_firm(at: Timestamp) -> Action {
    Action::stand_firm(at, STAFF, "We do not pay for lost sales")
}
/// A task due a day after it is planned.
pub fn plan(at: Timestamp) -> Action {
    Action::plan(
        at,
        STAFF,
        "Ship fresh demo units by overnight courier",
        at + days(1),
    )
}
pub fn done1(at: Timestamp) -> Action {
    Action::done(at, STAFF, 1)
}
pub fn done2(at: Timestamp) -> Action {
    Action::done(at, STAFF, 2)
}
pub fn satisfied(at: Timestamp) -> Action {
    Action::follow_up(at, STAFF, FollowUpResult::Satisfied)
}
pub fn unsatisfied(at: Timestamp) -> Action {
    Action::follow_up(at, STAFF, FollowUpResult::Unsatisfied)
}
pub fn unreachable(at: Timestamp) -> Action {
    Action::follow_up(at, STAFF, FollowUpResult::Unreachable)
}
pub fn customer_idea(at: Timestamp) -> Action {
    Action::prevention(
        at,
        STAFF,
        PreventionSource::Customer,
        Some("Put the event date on the order"),
    )
}
pub fn customer_no_idea(at: Timestamp) -> Action {
    Action::prevention(at, STAFF, PreventionSource::Customer, None)
}
pub fn employee_idea(at: Timestamp) -> Action {
    Action::prevention(
        at,
        STAFF,
        PreventionSource::Employee,
        Some("Book event deliveries early"),
    )
}
pub fn note(at: Timestamp) -> Action {
    Action::note(at, STAFF, "Called back at 10:00")
}
pub fn escalate(at: Timestamp) -> Action {
    Action::escalate(at, STAFF, "sam", "The customer asks for a manager")
}
pub fn close_resolved(at: Timestamp) -> Action {
    Action::close(at, STAFF, Outcome::Resolved)
}
pub fn close_unresolved(at: Timestamp) -> Action {
    Action::close(at, STAFF, Outcome::Unresolved)
}
pub fn reopen(at: Timestamp) -> Action {
    Action::reopen(at, STAFF, "The replacement units broke")
}

// Walks through the strict playbook, each a prefix of the next.

/// listening, the restatement confirmed: `understood`.
pub const UNDERSTOOD: &[Step] = &[listen, restate, confirm];
/// `resolving`, with everything a strict close needs but the remedy, the follow-up and prevention.
pub const RESOLVING: &[Step] = &[listen, thank, apologize, diagnose, restate, confirm, ask];
/// `agreed` on a 10.00 refund.
pub const AGREED: &[Step] = &[
    listen, thank, apologize, diagnose, restate, confirm, ask, request, agree,
];
/// `following_up`: the one task is done.
pub const FOLLOWING_UP: &[Step] = &[
    listen, thank, apologize, diagnose, restate, confirm, ask, request, agree, plan, done1,
];
/// `following_up` with every condition of a strict close met.
pub const READY_TO_CLOSE: &[Step] = &[
    listen,
    thank,
    apologize,
    diagnose,
    restate,
    confirm,
    ask,
    request,
    agree,
    plan,
    done1,
    satisfied,
    customer_idea,
];

/// `closed` as resolved, every strict rule met.
pub const CLOSED: &[Step] = &[
    listen,
    thank,
    apologize,
    diagnose,
    restate,
    confirm,
    ask,
    request,
    agree,
    plan,
    done1,
    satisfied,
    customer_idea,
    close_resolved,
];

/// A complaint under test with its own clock: each action happens a minute after the previous one,
/// unless `at` sets the time of the next.
pub struct Case {
    pub complaint: Complaint,
    next: Timestamp,
}

impl Case {
    /// A complaint opened at `t0()` under a playbook.
    pub fn new(playbook: Playbook) -> Case {
        let complaint = Complaint::open(opening(t0()), playbook).expect("open");
        Case {
            complaint,
            next: t0() + mins(1),
        }
    }

    pub fn strict() -> Case {
        Case::new(Playbook::default())
    }

    pub fn preset(name: &str) -> Case {
        Case::new(Playbook::preset(name).expect("preset"))
    }

    /// The time of the next action, then moves the clock on a minute.
    pub fn tick(&mut self) -> Timestamp {
        let now = self.next;
        self.next = now + mins(1);
        now
    }

    /// The next action happens at `at`.
    pub fn at(&mut self, at: Timestamp) -> &mut Case {
        self.next = at;
        self
    }

    pub fn stage(&self) -> Stage {
        self.complaint.stage()
    }

    pub fn last(&self) -> &Event {
        self.complaint.history().last().expect("an event")
    }

    pub fn last_at(&self) -> Timestamp {
        self.complaint.last_at()
    }

    /// Applies a step as it is, returning the new event or the refusal.
    pub fn apply(&mut self, step: impl FnOnce(Timestamp) -> Action) -> Result<Event, Error> {
        let action = step(self.tick());
        self.complaint.apply(action).cloned()
    }

    /// Applies a step that must be accepted.
    #[track_caller]
    pub fn ok(&mut self, step: impl FnOnce(Timestamp) -> Action) -> &mut Case {
        let action = step(self.tick());
        let kind = action.kind();
        let stage = self.stage();
        if let Err(e) = self.complaint.apply(action) {
            panic!("{kind} in {stage} was refused: {e}");
        }
        self
    }

    /// Applies every step, each of which must be accepted.
    #[track_caller]
    pub fn walk(&mut self, steps: &[Step]) -> &mut Case {
        for step in steps {
            self.ok(step);
        }
        self
    }

    /// Applies every step and checks the stage after each.
    #[track_caller]
    pub fn walk_stages(&mut self, steps: &[(Step, Stage)]) -> &mut Case {
        for (i, (step, stage)) in steps.iter().enumerate() {
            self.ok(step);
            assert_eq!(
                self.stage(),
                *stage,
                "stage after step {i} ({})",
                self.last().action.kind()
            );
        }
        self
    }

    /// The rules `check` lists for a step, in order.
    #[track_caller]
    pub fn check(&mut self, step: impl FnOnce(Timestamp) -> Action) -> Vec<RuleId> {
        let action = step(self.next);
        rules_of(&self.complaint.check(&action).expect("well-formed action"))
    }

    /// Applies a step that must be refused by `rule`: the complaint stays exactly as it was, and
    /// `check` lists `rule` first. Returns what `check` listed.
    #[track_caller]
    pub fn refuse(&mut self, step: impl FnOnce(Timestamp) -> Action, rule: RuleId) -> Vec<RuleId> {
        let action = step(self.tick());
        let kind = action.kind();
        let before = self.complaint.to_json();
        let len = self.complaint.history().len();
        let checked = self
            .complaint
            .check(&action)
            .expect("check of a well-formed action");
        let err = match self.complaint.apply(action) {
            Ok(event) => panic!("{kind} was accepted ({}), expected {rule}", event.to_json()),
            Err(e) => e,
        };
        assert_eq!(err.rule(), Some(rule), "{kind} refused by another rule: {err}");
        assert_eq!(
            self.complaint.history().len(),
            len,
            "history grew on a refused {kind}"
        );
        assert_eq!(
            self.complaint.to_json(),
            before,
            "a refused {kind} changed the complaint"
        );
        let rules = rules_of(&checked);
        assert_eq!(rules.first(), Some(&rule), "check lists {rules:?} for {kind}");
        assert!(
            checked.iter().all(|v| !v.message.is_empty()),
            "empty message in {checked:?}"
        );
        rules
    }
}

pub fn rules_of(violations: &[Violation]) -> Vec<RuleId> {
    violations.iter().map(|v| v.rule).collect()
}

/// The keys of a JSON object's top level, in the order the text writes them.
pub fn keys_in_order(text: &str) -> Vec<String> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(Keys).expect("a JSON object")
}
