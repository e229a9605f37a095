//! Every documented limit (README.md, "Limits") enforced at the boundary: the input error it
//! gives, the field it names, and a complaint left exactly as it was. `tests/c/hostile.c` and
//! `python/tests/test_limits.py` check the same through C and Python.

mod common;

use amends::{Action, Complaint, Error, Event, Ledger, Limits, Playbook, RuleId, Stage};
use common::*;
use serde_json::{json, Value};

/// The text limit of the small playbook, in bytes.
const TEXT: usize = 32;

/// Strict, with small limits.
fn small(events: usize, tasks: usize) -> Playbook {
    playbook(&format!(
        r#"{{"base": "strict", "limits": {{"max_text_bytes": {TEXT}, "max_events": {events}, "max_tasks": {tasks}}}}}"#
    ))
}

/// Strict, with `limits` (JSON) over the default ones.
fn strict_with(limits: &str) -> Playbook {
    playbook(&format!(r#"{{"base": "strict", "limits": {limits}}}"#))
}

/// A listening complaint under `playbook`.
fn listening(playbook: Playbook) -> Complaint {
    let mut c = Complaint::open(opening(t0()), playbook).expect("open");
    c.apply(Action::listen(t0() + mins(1), STAFF, "The units came late."))
        .expect("listen");
    c
}

/// The error is an input error naming `field` (`None`: no field) whose message holds `says`.
#[track_caller]
fn assert_invalid(result: Result<impl std::fmt::Debug, Error>, field: Option<&str>, says: &str) {
    match result {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.field(), field, "{e}");
            assert!(e.message().contains(says), "{e} does not say {says:?}");
        }
        other => panic!("expected an input error naming {field:?}, got {other:?}"),
    }
}

/// Applies `action` (typed and as JSON text) and checks it, each refused as an input error naming
/// `field`; the complaint is byte for byte what it was.
#[track_caller]
fn assert_refused(c: &mut Complaint, action: &Action, field: Option<&str>, says: &str) {
    let before = c.to_json();
    assert_invalid(c.check(action), field, says);
    assert_invalid(c.apply(action.clone()), field, says);
    assert_invalid(c.apply_json(&action.to_json()), field, says);
    assert_invalid(c.apply_expecting(action.clone(), c.history().len()), field, says);
    assert_eq!(
        c.to_json(),
        before,
        "a refused {} changed the complaint",
        action.kind()
    );
}

/// Every text field of every action but `open`: the action's JSON with the field set to `text`.
fn with_text(text: &str) -> Vec<(&'static str, Value)> {
    let at = "2026-03-02T09:30:00Z";
    let by = json!({"id": "tim"});
    let remedy = |description: &str| json!({"kind": "refund", "description": description});
    let action = |kind: &str, fields: Value| {
        let mut a = json!({"action": kind, "at": at, "by": by});
        for (k, v) in fields.as_object().expect("fields").iter() {
            a[k] = v.clone();
        }
        a
    };
    vec![
        ("by.id", action("note", json!({"text": "x", "by": {"id": text}}))),
        (
            "by.role",
            action("note", json!({"text": "x", "by": {"id": "tim", "role": text}})),
        ),
        ("account", action("listen", json!({"account": text}))),
        ("summary", action("restate", json!({"summary": text}))),
        ("correction", action("correct", json!({"correction": text}))),
        ("statement", action("thank", json!({"statement": text}))),
        ("statement", action("apologize", json!({"statement": text}))),
        (
            "root_cause",
            action("diagnose", json!({"root_cause": text, "category": "c"})),
        ),
        (
            "category",
            action("diagnose", json!({"root_cause": "r", "category": text})),
        ),
        (
            "remedy.description",
            action("request", json!({"remedy": remedy(text)})),
        ),
        (
            "remedy.description",
            action("offer", json!({"remedy": remedy(text)})),
        ),
        (
            "reason",
            action("offer", json!({"remedy": remedy("r"), "reason": text})),
        ),
        ("reason", action("decline", json!({"reason": text}))),
        ("evidence", action("suspect_bad_faith", json!({"evidence": text}))),
        ("reason", action("stand_firm", json!({"reason": text}))),
        ("task", action("plan", json!({"task": text, "due": at}))),
        (
            "notes",
            action("follow_up", json!({"result": "satisfied", "notes": text})),
        ),
        (
            "idea",
            action("prevention", json!({"source": "customer", "idea": text})),
        ),
        ("to", action("escalate", json!({"to": text, "reason": "r"}))),
        ("reason", action("escalate", json!({"to": "sam", "reason": text}))),
        ("text", action("note", json!({"text": text}))),
        (
            "reason",
            action("close", json!({"outcome": "withdrawn", "reason": text})),
        ),
        ("reason", action("reopen", json!({"reason": text}))),
    ]
}

