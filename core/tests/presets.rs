//! Each preset walks its article's procedure to `closed` and refuses a move that article forbids.

mod common;

use amends::{Playbook, Preset, RuleId, Stage};
use common::*;

use RuleId as R;
use Stage as S;

#[test]
fn presets_turn_off_exactly_the_rules_of_the_design_table() {
    let table: &[(&str, &[RuleId])] = &[
        ("strict", &[R::DiagnoseBeforeApology]),
        (
            "seven_step",
            &[
                R::DiagnoseBeforeApology,
                R::RestateBeforeResolving,
                R::RootCauseBeforeClose,
                R::PreventionBeforeClose,
            ],
        ),
        (
            "make_it_right",
            &[
                R::DiagnoseBeforeApology,
                R::ApologyBeforeRemedy,
                R::SincereApology,
                R::ListenBeforeApology,
                R::ThankBeforeClose,
                R::RootCauseBeforeClose,
            ],
        ),
        (
            "think_first",
            &[
                R::RestateBeforeResolving,
                R::ThankBeforeClose,
                R::PreventionBeforeClose,
            ],
        ),
        (
            "sorry_first",
            &[
                R::ListenBeforeApology,
                R::DiagnoseBeforeApology,
                R::RestateBeforeResolving,
                R::ThankBeforeClose,
                R::PreventionBeforeClose,
            ],
        ),
        (
            "active_listening",
            &[
                R::DiagnoseBeforeApology,
                R::ThankBeforeClose,
                R::RootCauseBeforeClose,
            ],
        ),
    ];
    assert_eq!(table.len(), Preset::ALL.len());
    for (name, off) in table {
        let playbook = Playbook::preset(name).unwrap();
        assert_eq!(playbook.name(), *name);
        for rule in RuleId::ALL {
            assert_eq!(playbook.rule_is_on(*rule), !off.contains(rule), "{name}: {rule}");
        }
        assert_eq!(
            playbook.allow_too_upset_offers(),
            *name == "think_first",
            "{name}: too_upset"
        );
    }
    assert_eq!(Playbook::preset("strict").unwrap(), Playbook::default());
}

