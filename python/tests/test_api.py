"""The Python entry points of DESIGN.md, the typed methods, value objects and the vocabulary."""

from __future__ import annotations

import ast
import copy
import json
import math
import pickle
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import amends
from amends import _native

from conftest import at, opened, walk_to_close

OPEN = {
    "action": "open",
    "at": "2026-03-02T09:00:00Z",
    "by": {"id": "tim"},
    "customer": "Acme Ltd",
    "summary": "Demo units arrived late",
}
LISTEN = {
    "action": "listen",
    "at": "2026-03-02T10:05:00+01:00",
    "by": {"id": "tim"},
    "account": "We lost the sale.",
}


ENUMS: dict[str, type[amends.Stage] | type[amends.RuleId] | type[amends.ActionKind] | type] = {
    "Stage": amends.Stage,
    "ActionKind": amends.ActionKind,
    "RuleId": amends.RuleId,
    "Outcome": amends.Outcome,
    "FollowUpResult": amends.FollowUpResult,
    "PreventionSource": amends.PreventionSource,
    "RemedyKind": amends.RemedyKind,
    "Severity": amends.Severity,
    "DeadlineKind": amends.DeadlineKind,
    "Preset": amends.Preset,
}


def test_public_names() -> None:
    assert sorted(amends.__all__) == sorted(set(amends.__all__))
    for name in amends.__all__:
        assert hasattr(amends, name), name
    assert amends.__version__ == _native.__version__
    assert amends.__version__.count(".") == 2


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_enum_values_are_the_rust_values(name: str) -> None:
    assert [m.value for m in ENUMS[name]] == list(_native.NAMES[name])


def test_every_rust_enum_has_a_python_enum() -> None:
    assert set(_native.NAMES) == set(ENUMS)


def test_enum_members_are_their_names() -> None:
    assert amends.Stage.LISTENING == "listening"
    assert str(amends.RuleId.SINCERE_APOLOGY) == "sincere-apology"
    assert {amends.Stage.OPEN: 1}["open"] == 1
    assert repr(amends.Stage.FOLLOWING_UP) == "Stage.FOLLOWING_UP"


def test_a_typed_method_for_every_action() -> None:
    for kind in amends.ActionKind:
        if kind is amends.ActionKind.OPEN:
            assert callable(amends.Complaint.receive)
        else:
            assert callable(getattr(amends.Complaint, kind.value)), kind


def test_open_from_dict_and_json_and_playbook_kinds() -> None:
    c = amends.Complaint.open(OPEN)
    assert c.stage == "open" and c.stage is amends.Stage.OPEN
    assert c.playbook == amends.Playbook.preset("strict")
    for playbook in (
        "seven_step",
        amends.Preset.SEVEN_STEP,
        {"base": "seven_step"},
        '{"base": "seven_step"}',
        amends.Playbook("seven_step"),
    ):
        c = amends.Complaint.open(json.dumps(OPEN), playbook)
        assert c.playbook.name == "seven_step"
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.open(OPEN, "no_such_preset")
    assert e.value.field == "base"


def test_open_refuses_another_action() -> None:
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.open(LISTEN)
    assert e.value.field == "action"


def test_apply_returns_the_event_as_a_dict() -> None:
    c = amends.Complaint.open(OPEN)
    event = c.apply(LISTEN)
    assert event == {
        "action": "listen",
        "at": "2026-03-02T09:05:00Z",
        "by": {"id": "tim", "role": "agent"},
        "account": "We lost the sale.",
        "seq": 2,
        "stage": "listening",
    }
    assert list(event) == ["action", "at", "by", "account", "seq", "stage"]
    assert c.history[-1] == event
    assert len(c) == 2


def test_a_refusal_names_its_rule_and_changes_nothing() -> None:
    c = opened()
    before = c.to_json()
    with pytest.raises(amends.RuleViolation) as e:
        c.ask(by="tim", at=at(1))
    assert e.value.rule is amends.RuleId.LISTEN_FIRST
    assert e.value.message
    assert str(e.value).startswith("refused by listen-first: ")
    assert isinstance(e.value, amends.AmendsError)
    assert c.to_json() == before and len(c) == 1


