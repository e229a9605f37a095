//! The canonical scenario shared by the benchmarks: one complaint walked from `open` to a resolved
//! `close` under the strict playbook, with one close refused before the follow-up.
//!
//! 16 actions, 15 events: open, listen, restate, confirm, thank, apologize, diagnose, ask, request,
//! agree, plan, done, close (refused: `follow-up-before-close`), follow_up(satisfied),
//! prevention(customer), close(resolved).

#![allow(dead_code)] // each bench target uses a different part of this module

use amends::{
    Action, Complaint, FollowUpResult, Money, Open, Outcome, Playbook, PreventionSource, Remedy, RemedyKind,
    RuleId, Severity, Stage, Timestamp,
};
use std::sync::Arc;

/// Actions in the scenario, the `open` included.
pub const ACTIONS: usize = 16;
/// Events in a completed complaint: every action but the refused close.
pub const EVENTS: usize = 15;
/// The index in [`actions`] of the close that is refused.
pub const REFUSED: usize = 12;

/// The strict playbook, shared as complaints hold it.
pub fn strict() -> Arc<Playbook> {
    Playbook::preset("strict").expect("the strict preset").shared()
}

/// `2026-03-02T09:00:00Z` plus `minutes`.
pub fn at(minutes: i64) -> Timestamp {
    let start: Timestamp = "2026-03-02T09:00:00Z".parse().expect("a timestamp");
    Timestamp::from_second(start.as_second() + minutes * 60).expect("a timestamp in range")
}

/// The `open` action.
pub fn opening() -> Open {
    Open::new(at(0), "tim", "Acme Ltd", "Demo units arrived late")
        .id("C-1042")
        .channel("walk-in")
        .severity(Severity::High)
        .category("delivery")
        .value_at_stake(Money::usd(120_000))
}

/// The 16 actions, in order; `[REFUSED]` is refused, every other one accepted.
pub fn actions() -> Vec<Action> {
    let tim = "tim";
    vec![
        opening().into(),
        Action::listen(
            at(2),
            tim,
            "The demo units came two days after the trade show, so Acme lost a sale.",
        ),
        Action::restate(
            at(12),
            tim,
            "Our delivery missed the show and you lost the sale you were counting on.",
        ),
        Action::confirm(at(13), tim),
        Action::thank(at(14), tim, "Thank you for coming straight to me with this."),
        Action::apologize(at(15), tim, "I am sorry the late delivery cost you that sale."),
        Action::diagnose(
            at(20),
            tim,
            "The courier pickup was booked for the wrong week",
            "logistics",
        ),
        Action::ask(at(21), tim),
        Action::request(
            at(25),
            tim,
            Remedy::new(
                RemedyKind::Refund,
                "Refund the shipping and rush the next delivery free",
            )
            .worth(Money::usd(4_000)),
        ),
        Action::agree(at(30), tim),
        Action::plan(at(31), tim, "Refund the shipping charge", at(24 * 60)),
        Action::done(at(7 * 60), tim, 1),
        Action::close(at(7 * 60 + 5), tim, Outcome::Resolved),
        Action::follow_up(at(2 * 24 * 60), tim, FollowUpResult::Satisfied),
        Action::prevention(
            at(2 * 24 * 60 + 10),
            tim,
            PreventionSource::Customer,
            Some("Send a shipping confirmation with a tracking link"),
        ),
        Action::close(at(2 * 24 * 60 + 15), tim, Outcome::Resolved),
    ]
}

/// The 16 actions as JSON text, as a host would send them.
pub fn actions_json() -> Vec<String> {
    actions().iter().map(Action::to_json).collect()
}

/// Walks the scenario once, checking every step, and returns the completed complaint.
pub fn completed(playbook: &Arc<Playbook>) -> Complaint {
    let mut actions = actions().into_iter();
    let mut complaint = Complaint::open(actions.next().expect("open"), Arc::clone(playbook)).expect("open");
    for (i, action) in actions.enumerate() {
        let result = complaint.apply(action);
        if i + 1 == REFUSED {
            let rule = result.expect_err("the early close is refused").rule();
            assert_eq!(rule, Some(RuleId::FollowUpBeforeClose));
        } else {
            result.unwrap_or_else(|e| panic!("action {} refused: {e}", i + 1));
        }
    }
    assert_eq!(complaint.stage(), Stage::Closed);
    assert_eq!(complaint.history().len(), EVENTS);
    complaint
}