#[test]
fn every_text_field_is_limited_in_utf8_bytes() {
    let mut c = listening(small(100, 10));
    // At the limit, validation passes (a rule may still refuse the action: that is not a limit).
    for text in ["x".repeat(TEXT), "é".repeat(TEXT / 2)] {
        for (field, value) in with_text(&text) {
            let action = Action::from_value(&value).expect("well formed");
            assert!(
                c.check(&action).is_ok(),
                "{field} of {TEXT} bytes is within the limit"
            );
        }
    }
    // One byte over: 33 ASCII letters, or 17 two-byte letters (fewer characters than the limit).
    for text in ["x".repeat(TEXT + 1), "é".repeat(TEXT / 2 + 1)] {
        let says = format!("is {} bytes long, over the limit of {TEXT}", text.len());
        for (field, value) in with_text(&text) {
            let action = Action::from_value(&value).expect("well formed");
            assert_refused(&mut c, &action, Some(field), &says);
        }
    }
    assert_eq!(c.history().len(), 2);
}

#[test]
fn the_opening_texts_are_limited_too() {
    let long = "x".repeat(TEXT + 1);
    let open = json!({"action": "open", "at": "2026-03-02T09:00:00Z", "by": {"id": "tim"},
                      "customer": "Acme Ltd", "summary": "Late"});
    for field in [
        "customer", "summary", "id", "channel", "category", "by.id", "by.role",
    ] {
        let mut action = open.clone();
        match field.split_once('.') {
            Some((_, inner)) => action["by"][inner] = json!(long),
            None => action[field] = json!(long),
        }
        let says = format!("is {} bytes long, over the limit of {TEXT}", TEXT + 1);
        assert_invalid(
            Complaint::open_json(&action.to_string(), small(10, 10)),
            Some(field),
            &says,
        );
        action["seq"] = json!(1);
        action["stage"] = json!("open");
        let history = Value::Array(vec![action]).to_string();
        match Complaint::replay_json(&history, small(10, 10)) {
            Err(Error::Replay { index: 0, source }) => assert_eq!(source.field(), Some(field)),
            other => panic!("expected event 0 refused, got {other:?}"),
        }
    }
}

#[test]
fn the_default_limits_are_the_documented_ones() {
    let limits = Playbook::default().limits();
    assert_eq!(
        limits,
        Limits {
            max_text_bytes: 16384,
            max_events: 10000,
            max_tasks: 100
        }
    );
    for preset in amends::Preset::ALL {
        assert_eq!(preset.playbook().limits(), limits, "{preset}");
    }
    let mut c = listening(Playbook::default());
    c.apply(Action::note(t0() + mins(2), STAFF, "x".repeat(16384)))
        .expect("16,384 bytes is within the default limit");
    let over = Action::note(t0() + mins(3), STAFF, "x".repeat(16385));
    assert_refused(
        &mut c,
        &over,
        Some("text"),
        "is 16385 bytes long, over the limit of 16384",
    );
}