def test_check_lists_every_unmet_rule_without_applying() -> None:
    c = opened()
    c.listen("We lost the sale.", by="tim", at=at(1))
    close = {"action": "close", "at": at(2), "by": {"id": "tim"}, "outcome": "resolved"}
    found = c.check(close)
    assert [v.rule for v in found][0] == amends.RuleId.FOLLOW_UP_BEFORE_CLOSE
    assert all(isinstance(v, amends.Violation) and v.message for v in found)
    assert len(c) == 2
    assert c.check({**LISTEN, "at": at(3)}) == []


def test_next_actions() -> None:
    c = opened()
    first = c.next_actions()
    assert amends.ActionKind.LISTEN in first and amends.ActionKind.ASK not in first
    assert all(isinstance(k, amends.ActionKind) for k in first)


def test_the_canonical_scenario_with_typed_methods() -> None:
    c = opened()
    walk_to_close(c)
    assert c.stage == "closed"
    assert c.outcome is amends.Outcome.RESOLVED
    assert len(c) == 15
    assert c.open_tasks == []
    assert [e["seq"] for e in c.history] == list(range(1, 16))
    assert c.history[10]["task_id"] == 1
    assert amends.Complaint.from_json(c.to_json()) == c
    assert amends.Complaint.replay(c.history, c.playbook) == c
    assert amends.Complaint.replay(json.dumps(c.history), c.playbook) == c
    assert "Acme Ltd" in c.timeline()


def test_typed_methods_return_the_new_length() -> None:
    c = opened()
    assert c.listen("We lost the sale.", by="tim", at=at(1)) == 2
    assert c.note("Called back.", by={"id": "sue", "role": "supervisor"}, at=at(2)) == 3
    assert c.history[-1]["by"] == {"id": "sue", "role": "supervisor"}


def test_every_typed_method_with_its_optional_fields() -> None:
    c = opened("think_first")
    c.listen("late", by="tim", at=at(1))
    c.restate("the delivery was late", by="tim", at=at(2))
    c.correct("it was two days late", by="tim", at=at(3))
    c.restate("the delivery was two days late", by="tim", at=at(4))
    c.confirm(by="tim", at=at(5))
    c.escalate("sue", "a big client", by="tim", at=at(6))
    c.diagnose("wrong week booked", "logistics", by="tim", at=at(7))
    c.apologize("I am sorry.", by="tim", at=at(8))
    c.offer({"kind": "credit", "description": "a credit", "value": {"amount": 1000, "currency": "USD"}},
            by="tim", at=at(9), too_upset=True)
    c.decline("not enough", by="tim", at=at(10))
    c.ask(by="tim", at=at(11))
    c.no_request(by="tim", at=at(12))
    c.offer(amends.Remedy(amends.RemedyKind.REFUND, "a refund", amends.Money(9000)), by="tim", at=at(13),
            reason="policy")
    with pytest.raises(amends.RuleViolation) as e:
        c.agree(by="tim", at=at(14))
    assert e.value.rule == "authority-limit"
    c.approve(by={"id": "sue", "role": "supervisor"}, at=at(15))
    c.agree(by="tim", at=at(16))
    c.plan("refund", due=at(60), by="tim", at=at(17))
    c.plan("call", due="2026-03-02T11:00:00+01:00", by="tim", at=at(18))
    assert c.open_tasks == [1, 2]
    c.done(2, by="tim", at=at(19))
    assert c.open_tasks == [1]
    c.done(1, by="tim", at=at(20))
    c.follow_up("unsatisfied", by="tim", at=at(21), notes="still unhappy")
    assert c.stage == "resolving"
    c.suspect_bad_faith("asked for a refund twice", by="tim", at=at(22))
    c.stand_firm("we refunded already", by="tim", at=at(23))
    c.follow_up(amends.FollowUpResult.UNREACHABLE, by="tim", at=at(24))
    c.prevention(amends.PreventionSource.EMPLOYEE, by="tim", at=at(25))
    c.prevention("customer", "book the courier earlier", by="tim", at=at(26))
    c.close("unresolved", by="tim", at=at(27), reason="unreachable")
    c.reopen("the customer called back", by="tim", at=at(28))
    assert c.stage == "listening"
    assert amends.Complaint.from_json(c.to_json(pretty=True)) == c


