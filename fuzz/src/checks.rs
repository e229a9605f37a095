//! What every fuzz target checks: whatever bytes arrive, `amends` answers with an error and loses
//! nothing. Each check panics when the library breaks that promise.
//!
//! The fuzz targets call these functions, and `core/tests/fuzz_regressions.rs` includes this file
//! too, so every saved crash input replays through the same checks in a plain `cargo test`.

use amends::{
    Action, ActionKind, Complaint, Error, Event, FollowUpResult, Playbook, Preset, Stage, Timestamp,
};
use std::sync::{Arc, OnceLock};

/// A valid walk through every stage that every preset accepts: each prefix of it is a complaint in
/// a known state (resolving with an approved request, acting with one task left, closed, reopened…).
pub const SCRIPT: &[&str] = &[
    r#"{"action": "open", "at": "2026-03-02T09:00:00Z", "by": {"id": "tim"}, "customer": "Acme Ltd", "summary": "Demo units arrived late", "channel": "phone", "severity": "high", "value_at_stake": {"amount": 120000, "currency": "USD"}}"#,
    r#"{"action": "listen", "at": "2026-03-02T09:01:00Z", "by": {"id": "tim"}, "account": "The demo units came two days after the trade show, so Acme lost a sale."}"#,
    r#"{"action": "thank", "at": "2026-03-02T09:02:00Z", "by": {"id": "tim"}, "statement": "Thank you for telling us straight away."}"#,
    r#"{"action": "diagnose", "at": "2026-03-02T09:03:00Z", "by": {"id": "tim"}, "root_cause": "The courier pickup was booked for the wrong week", "category": "logistics"}"#,
    r#"{"action": "apologize", "at": "2026-03-02T09:04:00Z", "by": {"id": "tim"}, "statement": "I am sorry the late delivery cost you that sale."}"#,
    r#"{"action": "restate", "at": "2026-03-02T09:05:00Z", "by": {"id": "tim"}, "summary": "Our delivery missed the show and you lost a sale."}"#,
    r#"{"action": "confirm", "at": "2026-03-02T09:06:00Z", "by": {"id": "tim"}}"#,
    r#"{"action": "ask", "at": "2026-03-02T09:07:00Z", "by": {"id": "tim"}}"#,
    r#"{"action": "request", "at": "2026-03-02T09:08:00Z", "by": {"id": "tim"}, "remedy": {"kind": "redelivery", "value": {"amount": 7500, "currency": "USD"}, "description": "Refund the shipping and send new units"}}"#,
    r#"{"action": "approve", "at": "2026-03-02T09:09:00Z", "by": {"id": "sam", "role": "supervisor"}}"#,
    r#"{"action": "agree", "at": "2026-03-02T09:10:00Z", "by": {"id": "tim"}}"#,
    r#"{"action": "plan", "at": "2026-03-02T09:11:00Z", "by": {"id": "tim"}, "task": "Refund the express shipping", "due": "2026-03-03T09:00:00Z"}"#,
    r#"{"action": "plan", "at": "2026-03-02T09:12:00Z", "by": {"id": "lee"}, "task": "Send new demo units", "due": "2026-03-04T17:00:00Z"}"#,
    r#"{"action": "done", "at": "2026-03-02T11:00:00Z", "by": {"id": "lee"}, "task_id": 1}"#,
    r#"{"action": "done", "at": "2026-03-03T10:00:00Z", "by": {"id": "lee"}, "task_id": 2}"#,
    r#"{"action": "follow_up", "at": "2026-03-05T10:00:00Z", "by": {"id": "tim"}, "result": "satisfied", "notes": "The units arrived."}"#,
    r#"{"action": "prevention", "at": "2026-03-05T10:01:00Z", "by": {"id": "tim"}, "source": "customer", "idea": "Confirm the courier a week ahead"}"#,
    r#"{"action": "close", "at": "2026-03-05T10:02:00Z", "by": {"id": "tim"}, "outcome": "resolved"}"#,
    r#"{"action": "reopen", "at": "2026-03-09T08:00:00Z", "by": {"id": "tim"}, "reason": "One of the new units is faulty"}"#,
];

/// The `open` action every structured sequence starts from.
pub fn opening() -> Action {
    static OPEN: OnceLock<Action> = OnceLock::new();
    OPEN.get_or_init(|| Action::from_json(SCRIPT[0]).expect("the script's open action is valid"))
        .clone()
}