#[test]
fn strict_walks_all_five_seeds_to_closed() {
    let mut case = Case::strict();
    case.walk_stages(&[
        (listen, S::Listening),
        (thank, S::Listening),
        (restate, S::Listening),
        (confirm, S::Understood),
        (apologize, S::Understood),
        (diagnose, S::Understood),
        (ask, S::Resolving),
        (request, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (customer_idea, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn strict_refuses_an_apology_with_an_excuse() {
    let mut case = Case::strict();
    case.walk(&[listen]);
    case.refuse(
        |at| apologize_with(at, "I am sorry, but the courier let us down."),
        R::SincereApology,
    );
}

#[test]
fn seven_step_walks_seed_001_to_closed() {
    // Listen, thank, apologise, ask, agree, act quickly, follow up: no restatement, diagnosis or
    // prevention idea is needed.
    let mut case = Case::preset("seven_step");
    case.walk_stages(&[
        (listen, S::Listening),
        (thank, S::Listening),
        (apologize, S::Listening),
        (ask, S::Resolving),
        (request, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn seven_step_refuses_to_close_before_the_follow_up() {
    let mut case = Case::preset("seven_step");
    case.walk(&[listen, thank, apologize, ask, request, agree, plan, done1]);
    case.refuse(close_resolved, R::FollowUpBeforeClose);
    case.refuse(close_unresolved, R::FollowUpBeforeClose);
}

#[test]
fn make_it_right_walks_seed_000_to_closed() {
    // Restate until confirmed, the customer proposes first, an unrealistic request gets a reasoned
    // counter-offer, and the customer is asked how it could have been avoided. No apology needed.
    let mut case = Case::preset("make_it_right");
    case.walk_stages(&[
        (listen, S::Listening),
        (restate, S::Listening),
        (correct, S::Listening),
        (restate, S::Listening),
        (confirm, S::Understood),
        (ask, S::Resolving),
        (|at| request_worth(at, 90000), S::Resolving),
        (counter_offer, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (customer_idea, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn make_it_right_stands_firm_on_recorded_bad_faith_to_closed() {
    let mut case = Case::preset("make_it_right");
    case.walk_stages(&[
        (listen, S::Listening),
        (restate, S::Listening),
        (confirm, S::Understood),
        (ask, S::Resolving),
        (|at| request_worth(at, 90000), S::Resolving),
        (suspect, S::Resolving),
        (stand_firm, S::FollowingUp),
        (unreachable, S::FollowingUp),
        (customer_no_idea, S::FollowingUp),
        (close_unresolved, S::Closed),
    ]);
}

#[test]
fn make_it_right_refuses_to_stand_firm_without_bad_faith() {
    let mut case = Case::preset("make_it_right");
    case.walk(&[listen, restate, confirm, ask, |at| request_worth(at, 90000)]);
    case.refuse(stand_firm, R::StandFirmNeedsBadFaith);
}

#[test]
fn think_first_walks_seed_002_to_closed() {
    // Listen and find the root cause before apologising, ask, weigh the cost (a supervisor approves
    // what the agent may not grant), act, follow up. No restatement, thanks or prevention idea.
    let mut case = Case::preset("think_first");
    case.walk_stages(&[
        (listen, S::Listening),
        (diagnose, S::Listening),
        (apologize, S::Listening),
        (ask, S::Resolving),
        (|at| request_worth(at, 30000), S::Resolving),
        (approve, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn think_first_offers_a_too_upset_customer_a_remedy_to_closed() {
    let mut case = Case::preset("think_first");
    case.walk_stages(&[
        (listen, S::Listening),
        (diagnose, S::Listening),
        (apologize, S::Listening),
        (too_upset_offer, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn think_first_refuses_to_apologise_before_the_diagnosis() {
    let mut case = Case::preset("think_first");
    case.refuse(apologize, R::ListenBeforeApology);
    case.walk(&[listen]);
    case.refuse(apologize, R::DiagnoseBeforeApology);
}

#[test]
fn sorry_first_walks_seed_003_to_closed_trying_again_when_unhappy() {
    // Say sorry first, understand, ask how they want it resolved, plan, follow up, try again.
    let mut case = Case::preset("sorry_first");
    case.walk_stages(&[
        (apologize, S::Open),
        (listen, S::Listening),
        (ask, S::Resolving),
        (request, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (unsatisfied, S::Resolving),
        (ask, S::Resolving),
        (|at| request_worth(at, 4000), S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done2, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (diagnose, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn sorry_first_refuses_an_offer_before_asking() {
    let mut case = Case::preset("sorry_first");
    case.walk(&[apologize, listen]);
    case.refuse(offer, R::AskCustomerFirst);
}

#[test]
fn active_listening_walks_seed_004_to_closed() {
    // Listen, repeat the concern until confirmed, empathise and apologise, solve, act, follow up
    // and learn how to avoid it. No thanks or diagnosis needed.
    let mut case = Case::preset("active_listening");
    case.walk_stages(&[
        (note, S::Open),
        (listen, S::Listening),
        (restate, S::Listening),
        (confirm, S::Understood),
        (apologize, S::Understood),
        (ask, S::Resolving),
        (request, S::Resolving),
        (agree, S::Agreed),
        (plan, S::Acting),
        (done1, S::FollowingUp),
        (satisfied, S::FollowingUp),
        (customer_idea, S::FollowingUp),
        (close_resolved, S::Closed),
    ]);
}

#[test]
fn active_listening_refuses_to_ask_before_the_restatement_is_confirmed() {
    let mut case = Case::preset("active_listening");
    case.walk(&[listen]);
    case.refuse(ask, R::RestateBeforeResolving);
    case.ok(restate);
    case.refuse(ask, R::RestateBeforeResolving);
}