def test_optimistic_concurrency() -> None:
    c = opened()
    seen = len(c)
    assert c.listen("late", by="tim", at=at(1), expected=seen) == 2
    with pytest.raises(amends.ConflictError) as e:
        c.note("stale", by="sue", at=at(2), expected=seen)
    assert (e.value.expected, e.value.actual) == (1, 2)
    with pytest.raises(amends.ConflictError):
        c.apply({**LISTEN, "at": at(3)}, expected=1)
    assert c.apply({**LISTEN, "at": at(3)}, expected=2)["seq"] == 3


def test_timestamps_datetime_and_text() -> None:
    c = amends.Complaint.receive("Acme", "late", by="tim", at=datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris")))
    assert c.history[0]["at"] == "2026-03-02T09:00:00Z"
    c.listen("late", by="tim", at=datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=timezone.utc))
    assert c.history[-1]["at"] == "2026-03-02T09:00:00.123456Z"
    c.note("x", by="tim", at="2026-03-02T04:00:00.5-05:00")
    assert c.history[-1]["at"] == "2026-03-02T09:00:00.5Z"
    with pytest.raises(amends.InvalidAction) as e:
        c.note("x", by="tim", at=datetime(2026, 3, 2, 10, 0))
    assert e.value.field == "at" and "naive" in e.value.message
    with pytest.raises(amends.InvalidAction) as e:
        c.apply({**LISTEN, "at": datetime(2026, 3, 2, 10, 0)})
    assert e.value.field == "at"
    # datetime objects inside dicts are taken too.
    assert c.apply({**LISTEN, "at": T_AWARE})["at"] == "2026-03-02T10:00:00Z"


T_AWARE = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def test_deadlines_breaches_next_deadline() -> None:
    c = opened()
    nxt = c.next_deadline(at(0))
    assert nxt is not None and nxt.deadline is amends.DeadlineKind.FIRST_RESPONSE
    assert nxt.due == at(4 * 60) and nxt.met is None
    late = c.breaches(at(5 * 60))
    assert [b.deadline for b in late] == [amends.DeadlineKind.FIRST_RESPONSE]
    assert late[0].late_by_seconds == 3600
    assert late[0].due.tzinfo is not None
    assert late[0].to_dict() == {"deadline": "first_response", "due": "2026-03-02T13:00:00Z", "late_by_seconds": 3600}
    assert [d.deadline for d in c.deadlines()] == ["first_response", "resolution"]
    c.listen("late", by="tim", at=at(5 * 60))
    assert c.breaches(at(5 * 60))[0].late_by_seconds == 3600
    assert c.next_deadline(at(5 * 60)).deadline == "resolution"  # type: ignore[union-attr]


def test_pickling_and_copies() -> None:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    for value in (
        c,
        c.playbook,
        amends.Playbook("seven_step", rules={"thank-before-close": False}),
        amends.Money(2500, "EUR"),
        amends.Remedy("refund", "a refund", amends.Money(100)),
        amends.Remedy("other", "a hug"),
        amends.Violation("sincere-apology", "no excuses"),
        c.deadlines()[0],
        c.breaches(at(30_000))[0],
    ):
        back = pickle.loads(pickle.dumps(value))
        assert back == value and type(back) is type(value)
    assert copy.copy(c) == c and copy.deepcopy(c) == c and copy.copy(c) is not c
    twin = copy.copy(c)
    twin.note("only in the copy", by="tim", at=at(2))
    assert len(twin) == 3 and len(c) == 2


def test_exceptions_pickle() -> None:
    errors: list[amends.AmendsError] = [
        amends.RuleViolation("listen-first", "listen first"),
        amends.InvalidAction("must not be empty", "summary"),
        amends.ConflictError(1, 2),
        amends.ReplayError(3, "bad", "time-order", None),
    ]
    for e in errors:
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and str(back) == str(e) and back.message == e.message


def test_exception_hierarchy() -> None:
    assert issubclass(amends.RuleViolation, amends.AmendsError)
    assert issubclass(amends.InvalidAction, amends.AmendsError)
    assert issubclass(amends.InvalidAction, ValueError)
    assert issubclass(amends.ConflictError, amends.AmendsError)
    assert issubclass(amends.ReplayError, amends.AmendsError)


