//! Playbook verification: every preset proves what it claims, and playbooks built to break an
//! invariant give the shortest path that breaks it, which replays through the engine.

use amends::{
    verify, Action, ActionKind as K, Complaint, Counterexample, Error, Finding, Invariant, Limits, Playbook,
    Preset, RuleId, Stage, Status, Verification,
};

/// The smaller preset the tests that do not need `strict` build on: fewer rules, fewer states.
fn seven_step() -> Playbook {
    Preset::SevenStep.playbook()
}

fn finding(v: &Verification, invariant: Invariant) -> &Finding {
    v.finding(invariant)
        .unwrap_or_else(|| panic!("no finding for {invariant}"))
}

fn path(v: &Verification, invariant: Invariant) -> &Counterexample {
    finding(v, invariant)
        .counterexample
        .as_ref()
        .unwrap_or_else(|| panic!("no path for {invariant}:\n{v}"))
}

/// A preset proves every invariant it claims, none vacuously, and reaches every stage.
fn proves(preset: Preset, at_least_states: usize) {
    let playbook = preset.playbook();
    let v = verify(&playbook);
    assert!(v.proven, "{v}");
    assert_eq!(v.playbook, preset.as_str());
    assert!(v.states >= at_least_states, "{} states", v.states);
    assert!(v.transitions > v.states && v.attempts > v.transitions, "{v}");
    assert!(v.depth > 10, "{v}");
    assert_eq!(v.unreachable(), []);
    assert_eq!(v.broken().count(), 0);
    let names: Vec<Invariant> = v.invariants.iter().map(|f| f.invariant).collect();
    assert_eq!(names, Invariant::all().collect::<Vec<_>>());
    for f in &v.invariants {
        let claimed = match f.invariant {
            Invariant::Rule(rule) => playbook.rule_is_on(rule),
            Invariant::NoAgreementWithoutApology => playbook.rule_is_on(RuleId::ApologyBeforeRemedy),
            _ => true,
        };
        if claimed {
            assert_eq!(f.status, Status::Proven, "{v}");
            assert!(f.counterexample.is_none(), "{v}");
            // Not vacuous: the search met what it forbids, and the engine refused every attempt.
            assert!(f.cases > 0, "{} was never put to the test:\n{v}", f.invariant);
        } else {
            assert_eq!(f.status, Status::NotApplicable, "{v}");
        }
    }
}

// Measured (debug and release alike): strict 9110 states, 288054 transitions; seven_step 2702;
// make_it_right 2271; think_first 2559; sorry_first 2702; active_listening 2713.
#[test]
fn strict_proves_every_invariant() {
    proves(Preset::Strict, 5000);
}

#[test]
fn seven_step_proves_every_invariant() {
    proves(Preset::SevenStep, 1000);
}

#[test]
fn make_it_right_proves_every_invariant() {
    proves(Preset::MakeItRight, 1000);
}

#[test]
fn think_first_proves_every_invariant() {
    proves(Preset::ThinkFirst, 1000);
}

#[test]
fn sorry_first_proves_every_invariant() {
    proves(Preset::SorryFirst, 1000);
}

#[test]
fn active_listening_proves_every_invariant() {
    proves(Preset::ActiveListening, 1000);
}

#[test]
fn without_follow_up_before_close_a_case_closes_after_an_agreement_with_no_follow_up() {
    let playbook = Playbook::default()
        .with_name("no follow-up")
        .with_rule(RuleId::FollowUpBeforeClose, false)
        .unwrap();
    let v = verify(&playbook);
    assert!(!v.proven);
    let broken: Vec<Invariant> = v.broken().map(|f| f.invariant).collect();
    assert_eq!(broken, [Invariant::NoCloseWithoutFollowUp]);

    let close = path(&v, Invariant::NoCloseWithoutFollowUp);
    assert_eq!(
        close.kinds(),
        [
            K::Open,
            K::Listen,
            K::Restate,
            K::Confirm,
            K::Thank,
            K::Apologize,
            K::Diagnose,
            K::Ask,
            K::Request,
            K::Agree,
            K::Prevention,
            K::Close
        ]
    );
    assert_eq!(close.stage, Stage::Closed);
    let closed = close.replay(playbook.clone()).unwrap();
    assert_eq!(closed.stage(), Stage::Closed);
    // The engine closed it with no follow-up after the agreement.
    let kinds: Vec<K> = closed.history().iter().map(|e| e.action.kind()).collect();
    let agreed = kinds.iter().rposition(|k| *k == K::Agree).unwrap();
    assert!(!kinds[agreed..].contains(&K::FollowUp));

    // The rule itself is not claimed, and the search shows what it would have refused.
    let rule = finding(&v, Invariant::Rule(RuleId::FollowUpBeforeClose));
    assert_eq!(rule.status, Status::NotApplicable);
    assert_eq!(
        rule.counterexample.as_ref().unwrap().kinds(),
        [K::Open, K::Listen, K::Thank, K::Diagnose, K::Prevention, K::Close]
    );
}

