//! "Why not?": what can be done next, every unmet rule of a move, and the readable timeline.

mod common;

use amends::{ActionKind, RuleId, Stage};
use common::*;

use ActionKind as K;
use RuleId as R;

/// The stages of strict and the moves each allows, in vocabulary order.
#[test]
fn next_actions_lists_what_strict_allows_at_each_stage() {
    let cases: &[(&str, &[Step], &[ActionKind])] = &[
        ("open", &[], &[K::Listen, K::Thank, K::Escalate, K::Note]),
        (
            "listening",
            &[listen],
            &[
                K::Listen,
                K::Restate,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "listening, restated",
            &[listen, restate],
            &[
                K::Listen,
                K::Restate,
                K::Confirm,
                K::Correct,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "understood, no apology yet",
            UNDERSTOOD,
            &[
                K::Listen,
                K::Restate,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::Ask,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "resolving",
            RESOLVING,
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::Ask,
                K::Request,
                K::NoRequest,
                K::Offer,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "resolving, an offer open",
            &[listen, thank, apologize, diagnose, restate, confirm, ask, offer],
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::Ask,
                K::Request,
                K::NoRequest,
                K::Offer,
                K::Approve,
                K::Agree,
                K::Decline,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "agreed",
            AGREED,
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::Plan,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "acting",
            &[
                listen, thank, apologize, diagnose, restate, confirm, ask, request, agree, plan,
            ],
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::Plan,
                K::Done,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "following_up",
            FOLLOWING_UP,
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::Plan,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
            ],
        ),
        (
            "following_up, ready to close",
            READY_TO_CLOSE,
            &[
                K::Listen,
                K::Thank,
                K::Apologize,
                K::Diagnose,
                K::SuspectBadFaith,
                K::FollowUp,
                K::Prevention,
                K::Escalate,
                K::Note,
                K::Close,
            ],
        ),
        ("closed", CLOSED, &[K::Prevention, K::Note, K::Reopen]),
    ];
    for (what, path, expected) in cases {
        let mut case = Case::strict();
        case.walk(path);
        assert_eq!(case.complaint.next_actions(), *expected, "{what}");
    }
}

#[test]
fn next_actions_follows_the_playbook() {
    // sorry_first lets the apology come first; think_first lets a too-upset customer be offered a
    // remedy before being asked.
    let case = Case::preset("sorry_first");
    assert_eq!(
        case.complaint.next_actions(),
        [K::Listen, K::Thank, K::Apologize, K::Escalate, K::Note]
    );
    let mut case = Case::preset("think_first");
    case.walk(&[listen, diagnose, apologize]);
    assert!(case.complaint.next_actions().contains(&K::Offer));
    let mut case = Case::strict();
    case.walk(&[listen, apologize, restate, confirm]);
    assert!(!case.complaint.next_actions().contains(&K::Offer));
}

#[test]
fn next_actions_agree_with_apply() {
    // Every listed kind is accepted with an ordinary payload, from a fresh copy of the state.
    let mut case = Case::strict();
    case.walk(RESOLVING).ok(offer);
    let steps: &[(ActionKind, Step)] = &[
        (K::Listen, listen),
        (K::Thank, thank),
        (K::Apologize, apologize),
        (K::Diagnose, diagnose),
        (K::Ask, ask),
        (K::Request, request),
        (K::NoRequest, no_request),
        (K::Offer, offer),
        (K::Approve, approve),
        (K::Agree, agree),
        (K::Decline, decline),
        (K::SuspectBadFaith, suspect),
        (K::FollowUp, unreachable),
        (K::Prevention, customer_idea),
        (K::Escalate, escalate),
        (K::Note, note),
    ];
    let listed = case.complaint.next_actions();
    assert_eq!(listed, steps.iter().map(|(k, _)| *k).collect::<Vec<_>>());
    for (kind, step) in steps {
        let mut copy = Case::strict();
        copy.complaint = case.complaint.clone();
        copy.at(case.last_at() + mins(1)).ok(step);
        assert_eq!(copy.last().action.kind(), *kind);
    }
}

#[test]
fn check_lists_every_unmet_rule_of_a_strict_close_and_shrinks_as_they_are_met() {
    let mut case = Case::strict();
    case.walk(&[listen]);
    let progress: &[(Step, &[RuleId])] = &[
        (
            note,
            &[
                R::FollowUpBeforeClose,
                R::SatisfiedToResolve,
                R::ThankBeforeClose,
                R::RootCauseBeforeClose,
                R::PreventionBeforeClose,
            ],
        ),
        (
            thank,
            &[
                R::FollowUpBeforeClose,
                R::SatisfiedToResolve,
                R::RootCauseBeforeClose,
                R::PreventionBeforeClose,
            ],
        ),
        (
            diagnose,
            &[
                R::FollowUpBeforeClose,
                R::SatisfiedToResolve,
                R::PreventionBeforeClose,
            ],
        ),
        (customer_idea, &[R::FollowUpBeforeClose, R::SatisfiedToResolve]),
        (unreachable, &[R::SatisfiedToResolve]),
        (satisfied, &[]),
    ];
    for (step, expected) in progress {
        case.ok(step);
        let before = case.complaint.to_json();
        let violations = case.complaint.check(&close_resolved(case.last_at())).unwrap();
        assert_eq!(
            rules_of(&violations),
            *expected,
            "after {}",
            case.last().action.kind()
        );
        assert!(violations.iter().all(|v| !v.message.is_empty()));
        assert_eq!(case.complaint.to_json(), before, "check changed the complaint");
    }
    case.ok(close_resolved);
    assert_eq!(case.stage(), Stage::Closed);
}

#[test]
fn check_lists_every_unmet_rule_of_a_close_attempt_in_open() {
    let mut case = Case::strict();
    assert_eq!(
        case.check(close_resolved),
        [
            R::ListenFirst,
            R::FollowUpBeforeClose,
            R::SatisfiedToResolve,
            R::ThankBeforeClose,
            R::RootCauseBeforeClose,
            R::PreventionBeforeClose
        ]
    );
}

#[test]
fn check_agrees_with_apply() {
    let mut case = Case::strict();
    case.walk(&[listen, restate, confirm]);
    assert_eq!(case.check(ask), []);
    assert_eq!(case.complaint.history().len(), 4);
    case.ok(ask);
    let first = case.check(offer)[0];
    let err = case.apply(offer).unwrap_err();
    assert_eq!(err.rule(), Some(first));
}

#[test]
fn timeline_shows_every_event_and_the_final_stage() {
    let mut case = Case::strict();
    case.walk(CLOSED);
    let text = case.complaint.timeline();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("Acme Ltd"), "{text}");
    for (i, event) in case.complaint.history().iter().enumerate() {
        let line = lines[1 + i];
        assert!(
            line.trim_start().starts_with(&format!("{} ", event.seq)),
            "{line}"
        );
        assert!(line.contains(event.action.kind().as_str()), "{line}");
        assert!(line.contains(event.stage.as_str()), "{line}");
    }
    assert_eq!(lines.len(), case.complaint.history().len() + 2, "{text}");
    let last = lines.last().unwrap();
    assert!(last.contains("closed") && last.contains("resolved"), "{last}");
    assert!(last.starts_with("Stage: "), "{last}");
}

#[test]
fn timeline_ends_with_the_current_stage_of_an_open_case() {
    let mut case = Case::strict();
    case.walk(UNDERSTOOD);
    let text = case.complaint.timeline();
    assert_eq!(text.lines().last(), Some("Stage: understood"), "{text}");
    assert!(text.contains("confirm"));
}

#[test]
fn open_tasks_lists_the_planned_tasks_not_done_in_plan_order() {
    let mut case = Case::strict();
    case.walk(AGREED);
    assert!(case.complaint.open_tasks().is_empty());
    case.walk(&[plan, plan, plan]);
    assert_eq!(case.complaint.open_tasks(), vec![1, 2, 3]);
    case.walk(&[done2]);
    assert_eq!(case.complaint.open_tasks(), vec![1, 3]);
}