def test_reprs_are_constructor_style() -> None:
    values = [
        amends.Money(2500, "EUR"),
        amends.Remedy("refund", "it's a refund", amends.Money(100)),
        amends.Violation("sincere-apology", "no excuses"),
        amends.Playbook(),
        amends.Playbook("seven_step", rules={"thank-before-close": False}, authority={"agent": 10000}),
        amends.Deadline("task", "2026-03-02T09:00:00Z", met="2026-03-02T10:00:00Z", task_id=1),
        amends.Breach("plan", "2026-03-02T09:00:00Z", 60),
    ]
    namespace = {name: getattr(amends, name) for name in amends.__all__}
    for value in values:
        assert eval(repr(value), namespace) == value, repr(value)
    assert repr(amends.Playbook.preset("sorry_first")) == "Playbook('sorry_first')"
    assert repr(opened()) == "Complaint(id='C-1042', customer='Acme Ltd', stage='open', events=1, playbook='strict')"


def test_values_hash_and_compare() -> None:
    assert amends.Money(1) == amends.Money(1, "USD") and amends.Money(1) != amends.Money(2)
    assert len({amends.Money(1), amends.Money(1), amends.Money(2)}) == 2
    assert len({amends.Violation("time-order", "x"), amends.Violation("time-order", "x")}) == 1
    assert hash(amends.Playbook()) == hash(amends.Playbook.preset("strict"))
    assert amends.Money(2500).to_dict() == {"amount": 2500, "currency": "USD"}
    assert str(amends.Money(2500)) == "25.00 USD"
    r = amends.Remedy("refund", "a refund", {"amount": 5, "currency": "USD"})
    assert r.kind is amends.RemedyKind.REFUND and r.value == amends.Money(5)


def test_playbook_api() -> None:
    p = amends.Playbook("seven_step", rules={"thank-before-close": False}, authority={"agent": 10000})
    assert p.base is amends.Preset.SEVEN_STEP
    assert not p.rule_is_on("thank-before-close") and p.rule_is_on(amends.RuleId.APOLOGY_BEFORE_REMEDY)
    assert p.rules[amends.RuleId.THANK_BEFORE_CLOSE] is False
    assert p.authority == {"agent": 10000, "manager": None, "supervisor": 50000}
    assert amends.Playbook.from_json(p.to_json()) == p
    assert amends.Playbook.from_dict(p.to_dict()) == p
    assert p.currency == "USD"
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook(rules={"no-such-rule": True})
    assert e.value.field == "rules.no-such-rule"


def test_replay_refuses_an_edited_history() -> None:
    c = opened()
    walk_to_close(c)
    history = c.history
    del history[4]  # the thank: the close now breaks thank-before-close … and seq disagrees first
    with pytest.raises(amends.ReplayError) as e:
        amends.Complaint.replay(history, "strict")
    assert e.value.event_index == 4 and e.value.field == "seq"
    assert isinstance(e.value.__cause__, amends.InvalidAction)
    stored = json.loads(c.to_json())
    stored["history"][9]["action"] = "plan"
    with pytest.raises(amends.ReplayError) as e:
        amends.Complaint.from_json(json.dumps(stored))
    assert e.value.event_index == 9
    forged = json.loads(c.to_json())
    forged["history"] = forged["history"][:1] + forged["history"][7:8]
    forged["history"][1]["seq"] = 2
    with pytest.raises(amends.ReplayError) as e:
        amends.Complaint.from_json(json.dumps(forged))
    assert e.value.rule is amends.RuleId.LISTEN_FIRST
    assert isinstance(e.value.__cause__, amends.RuleViolation)


def test_to_json_shape() -> None:
    c = opened()
    stored = json.loads(c.to_json())
    assert list(stored) == ["schema", "playbook", "stage", "history"]
    assert stored["stage"] == "open" and stored["history"][0]["at"].endswith("Z")


def test_rfc3339_text_round_trips_through_history() -> None:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    event = c.history[-1]
    assert datetime.fromisoformat(event["at"]) == at(1)
    assert at(1) - timedelta(0) == datetime.fromisoformat(event["at"])