/// Every prefix of [`SCRIPT`] under every preset, built once: complaints in each of the eight
/// stages, in several states of each.
pub fn complaints() -> &'static [Complaint] {
    static STATES: OnceLock<Vec<Complaint>> = OnceLock::new();
    STATES.get_or_init(|| {
        let mut states = Vec::new();
        for preset in Preset::ALL {
            let mut complaint = Complaint::open_json(SCRIPT[0], preset.shared())
                .expect("the script opens under every preset");
            states.push(complaint.clone());
            for action in &SCRIPT[1..] {
                if let Err(e) = complaint.apply_json(action) {
                    panic!("the script is refused under {preset}: {e}\n{action}");
                }
                states.push(complaint.clone());
            }
        }
        for stage in Stage::ALL {
            assert!(
                states.iter().any(|c| c.stage() == *stage),
                "the script never reaches {stage}"
            );
        }
        states
    })
}

/// Target `apply_action`: the first byte picks a complaint from [`complaints`], the rest is one
/// action, given as text when it is UTF-8 and as bytes through a serde deserializer in any case.
pub fn apply_action(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let states = complaints();
    let complaint = &states[usize::from(pick) % states.len()];
    let design = true; // every state is under a preset
    let from_bytes = Action::from_deserializer(&mut serde_json::Deserializer::from_slice(rest));
    if let Ok(text) = std::str::from_utf8(rest) {
        let parsed = Action::from_json(text);
        match &parsed {
            Ok(action) => {
                // The text entry reads exactly what the byte entry reads.
                assert_eq!(
                    from_bytes.as_ref(),
                    Ok(action),
                    "from_json and from_deserializer disagree"
                );
                action_round_trip(action);
            }
            Err(e) => assert_input_error(e),
        }
        let text_read = parsed.is_ok();
        let checked = parsed.clone().and_then(|a| complaint.check(&a));
        let mut after = complaint.clone();
        let applied = after.apply_json(text).cloned();
        match (parsed, applied) {
            (Ok(action), applied) => {
                let accepted = applied.is_ok();
                judged(complaint, &after, action, checked, applied, design);
                if accepted {
                    json_round_trip(&after);
                } else {
                    assert_eq!(
                        after.next_actions(),
                        complaint.next_actions(),
                        "a refusal changed next_actions"
                    );
                }
            }
            (Err(parse), Err(apply)) => {
                assert_eq!(parse, apply, "apply_json and from_json report different errors");
                assert_unchanged(complaint, &after);
            }
            (Err(parse), Ok(event)) => {
                panic!("apply_json accepted {event:?} that from_json refuses: {parse}")
            }
        }
        if text_read {
            // The byte entry read the same action, applied above.
            return;
        }
    }
    // Bytes that are not UTF-8, or text with more after the action (which the text entry refuses
    // and a deserializer leaves to its caller).
    match from_bytes {
        Ok(action) => {
            action_round_trip(&action);
            let mut after = complaint.clone();
            step(&mut after, action, design);
        }
        Err(e) => assert_input_error(&e),
    }
}

/// Target `playbook_json`: a playbook that loads saves and loads back equal, and complaints under it
/// follow the same promise as under the presets.
pub fn playbook_json(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        match Playbook::from_json(text) {
            Ok(playbook) => playbook_round_trip(playbook),
            Err(e) => assert_input_error(&e),
        }
    }
    // The serde entry, straight from bytes.
    if let Ok(playbook) = serde_json::from_slice::<Playbook>(data) {
        playbook_round_trip(playbook);
    }
}

/// A loaded playbook saves every field and loads back equal, and the script walks under it with
/// every step accepted or cleanly refused.
pub fn playbook_round_trip(playbook: Playbook) {
    let json = playbook.to_json();
    let back =
        Playbook::from_json(&json).unwrap_or_else(|e| panic!("a saved playbook does not load: {e}\n{json}"));
    assert_eq!(
        back, playbook,
        "a playbook changed through to_json and from_json\n{json}"
    );
    assert_eq!(
        back.to_json(),
        json,
        "a playbook's JSON changed through from_json"
    );
    let playbook = Arc::new(playbook);
    let mut complaint = match Complaint::open_json(SCRIPT[0], Arc::clone(&playbook)) {
        Ok(complaint) => complaint,
        Err(e) => {
            // Only the input can be wrong for an open action: a limit or the currency.
            assert_input_error(&e);
            return;
        }
    };
    for text in &SCRIPT[1..] {
        let action = Action::from_json(text).expect("the script's actions are valid JSON");
        // Rules may be off, so the stages the presets keep to do not bind a custom playbook.
        step(&mut complaint, action, false);
    }
    stored_round_trip(&complaint);
}

