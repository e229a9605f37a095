//! JSON: exact shapes of actions, events, complaints and playbooks; input errors that name their
//! field; stored histories that refuse to replay when tampered with; optimistic concurrency.

mod common;

use amends::{
    Action, Actor, Complaint, Error, Limits, Money, Open, Playbook, Preset, RemedyKind, RuleId, Severity,
    Stage,
};
use common::*;
use serde_json::{json, Value};

const BY: &str = r#""by":{"id":"tim","role":"agent"}"#;

// ---- exact shapes ----

#[test]
fn action_json_is_action_at_by_then_its_own_fields() {
    let at = ts("2026-03-02T09:05:00+01:00");
    let cases = [
        (
            Action::listen(at, "tim", "The units came late."),
            format!(r#"{{"action":"listen","at":"2026-03-02T08:05:00Z",{BY},"account":"The units came late."}}"#),
        ),
        (Action::confirm(at, "tim"), format!(r#"{{"action":"confirm","at":"2026-03-02T08:05:00Z",{BY}}}"#)),
        (
            Action::Offer {
                at,
                by: Actor::agent("tim"),
                remedy: Box::new(usd(RemedyKind::Refund, "Refund the shipping", 2500)),
                reason: Some("A full refund is out of reach".into()),
                too_upset: true,
            },
            format!(
                r#"{{"action":"offer","at":"2026-03-02T08:05:00Z",{BY},"remedy":{{"kind":"refund","value":{{"amount":2500,"currency":"USD"}},"description":"Refund the shipping"}},"reason":"A full refund is out of reach","too_upset":true}}"#
            ),
        ),
        (
            Action::offer(at, "tim", amends::Remedy::new(RemedyKind::Repair, "Fix it")),
            format!(
                r#"{{"action":"offer","at":"2026-03-02T08:05:00Z",{BY},"remedy":{{"kind":"repair","description":"Fix it"}}}}"#
            ),
        ),
        (
            Action::plan(at, Actor::new("sam", "supervisor"), "Ship units", ts("2026-03-03T17:00:00Z")),
            r#"{"action":"plan","at":"2026-03-02T08:05:00Z","by":{"id":"sam","role":"supervisor"},"task":"Ship units","due":"2026-03-03T17:00:00Z"}"#.to_string(),
        ),
        (
            Action::done(at, "tim", 2),
            format!(r#"{{"action":"done","at":"2026-03-02T08:05:00Z",{BY},"task_id":2}}"#),
        ),
        (
            Action::prevention(at, "tim", amends::PreventionSource::Customer, None),
            format!(r#"{{"action":"prevention","at":"2026-03-02T08:05:00Z",{BY},"source":"customer"}}"#),
        ),
        (
            Action::close(at, "tim", amends::Outcome::Withdrawn),
            format!(r#"{{"action":"close","at":"2026-03-02T08:05:00Z",{BY},"outcome":"withdrawn"}}"#),
        ),
        (
            Open::new(at, "tim", "Acme Ltd", "Late units")
                .id("C-17")
                .channel("phone")
                .severity(Severity::High)
                .category("delivery")
                .value_at_stake(Money::usd(90000))
                .into(),
            format!(
                r#"{{"action":"open","at":"2026-03-02T08:05:00Z",{BY},"customer":"Acme Ltd","summary":"Late units","id":"C-17","channel":"phone","severity":"high","category":"delivery","value_at_stake":{{"amount":90000,"currency":"USD"}}}}"#
            ),
        ),
    ];
    for (action, expected) in cases {
        assert_eq!(action.to_json(), expected);
        assert_eq!(serde_json::to_string(&action).unwrap(), expected);
        assert_eq!(Action::from_json(&expected).unwrap(), action, "{expected}");
    }
}

#[test]
fn action_json_role_defaults_to_agent() {
    let action =
        Action::from_json(r#"{"action": "ask", "at": "2026-03-02T09:00:00Z", "by": {"id": "tim"}}"#).unwrap();
    assert_eq!(action.by(), &Actor::new("tim", "agent"));
    assert_eq!(
        action.to_json(),
        format!(r#"{{"action":"ask","at":"2026-03-02T09:00:00Z",{BY}}}"#)
    );
}

#[test]
fn event_json_is_the_action_then_seq_stage_and_task_id() {
    let mut case = Case::strict();
    case.walk(AGREED);
    case.ok(|at| Action::plan(at, STAFF, "Ship units", ts("2026-03-03T17:00:00Z")));
    let history = case.complaint.history();
    assert_eq!(
        history[1].to_json(),
        format!(
            r#"{{"action":"listen","at":"2026-03-02T09:01:00Z",{BY},"account":"The demo units came two days after the trade show.","seq":2,"stage":"listening"}}"#
        )
    );
    assert_eq!(
        history[10].to_json(),
        format!(
            r#"{{"action":"plan","at":"2026-03-02T09:10:00Z",{BY},"task":"Ship units","due":"2026-03-03T17:00:00Z","seq":11,"stage":"acting","task_id":1}}"#
        )
    );
    for (i, event) in history.iter().enumerate() {
        assert_eq!(event.seq, i as u32 + 1);
        assert_eq!(serde_json::to_string(event).unwrap(), event.to_json());
        let value: Value = serde_json::from_str(&event.to_json()).unwrap();
        assert_eq!(amends::Event::from_value(&value).unwrap(), *event);
    }
}

#[test]
fn complaint_json_is_schema_playbook_stage_history() {
    let mut case = Case::strict();
    case.walk(&[listen]);
    let c = &case.complaint;
    let expected = format!(
        r#"{{"schema":1,"playbook":{},"stage":"listening","history":[{},{}]}}"#,
        Playbook::default().to_json(),
        c.history()[0].to_json(),
        c.history()[1].to_json()
    );
    assert_eq!(c.to_json(), expected);
    assert_eq!(
        keys_in_order(&c.to_json()),
        ["schema", "playbook", "stage", "history"]
    );
    assert_eq!(
        c.history()[0].to_json(),
        format!(
            r#"{{"action":"open","at":"2026-03-02T09:00:00Z",{BY},"customer":"Acme Ltd","summary":"Demo units arrived late","seq":1,"stage":"open"}}"#
        )
    );
}

#[test]
fn complaint_json_round_trips() {
    let mut case = Case::preset("sorry_first");
    case.walk(&[
        apologize,
        listen,
        ask,
        request,
        agree,
        plan,
        done1,
        unsatisfied,
        ask,
        request,
        agree,
    ]);
    let text = case.complaint.to_json();
    let back = Complaint::from_json(&text).unwrap();
    assert_eq!(back, case.complaint);
    assert_eq!(back.to_json(), text);
    assert_eq!(back.stage(), Stage::Agreed);
    assert_eq!(
        Complaint::from_json(&case.complaint.to_json_pretty()).unwrap(),
        case.complaint
    );
    let replayed = Complaint::replay(
        case.complaint.history().to_vec(),
        Playbook::preset("sorry_first").unwrap(),
    );
    assert_eq!(replayed.unwrap(), case.complaint);
}

// ---- playbooks ----

#[test]
fn playbook_save_writes_every_field() {
    let text = Playbook::default().to_json();
    assert_eq!(
        keys_in_order(&text),
        [
            "base",
            "name",
            "rules",
            "apology_phrases",
            "allow_too_upset_offers",
            "currency",
            "authority",
            "deadlines",
            "limits"
        ]
    );
    let mut rules = serde_json::Map::new();
    for rule in RuleId::ALL {
        rules.insert(
            rule.as_str().into(),
            json!(*rule != RuleId::DiagnoseBeforeApology),
        );
    }
    assert_eq!(rules.len(), 21);
    let expected = json!({
        "base": "strict",
        "name": "strict",
        "rules": rules,
        "apology_phrases": ["but", "however", "if you feel", "if you were", "you should have", "calm down", "our policy"],
        "allow_too_upset_offers": false,
        "currency": "USD",
        "authority": {"agent": 5000, "supervisor": 50000, "manager": null},
        "deadlines": {"first_response": "PT4H", "plan_within": "PT24H", "follow_up_within": "P3D", "resolve_within": "P14D"},
        "limits": {"max_text_bytes": 16384, "max_events": 10000, "max_tasks": 100}
    });
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);
}

#[test]
fn playbook_save_loads_back_equal() {
    for preset in Preset::ALL {
        let playbook = preset.playbook();
        let back = Playbook::from_json(&playbook.to_json()).unwrap();
        assert_eq!(back, playbook, "{preset}");
    }
    let custom = playbook(
        r#"{"base": "think_first", "name": "Acme returns", "rules": {"thank-before-close": true},
            "apology_phrases": ["unfortunately"], "allow_too_upset_offers": false, "currency": "EUR",
            "authority": {"agent": 100, "clerk": 0, "manager": 100000},
            "deadlines": {"first_response": "PT1H", "plan_within": null, "follow_up_within": "P7D", "resolve_within": "P30D"},
            "limits": {"max_text_bytes": 2000, "max_events": 50, "max_tasks": 5}}"#,
    );
    let text = custom.to_json();
    assert_eq!(Playbook::from_json(&text).unwrap(), custom);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["name"], "Acme returns");
    assert_eq!(value["currency"], "EUR");
    assert_eq!(value["deadlines"]["plan_within"], Value::Null);
    assert_eq!(
        value["authority"],
        json!({"agent": 100, "clerk": 0, "manager": 100000, "supervisor": 50000})
    );
    assert_eq!(value["rules"].as_object().unwrap().len(), 21);
}

#[test]
fn playbook_rules_and_authority_merge_key_by_key_into_the_base() {
    let merged = playbook(
        r#"{"base": "seven_step", "rules": {"thank-before-close": false, "root-cause-before-close": true},
            "authority": {"agent": 10000, "intern": 100}}"#,
    );
    let base = Playbook::preset("seven_step").unwrap();
    for rule in RuleId::ALL {
        let expected = match rule {
            RuleId::ThankBeforeClose => false,
            RuleId::RootCauseBeforeClose => true,
            _ => base.rule_is_on(*rule),
        };
        assert_eq!(merged.rule_is_on(*rule), expected, "{rule}");
    }
    assert_eq!(merged.authority_of("agent"), Some(10000));
    assert_eq!(merged.authority_of("supervisor"), Some(50000));
    assert_eq!(merged.authority_of("manager"), None);
    assert_eq!(merged.authority_of("intern"), Some(100));
    assert_eq!(merged.authority_of("visitor"), Some(0));
    assert_eq!(merged.base(), Preset::SevenStep);
    assert_eq!(merged.apology_phrases(), base.apology_phrases());
    assert_eq!(merged.deadlines(), base.deadlines());
    assert_eq!(merged.limits(), base.limits());
}

#[test]
fn playbook_unknown_preset_rule_or_field_names_the_field() {
    let cases = [
        (r#"{"base": "lenient"}"#, "base"),
        (r#"{"name": "no base"}"#, "base"),
        (
            r#"{"base": "strict", "rules": {"no-such-rule": false}}"#,
            "rules.no-such-rule",
        ),
        (r#"{"base": "strict", "colour": "red"}"#, "colour"),
        (
            r#"{"base": "strict", "deadlines": {"respond_within": "PT1H"}}"#,
            "deadlines.respond_within",
        ),
        (
            r#"{"base": "strict", "limits": {"max_words": 10}}"#,
            "limits.max_words",
        ),
        (r#"{"base": "strict", "currency": "dollars"}"#, "currency"),
        (
            r#"{"base": "strict", "allow_too_upset_offers": "yes"}"#,
            "allow_too_upset_offers",
        ),
    ];
    for (text, field) in cases {
        let err = Playbook::from_json(text).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{text}: {err:?}");
        assert_eq!(err.field(), Some(field), "{text}: {err}");
    }
    let err = Playbook::preset("lenient").unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert_eq!(err.field(), Some("base"));
}

// ---- timestamps ----

#[test]
fn timestamps_with_offsets_are_kept_in_utc() {
    let action = Action::from_json(
        r#"{"action": "plan", "at": "2026-03-02T23:30:00-05:00", "by": {"id": "tim"},
            "task": "Ship", "due": "2026-03-03T17:00:00+05:30"}"#,
    )
    .unwrap();
    assert_eq!(action.at(), ts("2026-03-03T04:30:00Z"));
    assert_eq!(
        action.to_json(),
        format!(
            r#"{{"action":"plan","at":"2026-03-03T04:30:00Z",{BY},"task":"Ship","due":"2026-03-03T11:30:00Z"}}"#
        )
    );
    let complaint = Complaint::open_json(
        r#"{"action": "open", "at": "2026-03-02T10:00:00+01:00", "by": {"id": "tim"},
            "customer": "Acme Ltd", "summary": "Late"}"#,
        Playbook::default(),
    )
    .unwrap();
    assert!(complaint.to_json().contains(r#""at":"2026-03-02T09:00:00Z""#));
}

#[test]
fn timestamps_without_an_offset_are_invalid() {
    let cases = [
        (
            r#"{"action": "ask", "at": "2026-03-02T09:00:00", "by": {"id": "tim"}}"#,
            "at",
        ),
        (
            r#"{"action": "ask", "at": "yesterday", "by": {"id": "tim"}}"#,
            "at",
        ),
        (
            r#"{"action": "plan", "at": "2026-03-02T09:00:00Z", "by": {"id": "tim"}, "task": "Ship", "due": "2026-03-03T17:00:00"}"#,
            "due",
        ),
    ];
    for (text, field) in cases {
        let err = Action::from_json(text).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{text}: {err:?}");
        assert_eq!(err.field(), Some(field), "{text}: {err}");
    }
    let err = Complaint::open_json(
        r#"{"action": "open", "at": "2026-03-02T09:00:00", "by": {"id": "tim"}, "customer": "A", "summary": "B"}"#,
        Playbook::default(),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("at"));
}

// ---- input errors name their field and change nothing ----

/// `(action JSON, the field the error must name)`: applied to a complaint in `resolving`.
const MALFORMED: &[(&str, &str)] = &[
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}}"#,
        "account",
    ),
    (
        r#"{"action": "listen", "by": {"id": "tim"}, "account": "x"}"#,
        "at",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "account": "x"}"#,
        "by",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"role": "agent"}, "account": "x"}"#,
        "by.id",
    ),
    (r#"{"at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}}"#, "action"),
    (
        r#"{"action": "dance", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}}"#,
        "action",
    ),
    (
        r#"{"action": "done", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "task_id": "one"}"#,
        "task_id",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": "tim", "account": "x"}"#,
        "by",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "account": ""}"#,
        "account",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"id": ""}, "account": "x"}"#,
        "by.id",
    ),
    (
        r#"{"action": "thank", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "statement": ""}"#,
        "statement",
    ),
    (
        r#"{"action": "note", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "text": ""}"#,
        "text",
    ),
    (
        r#"{"action": "offer", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "refund", "description": "x"}, "reason": ""}"#,
        "reason",
    ),
    (
        r#"{"action": "follow_up", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "result": "satisfied", "notes": ""}"#,
        "notes",
    ),
    (
        r#"{"action": "prevention", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "source": "customer", "idea": ""}"#,
        "idea",
    ),
    (
        r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "refund", "value": {"amount": -5, "currency": "USD"}, "description": "x"}}"#,
        "remedy.value.amount",
    ),
    (
        r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "refund", "value": {"amount": 25.5, "currency": "USD"}, "description": "x"}}"#,
        "remedy.value.amount",
    ),
    (
        r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "refund", "value": {"amount": 2500, "currency": "EUR"}, "description": "x"}}"#,
        "remedy.value.currency",
    ),
    (
        r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "gift", "description": "x"}}"#,
        "remedy.kind",
    ),
    (
        r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "remedy": {"kind": "refund", "description": ""}}"#,
        "remedy.description",
    ),
    (
        r#"{"action": "follow_up", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "result": "happy"}"#,
        "result",
    ),
    (
        r#"{"action": "close", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "outcome": "done"}"#,
        "outcome",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "account": "x", "mood": "angry"}"#,
        "mood",
    ),
    (
        r#"{"action": "listen", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "account": "x", "outcome": "resolved"}"#,
        "outcome",
    ),
    (
        r#"{"action": "ask", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim", "team": "b"}}"#,
        "by.team",
    ),
    (
        r#"{"action": "plan", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}, "task": "Ship", "due": "2026-03-03T08:59:59Z"}"#,
        "due",
    ),
];

