"""Hostile input: wrong types, huge and deeply nested values, NaN, bytes, None, naive datetimes.
Every one raises an AmendsError subclass, never crashes, and changes nothing; an exception raised
by the caller's own code (a failing `tzinfo`, an interrupt) propagates unchanged."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import amends

from conftest import at, opened


def fresh() -> amends.Complaint:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    return c


def nested_dict(depth: int) -> dict[str, Any]:
    inner: dict[str, Any] = {}
    for _ in range(depth):
        inner = {"x": inner}
    return inner


class NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


class WrongOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return 5  # type: ignore[return-value]


class WeirdStr(str):
    pass


HOSTILE_ACTIONS: list[Any] = [
    None,
    42,
    3.5,
    math.nan,
    b'{"action": "note"}',
    bytearray(b"{}"),
    [],
    ["note"],
    object(),
    "",
    "null",
    "[]",
    "{",
    '{"action": "note", "at": "2026-03-02T09:10:00Z", "by": {"id": "tim"}, "text": "x"} trailing',
    "[" * 100_000 + "]" * 100_000,
    '{"action": "note", "text": ' + "[" * 10_000 + "]" * 10_000 + "}",
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": "x" * 20_000_000},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": nested_dict(100_000)},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": math.nan},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": math.inf},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": b"bytes"},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": None},
    {"action": "note", "at": at(2), "by": {"id": "tim"}, "text": "\ud800"},
    {"action": "note", "at": datetime(2026, 3, 2, 9, 10), "by": {"id": "tim"}, "text": "naive"},
    {"action": "note", "at": datetime(2026, 3, 2, 9, 10, tzinfo=NoOffset()), "by": {"id": "tim"}, "text": "x"},
    {"action": "note", "at": datetime(2026, 3, 2, 9, 10, tzinfo=WrongOffset()), "by": {"id": "tim"}, "text": "x"},
    {"action": "note", "at": date(2026, 3, 2), "by": {"id": "tim"}, "text": "x"},
    {"action": "note", "at": 1772442060, "by": {"id": "tim"}, "text": "x"},
    {"action": "done", "at": at(2), "by": {"id": "tim"}, "task_id": 2**200},
    {"action": "done", "at": at(2), "by": {"id": "tim"}, "task_id": True},
    {"action": "done", "at": at(2), "by": {"id": "tim"}, "task_id": -(2**70)},
    {1: "non-text key"},
    {"action": "note", ("tuple",): "key"},
    {"action": "request", "at": at(2), "by": {"id": "tim"},
     "remedy": {"kind": "refund", "description": "x", "value": {"amount": 1.5, "currency": "USD"}}},
    {"action": WeirdStr("note"), "at": at(2), "by": {"id": "tim"}, "text": {1, 2}},
]


@pytest.mark.parametrize("action", HOSTILE_ACTIONS, ids=range(len(HOSTILE_ACTIONS)))
def test_hostile_actions_raise_amends_errors(action: Any) -> None:
    c = fresh()
    before = c.to_json()
    with pytest.raises(amends.AmendsError):
        c.apply(action)
    with pytest.raises(amends.AmendsError):
        c.check(action)
    with pytest.raises(amends.AmendsError):
        amends.Complaint.open(action)
    assert c.to_json() == before


def test_a_self_referencing_dict() -> None:
    loop: dict[str, Any] = {"action": "note", "at": at(2), "by": {"id": "tim"}}
    loop["text"] = loop
    with pytest.raises(amends.InvalidAction):
        fresh().apply(loop)


TYPED_BAD_VALUES: list[Any] = [None, 42, 4.2, math.nan, b"bytes", ["x"], {"x": 1}, object(), "\ud800", "x" * 100_000]


@pytest.mark.parametrize("value", TYPED_BAD_VALUES, ids=range(len(TYPED_BAD_VALUES)))
def test_typed_methods_refuse_bad_values(value: Any) -> None:
    c = fresh()
    before = c.to_json()
    calls = [
        lambda: c.note(value, by="tim", at=at(2)),
        lambda: c.note("x", by=value, at=at(2)),
        lambda: c.note("x", by="tim", at=value),
        lambda: c.done(value, by="tim", at=at(2)),
        lambda: c.close(value, by="tim", at=at(2)),
        lambda: c.follow_up(value, by="tim", at=at(2)),
        lambda: c.prevention(value, by="tim", at=at(2)),
        lambda: c.request(value, by="tim", at=at(2)),
        lambda: c.offer(value, by="tim", at=at(2)),
        lambda: c.offer({"kind": "refund", "description": "x"}, by="tim", at=at(2), too_upset=value),
        lambda: c.note("x", by="tim", at=at(2), expected=value),
        lambda: c.breaches(value),
        lambda: c.next_deadline(value),
        lambda: amends.Complaint.receive(value, "late", by="tim", at=at(0)),
        lambda: amends.Complaint.receive("Acme", "late", by="tim", at=at(0), severity=value),
        lambda: amends.Complaint.receive("Acme", "late", by="tim", at=at(0), value_at_stake=value),
        lambda: amends.Complaint.receive("Acme", "late", by="tim", at=at(0), playbook=value),
        lambda: amends.Complaint.from_json(value),
        lambda: amends.Complaint.replay(value),
        lambda: amends.Complaint.replay([value]),
        lambda: amends.Playbook(value),
        lambda: amends.Playbook.from_json(value),
        lambda: amends.Playbook.from_dict(value),
        lambda: amends.Money(value),
        lambda: amends.Remedy(value, "x"),
    ]
    for i, call in enumerate(calls):
        try:
            call()
        except amends.AmendsError:
            pass
        else:
            # A few values are acceptable for a few fields (long text for a note, a dict as `by`
            # …); a call that succeeds must have been a valid one.
            valid_money = i == len(calls) - 2 and type(value) is int
            assert valid_money or value in ("x" * 100_000, None) or isinstance(value, dict), (i, value)
    if c.to_json() != before:
        # Only a valid note may have landed.
        assert all(e["action"] in ("open", "listen", "note") for e in c.history)


def test_huge_text_is_refused_by_the_limit() -> None:
    c = fresh()
    with pytest.raises(amends.InvalidAction) as e:
        c.note("x" * 16385, by="tim", at=at(2))
    assert e.value.field == "text"
    c.note("x" * 16384, by="tim", at=at(2))


def test_naive_datetime() -> None:
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.receive("Acme", "late", by="tim", at=datetime(2026, 3, 2, 9, 0))
    assert e.value.field == "at"
    assert isinstance(e.value, ValueError)


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        fresh().note("x", by="tim", at=at(2), tone="angry")  # type: ignore[call-arg]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["action", "at", "by", "account", "summary", "statement", "remedy", "task_id", "result",
          "outcome", "source", "text", "reason", "due", "too_upset", "seq", "stage"]


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([k.value for k in amends.ActionKind] + ["", "nope"]),
    extra=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5),
)
def test_random_actions_never_crash(kind: str, extra: dict[str, Any]) -> None:
    c = fresh()
    before = c.to_json()
    action = {"action": kind, "at": "2026-03-02T09:30:00Z", "by": {"id": "tim"}, **extra}
    for given_as in (action, json.dumps(action)):
        try:
            c.check(given_as)
            c.apply(given_as)
        except amends.AmendsError:
            assert c.to_json() == before
        else:
            before = c.to_json()


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.binary() | st.datetimes() | st.datetimes(timezones=st.just(timezone.utc)))
def test_random_values_in_typed_methods_never_crash(value: Any) -> None:
    c = fresh()
    for call in (
        lambda: c.note(value, by="tim", at=at(2)),
        lambda: c.note("x", by="tim", at=value),
        lambda: c.done(value, by="tim", at=at(2)),
        lambda: c.close(value, by="tim", at=at(2)),
        lambda: c.request(value, by="tim", at=at(2)),
    ):
        try:
            call()
        except amends.AmendsError:
            pass


class Raising(tzinfo):
    """A timezone whose offset raises: the caller's own code failing, not malformed data."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        raise self.error


