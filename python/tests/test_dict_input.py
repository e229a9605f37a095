"""A dict is read as its JSON text: the same action, event and playbook, and for malformed input the
same exception naming the same field with the same message, whether the dict is read in place (plain
values) or through a snapshot (a `datetime`, a tuple, a mapping that is not a dict, a refusal)."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import amends

from conftest import at, opened

BY = {"id": "tim"}
REMEDY = {"kind": "refund", "description": "Refund the shipping", "value": {"amount": 4000, "currency": "USD"}}

# One well-formed action of every kind (most refused by a rule at the stage they are tried at, which
# is the same refusal either way), with optional fields and text JSON escapes.
ACTIONS: list[dict[str, Any]] = [
    {"action": "listen", "at": "2026-03-02T10:05:00+01:00", "by": BY, "account": 'said "late"\n\ttwice \\ é😀'},
    {"action": "restate", "at": "2026-03-02T09:10:00Z", "by": {"id": "ann", "role": "supervisor"}, "summary": "s"},
    {"action": "confirm", "at": "2026-03-02T09:10:00Z", "by": BY},
    {"action": "correct", "at": "2026-03-02T09:10:00Z", "by": BY, "correction": "c"},
    {"action": "thank", "at": "2026-03-02T09:10:00Z", "by": BY, "statement": "Thank you"},
    {"action": "apologize", "at": "2026-03-02T09:10:00Z", "by": BY, "statement": "I am sorry"},
    {"action": "diagnose", "at": "2026-03-02T09:10:00Z", "by": BY, "root_cause": "r", "category": "logistics"},
    {"action": "ask", "at": "2026-03-02T09:10:00Z", "by": BY},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": REMEDY},
    {"action": "no_request", "at": "2026-03-02T09:10:00Z", "by": BY},
    {"action": "offer", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": REMEDY, "reason": "r", "too_upset": False},
    {"action": "approve", "at": "2026-03-02T09:10:00Z", "by": BY},
    {"action": "agree", "at": "2026-03-02T09:10:00Z", "by": BY},
    {"action": "decline", "at": "2026-03-02T09:10:00Z", "by": BY, "reason": "r"},
    {"action": "suspect_bad_faith", "at": "2026-03-02T09:10:00Z", "by": BY, "evidence": "e"},
    {"action": "stand_firm", "at": "2026-03-02T09:10:00Z", "by": BY, "reason": "r"},
    {"action": "plan", "at": "2026-03-02T09:10:00Z", "by": BY, "task": "t", "due": "2026-03-03T09:10:00Z"},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": 1},
    {"action": "follow_up", "at": "2026-03-02T09:10:00Z", "by": BY, "result": "satisfied", "notes": None},
    {"action": "prevention", "at": "2026-03-02T09:10:00Z", "by": BY, "source": "customer", "idea": "i"},
    {"action": "escalate", "at": "2026-03-02T09:10:00Z", "by": BY, "to": "boss", "reason": "r"},
    {"action": "note", "at": "2026-03-02T09:10:00Z", "by": BY, "text": "n"},
    {"action": "close", "at": "2026-03-02T09:10:00Z", "by": BY, "outcome": "withdrawn", "reason": "r"},
    {"action": "reopen", "at": "2026-03-02T09:10:00Z", "by": BY, "reason": "r"},
]

LISTEN = ACTIONS[0]

# Malformed in ways JSON can express: wrong types, unknown, missing and misplaced fields, numbers out
# of range, floats where integers go, nested errors.
MALFORMED: list[dict[str, Any]] = [
    {**LISTEN, "account": 5},
    {**LISTEN, "account": None},
    {**LISTEN, "account": [1, 2]},
    {**LISTEN, "account": {"x": 1}},
    {**LISTEN, "account": 1.5},
    {**LISTEN, "account": 1e300},
    {**LISTEN, "action": 3.1444155391690594e-189},  # JSON's reader reads this to a neighbouring float
    {**LISTEN, "account": True},
    {**LISTEN, "accounts": "x"},
    {**LISTEN, "task_id": 1},
    {k: v for k, v in LISTEN.items() if k != "account"},
    {k: v for k, v in LISTEN.items() if k != "at"},
    {k: v for k, v in LISTEN.items() if k != "by"},
    {k: v for k, v in LISTEN.items() if k != "action"},
    {**LISTEN, "action": "listens"},
    {**LISTEN, "action": 3},
    {**LISTEN, "at": "yesterday"},
    {**LISTEN, "at": 1772442060},
    {**LISTEN, "at": None},
    {**LISTEN, "by": "tim"},
    {**LISTEN, "by": {"id": 5}},
    {**LISTEN, "by": {"role": "agent"}},
    {**LISTEN, "by": {"id": "tim", "name": "Tim"}},
    {**LISTEN, "by": {"id": "tim", "role": None}},
    {**LISTEN, "by": []},
    {**LISTEN, "by": {}},
    {**LISTEN, "seq": 3},
    {**LISTEN, "stage": "open"},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": -1},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": 2**32},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": 2**64 - 1},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": -(2**63)},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": 1.0},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": "1"},
    {"action": "done", "at": "2026-03-02T09:10:00Z", "by": BY, "task_id": 0},
    {"action": "offer", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": REMEDY, "too_upset": "yes"},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": {**REMEDY, "kind": "money"}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": {**REMEDY, "extra": 1}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": {"kind": "refund"}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY,
     "remedy": {**REMEDY, "value": {"amount": 1.5, "currency": "USD"}}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY,
     "remedy": {**REMEDY, "value": {"amount": 10, "currency": "usd"}}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY,
     "remedy": {**REMEDY, "value": {"amount": -10, "currency": "USD"}}},
    {"action": "request", "at": "2026-03-02T09:10:00Z", "by": BY, "remedy": "a refund"},
    {"action": "plan", "at": "2026-03-02T09:10:00Z", "by": BY, "task": "t", "due": "2026-03-01T09:10:00Z"},
    {"action": "follow_up", "at": "2026-03-02T09:10:00Z", "by": BY, "result": "happy"},
    {"action": "close", "at": "2026-03-02T09:10:00Z", "by": BY, "outcome": ["resolved"]},
    {"action": "open", "at": "2026-03-02T09:10:00Z", "by": BY, "customer": "A", "summary": "s",
     "value_at_stake": {"amount": 10}},
    {"action": "open", "at": "2026-03-02T09:10:00Z", "by": BY, "customer": "A", "summary": "s", "severity": "dire"},
    {},
]


def outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """What a call gave: its result, or its exception's type, text, field and arguments."""
    try:
        result = call()
    except amends.AmendsError as e:
        return ("refused", type(e), str(e), getattr(e, "field", None), e.args)
    if isinstance(result, amends.Complaint):
        return ("complaint", result.to_json())
    return ("result", result)