#[test]
fn malformed_input_names_its_field_and_changes_nothing() {
    let mut case = Case::strict();
    case.walk(RESOLVING);
    let before = case.complaint.to_json();
    for (text, field) in MALFORMED {
        let err = case.complaint.apply_json(text).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{text}: {err:?}");
        assert_eq!(err.field(), Some(*field), "{text}: {err}");
        assert_eq!(err.rule(), None);
        assert_eq!(case.complaint.to_json(), before, "{text} changed the complaint");
        // check agrees with apply on whatever parses.
        if let Ok(action) = Action::from_json(text) {
            let checked = case.complaint.check(&action).unwrap_err();
            assert_eq!(checked.field(), Some(*field), "{text}");
        }
    }
}

fn assert_invalid_without_field(text: &str, err: Error) {
    assert!(matches!(err, Error::Invalid(_)), "{text:?}: {err:?}");
    assert_eq!(err.field(), None, "{text:?}: {err}");
}

/// Every way in: apply, parse, open, load a complaint, load a playbook.
fn assert_no_json_entry_point_names_a_field(text: &str) {
    let mut case = Case::strict();
    case.walk(&[listen]);
    let before = case.complaint.to_json();
    assert_invalid_without_field(text, case.complaint.apply_json(text).map(|_| ()).unwrap_err());
    assert_eq!(case.complaint.to_json(), before);
    assert_invalid_without_field(text, Action::from_json(text).map(|_| ()).unwrap_err());
    assert_invalid_without_field(
        text,
        Complaint::open_json(text, Playbook::default())
            .map(|_| ())
            .unwrap_err(),
    );
    assert_invalid_without_field(text, Complaint::from_json(text).map(|_| ()).unwrap_err());
    assert_invalid_without_field(text, Playbook::from_json(text).map(|_| ()).unwrap_err());
}