#[test]
fn one_task_in_all_makes_a_second_agreement_a_dead_end() {
    // `max_tasks` must be at least 1; with 1, the second round's agreement can never be carried
    // out (no plan), followed up (tasks-before-follow-up) or closed (follow-up-before-close).
    let limits = Limits {
        max_tasks: 1,
        ..Limits::default()
    };
    let playbook = Playbook::default().with_limits(limits).unwrap();
    let v = verify(&playbook);
    let broken: Vec<Invariant> = v.broken().map(|f| f.invariant).collect();
    assert_eq!(broken, [Invariant::NoDeadEnd], "{v}");
    let dead_end = path(&v, Invariant::NoDeadEnd);
    assert_eq!(
        dead_end.kinds(),
        [
            K::Open,
            K::Listen,
            K::Restate,
            K::Confirm,
            K::Apologize,
            K::Ask,
            K::Request,
            K::Agree,
            K::Plan,
            K::Done,
            K::FollowUp,
            K::Request,
            K::Agree
        ]
    );
    assert_eq!(dead_end.stage, Stage::Agreed);

    let stuck = dead_end.replay(playbook).unwrap();
    assert_eq!(stuck.stage(), Stage::Agreed);
    let at = stuck.last_at();
    let plan = stuck
        .clone()
        .apply(Action::plan(at, "tim", "Send it", at))
        .unwrap_err();
    assert_eq!(plan.field(), Some("task"));
    let follow_up = Action::follow_up(at, "tim", amends::FollowUpResult::Satisfied);
    assert_eq!(
        stuck.clone().apply(follow_up).unwrap_err().rule(),
        Some(RuleId::TasksBeforeFollowUp)
    );
    let close = Action::close(at, "tim", amends::Outcome::Withdrawn);
    assert_eq!(
        stuck.clone().apply(close).unwrap_err().rule(),
        Some(RuleId::FollowUpBeforeClose)
    );
    // Nothing it can still do leaves the stage.
    for kind in stuck.next_actions() {
        assert!(
            !matches!(kind, K::Plan | K::FollowUp | K::Close | K::Done),
            "{kind} is possible"
        );
    }
}

#[test]
fn too_few_events_leave_the_later_stages_unreachable() {
    // Six events hold the open and five actions: enough for resolving (listen, restate, confirm,
    // ask), not for an agreement (which needs an apology and a proposal too) nor for closing.
    let limits = Limits {
        max_events: 6,
        ..Limits::default()
    };
    let playbook = Playbook::default().with_limits(limits).unwrap();
    let v = verify(&playbook);
    assert!(!v.proven);
    assert_eq!(
        v.unreachable(),
        [Stage::Agreed, Stage::Acting, Stage::FollowingUp, Stage::Closed]
    );
    let depths: Vec<Option<usize>> = v.stages.iter().map(|s| s.depth).collect();
    assert_eq!(
        depths,
        [Some(0), Some(1), Some(3), Some(4), None, None, None, None]
    );
    let reach = finding(&v, Invariant::EveryStageReachable);
    assert_eq!(reach.status, Status::Broken);
    assert_eq!(
        reach.detail,
        "nothing reaches agreed, acting, following_up, closed"
    );
    assert!(reach.counterexample.is_none());
    // The opening itself is a dead end: closing needs six more actions, the playbook allows five.
    let dead_end = path(&v, Invariant::NoDeadEnd);
    assert_eq!(dead_end.kinds(), [K::Open]);
    assert_eq!(dead_end.replay(playbook).unwrap().stage(), Stage::Open);
    let broken: Vec<Invariant> = v.broken().map(|f| f.invariant).collect();
    assert_eq!(broken, [Invariant::EveryStageReachable, Invariant::NoDeadEnd]);
}