/// Target `complaint_json`: a stored complaint, or a history, that loads saves and loads back
/// byte for byte.
pub fn complaint_json(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        match Complaint::from_json(text) {
            Ok(complaint) => stored_round_trip(&complaint),
            Err(e) => assert_error_is_reported(&e),
        }
        let strict = Preset::Strict.shared();
        match Event::list_from_json(text) {
            Ok(events) => {
                let json = serde_json::to_string(&events).expect("events serialise");
                assert_eq!(
                    Event::list_from_json(&json).as_ref(),
                    Ok(&events),
                    "a history changed through JSON\n{json}"
                );
                let replayed = Complaint::replay(events.clone(), Arc::clone(&strict));
                let from_text = Complaint::replay_json(text, Arc::clone(&strict));
                assert_eq!(replayed, from_text, "replay and replay_json disagree");
                match replayed {
                    Ok(complaint) => {
                        assert_eq!(complaint.history(), &events[..], "replay changed the events");
                        stored_round_trip(&complaint);
                    }
                    Err(e) => assert_error_is_reported(&e),
                }
            }
            Err(e) => {
                assert_error_is_reported(&e);
                let replayed = Complaint::replay_json(text, strict);
                assert_eq!(
                    replayed.err().as_ref(),
                    Some(&e),
                    "replay_json accepts what list_from_json refuses"
                );
            }
        }
    }
    // The serde entry, straight from bytes.
    if let Ok(complaint) = serde_json::from_slice::<Complaint>(data) {
        stored_round_trip(&complaint);
    }
}

/// Target `action_sequence`: a sequence of actions applied one by one under a preset, each step
/// checked by [`step`], the replay of the whole history at the end.
pub fn action_sequence(preset: Preset, actions: impl IntoIterator<Item = Action>) {
    let mut complaint =
        Complaint::open(opening(), preset.shared()).expect("the script opens under every preset");
    for action in actions {
        step(&mut complaint, action, true);
    }
    // Replaying the final history replays every prefix on the way, each event checked against its
    // recorded seq, stage and task id: one replay here covers the replay after every step. (The
    // JSON of complaints is the other targets' concern.)
    replayed(&complaint);
}

/// Applies one action and checks what `apply` promises: a refusal changes nothing, `check` agrees
/// with `apply`, an accepted event is numbered next and, when `design` holds (a preset playbook),
/// moves between the stages DESIGN.md allows and is of a kind `next_actions` listed.
pub fn step(complaint: &mut Complaint, action: Action, design: bool) {
    let before = complaint.clone();
    let checked = complaint.check(&action);
    let applied = complaint.apply(action.clone()).cloned();
    judged(&before, complaint, action, checked, applied, design);
}

/// Checks one outcome of `apply` (on `before`, giving `after`) against `check`'s answer.
fn judged(
    before: &Complaint,
    after: &Complaint,
    action: Action,
    checked: Result<Vec<amends::Violation>, Error>,
    applied: Result<Event, Error>,
    design: bool,
) {
    match (&checked, &applied) {
        (Ok(found), Ok(event)) if found.is_empty() => accepted(before, after, &action, event, design),
        (Ok(found), Err(Error::Rule(refusal))) if found.first() == Some(refusal) => {
            // Every violation is of a rule the playbook has on, each rule named once.
            for v in found {
                assert!(
                    after.playbook().rule_is_on(v.rule),
                    "check names {} which is off",
                    v.rule
                );
                assert!(!v.message.is_empty(), "a violation without a message: {v:?}");
            }
            assert_unchanged(before, after);
        }
        (Err(a), Err(b)) if a == b => {
            assert_input_error(b);
            assert_unchanged(before, after);
        }
        _ => panic!("check {checked:?} disagrees with apply {applied:?} of {action:?}"),
    }
}