#[test]
fn malformed_json_text_is_invalid_naming_no_field() {
    assert_no_json_entry_point_names_a_field("not json");
    assert_no_json_entry_point_names_a_field("");
    // Text after a well-formed action.
    let text = r#"{"action": "ask", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"}} trailing"#;
    assert_invalid_without_field(text, Action::from_json(text).map(|_| ()).unwrap_err());
    let mut case = Case::strict();
    assert_invalid_without_field(text, case.complaint.apply_json(text).map(|_| ()).unwrap_err());
}

/// Input that is well-formed JSON but not an object is refused as such, naming what was expected
/// and no private type, wherever an object is read: an action, its actor, money, a remedy, a
/// stored complaint, a playbook and its limits. An array of every field in order is not an action
/// either.
#[test]
fn arrays_and_other_non_objects_are_refused_as_not_objects() {
    let mut case = Case::strict();
    case.walk(&[listen]);
    let before = case.complaint.to_json();
    let full = r#"["listen", "2026-03-03T09:00:00Z", {"id": "tim"}, null, null, null, null, null,
        null, null, "The account", null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null]"#;
    for (text, found) in [
        (r#"["listen"]"#, "sequence"),
        ("[]", "sequence"),
        (full, "sequence"),
        ("5", "integer `5`"),
        (r#""listen""#, "string \"listen\""),
        ("null", "null"),
    ] {
        let expected = format!("invalid type: {found}, expected an action object");
        let err = case.complaint.apply_json(text).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid input: {expected}"), "{text}");
        assert_invalid_without_field(text, err);
        let err = Action::from_json(text).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid input: {expected}"), "{text}");
        let err = Complaint::open_json(text, Playbook::default()).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid input: {expected}"), "{text}");
        let err = Complaint::from_json(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid input: invalid type: {found}, expected a stored complaint object"),
            "{text}"
        );
        let err = Playbook::from_json(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid input: invalid type: {found}, expected a playbook object"),
            "{text}"
        );
    }
    assert_eq!(case.complaint.to_json(), before);

    let by = r#"{"action": "ask", "at": "2026-03-03T09:00:00Z", "by": ["tim", "agent"]}"#;
    let err = case.complaint.apply_json(by).unwrap_err();
    assert_eq!(err.field(), Some("by"), "{err}");
    assert!(
        err.to_string()
            .contains(r#"invalid type: sequence, expected an actor object such as {"id": "tim"}"#),
        "{err}"
    );
    assert_eq!(case.complaint.to_json(), before);
    let money = r#"{"action": "open", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"},
        "customer": "Acme", "summary": "Late", "value_at_stake": [4000, "USD"]}"#;
    let err = Complaint::open_json(money, Playbook::default()).unwrap_err();
    assert_eq!(err.field(), Some("value_at_stake"), "{err}");
    assert!(
        err.to_string().contains(
            r#"invalid type: sequence, expected money as an object such as {"amount": 4000, "currency": "USD"}"#
        ),
        "{err}"
    );
    let remedy = r#"{"action": "request", "at": "2026-03-03T09:00:00Z", "by": {"id": "tim"},
        "remedy": ["refund", {"amount": 4000, "currency": "USD"}, "Refund"]}"#;
    let err = Action::from_json(remedy).unwrap_err();
    assert_eq!(err.field(), Some("remedy"), "{err}");
    assert!(
        err.to_string()
            .contains("invalid type: sequence, expected a remedy object"),
        "{err}"
    );
    let limits = r#"{"base": "strict", "limits": [1000, 100, 10]}"#;
    let err = Playbook::from_json(limits).unwrap_err();
    assert_eq!(err.field(), Some("limits"), "{err}");
    assert!(
        err.to_string()
            .contains("invalid type: sequence, expected a limits object"),
        "{err}"
    );
    // The public `Limits` type reads as the playbook reads its `limits`: from an object only.
    let err = serde_json::from_str::<Limits>("[1000, 100, 10]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: sequence, expected a limits object at line 1 column 0"
    );
    let written = serde_json::to_string(&Limits::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<Limits>(&written).unwrap(),
        Limits::default()
    );
    let missing = serde_json::from_str::<Limits>(r#"{"max_text_bytes": 1000, "max_events": 100}"#);
    assert_eq!(
        missing.unwrap_err().to_string(),
        "missing field `max_tasks` at line 1 column 43"
    );
}

#[test]
fn json_syntax_errors_inside_an_object_name_no_field() {
    assert_no_json_entry_point_names_a_field("{,}");
    assert_no_json_entry_point_names_a_field(r#"{"action": "listen", "at": "2026-03-03T09:00:00Z""#);
}

#[test]
fn text_over_the_playbook_limit_is_invalid() {
    let mut case = Case::strict();
    case.walk(&[listen]);
    let limit = case.complaint.playbook().limits().max_text_bytes;
    let err = case
        .apply(|at| Action::note(at, STAFF, "x".repeat(limit + 1)))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert_eq!(err.field(), Some("text"));
    case.ok(|at| Action::note(at, STAFF, "x".repeat(limit)));

    let mut case = Case::new(playbook(
        r#"{"base": "strict", "limits": {"max_text_bytes": 30}}"#,
    ));
    let err = case
        .apply(|at| Action::listen(at, STAFF, "é".repeat(16)))
        .unwrap_err();
    assert_eq!(err.field(), Some("account"));
    case.ok(|at| Action::listen(at, STAFF, "é".repeat(15)));
}

#[test]
fn open_input_errors_name_their_field() {
    let cases = [
        (Open::new(t0(), STAFF, "", "Late"), "customer"),
        (Open::new(t0(), STAFF, "Acme", ""), "summary"),
        (Open::new(t0(), "", "Acme", "Late"), "by.id"),
        (Open::new(t0(), STAFF, "Acme", "Late").channel(""), "channel"),
        (
            Open::new(t0(), STAFF, "Acme", "Late")
                .value_at_stake(Money::new(5, amends::Currency::new("EUR").unwrap())),
            "value_at_stake.currency",
        ),
    ];
    for (open, field) in cases {
        let err = Complaint::open(open, Playbook::default()).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err:?}");
        assert_eq!(err.field(), Some(field));
    }
    let err = Complaint::open(listen(t0()), Playbook::default()).unwrap_err();
    assert_eq!(err.field(), Some("action"));
}

// ---- tampered histories ----

/// A closed strict complaint as stored JSON.
fn stored() -> Value {
    let mut case = Case::strict();
    case.walk(CLOSED);
    serde_json::from_str(&case.complaint.to_json()).unwrap()
}

fn history(stored: &mut Value) -> &mut Vec<Value> {
    stored["history"].as_array_mut().unwrap()
}

fn index_of(stored: &mut Value, kind: &str) -> usize {
    history(stored).iter().position(|e| e["action"] == kind).unwrap()
}

fn renumber(stored: &mut Value) {
    for (i, event) in history(stored).iter_mut().enumerate() {
        event["seq"] = json!(i + 1);
    }
}

#[test]
fn stored_complaint_loads_untampered() {
    let stored = stored();
    let complaint = Complaint::from_json(&stored.to_string()).unwrap();
    assert_eq!(complaint.stage(), Stage::Closed);
    assert_eq!(
        serde_json::from_str::<Value>(&complaint.to_json()).unwrap(),
        stored
    );
}

#[test]
fn tampered_history_deleting_the_apology_is_refused_at_the_agreement() {
    let mut stored = stored();
    let apology = index_of(&mut stored, "apologize");
    history(&mut stored).remove(apology);
    renumber(&mut stored);
    let agree = index_of(&mut stored, "agree");
    let err = Complaint::from_json(&stored.to_string()).unwrap_err();
    assert!(matches!(err, Error::Replay { .. }), "{err:?}");
    assert_eq!(err.event_index(), Some(agree));
    assert_eq!(err.rule(), Some(RuleId::ApologyBeforeRemedy));
}

#[test]
fn tampered_history_deleting_the_follow_up_is_refused_at_the_close() {
    let mut stored = stored();
    let follow_up = index_of(&mut stored, "follow_up");
    history(&mut stored).remove(follow_up);
    renumber(&mut stored);
    let close = index_of(&mut stored, "close");
    let err = Complaint::from_json(&stored.to_string()).unwrap_err();
    assert_eq!(err.event_index(), Some(close));
    assert_eq!(err.rule(), Some(RuleId::FollowUpBeforeClose));
}

#[test]
fn tampered_history_with_an_edited_field_is_refused_naming_the_index_and_field() {
    type Edit = fn(&mut Value) -> usize;
    let edits: &[(&str, Edit, &str)] = &[
        (
            "seq changed",
            |s| {
                history(s)[4]["seq"] = json!(40);
                4
            },
            "seq",
        ),
        (
            "stage changed",
            |s| {
                let i = index_of(s, "restate");
                history(s)[i]["stage"] = json!("resolving");
                i
            },
            "stage",
        ),
        (
            "task_id changed",
            |s| {
                let i = index_of(s, "plan");
                history(s)[i]["task_id"] = json!(7);
                i
            },
            "task_id",
        ),
        (
            "empty account",
            |s| {
                history(s)[1]["account"] = json!("");
                1
            },
            "account",
        ),
        (
            "stage missing",
            |s| {
                history(s)[2].as_object_mut().unwrap().remove("stage");
                2
            },
            "stage",
        ),
    ];
    for (what, edit, field) in edits {
        let mut stored = stored();
        let index = edit(&mut stored);
        let err = Complaint::from_json(&stored.to_string()).unwrap_err();
        assert!(matches!(err, Error::Replay { .. }), "{what}: {err:?}");
        assert_eq!(err.event_index(), Some(index), "{what}: {err}");
        assert_eq!(err.field(), Some(*field), "{what}: {err}");
    }
}

#[test]
fn tampered_history_out_of_time_order_is_refused() {
    let mut stored = stored();
    history(&mut stored)[3]["at"] = json!("2026-03-01T09:00:00Z");
    let err = Complaint::from_json(&stored.to_string()).unwrap_err();
    assert_eq!(err.event_index(), Some(3));
    assert_eq!(err.rule(), Some(RuleId::TimeOrder));
}

#[test]
fn tampered_top_level_stage_or_schema_is_invalid() {
    let edits: &[(&str, Value, &str)] = &[
        ("stage", json!("following_up"), "stage"),
        ("schema", json!(2), "schema"),
    ];
    for (key, value, field) in edits {
        let mut stored = stored();
        stored[*key] = value.clone();
        let err = Complaint::from_json(&stored.to_string()).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{key}: {err:?}");
        assert_eq!(err.field(), Some(*field));
        assert_eq!(err.event_index(), None);
    }
    let mut stored = stored();
    stored["extra"] = json!(true);
    assert_eq!(
        Complaint::from_json(&stored.to_string()).unwrap_err().field(),
        Some("extra")
    );
}

#[test]
fn replay_refuses_a_tampered_event_list_naming_the_index() {
    let mut case = Case::strict();
    case.walk(CLOSED);
    let events = case.complaint.history().to_vec();

    let mut skipped = events.clone();
    let thank = skipped
        .iter()
        .position(|e| e.action.kind() == amends::ActionKind::Thank)
        .unwrap();
    skipped.remove(thank);
    for (i, event) in skipped.iter_mut().enumerate() {
        event.seq = i as u32 + 1;
    }
    let err = Complaint::replay(skipped.clone(), Playbook::default()).unwrap_err();
    assert_eq!(err.event_index(), Some(skipped.len() - 1));
    assert_eq!(err.rule(), Some(RuleId::ThankBeforeClose));
    // Under a playbook without that rule the same history replays.
    let lenient = Playbook::default()
        .with_rule(RuleId::ThankBeforeClose, false)
        .unwrap();
    assert_eq!(
        Complaint::replay(skipped, lenient).unwrap().stage(),
        Stage::Closed
    );

    let mut restaged = events;
    restaged[5].stage = Stage::Agreed;
    let err = Complaint::replay(restaged, Playbook::default()).unwrap_err();
    assert_eq!(err.event_index(), Some(5));
    assert_eq!(err.field(), Some("stage"));
}

// ---- optimistic concurrency ----

#[test]
fn apply_expecting_a_stale_length_is_a_conflict_and_changes_nothing() {
    let mut case = Case::strict();
    case.walk(&[listen, thank]);
    let len = case.complaint.history().len();
    let before = case.complaint.to_json();
    let at = case.tick();
    let err = case
        .complaint
        .apply_expecting(apologize(at), len - 1)
        .unwrap_err();
    assert_eq!(
        err,
        Error::Conflict {
            expected: len - 1,
            actual: len
        }
    );
    assert_eq!(err.rule(), None);
    assert_eq!(case.complaint.to_json(), before);
    let event = case.complaint.apply_expecting(apologize(at), len).unwrap();
    assert_eq!(event.seq, len as u32 + 1);
}

#[test]
fn money_and_remedy_read_on_their_own_name_the_field_under_theirs() {
    let money = amends::Money::from_value(
        "value_at_stake",
        &serde_json::json!({"amount": 2500, "currency": "USD"}),
    );
    assert_eq!(money.unwrap(), amends::Money::usd(2500));
    let err = amends::Money::from_value(
        "remedy.value",
        &serde_json::json!({"amount": -1, "currency": "USD"}),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("remedy.value.amount"), "{err}");
    let err = amends::Remedy::from_value("remedy", &serde_json::json!({"kind": "refund"})).unwrap_err();
    assert_eq!(err.field(), Some("remedy.description"), "{err}");
    let err = amends::Remedy::from_value("remedy", &serde_json::json!("refund")).unwrap_err();
    assert_eq!(err.field(), Some("remedy"), "{err}");
}

#[test]
fn a_preset_is_built_once_and_shared() {
    let a = amends::Preset::SevenStep.shared();
    let b = amends::Preset::SevenStep.shared();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert_eq!(*a, Playbook::preset("seven_step").unwrap());
    assert!(!std::sync::Arc::ptr_eq(&a, &amends::Preset::Strict.shared()));
}
