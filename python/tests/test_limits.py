"""Every documented limit (README.md, "Limits") enforced through Python: the error kind, the field
it names, and a complaint left exactly as it was. `core/tests/limits.rs` and `tests/c/hostile.c`
check the same in Rust and C."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import amends

from conftest import at

TEXT = 32


def strict_with(**limits: int) -> amends.Playbook:
    return amends.Playbook("strict", limits=limits)


def listening(playbook: amends.Playbook) -> amends.Complaint:
    c = amends.Complaint.receive("Acme", "Late", by="tim", at=at(0), playbook=playbook)
    c.listen("The units came late.", by="tim", at=at(1))
    return c


def note(text: str, minutes: float = 2) -> dict[str, Any]:
    return {"action": "note", "at": at(minutes), "by": {"id": "tim"}, "text": text}


def refused(c: amends.Complaint, call: Callable[[], object], field: str | None, says: str) -> None:
    """`call` raises InvalidAction naming `field` with `says` in its message; `c` is unchanged."""
    before = c.to_json()
    with pytest.raises(amends.InvalidAction) as e:
        call()
    assert e.value.field == field, str(e.value)
    assert says in e.value.message, str(e.value)
    assert c.to_json() == before


@pytest.mark.parametrize("text", ["x" * (TEXT + 1), "é" * (TEXT // 2 + 1)], ids=["ascii", "two-byte"])
def test_every_text_is_limited_in_utf8_bytes(text: str) -> None:
    c = listening(strict_with(max_text_bytes=TEXT))
    says = f"is {len(text.encode())} bytes long, over the limit of {TEXT}"
    remedy = amends.Remedy("refund", "Refund")
    calls: list[tuple[str, Callable[[], object]]] = [
        ("text", lambda: c.note(text, by="tim", at=at(2))),
        ("by.id", lambda: c.note("x", by=text, at=at(2))),
        ("by.role", lambda: c.note("x", by={"id": "tim", "role": text}, at=at(2))),
        ("account", lambda: c.listen(text, by="tim", at=at(2))),
        ("summary", lambda: c.restate(text, by="tim", at=at(2))),
        ("correction", lambda: c.correct(text, by="tim", at=at(2))),
        ("statement", lambda: c.thank(text, by="tim", at=at(2))),
        ("statement", lambda: c.apologize(text, by="tim", at=at(2))),
        ("root_cause", lambda: c.diagnose(text, "c", by="tim", at=at(2))),
        ("category", lambda: c.diagnose("r", text, by="tim", at=at(2))),
        ("remedy.description", lambda: c.request(amends.Remedy("refund", text), by="tim", at=at(2))),
        ("remedy.description", lambda: c.offer({"kind": "refund", "description": text}, by="tim", at=at(2))),
        ("reason", lambda: c.offer(remedy, reason=text, by="tim", at=at(2))),
        ("reason", lambda: c.decline(text, by="tim", at=at(2))),
        ("evidence", lambda: c.suspect_bad_faith(text, by="tim", at=at(2))),
        ("reason", lambda: c.stand_firm(text, by="tim", at=at(2))),
        ("task", lambda: c.plan(text, due=at(9), by="tim", at=at(2))),
        ("notes", lambda: c.follow_up("satisfied", notes=text, by="tim", at=at(2))),
        ("idea", lambda: c.prevention("customer", text, by="tim", at=at(2))),
        ("to", lambda: c.escalate(text, "r", by="tim", at=at(2))),
        ("reason", lambda: c.escalate("sam", text, by="tim", at=at(2))),
        ("reason", lambda: c.close("withdrawn", reason=text, by="tim", at=at(2))),
        ("reason", lambda: c.reopen(text, by="tim", at=at(2))),
        ("text", lambda: c.apply(note(text))),
        ("text", lambda: c.apply(json.dumps(note(text), default=str))),
        ("text", lambda: c.check(note(text))),
        ("text", lambda: c.apply(note(text), expected=2)),
    ]
    for field, call in calls:
        refused(c, call, field, says)
    # The opening texts, through both ways of opening.
    small = strict_with(max_text_bytes=TEXT)
    opening: dict[str, Any] = {
        "action": "open", "at": at(0), "by": {"id": "tim"}, "customer": "Acme", "summary": "Late"
    }
    for field in ["customer", "summary", "id", "channel", "category"]:
        with pytest.raises(amends.InvalidAction) as e:
            amends.Complaint.open({**opening, field: text}, small)
        assert e.value.field == field and says in e.value.message
    with pytest.raises(amends.InvalidAction) as e:
        amends.Complaint.receive("Acme", "Late", by="tim", at=at(0), playbook=small, channel=text)
    assert e.value.field == "channel"
    # At the limit, a text is accepted.
    assert c.note("é" * (TEXT // 2), by="tim", at=at(2)) == 3
    assert c.note("x" * TEXT, by="x" * TEXT, at=at(3)) == 4


def test_the_default_text_limit() -> None:
    c = listening(amends.Playbook())
    refused(c, lambda: c.note("x" * 16385, by="tim", at=at(2)), "text", "over the limit of 16384")
    assert c.note("x" * 16384, by="tim", at=at(2)) == 3
    assert json.loads(amends.Playbook().to_json())["limits"] == {
        "max_text_bytes": 16384,
        "max_events": 10000,
        "max_tasks": 100,
    }


def test_max_events_counts_the_open() -> None:
    c = listening(strict_with(max_events=4))
    c.note("one", by="tim", at=at(2))
    c.note("two", by="tim", at=at(3))
    assert len(c) == 4
    assert c.next_actions() == []
    says = "the history is full: the playbook allows 4 events"
    refused(c, lambda: c.note("three", by="tim", at=at(4)), None, says)
    refused(c, lambda: c.apply(note("three", 4)), None, says)
    refused(c, lambda: c.check(note("three", 4)), None, says)
    refused(c, lambda: c.close("withdrawn", by="tim", at=at(4), expected=4), None, says)


def test_max_tasks_counts_every_plan() -> None:
    c = amends.Complaint.receive("Acme", "Late", by="tim", at=at(0), playbook=strict_with(max_tasks=2))
    c.listen("Late.", by="tim", at=at(1))
    c.thank("Thank you for telling us.", by="tim", at=at(2))
    c.apologize("I am sorry.", by="tim", at=at(3))
    c.diagnose("Wrong week", "logistics", by="tim", at=at(4))
    c.restate("It came late.", by="tim", at=at(5))
    c.confirm(by="tim", at=at(6))
    c.ask(by="tim", at=at(7))
    c.request(amends.Remedy("refund", "Refund", amends.Money(1000)), by="tim", at=at(8))
    c.agree(by="tim", at=at(9))
    c.plan("One", due=at(60), by="tim", at=at(10))
    c.plan("Two", due=at(60), by="tim", at=at(11))
    c.done(1, by="tim", at=at(12))
    c.done(2, by="tim", at=at(13))
    assert c.stage == "following_up"
    refused(c, lambda: c.plan("Three", due=at(60), by="tim", at=at(14)), "task", "the playbook allows 2 tasks")
    assert amends.ActionKind.PLAN not in c.next_actions()


def test_stored_histories_are_held_to_the_limits() -> None:
    c = listening(amends.Playbook())
    c.note("one", by="tim", at=at(2))
    c.note("two", by="tim", at=at(3))
    c.note("x" * 40, by="tim", at=at(4))
    # Five events do not fit four; the 40-byte note does not fit 32 bytes.
    for limits, index, field in [({"max_events": 4}, 4, None), ({"max_text_bytes": 32}, 4, "text")]:
        playbook = amends.Playbook("strict", limits=limits)
        for call in (
            lambda: amends.Complaint.replay(c.history, playbook),
            lambda: amends.Complaint.replay(json.dumps(c.history), playbook),
        ):
            with pytest.raises(amends.ReplayError) as e:
                call()
            assert (e.value.event_index, e.value.field) == (index, field)
            assert isinstance(e.value.__cause__, amends.InvalidAction)
        stored = json.loads(c.to_json())
        stored["playbook"]["limits"].update(limits)
        with pytest.raises(amends.ReplayError) as e:
            amends.Complaint.from_json(json.dumps(stored))
        assert (e.value.event_index, e.value.field) == (index, field)
        ledger = amends.Ledger()
        with pytest.raises(amends.ReplayError):
            ledger.add_json(json.dumps(stored))
        assert len(ledger) == 0


@pytest.mark.parametrize("name", ["max_text_bytes", "max_events", "max_tasks"])
def test_limits_are_at_least_one(name: str) -> None:
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook("strict", limits={name: 0})
    assert e.value.field == f"limits.{name}" and "at least 1" in e.value.message
    for bad in (-1, 1.5, "10", True, 2**64):
        with pytest.raises(amends.InvalidAction) as e:
            amends.Playbook("strict", limits={name: bad})
        assert e.value.field == f"limits.{name}", bad


@pytest.mark.parametrize("name", ["max_events", "max_tasks"])
def test_counts_fit_32_bits(name: str) -> None:
    top = amends.Playbook("strict", limits={name: 2**32 - 1})
    assert amends.Playbook.from_json(top.to_json()) == top
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook("strict", limits={name: 2**32})
    assert e.value.field == f"limits.{name}" and "at most 4294967295" in e.value.message


def test_unknown_limits_are_refused() -> None:
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook("strict", limits={"max_rounds": 3})
    assert e.value.field == "limits.max_rounds"


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_python_values_nest_at_most_64_levels() -> None:
    c = listening(amends.Playbook())
    before = c.to_json()
    # 63 lists in the action dict's field: read, then refused for their type.
    with pytest.raises(amends.InvalidAction) as e:
        c.apply(note(nested(63)))
    assert e.value.field == "text" and "invalid type: sequence" in e.value.message
    for depth in (64, 100_000):
        with pytest.raises(amends.InvalidAction) as e:
            c.apply(note(nested(depth)))
        assert e.value.field is not None and e.value.field.startswith("text[0]")
        assert "nests deeper than 64 levels" in e.value.message
    for call in (
        lambda: amends.Playbook.from_dict({"base": "strict", "name": nested(100)}),
        lambda: c.request({"kind": "refund", "description": nested(100)}, by="tim", at=at(2)),
        lambda: amends.Complaint.replay([{"action": nested(100)}]),
    ):
        with pytest.raises(amends.AmendsError) as raised:
            call()
        assert "nests deeper than 64 levels" in str(raised.value)
    assert c.to_json() == before


def test_json_text_nests_at_most_127_levels() -> None:
    def array(depth: int) -> str:
        return "[" * depth + "]" * depth

    # The outer object counts: 126 arrays inside it are read (and refused as the wrong type).
    with pytest.raises(amends.InvalidAction) as e:
        amends.Playbook.from_json('{"base": "strict", "name": %s}' % array(126))
    assert e.value.field == "name"
    for depth in (127, 1_000_000):
        for call in (
            lambda: amends.Playbook.from_json('{"base": "strict", "name": %s}' % array(depth)),
            lambda: amends.Complaint.from_json('{"schema": 1, "stage": %s}' % array(depth)),
        ):
            with pytest.raises(amends.InvalidAction) as e:
                call()
            assert e.value.field is None and "recursion limit exceeded" in e.value.message


def test_documents_have_no_size_limit_but_their_texts_do() -> None:
    c = listening(amends.Playbook())
    with pytest.raises(amends.InvalidAction) as e:
        c.apply(json.dumps(note("x" * (1 << 20)), default=str))
    assert e.value.field == "text"
    assert len(str(e.value)) < 100
    big = amends.Complaint.receive("Acme", "Late", by="tim", at=at(0))
    for i in range(1, 2001):
        big.note("n" * 1000, by="tim", at=at(i))
    stored = big.to_json()
    assert len(stored) > 2_000_000
    assert amends.Complaint.from_json(stored) == big


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.done(2**32, by="tim", at=at(2)), "task_id"),
        (
            lambda c: c.request({"kind": "refund", "description": "r", "value": {"amount": 2**64}}, by="tim", at=at(2)),
            "remedy.value.amount",
        ),
        (
            lambda c: c.request({"kind": "refund", "description": "r", "value": {"amount": -1}}, by="tim", at=at(2)),
            "remedy.value.amount",
        ),
        (lambda c: c.note("x", by="tim", at="10000-01-01T00:00:00Z"), "at"),
    ],
    ids=["task_id", "amount-over", "amount-negative", "year"],
)
def test_numbers_have_fixed_ranges(call: Callable[[amends.Complaint], object], field: str) -> None:
    c = listening(amends.Playbook())
    refused(c, lambda: call(c), field, "")