/// An accepted action: recorded as the next event, the history before it untouched.
fn accepted(before: &Complaint, after: &Complaint, action: &Action, event: &Event, design: bool) {
    let n = before.history().len();
    assert_eq!(
        after.history().len(),
        n + 1,
        "an accepted action did not add one event"
    );
    assert_eq!(
        &after.history()[..n],
        before.history(),
        "an accepted action changed earlier events"
    );
    assert_eq!(
        after.history().last(),
        Some(event),
        "apply returned another event than it recorded"
    );
    assert_eq!(&event.action, action, "the event records another action");
    assert_eq!(event.seq as usize, n + 1, "seq is not contiguous");
    assert_eq!(
        event.stage,
        after.stage(),
        "the event's stage is not the complaint's"
    );
    let plans = after
        .history()
        .iter()
        .filter(|e| e.action.kind() == ActionKind::Plan)
        .count();
    let expected_task = (action.kind() == ActionKind::Plan).then_some(plans as u32);
    assert_eq!(event.task_id, expected_task, "wrong task id");
    if design {
        let kind = action.kind();
        assert!(
            before.next_actions().contains(&kind),
            "{kind} was accepted in {} but next_actions {:?} leaves it out",
            before.stage(),
            before.next_actions()
        );
        assert!(
            design_allows(
                action,
                before.stage(),
                after.stage(),
                after.open_tasks().is_empty()
            ),
            "{kind} moved {} -> {}, which DESIGN.md does not allow",
            before.stage(),
            after.stage()
        );
    }
}

/// Whether DESIGN.md's action table lets an accepted `action` move a complaint from `from` to `to`
/// (`all_done`: no planned task is left open after it).
fn design_allows(action: &Action, from: Stage, to: Stage, all_done: bool) -> bool {
    use Stage as S;
    let open = from != S::Closed;
    match action.kind() {
        ActionKind::Open => false,
        ActionKind::Listen => open && to == if from == S::Open { S::Listening } else { from },
        ActionKind::Restate => matches!(from, S::Listening | S::Understood) && to == S::Listening,
        ActionKind::Confirm => from == S::Listening && to == S::Understood,
        ActionKind::Correct => from == S::Listening && to == S::Listening,
        ActionKind::Thank
        | ActionKind::Apologize
        | ActionKind::Diagnose
        | ActionKind::SuspectBadFaith
        | ActionKind::Escalate => open && to == from,
        ActionKind::Note | ActionKind::Prevention => to == from,
        ActionKind::Ask | ActionKind::Offer => {
            matches!(from, S::Listening | S::Understood | S::Resolving) && to == S::Resolving
        }
        ActionKind::Request | ActionKind::NoRequest | ActionKind::Approve | ActionKind::Decline => {
            from == S::Resolving && to == S::Resolving
        }
        ActionKind::Agree => from == S::Resolving && to == S::Agreed,
        ActionKind::StandFirm => from == S::Resolving && to == S::FollowingUp,
        ActionKind::Plan => matches!(from, S::Agreed | S::Acting | S::FollowingUp) && to == S::Acting,
        ActionKind::Done => from == S::Acting && to == if all_done { S::FollowingUp } else { S::Acting },
        ActionKind::FollowUp => match from {
            S::Listening | S::Understood | S::Resolving => to == from,
            S::FollowingUp => {
                let unsatisfied = matches!(
                    action,
                    Action::FollowUp {
                        result: FollowUpResult::Unsatisfied,
                        ..
                    }
                );
                to == if unsatisfied { S::Resolving } else { S::FollowingUp }
            }
            _ => false,
        },
        ActionKind::Close => open && to == S::Closed,
        ActionKind::Reopen => from == S::Closed && to == S::Listening,
    }
}

/// A refusal left the complaint exactly as it was: its playbook, history and stage (all its JSON
/// holds) and its open tasks. What the rules read of it is compared through `next_actions` only in
/// `apply_action`: after a sequence, comparing the complaint with the replay of its history does
/// that for every step at once.
fn assert_unchanged(before: &Complaint, after: &Complaint) {
    assert_eq!(
        after, before,
        "a refused action changed the playbook or the history"
    );
    assert_eq!(
        after.stage(),
        before.stage(),
        "a refused action changed the stage"
    );
    assert_eq!(
        after.open_tasks(),
        before.open_tasks(),
        "a refused action changed the open tasks"
    );
}