class Frozen(Mapping[str, Any]):
    """A read-only mapping that is not a dict."""

    def __init__(self, **items: Any) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def test_any_mapping_is_taken_where_a_dict_is() -> None:
    c = amends.Complaint.open(Frozen(**OPEN), Frozen(base="seven_step"))
    assert c.playbook.name == "seven_step"
    c.apply(MappingProxyType({**LISTEN, "by": Frozen(id="tim")}))
    c.note("x", by=Frozen(id="sue", role="supervisor"), at=at(70))
    assert c.history[-1]["by"] == {"id": "sue", "role": "supervisor"}
    remedy = Frozen(kind="refund", description="a refund", value=Frozen(amount=5, currency="USD"))
    assert amends.Remedy("refund", "a refund", Frozen(amount=5, currency="USD")).value == amends.Money(5)
    assert c.check({"action": "request", "at": at(71), "by": {"id": "tim"}, "remedy": remedy})
    assert amends.Playbook.from_dict(Frozen(base="sorry_first")) == amends.Playbook.preset("sorry_first")
    received = amends.Complaint.receive("Acme", "late", by="tim", at=at(0), value_at_stake=Frozen(amount=1, currency="USD"))
    assert received.history[0]["value_at_stake"] == {"amount": 1, "currency": "USD"}
    assert amends.Complaint.replay([Frozen(**e) for e in c.history], c.playbook) == c


def test_a_malformed_document_names_its_root() -> None:
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook.from_dict({1: 2})
    assert e.value.field == "playbook"
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.open({1: 2})
    assert e.value.field == "action"
    with pytest.raises(amends.ReplayError) as replayed:
        amends.Complaint.replay([{1: 2}])
    assert replayed.value.field == "event" and replayed.value.event_index == 0


def test_events_the_binding_cannot_read_are_replay_errors_with_their_index() -> None:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    history = c.history
    for bad, field in (
        ({**history[1], "account": math.nan}, "account"),
        ({**history[1], "at": datetime(2026, 3, 2, 9, 1)}, "at"),
        (42, "event"),
        ("{", None),
    ):
        with pytest.raises(amends.ReplayError) as e:
            amends.Complaint.replay([history[0], bad])
        assert e.value.event_index == 1 and e.value.field == field, e.value
        assert isinstance(e.value.__cause__, amends.InvalidAction)
        assert str(e.value).startswith("event 1 of the history does not replay: ")
    with pytest.raises(amends.ReplayError) as e:
        amends.Complaint.replay([history[0], "{"])
    assert "malformed JSON" in e.value.message
    # The same history as JSON text: the core reads it, with the same index.
    with pytest.raises(amends.ReplayError) as e:
        amends.Complaint.replay(json.dumps([history[0], {**history[1], "account": 5}]))
    assert e.value.event_index == 1 and e.value.field == "account"


def test_json_arrays_are_not_actions_and_change_nothing() -> None:
    c = opened()
    before = c.to_json()
    # Every field of a `note` in the order the core declares them: 30, `text` the 27th.
    note = ["note", "2026-03-02T09:05:00Z", {"id": "tim"}] + [None] * 23 + ["x", None, None, None]
    assert len(note) == 30 and note[26] == "x"
    for bad in (json.dumps(note), "[]", "5"):
        with pytest.raises(amends.InvalidAction) as e:
            c.apply(bad)
        assert "expected an action object" in e.value.message, e.value
        assert e.value.field is None
    with pytest.raises(amends.InvalidAction) as e:
        c.apply({"action": "listen", "at": "2026-03-02T09:05:00Z", "by": ["tim"], "account": "late"})
    assert e.value.field == "by" and "expected an actor object" in e.value.message, e.value
    assert c.to_json() == before


def test_exception_text_is_the_cores() -> None:
    c = opened()
    with pytest.raises(amends.RuleViolation) as rule:
        c.ask(by="tim", at=at(1))
    assert str(amends.RuleViolation(rule.value.rule, rule.value.message)) == str(rule.value)
    assert str(rule.value) == str(amends.Violation(rule.value.rule, rule.value.message))
    with pytest.raises(amends.InvalidAction) as invalid:
        c.note("", by="tim", at=at(1))
    assert str(amends.InvalidAction(invalid.value.message, invalid.value.field)) == str(invalid.value)
    assert str(amends.InvalidAction("bad", None)) == "invalid input: bad"
    with pytest.raises(amends.ConflictError) as conflict:
        c.listen("late", by="tim", at=at(1), expected=5)
    assert str(amends.ConflictError(5, 1)) == str(conflict.value) == conflict.value.message
    history = c.history
    with pytest.raises(amends.ReplayError) as replay:
        amends.Complaint.replay([history[0], {**history[0], "seq": 2}])
    assert str(replay.value) == f"event 1 of the history does not replay: {replay.value.message}"
    assert replay.value.message == str(replay.value.__cause__)


