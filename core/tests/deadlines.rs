//! Deadlines: when each is due, what meets it, which are breached, and which comes next.

mod common;

use amends::{Action, Breach, DeadlineKind, Timestamp};
use common::*;

use DeadlineKind as D;

fn breach(deadline: DeadlineKind, due: Timestamp, late_by_seconds: i64) -> Breach {
    Breach {
        deadline,
        due,
        late_by_seconds,
        task_id: None,
    }
}

fn breaches_of(case: &Case, kind: DeadlineKind, now: Timestamp) -> Vec<Breach> {
    let all = case.complaint.breaches(now);
    all.into_iter().filter(|b| b.deadline == kind).collect()
}

#[test]
fn first_response_met_in_time_is_no_breach() {
    let mut case = Case::strict();
    case.at(t0() + hours(4)).ok(listen);
    assert_eq!(case.complaint.breaches(t0() + days(1)), vec![]);
}

#[test]
fn first_response_met_late_is_a_breach_by_how_late() {
    let mut case = Case::strict();
    case.at(t0() + hours(5)).ok(listen);
    let expected = vec![breach(D::FirstResponse, t0() + hours(4), 3600)];
    assert_eq!(case.complaint.breaches(t0() + hours(6)), expected);
    // Met is met: later queries say the same.
    assert_eq!(case.complaint.breaches(t0() + days(2)), expected);
}

#[test]
fn first_response_unmet_is_a_breach_only_past_its_due() {
    let case = Case::strict();
    assert_eq!(case.complaint.breaches(t0() + hours(4)), vec![]);
    assert_eq!(
        case.complaint.breaches(t0() + hours(6)),
        vec![breach(D::FirstResponse, t0() + hours(4), 7200)]
    );
    // A note, a thank-you or an escalation is not a response.
    let mut case = Case::strict();
    case.walk(&[note, thank, escalate]);
    assert_eq!(breaches_of(&case, D::FirstResponse, t0() + hours(5)).len(), 1);
}

#[test]
fn plan_is_due_a_day_after_the_agreement() {
    let mut case = Case::strict();
    case.walk(AGREED);
    let agreed = case.last_at();
    assert_eq!(
        case.complaint.breaches(agreed + hours(30)),
        vec![breach(D::Plan, agreed + hours(24), 6 * 3600)]
    );
    case.at(agreed + hours(25)).ok(plan);
    assert_eq!(
        breaches_of(&case, D::Plan, agreed + hours(30)),
        vec![breach(D::Plan, agreed + hours(24), 3600)]
    );
}

#[test]
fn plan_deadline_is_set_by_each_agreement() {
    let mut case = Case::strict();
    case.walk(FOLLOWING_UP)
        .ok(unsatisfied)
        .ok(ask)
        .ok(request)
        .ok(agree);
    let second = case.last_at();
    // The first agreement's plan was made at once; the second's is missing.
    assert_eq!(
        breaches_of(&case, D::Plan, second + days(2)),
        vec![breach(D::Plan, second + hours(24), 24 * 3600)]
    );
    case.ok(plan);
    assert_eq!(breaches_of(&case, D::Plan, second + days(2)), vec![]);
}

#[test]
fn task_is_due_by_its_own_due_and_met_by_its_done() {
    let mut case = Case::strict();
    case.walk(AGREED);
    case.ok(|at| Action::plan(at, STAFF, "Ship units", at + hours(2)));
    let due = case.last_at() + hours(2);
    case.ok(|at| Action::plan(at, STAFF, "Call the customer", at + days(5)));
    case.at(due + mins(10)).ok(done1);
    let task = Breach {
        deadline: D::Task,
        due,
        late_by_seconds: 600,
        task_id: Some(1),
    };
    assert_eq!(case.complaint.breaches(due + hours(1)), vec![task]);
    assert_eq!(
        serde_json::to_string(&task).unwrap(),
        r#"{"deadline":"task","due":"2026-03-02T11:10:00Z","late_by_seconds":600,"task_id":1}"#
    );
}

#[test]
fn follow_up_is_due_three_days_after_the_last_task_is_done() {
    let mut case = Case::strict();
    case.walk(FOLLOWING_UP);
    let done = case.last_at();
    let due = done + days(3);
    assert_eq!(case.complaint.breaches(due), vec![]);
    assert_eq!(
        case.complaint.breaches(due + hours(1)),
        vec![breach(D::FollowUp, due, 3600)]
    );
    case.at(done + days(4)).ok(satisfied);
    assert_eq!(
        case.complaint.breaches(done + days(5)),
        vec![breach(D::FollowUp, due, 86400)]
    );
}