/// An action's JSON reads back as the same action.
fn action_round_trip(action: &Action) {
    let json = action.to_json();
    assert_eq!(
        Action::from_json(&json).as_ref(),
        Ok(action),
        "an action changed through to_json and from_json\n{json}"
    );
}

/// A complaint saves, loads back equal (down to what it would accept next) and saves byte for byte
/// the same. Returns its JSON.
fn json_round_trip(complaint: &Complaint) -> String {
    let json = complaint.to_json();
    let back = Complaint::from_json(&json)
        .unwrap_or_else(|e| panic!("a saved complaint does not load: {e}\n{json}"));
    assert_eq!(
        &back, complaint,
        "a complaint changed through to_json and from_json"
    );
    assert_eq!(
        back.to_json(),
        json,
        "a complaint's JSON changed through from_json"
    );
    assert_eq!(back.stage(), complaint.stage(), "from_json gives another stage");
    assert_eq!(
        back.next_actions(),
        complaint.next_actions(),
        "from_json gives other next actions"
    );
    assert_eq!(
        back.open_tasks(),
        complaint.open_tasks(),
        "from_json gives other open tasks"
    );
    json
}

/// As [`json_round_trip`], and the indented JSON loads back equal too; then [`replayed`].
pub fn stored_round_trip(complaint: &Complaint) {
    json_round_trip(complaint);
    let pretty = Complaint::from_json(&complaint.to_json_pretty()).expect("the pretty JSON loads");
    assert_eq!(&pretty, complaint, "a complaint changed through to_json_pretty");
    replayed(complaint);
}

/// Replaying a complaint's history under its playbook gives it again, its events are numbered from
/// 1 without a gap, and every read-only view of it answers without panicking.
fn replayed(complaint: &Complaint) {
    let replayed = Complaint::replay(complaint.history().to_vec(), Arc::clone(complaint.playbook()))
        .unwrap_or_else(|e| panic!("a complaint's own history does not replay: {e}"));
    assert_eq!(
        &replayed, complaint,
        "replaying the history gives another complaint"
    );
    assert_eq!(
        replayed.stage(),
        complaint.stage(),
        "replaying the history gives another stage"
    );
    assert_eq!(
        replayed.next_actions(),
        complaint.next_actions(),
        "replaying gives other next actions"
    );
    for (i, event) in complaint.history().iter().enumerate() {
        assert_eq!(event.seq as usize, i + 1, "seq is not contiguous");
    }
    assert_eq!(
        complaint.history()[0].action.kind(),
        ActionKind::Open,
        "a history starts with open"
    );
    assert_eq!(complaint.outcome().is_some(), complaint.stage() == Stage::Closed);
    let deadlines = complaint.deadlines();
    assert!(
        deadlines.windows(2).all(|w| w[0].due <= w[1].due),
        "deadlines out of order"
    );
    for now in [
        complaint.opened_at(),
        complaint.last_at(),
        Timestamp::MIN,
        Timestamp::MAX,
    ] {
        for breach in complaint.breaches(now) {
            assert!(breach.late_by_seconds >= 0, "a breach met early: {breach:?}");
        }
        if let Some(next) = complaint.next_deadline(now) {
            assert!(
                next.due >= now && next.met.is_none(),
                "next_deadline {next:?} at {now}"
            );
        }
    }
    assert!(!complaint.timeline().is_empty(), "an empty timeline");
}

/// An error from malformed input, with a message.
fn assert_input_error(e: &Error) {
    assert!(
        matches!(e, Error::Invalid(_)),
        "malformed input reported as {e:?}"
    );
    assert!(!e.to_string().is_empty(), "an error without a message");
}

/// An error from loading a complaint or history: an input error, or a refused event named by its
/// index.
fn assert_error_is_reported(e: &Error) {
    match e {
        Error::Invalid(_) => {}
        Error::Replay { source, .. } => assert!(
            matches!(**source, Error::Invalid(_) | Error::Rule(_)),
            "a replay error wraps {source:?}"
        ),
        other => panic!("loading reported {other:?}"),
    }
    assert!(!e.to_string().is_empty(), "an error without a message");
}