def test_exceptions_made_by_hand_with_other_values_still_print() -> None:
    """Like any exception, ours may be made with values of other types than documented: they keep
    them, and ``str()`` falls back to ``Exception``'s text of the arguments."""
    conflict = amends.ConflictError("a", "b")  # type: ignore[arg-type]
    assert str(conflict) == conflict.message == "('a', 'b')"
    lengths: tuple[object, ...] = (conflict.expected, conflict.actual)
    assert lengths == ("a", "b")
    assert str(amends.ConflictError(-1, 2)) == "(-1, 2)"  # no history has a negative length
    assert str(amends.ConflictError(2**70, 1)) == f"({2**70}, 1)"
    rule = amends.RuleViolation("no-such-rule", 5)  # type: ignore[arg-type]
    assert str(rule) == "('no-such-rule', 5)" and rule.rule == "no-such-rule" and rule.message == "5"
    assert type(amends.RuleViolation("time-order", "m").rule) is amends.RuleId
    invalid = amends.InvalidAction(5, 7)  # type: ignore[arg-type]
    assert str(invalid) == "(5, 7)" and invalid.message == "5" and invalid.field == "7"
    replay = amends.ReplayError("x", None, "no-such-rule")  # type: ignore[arg-type]
    where: tuple[object, ...] = (replay.event_index, replay.rule)
    assert str(replay) == "None" and where == ("x", "no-such-rule")
    for e in (conflict, rule, invalid, replay, amends.AmendsError(None)):  # type: ignore[arg-type]
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and back.args == e.args and str(back) == str(e)
        e.args = ()  # made without arguments, as `BaseException.__new__` can
        assert str(e) == e.message == ""


def test_an_unknown_preset_reads_the_same_everywhere() -> None:
    refusals = []
    for call in (
        lambda: amends.Playbook.preset("nope"),
        lambda: amends.Playbook("nope"),
        lambda: amends.Complaint.open(OPEN, "nope"),
        lambda: amends.Complaint.open(OPEN, {"base": "nope"}),
    ):
        with pytest.raises(amends.InvalidAction) as e:
            call()
        refusals.append((e.value.field, e.value.message))
    assert refusals[0][0] == "base" and refusals[0][1].startswith("unknown playbook preset `nope`")
    assert refusals[:3] == [refusals[0]] * 3
    assert refusals[3][0] == "base"


@pytest.mark.parametrize(
    ("by", "field"),
    [({"id": "tim", "x": 1}, "by.x"), ({"role": "agent"}, "by.id"), ({"id": 5}, "by.id"), ({}, "by.id")],
)
def test_a_malformed_actor_reads_the_same_typed_and_as_json(by: dict[str, object], field: str) -> None:
    c = opened()
    with pytest.raises(amends.InvalidAction) as typed:
        c.listen("late", by=by, at=at(1))  # type: ignore[arg-type]
    with pytest.raises(amends.InvalidAction) as as_json:
        c.apply({**LISTEN, "by": by})
    assert (typed.value.field, typed.value.message) == (as_json.value.field, as_json.value.message) == (
        field,
        as_json.value.message,
    )
    c.listen("late", by={"id": "tim", "role": None}, at=at(1))  # type: ignore[dict-item]
    assert c.history[-1]["by"] == {"id": "tim", "role": "agent"}


def test_money_without_a_currency_takes_the_default_playbooks() -> None:
    assert amends.Money(2500).currency == amends.Playbook().currency
    assert amends.Money(2500, None) == amends.Money(2500, amends.Playbook().currency)
    with pytest.raises(amends.InvalidAction) as e:
        amends.Money(1, "usd")
    assert e.value.field == "currency"


def test_the_enum_stub_lists_the_cores_names() -> None:
    stub = ast.parse((Path(amends.__file__).parent / "_enums.pyi").read_text(encoding="utf-8"))
    classes = {
        node.name: [
            (target.id, value.value)
            for item in node.body
            if isinstance(item, ast.Assign)
            for target in item.targets
            if isinstance(target, ast.Name) and isinstance(value := item.value, ast.Constant)
        ]
        for node in stub.body
        if isinstance(node, ast.ClassDef) and node.name != "_Named"
    }
    assert set(classes) == set(_native.NAMES)
    for name, members in classes.items():
        assert [value for _, value in members] == list(_native.NAMES[name]), name
        assert [(m.name, m.value) for m in ENUMS[name]] == members, name