#[test]
fn without_apology_before_remedy_an_agreement_without_apology_is_not_claimed_but_shown() {
    let playbook = Playbook::default()
        .with_rule(RuleId::ApologyBeforeRemedy, false)
        .unwrap();
    let v = verify(&playbook);
    assert!(v.proven, "{v}");
    let f = finding(&v, Invariant::NoAgreementWithoutApology);
    assert_eq!(f.status, Status::NotApplicable);
    let agreement = f.counterexample.as_ref().unwrap();
    assert_eq!(
        agreement.kinds(),
        [
            K::Open,
            K::Listen,
            K::Restate,
            K::Confirm,
            K::Ask,
            K::Request,
            K::Agree
        ]
    );
    let agreed = agreement.replay(playbook).unwrap();
    assert_eq!(agreed.stage(), Stage::Agreed);
    assert!(agreed.history().iter().all(|e| e.action.kind() != K::Apologize));
    // Under strict, the same path is refused at the agreement, by the rule the claim rests on.
    let err = agreement.replay(Playbook::default()).unwrap_err();
    assert_eq!(err.rule(), Some(RuleId::ApologyBeforeRemedy));
}

#[test]
fn a_path_shown_for_a_rule_that_is_off_is_refused_with_the_rule_on() {
    let playbook = seven_step().with_rule(RuleId::ThankBeforeClose, false).unwrap();
    let v = verify(&playbook);
    assert!(v.proven, "{v}");
    let f = finding(&v, Invariant::Rule(RuleId::ThankBeforeClose));
    assert_eq!(f.status, Status::NotApplicable);
    assert!(
        f.detail
            .starts_with("thank-before-close is off: close was accepted"),
        "{}",
        f.detail
    );
    let close = f.counterexample.as_ref().unwrap();
    assert_eq!(close.kinds().last(), Some(&K::Close));
    assert!(!close.kinds().contains(&K::Thank));
    assert_eq!(close.replay(playbook).unwrap().stage(), Stage::Closed);
    assert_eq!(
        close.replay(seven_step()).unwrap_err().rule(),
        Some(RuleId::ThankBeforeClose)
    );
}

#[test]
fn authority_limits_set_the_values_tried() {
    let playbook = seven_step()
        .with_authority("agent", Some(0))
        .with_authority("supervisor", Some(0))
        .with_authority("manager", Some(0));
    let v = verify(&playbook);
    // A remedy without a value is worth 0, which anyone may grant: still proven.
    assert!(v.proven, "{v}");
    assert_eq!(v.bounds.amounts, [0, 1]);
    assert_eq!(v.bounds.roles, ["agent", "manager", "supervisor"]);
    assert!(finding(&v, Invariant::Rule(RuleId::AuthorityLimit)).cases > 0);

    let custom = seven_step().with_authority("director", Some(1_000_000));
    let v = verify(&custom);
    assert!(v.proven, "{v}");
    assert_eq!(
        v.bounds.amounts,
        [0, 5000, 5001, 50000, 50001, 1_000_000, 1_000_001]
    );
    assert_eq!(v.bounds.roles, ["agent", "director", "manager", "supervisor"]);
}

#[test]
fn without_authority_limit_an_agent_agrees_to_anything() {
    let playbook = seven_step().with_rule(RuleId::AuthorityLimit, false).unwrap();
    let v = verify(&playbook);
    let f = finding(&v, Invariant::Rule(RuleId::AuthorityLimit));
    assert_eq!(f.status, Status::NotApplicable);
    let over = f.counterexample.as_ref().unwrap();
    let last = over.actions.last().unwrap();
    assert_eq!(last.kind(), K::Approve);
    assert_eq!(last.by().role(), "agent");
    // The proposal it approves is worth more than the agent's 50.00.
    let proposal = over.actions.iter().rev().find_map(|a| match a {
        Action::Request { remedy, .. } | Action::Offer { remedy, .. } => Some(remedy.amount()),
        _ => None,
    });
    assert_eq!(proposal, Some(5001));
}

#[test]
fn an_empty_phrase_list_tries_only_sincere_and_empty_apologies() {
    let playbook = seven_step().with_apology_phrases(Vec::<String>::new());
    let v = verify(&playbook);
    assert!(v.proven, "{v}");
    // The empty apology is still the rule's case, and refused.
    assert!(finding(&v, Invariant::Rule(RuleId::SincereApology)).cases > 0);
}

#[test]
fn too_upset_offers_are_tried_where_the_playbook_allows_them() {
    // seven_step does not ask for a confirmed restatement: an offer may come straight after listening.
    let playbook = seven_step().with_too_upset_offers(true);
    let v = verify(&playbook);
    assert!(v.proven, "{v}");
    let offers_before_ask = v.diagram().edges.iter().any(|e| {
        e.from == Stage::Listening
            && e.to == Stage::Resolving
            && e.moves.iter().any(|m| m.kinds.contains(&K::Offer))
    });
    assert!(offers_before_ask);
    let asks_first = verify(&seven_step());
    assert!(!asks_first
        .diagram()
        .edges
        .iter()
        .any(|e| e.from == Stage::Listening && e.moves.iter().any(|m| m.kinds.contains(&K::Offer))));
}