def listened() -> amends.Complaint:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    return c


def assert_read_alike(given: Any, text: str) -> None:
    """`given` (a dict or other mapping) is read as the JSON `text`: by `apply`, `check` and `open`."""
    by_dict, by_text = listened(), listened()
    assert outcome(lambda: by_dict.apply(given)) == outcome(lambda: by_text.apply(text))
    assert by_dict.to_json() == by_text.to_json()
    assert outcome(lambda: by_dict.check(given)) == outcome(lambda: by_text.check(text))
    assert outcome(lambda: amends.Complaint.open(given)) == outcome(lambda: amends.Complaint.open(text))


@pytest.mark.parametrize("action", ACTIONS + MALFORMED, ids=range(len(ACTIONS) + len(MALFORMED)))
def test_a_dict_is_read_as_its_json(action: dict[str, Any]) -> None:
    assert_read_alike(action, json.dumps(action))


def test_the_dicts_are_read_and_some_refused() -> None:
    c = listened()
    event = c.apply(LISTEN)
    assert event["account"] == LISTEN["account"] and event["at"] == "2026-03-02T09:05:00Z"
    assert event["by"] == {"id": "tim", "role": "agent"}
    with pytest.raises(amends.InvalidAction) as e:
        c.apply({**LISTEN, "by": {"id": 5}})
    assert e.value.field == "by.id" and e.value.message == "invalid type: integer `5`, expected a string"
    with pytest.raises(amends.InvalidAction) as e:
        c.apply({**LISTEN, "account": None})
    assert e.value.field == "account" and e.value.message == "missing"
    with pytest.raises(amends.InvalidAction) as e:
        c.apply({**LISTEN, "account": 1e300})
    assert e.value.message == "invalid type: floating point `1e+300`, expected a string"


ZONE = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("given", "as_json"),
    [
        ({**LISTEN, "at": datetime(2026, 3, 2, 14, 35, tzinfo=ZONE)}, {**LISTEN, "at": "2026-03-02T09:05:00Z"}),
        ({**LISTEN, "by": OrderedDict(id="tim")}, LISTEN),
        ({**LISTEN, "by": MappingProxyType({"id": "tim", "role": "manager"})}, {**LISTEN, "by": {"id": "tim", "role": "manager"}}),
        (OrderedDict(LISTEN), LISTEN),
        (MappingProxyType(LISTEN), LISTEN),
        ({**LISTEN, "account": ("a", "b")}, {**LISTEN, "account": ["a", "b"]}),
        ({**ACTIONS[8], "remedy": amends.Remedy("refund", "Refund the shipping", amends.Money(4000))}, ACTIONS[8]),
        ({**LISTEN, "account": amends.Money(5)}, {**LISTEN, "account": {"amount": 5, "currency": "USD"}}),
        ({**LISTEN, "task_id": 2**63}, {**LISTEN, "task_id": 2**63}),
    ],
    ids=range(9),
)
def test_values_json_has_no_word_for_are_read_as_their_json(given: Any, as_json: dict[str, Any]) -> None:
    assert_read_alike(given, json.dumps(as_json))


class Subclass(dict):  # type: ignore[type-arg]
    def __iter__(self) -> Any:
        raise AssertionError("a dict is read through its items, not its own methods")


def test_a_dict_subclass_is_read_as_its_items() -> None:
    assert_read_alike(Subclass(LISTEN), json.dumps(LISTEN))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5) | st.sampled_from(["listen", "tim", "agent", "refund", "USD", "2026-03-02T09:10:00Z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
FIELDS = st.sampled_from(["action", "at", "by", "account", "text", "remedy", "task_id", "too_upset", "due", "x"])


@settings(max_examples=300, deadline=None)
@given(base=st.sampled_from(ACTIONS), changes=st.dictionaries(FIELDS, JSON_VALUES, max_size=3))
def test_any_json_shaped_dict_is_read_as_its_json(base: dict[str, Any], changes: dict[str, Any]) -> None:
    action = {**base, **changes}
    assert_read_alike(action, json.dumps(action))


def test_history_dicts_replay_as_their_json() -> None:
    c = listened()
    history = c.history
    assert outcome(lambda: amends.Complaint.replay(history)) == outcome(
        lambda: amends.Complaint.replay(json.dumps(history))
    )
    broken = [history[0], {**history[1], "seq": "two"}]
    assert outcome(lambda: amends.Complaint.replay(broken)) == outcome(lambda: amends.Complaint.replay(json.dumps(broken)))