#[test]
fn follow_up_deadline_starts_at_the_done_that_finished_the_tasks() {
    let mut case = Case::strict();
    case.walk(AGREED).ok(plan).ok(plan).ok(done1);
    case.at(case.last_at() + days(2)).ok(done2);
    let last_done = case.last_at();
    let follow_ups: Vec<_> = case
        .complaint
        .deadlines()
        .into_iter()
        .filter(|d| d.deadline == D::FollowUp)
        .collect();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].due, last_done + days(3));
    assert_eq!(follow_ups[0].met, None);
}

#[test]
fn resolution_is_due_fourteen_days_after_open_and_met_by_close() {
    let mut case = Case::strict();
    case.walk(READY_TO_CLOSE);
    assert_eq!(
        breaches_of(&case, D::Resolution, t0() + days(15)),
        vec![breach(D::Resolution, t0() + days(14), 86400)]
    );
    case.at(t0() + days(15)).ok(close_resolved);
    // Closed a day late; the clock stopped at the close.
    assert_eq!(
        case.complaint.breaches(t0() + days(30)),
        vec![breach(D::Resolution, t0() + days(14), 86400)]
    );
}

#[test]
fn a_reopened_case_is_open_again_for_the_resolution_deadline() {
    let mut case = Case::strict();
    case.walk(READY_TO_CLOSE).ok(close_resolved);
    assert_eq!(case.complaint.breaches(t0() + days(20)), vec![]);
    case.ok(reopen);
    assert_eq!(
        case.complaint.breaches(t0() + days(20)),
        vec![breach(D::Resolution, t0() + days(14), 6 * 86400)]
    );
}

#[test]
fn a_null_deadline_is_off() {
    let no_first_response = playbook(
        r#"{"base": "strict", "deadlines": {"first_response": null, "plan_within": "PT24H",
            "follow_up_within": "P3D", "resolve_within": "P14D"}}"#,
    );
    assert_eq!(no_first_response.deadlines().first_response, None);
    let case = Case::new(no_first_response);
    assert_eq!(case.complaint.breaches(t0() + days(1)), vec![]);
    assert!(case
        .complaint
        .deadlines()
        .iter()
        .all(|d| d.deadline != D::FirstResponse));
    assert_eq!(
        case.complaint.next_deadline(t0()).map(|d| d.deadline),
        Some(D::Resolution)
    );
}

#[test]
fn a_closed_case_stops_the_clock_for_unmet_deadlines() {
    // A playbook that lets a case close with a task still open.
    let lenient = playbook(r#"{"base": "seven_step", "rules": {"follow-up-before-close": false}}"#);
    let mut case = Case::new(lenient);
    case.walk(&[listen, thank, apologize, ask, request, agree, plan]);
    let task_due = case.last_at() + days(1);
    case.at(task_due + days(1)).ok(close_unresolved);
    let expected = vec![Breach {
        deadline: D::Task,
        due: task_due,
        late_by_seconds: 86400,
        task_id: Some(1),
    }];
    assert_eq!(case.complaint.breaches(task_due + days(10)), expected);
    assert_eq!(case.complaint.breaches(task_due + days(100)), expected);
    assert_eq!(case.complaint.next_deadline(task_due + days(10)), None);
}

#[test]
fn next_deadline_is_the_earliest_unmet_one_still_ahead() {
    let mut case = Case::strict();
    let next = case.complaint.next_deadline(t0()).unwrap();
    assert_eq!(
        (next.deadline, next.due, next.met),
        (D::FirstResponse, t0() + hours(4), None)
    );
    // Past its due, first_response is a breach, no longer ahead.
    let next = case.complaint.next_deadline(t0() + hours(5)).unwrap();
    assert_eq!((next.deadline, next.due), (D::Resolution, t0() + days(14)));

    case.walk(AGREED);
    let agreed = case.last_at();
    let next = case.complaint.next_deadline(agreed).unwrap();
    assert_eq!((next.deadline, next.due), (D::Plan, agreed + hours(24)));

    case.ok(|at| Action::plan(at, STAFF, "Ship units", at + days(2)));
    let next = case.complaint.next_deadline(case.last_at()).unwrap();
    assert_eq!(
        (next.deadline, next.due, next.task_id),
        (D::Task, case.last_at() + days(2), Some(1))
    );

    case.ok(done1);
    let next = case.complaint.next_deadline(case.last_at()).unwrap();
    assert_eq!((next.deadline, next.due), (D::FollowUp, case.last_at() + days(3)));

    case.walk(&[satisfied, customer_idea, close_resolved]);
    assert_eq!(case.complaint.next_deadline(case.last_at()), None);
}

#[test]
fn breach_json_leaves_out_task_id_for_other_deadlines() {
    let case = Case::strict();
    let breaches = case.complaint.breaches(t0() + hours(4) + mins(1));
    assert_eq!(
        serde_json::to_string(&breaches).unwrap(),
        r#"[{"deadline":"first_response","due":"2026-03-02T13:00:00Z","late_by_seconds":60}]"#
    );
}