NOT_ABOUT_THE_DATA = [KeyboardInterrupt(), SystemExit(3), MemoryError(), RecursionError(), RuntimeError("bug")]


@pytest.mark.parametrize("error", NOT_ABOUT_THE_DATA, ids=lambda e: type(e).__name__)
def test_errors_that_are_not_about_the_data_propagate_unchanged(error: BaseException) -> None:
    c = fresh()
    before = c.to_json()
    when = datetime(2026, 3, 2, 9, 10, tzinfo=Raising(error))
    calls = [
        lambda: c.note("x", by="tim", at=when),
        lambda: c.apply({"action": "note", "at": when, "by": {"id": "tim"}, "text": "x"}),
        lambda: c.check({"action": "note", "at": when, "by": {"id": "tim"}, "text": "x"}),
        lambda: c.breaches(when),
        lambda: amends.Complaint.receive("Acme", "late", by="tim", at=when),
        lambda: amends.Deadline("plan", when),
    ]
    for call in calls:
        with pytest.raises(type(error)) as raised:
            call()
        assert raised.value is error
    assert c.to_json() == before


@pytest.mark.parametrize("error", NOT_ABOUT_THE_DATA, ids=lambda e: type(e).__name__)
def test_a_failing_history_iterator_propagates_unchanged(error: BaseException) -> None:
    c = fresh()

    def events() -> Iterator[dict[str, Any]]:
        yield c.history[0]
        raise error

    with pytest.raises(type(error)) as raised:
        amends.Complaint.replay(events())
    assert raised.value is error