#[test]
fn json_has_the_documented_shape() {
    let playbook = seven_step()
        .with_rule(RuleId::FollowUpBeforeClose, false)
        .unwrap();
    let v = verify(&playbook);
    let json: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = [
        "playbook",
        "proven",
        "states",
        "transitions",
        "attempts",
        "depth",
        "bounds",
        "stages",
        "invariants",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["playbook"], "seven_step");
    assert_eq!(json["proven"], false);
    assert_eq!(json["states"], v.states);
    assert_eq!(
        json["bounds"],
        serde_json::json!({"pending_tasks": 2, "task_budget": 2, "max_tasks": 100, "max_events": 10000,
                           "amounts": [0, 5000, 5001, 50000, 50001],
                           "roles": ["agent", "manager", "supervisor"]})
    );
    assert_eq!(
        json["stages"][0],
        serde_json::json!({"stage": "open", "depth": 0})
    );
    assert_eq!(json["stages"].as_array().unwrap().len(), 8);
    let invariants = json["invariants"].as_array().unwrap();
    let names: Vec<&str> = invariants
        .iter()
        .map(|f| f["invariant"].as_str().unwrap())
        .collect();
    assert_eq!(
        &names[..4],
        [
            "every-stage-reachable",
            "no-agreement-without-apology",
            "no-close-without-follow-up",
            "no-dead-end"
        ]
    );
    assert_eq!(names.len(), 4 + RuleId::ALL.len());
    assert_eq!(
        invariants[0],
        serde_json::json!({"invariant": "every-stage-reachable", "status": "proven", "cases": 8,
                           "detail": "all 8 stages reached"})
    );
    let broken = &invariants[2];
    assert_eq!(broken["status"], "broken");
    let actions = broken["counterexample"]["actions"].as_array().unwrap();
    assert_eq!(actions[0]["action"], "open");
    assert_eq!(broken["counterexample"]["stage"], "closed");
    // The path in JSON is action JSON: it parses and replays.
    let parsed: Vec<Action> = actions.iter().map(|a| Action::from_value(a).unwrap()).collect();
    let mut replayed = Complaint::open(parsed[0].clone(), playbook).unwrap();
    for action in &parsed[1..] {
        replayed.apply(action.clone()).unwrap();
    }
    assert_eq!(replayed.stage(), Stage::Closed);
    let statuses: Vec<&str> = invariants.iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert!(statuses
        .iter()
        .all(|s| ["proven", "broken", "not_applicable"].contains(s)));
}

#[test]
fn display_lists_every_invariant_and_the_paths() {
    let playbook = seven_step()
        .with_rule(RuleId::FollowUpBeforeClose, false)
        .unwrap();
    let text = verify(&playbook).to_string();
    let mut lines = text.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("playbook `seven_step`: some claims broken ("),
        "{head}"
    );
    for invariant in Invariant::all() {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().nth(1) == Some(invariant.name())),
            "{invariant} missing:\n{text}"
        );
    }
    assert!(text.contains(
        "path: open → listen → thank → apologize(\"I am sorry we let you down.\") → ask → request(other) \
         → agree(agent) → close(unresolved)"
    ));
    let proven = verify(&seven_step()).to_string();
    assert!(proven.starts_with("playbook `seven_step`: every claim proven ("));
}

#[test]
fn invariant_names_are_stable_and_unique() {
    let names: Vec<&str> = Invariant::all().map(Invariant::name).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    for invariant in Invariant::all() {
        assert_eq!(Invariant::from_name(invariant.name()), Some(invariant));
        assert!(!invariant.claim().is_empty());
    }
    assert_eq!(
        Invariant::from_name("thank-before-close"),
        Some(Invariant::Rule(RuleId::ThankBeforeClose))
    );
    assert_eq!(Invariant::from_name("no-such-invariant"), None);
}

#[test]
fn an_empty_path_replays_to_an_input_error() {
    // Only reachable through a hand-made value: the search's paths always start with the open.
    let v = verify(&seven_step().with_rule(RuleId::ThankBeforeClose, false).unwrap());
    let mut path = path(&v, Invariant::Rule(RuleId::ThankBeforeClose)).clone();
    path.actions.clear();
    let err = path.replay(Playbook::default()).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert_eq!(err.field(), Some("actions"));
}

#[test]
fn verification_is_deterministic() {
    let playbook = Preset::SevenStep.playbook();
    assert_eq!(verify(&playbook), verify(&playbook));
}