#[test]
fn max_events_counts_every_event_the_open_included() {
    let mut c = listening(strict_with(r#"{"max_events": 6}"#));
    for minute in 2..6 {
        c.apply(note(t0() + mins(minute))).expect("room for it");
    }
    assert_eq!(c.history().len(), 6);
    // Full: nothing more is accepted, whatever it is, and nothing is offered.
    assert!(c.next_actions().is_empty(), "{:?}", c.next_actions());
    for action in [
        note(t0() + mins(9)),
        Action::close(t0() + mins(9), STAFF, amends::Outcome::Withdrawn),
    ] {
        assert_refused(
            &mut c,
            &action,
            None,
            "the history is full: the playbook allows 6 events",
        );
    }
    // A history of one: only the open.
    let mut only =
        Complaint::open(opening(t0()), strict_with(r#"{"max_events": 1}"#)).expect("the open fits");
    assert_refused(&mut only, &listen(t0()), None, "the playbook allows 1 events");
}

#[test]
fn max_tasks_counts_every_plan_done_or_not() {
    let mut case = Case::new(strict_with(r#"{"max_tasks": 2}"#));
    case.walk(&[listen, thank, apologize, diagnose, restate, confirm, ask]);
    // Short texts for the small text limit.
    case.ok(|at| Action::request(at, STAFF, usd(amends::RemedyKind::Refund, "Refund", 1000)));
    case.ok(agree);
    let due = t0() + days(1);
    case.ok(|at| Action::plan(at, STAFF, "Refund it", due));
    case.ok(|at| Action::plan(at, STAFF, "Write to them", due));
    let third = Action::plan(case.last_at(), STAFF, "A third task", due);
    assert_refused(
        &mut case.complaint,
        &third,
        Some("task"),
        "the playbook allows 2 tasks",
    );
    assert!(!case.complaint.next_actions().contains(&amends::ActionKind::Plan));
    // Done tasks still count: `following_up` takes a plan, but not a third one.
    case.ok(done1).ok(done2);
    assert_eq!(case.stage(), Stage::FollowingUp);
    let third = Action::plan(case.last_at(), STAFF, "A third task", due);
    assert_refused(
        &mut case.complaint,
        &third,
        Some("task"),
        "the playbook allows 2 tasks",
    );
    let mut roomy = Complaint::from_json(
        &case
            .complaint
            .to_json()
            .replace("\"max_tasks\":2", "\"max_tasks\":3"),
    )
    .expect("the same history under a playbook with room for three tasks");
    assert_eq!(roomy.apply(third).expect("a third task").task_id, Some(3));
}

/// Replays `complaint`'s history under `playbook`, and loads its JSON with the stored playbook's
/// limits swapped for `playbook`'s: both are refused at event `index` with `field`.
#[track_caller]
fn assert_replay_refused(complaint: &Complaint, playbook: Playbook, index: usize, field: Option<&str>) {
    let expect = |result: Result<Complaint, Error>| match result {
        Err(Error::Replay { index: i, source }) => {
            assert_eq!(i, index, "{source}");
            assert_eq!(source.field(), field, "{source}");
            assert!(matches!(*source, Error::Invalid(_)), "{source}");
        }
        other => panic!("expected event {index} refused, got {other:?}"),
    };
    expect(Complaint::replay(complaint.history().to_vec(), playbook.clone()));
    let history = serde_json::to_string(complaint.history()).expect("history JSON");
    expect(Complaint::replay_json(&history, playbook.clone()));
    let mut stored: Value = serde_json::from_str(&complaint.to_json()).expect("complaint JSON");
    stored["playbook"]["limits"] = serde_json::to_value(playbook.limits()).expect("limits JSON");
    let stored = stored.to_string();
    expect(Complaint::from_json(&stored));
    // A ledger adds complaints from JSON through the same door.
    let mut ledger = Ledger::new();
    expect(ledger.add_json(&stored).map(|_| complaint.clone()));
    assert!(ledger.is_empty());
}

#[test]
fn stored_histories_are_held_to_the_limits() {
    // Written under the default limits, each too big for the small ones.
    let mut case = Case::strict();
    case.walk(&[
        listen, thank, apologize, diagnose, restate, confirm, ask, request, agree,
    ]);
    case.ok(|at| Action::plan(at, STAFF, "One", at));
    case.ok(|at| Action::plan(at, STAFF, "Two", at));
    case.ok(|at| Action::plan(at, STAFF, "Three", at));
    let c = &case.complaint;
    assert_eq!(c.history().len(), 13);
    // The first text over 32 bytes is the listen's account, event 1.
    assert_replay_refused(c, small(100, 10), 1, Some("account"));
    // Event 12 would be the thirteenth: refused with no field.
    let roomy_text = |events: usize, tasks: usize| {
        strict_with(&format!(r#"{{"max_events": {events}, "max_tasks": {tasks}}}"#))
    };
    assert_replay_refused(c, roomy_text(12, 10), 12, None);
    // The third plan is event 12.
    assert_replay_refused(c, roomy_text(100, 2), 12, Some("task"));
    // Under limits that fit, the same history replays.
    let replayed = Complaint::replay(c.history().to_vec(), roomy_text(13, 3)).expect("fits");
    assert_eq!(replayed.history(), c.history());
}

#[test]
fn the_host_playbook_is_what_replay_enforces() {
    // `from_json` uses the playbook stored in the document; `replay` the one the host passes.
    let mut stored: Value = serde_json::from_str(&listening(Playbook::default()).to_json()).expect("JSON");
    stored["playbook"]["limits"]["max_text_bytes"] = json!(1_000_000);
    let mut big = Complaint::from_json(&stored.to_string()).expect("a playbook with a higher limit");
    big.apply(Action::note(t0() + mins(2), STAFF, "x".repeat(100_000)))
        .expect("within the stored playbook's limit");
    let events = big.history().to_vec();
    match Complaint::replay(events, Playbook::default()) {
        Err(Error::Replay { index: 2, source }) => assert_eq!(source.field(), Some("text")),
        other => panic!("expected event 2 refused under the default limits, got {other:?}"),
    }
}

#[test]
fn limits_are_at_least_one_and_counts_fit_32_bits() {
    let load = |limits: &str| Playbook::from_json(&format!(r#"{{"base": "strict", "limits": {limits}}}"#));
    for name in ["max_text_bytes", "max_events", "max_tasks"] {
        let field = format!("limits.{name}");
        assert_invalid(
            load(&format!(r#"{{"{name}": 0}}"#)),
            Some(&field),
            "must be at least 1",
        );
        for bad in ["-1", "1.5", "\"10\"", "[]", "18446744073709551616"] {
            let result = load(&format!(r#"{{"{name}": {bad}}}"#));
            assert_eq!(
                result.as_ref().err().and_then(Error::field),
                Some(field.as_str()),
                "{bad}"
            );
        }
        assert_eq!(
            load(&format!(r#"{{"{name}": 1}}"#)).map(|p| p.limits().max_tasks > 0),
            Ok(true)
        );
    }
    for name in ["max_events", "max_tasks"] {
        let field = format!("limits.{name}");
        let top = load(&format!(r#"{{"{name}": 4294967295}}"#)).expect("the most a 32-bit count holds");
        assert!(Playbook::from_json(&top.to_json()).expect("saved and loaded") == top);
        assert_invalid(
            load(&format!(r#"{{"{name}": 4294967296}}"#)),
            Some(&field),
            "must be at most 4294967295",
        );
    }
    let huge = load(r#"{"max_text_bytes": 18446744073709551615}"#).expect("no upper bound on text");
    assert_eq!(huge.limits().max_text_bytes, usize::MAX);
    assert_invalid(
        load(r#"{"max_rounds": 3}"#),
        Some("limits.max_rounds"),
        "unknown field",
    );
    let limits = |max_text_bytes, max_events, max_tasks| Limits {
        max_text_bytes,
        max_events,
        max_tasks,
    };
    let base = Playbook::default();
    assert_invalid(
        base.clone().with_limits(limits(0, 1, 1)),
        Some("limits.max_text_bytes"),
        "at least 1",
    );
    assert_invalid(
        base.clone().with_limits(limits(1, 0, 1)),
        Some("limits.max_events"),
        "at least 1",
    );
    assert_invalid(
        base.clone().with_limits(limits(1, 1, 0)),
        Some("limits.max_tasks"),
        "at least 1",
    );
    let over = u32::MAX as usize + 1;
    assert_invalid(
        base.clone().with_limits(limits(1, over, 1)),
        Some("limits.max_events"),
        "at most",
    );
    assert_invalid(
        base.clone().with_limits(limits(1, 1, over)),
        Some("limits.max_tasks"),
        "at most",
    );
}

/// `[[[ … ]]]` nested `depth` levels.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn json_text_nests_at_most_127_levels() {
    // A document is read whole first, so nesting anywhere in it counts, the outer object included:
    // 127 levels are read (and then refused for their shape), 128 are not.
    type Reader = fn(&str) -> Result<(), Error>;
    type Document = fn(&str) -> String;
    let readers: [(&str, Reader, Document); 4] = [
        (
            "Playbook::from_json",
            |t| Playbook::from_json(t).map(drop),
            |n| format!(r#"{{"base": "strict", "name": {n}}}"#),
        ),
        (
            "Complaint::from_json",
            |t| Complaint::from_json(t).map(drop),
            |n| format!(r#"{{"schema": 1, "stage": {n}}}"#),
        ),
        (
            "Event::list_from_json",
            |t| Event::list_from_json(t).map(drop),
            |n| format!(r#"[{{"action": {n}}}]"#),
        ),
        (
            "Complaint::replay_json",
            |t| Complaint::replay_json(t, Playbook::default()).map(drop),
            |n| format!(r#"[{{"action": {n}}}]"#),
        ),
    ];
    for (name, read, document) in readers {
        let outer = if name.contains("list") || name.contains("replay") {
            2
        } else {
            1
        };
        match read(&document(&nested(127 - outer))) {
            Err(e) => assert!(
                e.field().is_some() && !e.to_string().contains("recursion"),
                "{name}: {e}"
            ),
            Ok(()) => panic!("{name} accepted a nested array as a field"),
        }
        for depth in [128 - outer, 1_000_000] {
            assert_invalid(read(&document(&nested(depth))), None, "recursion limit exceeded");
        }
    }
    // An action is read field by field: a nested value is refused as the wrong type for its field
    // before it is read, however deep it goes.
    let mut c = listening(Playbook::default());
    let before = c.to_json();
    let deep = format!(
        r#"{{"action": "note", "at": "2026-03-02T09:30:00Z", "by": {{"id": "tim"}}, "text": {}}}"#,
        nested(1_000_000)
    );
    assert_invalid(c.apply_json(&deep), Some("text"), "invalid type: sequence");
    assert_invalid(Action::from_json(&deep), Some("text"), "invalid type: sequence");
    assert_eq!(c.to_json(), before);
}

#[test]
fn documents_have_no_size_limit_but_their_texts_do() {
    // A megabyte of text in one field: refused by the field's limit, with a short message.
    let mut c = listening(Playbook::default());
    let big = Action::note(t0() + mins(2), STAFF, "x".repeat(1 << 20));
    let text = big.to_json();
    assert!(text.len() > 1 << 20);
    let err = c.apply_json(&text).expect_err("over the text limit");
    assert_eq!(err.field(), Some("text"));
    assert!(err.to_string().len() < 100, "{err}");
    // A document of any size within the limits loads: 2,000 notes of 1,000 bytes (about 2 MiB).
    let roomy = Playbook::default();
    let mut long = Complaint::open(opening(t0()), roomy).expect("open");
    for i in 0..2000 {
        long.apply(Action::note(t0() + mins(i), STAFF, "n".repeat(1000)))
            .expect("a note");
    }
    let stored = long.to_json();
    assert!(stored.len() > 2_000_000);
    assert!(Complaint::from_json(&stored).expect("loads") == long);
}

#[test]
fn rounds_are_bounded_only_by_max_events() {
    // Unsatisfied follow-ups start round after round until the history is full.
    let mut case = Case::new(strict_with(r#"{"max_events": 60}"#));
    case.walk(&[listen, thank, apologize, diagnose, restate, confirm]);
    let mut rounds = 0;
    let refusal = loop {
        let at = case.last_at() + mins(1);
        let round = [
            ask(at),
            Action::request(at, STAFF, usd(amends::RemedyKind::Refund, "Refund", 1000)),
            agree(at),
            Action::plan(at, STAFF, "Refund it", at + days(1)),
            Action::done(at, STAFF, rounds + 1),
            unsatisfied(at),
        ];
        if let Some(refused) = round.into_iter().find_map(|a| case.complaint.apply(a).err()) {
            break refused;
        }
        assert_eq!(case.stage(), Stage::Resolving, "round {rounds} ends in a new one");
        rounds += 1;
    };
    // 7 events, then 8 rounds of 6, then 5 of the ninth.
    assert_eq!(rounds, 8);
    assert_eq!(case.complaint.history().len(), 60);
    assert_eq!(refusal.rule(), None::<RuleId>);
    assert_eq!(refusal.field(), None);
    assert!(refusal.to_string().contains("the history is full"), "{refusal}");
}

#[test]
fn numbers_have_fixed_ranges() {
    let mut c = listening(Playbook::default());
    let before = c.to_json();
    let action =
        |fields: &str| format!(r#"{{"at": "2026-03-02T09:30:00Z", "by": {{"id": "tim"}}, {fields}}}"#);
    let cases = [
        (
            action(
                r#""action": "request", "remedy": {"kind": "refund", "description": "r", "value": {"amount": 18446744073709551616, "currency": "USD"}}"#,
            ),
            "remedy.value.amount",
        ),
        (
            action(
                r#""action": "request", "remedy": {"kind": "refund", "description": "r", "value": {"amount": -1, "currency": "USD"}}"#,
            ),
            "remedy.value.amount",
        ),
        (action(r#""action": "done", "task_id": 4294967296"#), "task_id"),
        (
            r#"{"action": "note", "at": "10000-01-01T00:00:00Z", "by": {"id": "tim"}, "text": "x"}"#
                .to_string(),
            "at",
        ),
    ];
    for (text, field) in cases {
        let err = c.apply_json(&text).expect_err(&text);
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(matches!(err, Error::Invalid(_)));
    }
    // The largest amount is well formed (and then a matter for the authority rule).
    let most = action(
        r#""action": "request", "remedy": {"kind": "refund", "description": "r", "value": {"amount": 18446744073709551615, "currency": "USD"}}"#,
    );
    assert!(Action::from_json(&most).is_ok());
    assert_eq!(c.to_json(), before);
}

/// `next_actions` asks whether some payload could do each kind: a small text limit leaves out
/// only what no payload within it could do. The same short actions, under strict with five bytes
/// a text and under strict itself, give the same next actions at every step.
#[test]
fn a_small_text_limit_hides_no_next_action() {
    use amends::{FollowUpResult, Money, Open, Outcome, PreventionSource, Remedy, RemedyKind};
    let tiny = strict_with(r#"{"max_text_bytes": 5}"#);
    let by = || amends::Actor::new("tim", "agent");
    let at = |n: i64| t0() + mins(n);
    let open = Open::new(at(0), by(), "Acme", "late");
    let mut short = Complaint::open(open.clone(), tiny).expect("open within five bytes");
    let mut strict = Complaint::open(open, Playbook::default()).expect("open");
    let steps = [
        Action::listen(at(1), by(), "late"),
        Action::restate(at(2), by(), "late"),
        Action::confirm(at(3), by()),
        Action::thank(at(4), by(), "thx"),
        Action::apologize(at(5), by(), "sorry"),
        Action::diagnose(at(6), by(), "van", "ship"),
        Action::ask(at(7), by()),
        Action::request(
            at(8),
            by(),
            Remedy::new(RemedyKind::Refund, "cash").worth(Money::usd(100)),
        ),
        Action::agree(at(9), by()),
        Action::plan(at(10), by(), "pay", at(100)),
        Action::done(at(11), by(), 1),
        Action::follow_up(at(12), by(), FollowUpResult::Satisfied),
        Action::prevention(at(13), by(), PreventionSource::Customer, Some("check")),
        Action::close(at(14), by(), Outcome::Resolved),
    ];
    assert!(short.next_actions().contains(&amends::ActionKind::Thank));
    for step in steps {
        assert_eq!(short.next_actions(), strict.next_actions(), "before {step:?}");
        assert!(short.next_actions().contains(&step.kind()), "{step:?}");
        short.apply(step.clone()).expect("within five bytes");
        strict.apply(step).expect("strict");
    }
    assert_eq!(short.stage(), Stage::Closed);
    assert_eq!(short.next_actions(), strict.next_actions());
}