class Offsetting(tzinfo):
    """A timezone whose offset is well formed but whose code adds a key to `victim` each call."""

    def __init__(self, victim: dict[str, Any]) -> None:
        self.victim = victim

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        self.victim[f"added{len(self.victim)}"] = 1
        return timedelta(0)


def test_a_dict_changed_while_it_is_read_is_read_as_it_was() -> None:
    c = fresh()

    def note() -> dict[str, Any]:
        action: dict[str, Any] = {"action": "note", "by": {"id": "tim"}, "text": "x"}
        action["at"] = datetime(2026, 3, 2, 9, 10, tzinfo=Offsetting(action))
        return action

    assert c.check(note()) == []
    action = note()
    assert c.apply(action)["text"] == "x"
    assert "added4" in action
    remedy: dict[str, Any] = {"kind": "refund", "description": "a refund"}
    remedy["when"] = datetime(2026, 3, 2, 9, 10, tzinfo=Offsetting(remedy))
    with pytest.raises(amends.InvalidAction) as e:
        c.request(remedy, by="tim", at=at(3))
    assert e.value.field == "remedy.when"
    playbook: dict[str, Any] = {"base": "strict"}
    playbook["name"] = [datetime(2026, 3, 2, 9, 10, tzinfo=Offsetting(playbook))]
    with pytest.raises(amends.InvalidAction):
        amends.Playbook.from_dict(playbook)


def test_malformed_offsets_are_invalid_input() -> None:
    class Failing(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            raise ValueError("no such zone")

    for zone in (Failing(), WrongOffset()):
        with pytest.raises(amends.InvalidAction) as e:
            fresh().note("x", by="tim", at=datetime(2026, 3, 2, 9, 10, tzinfo=zone))
        assert e.value.field == "at"


class FarFromEpoch(datetime):
    """A datetime whose distance from the epoch overflows 64 bits of microseconds."""

    def __sub__(self, other: Any) -> Any:
        return timedelta(days=213_503_983)


def test_a_timestamp_out_of_range_is_refused_not_wrapped() -> None:
    far = FarFromEpoch(2026, 3, 2, 9, 10, tzinfo=timezone.utc)
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.receive("Acme", "late", by="tim", at=far)
    assert e.value.field == "at"
    with pytest.raises(amends.InvalidAction) as e:
        fresh().apply({"action": "note", "at": far, "by": {"id": "tim"}, "text": "x"})
    assert e.value.field == "at"


@pytest.mark.parametrize(
    "call",
    [
        lambda: amends.Money(1, "\ud800"),
        lambda: amends.Money(1, 5),
        lambda: amends.Money(2**64),
        lambda: amends.Breach("plan", "2026-03-02T09:00:00Z", 2**70),
        lambda: amends.Breach("plan", "2026-03-02T09:00:00Z", "60"),
        lambda: amends.Deadline("task", "2026-03-02T09:00:00Z", task_id=2**40),
        lambda: amends.Remedy("refund", "\udfff"),
        lambda: amends.Violation("time-order", "\ud800"),
        lambda: amends.Playbook.preset("\ud800"),
        lambda: amends.Complaint.from_json("\ud800"),
        lambda: amends.Complaint.replay("\ud800"),
        lambda: fresh().note("x", by="tim", at=at(2), expected=2**70),
        lambda: fresh().done(2**33, by="tim", at=at(2)),
    ],
)
def test_bad_values_in_constructors_are_invalid_input(call: Any) -> None:
    with pytest.raises(amends.InvalidAction):
        call()
