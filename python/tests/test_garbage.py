"""Garbage into every public function and method of ``amends``: arbitrary JSON values, deep
nesting, huge strings, bytes, NaN and infinity, None, naive and aware datetimes, wrong types, the
package's own objects in the wrong place, dicts with random keys, actions with one field replaced.

The only outcomes allowed are a return value or an ``amends.AmendsError`` (the exceptions the
package documents for bad input, whatever its Python type: see ``test_hostile.py``), and a refused
call changes nothing. Two exceptions follow Python's own conventions and are allowed only where
they apply: the ``str`` enums raise ``ValueError`` for a value that is not one of theirs, as every
``enum.Enum`` does, and the ``pretty=`` flags are plain ``bool`` parameters, which raise
``TypeError`` for another type. Each target runs a bounded number of examples (about 20 s in all).
"""

from __future__ import annotations

import copy
import inspect
import json
import math
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import amends

from conftest import at

# ---------------------------------------------------------------------------------------------
# Garbage
# ---------------------------------------------------------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**64 + 2)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=16,
)


def nest(depth: int, as_dict: bool) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


def cycle() -> dict[str, Any]:
    loop: dict[str, Any] = {"action": "note", "by": {"id": "tim"}}
    loop["text"] = loop
    return loop


class Text(str):
    """A ``str`` subclass."""


class Number(int):
    """An ``int`` subclass."""


zones = st.none() | st.just(timezone.utc) | st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)
ENUM_MEMBERS = [m for enum in (amends.Stage, amends.ActionKind, amends.RuleId, amends.Outcome, amends.Preset)
                for m in enum]

odd_values = st.one_of(
    st.binary(max_size=20),
    st.binary(max_size=20).map(bytearray),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324]),
    st.sampled_from(["x" * 16_385, "é" * 10_000, "x" * 1_000_000, "\ud800", "a\udfffb", "\x00", " \t\n", ""]),
    st.datetimes(timezones=zones),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.decimals(allow_nan=True),
    st.complex_numbers(allow_nan=True),
    st.sets(st.integers(), max_size=3),
    st.frozensets(st.text(max_size=3), max_size=3),
    st.tuples(json_values, json_values),
    st.integers(min_value=0, max_value=400).map(lambda d: nest(d, as_dict=False)),
    st.integers(min_value=0, max_value=400).map(lambda d: nest(d, as_dict=True)),
    st.builds(cycle),
    st.text(max_size=20).map(Text),
    st.integers().map(Number),
    st.sampled_from(ENUM_MEMBERS),
    st.sampled_from([
        object(), type, len, Ellipsis, NotImplemented, range(3), amends, amends.Complaint, amends.AmendsError,
        amends.Money(1), amends.Remedy("refund", "x"), amends.Playbook(), amends.Violation("time-order", "m"),
        amends.Deadline("plan", "2026-03-02T09:00:00Z"), amends.Ledger(),
    ]),
    st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans(), st.tuples(st.integers())),
        json_values,
        max_size=4,
    ),
)

ACTION_FIELDS = ["action", "at", "by", "customer", "summary", "account", "statement", "remedy", "reason",
                 "task", "due", "task_id", "result", "notes", "source", "idea", "to", "text", "outcome",
                 "too_upset", "evidence", "root_cause", "category", "seq", "stage", "value_at_stake", "mood"]

garbage = st.deferred(lambda: json_values | odd_values | actions_with_garbage())


@st.composite
def actions_with_garbage(draw: st.DrawFn) -> dict[str, Any]:
    """A plausible action with one field garbage (and sometimes a random key more)."""
    action: dict[str, Any] = {
        "action": draw(st.sampled_from([k.value for k in amends.ActionKind])),
        "at": "2026-03-02T09:30:00Z",
        "by": {"id": "tim"},
    }
    action[draw(st.sampled_from(ACTION_FIELDS))] = draw(json_values | odd_values)
    return action


# ---------------------------------------------------------------------------------------------
# Targets: every public function and method, with a valid value for each parameter
# ---------------------------------------------------------------------------------------------


@dataclass
class World:
    """What a call works on: a listening complaint and a ledger holding one complaint."""

    complaint: amends.Complaint
    ledger: amends.Ledger

    @staticmethod
    def new() -> World:
        c = amends.Complaint.receive("Acme", "Late", by="tim", at=at(0), id="C-1")
        c.listen("The units came late.", by="tim", at=at(1))
        ledger = amends.Ledger()
        ledger.add(c)
        return World(c, ledger)


@dataclass
class Target:
    """A call whose parameters get garbage; `raises` are the exceptions besides AmendsError that
    its Python conventions allow, for the parameters in `for_params`."""

    name: str
    params: dict[str, Any]
    call: Callable[[World, dict[str, Any]], object]
    raises: tuple[type[BaseException], ...] = ()
    for_params: tuple[str, ...] = ()
    more: dict[str, Any] = field(default_factory=dict)


AT = at(5)
BY = "tim"
REMEDY = {"kind": "refund", "description": "Refund"}
NOTE = {"action": "note", "at": "2026-03-02T09:05:00Z", "by": {"id": "tim"}, "text": "x"}
OPEN = {"action": "open", "at": "2026-03-02T09:00:00Z", "by": {"id": "tim"}, "customer": "A", "summary": "S"}
HISTORY = [
    {**OPEN, "seq": 1, "stage": "open"},
    {"action": "listen", "at": "2026-03-02T09:01:00Z", "by": {"id": "tim"}, "account": "a", "seq": 2,
     "stage": "listening"},
]


STORED = World.new().complaint.to_json()
OTHER = amends.Complaint.receive("Bo", "Broken", by="sue", at=at(0))
PLAYBOOK_FIELDS = {
    "name": "mine", "rules": {}, "apology_phrases": ["but"], "allow_too_upset_offers": False, "currency": "USD",
    "authority": {}, "deadlines": {}, "limits": {},
}


def typed(name: str, positional: dict[str, Any], **keywords: Any) -> Target:
    """A typed action method: its own arguments, then `by`, `at` and `expected`."""
    params = {**positional, **keywords, "by": BY, "at": AT, "expected": None}

    def call(w: World, a: dict[str, Any]) -> object:
        args = [a[p] for p in positional]
        kwargs = {k: a[k] for k in params if k not in positional}
        return getattr(w.complaint, name)(*args, **kwargs)

    return Target(f"Complaint.{name}", params, call)


# A small playbook (the search over it takes a fraction of `strict`'s) with a limit and an authority.
SMALL_PLAYBOOK = {"base": "seven_step", "limits": {"max_tasks": 1}, "authority": {"agent": 5000}}


def on_playbook(name: str, **keywords: Any) -> Target:
    """A method of a playbook made from garbage: the playbook's fields, then the method's own
    keyword arguments (`pretty=` is a plain ``bool``)."""
    params = {**SMALL_PLAYBOOK, **keywords}

    def call(w: World, a: dict[str, Any]) -> object:
        playbook = amends.Playbook(a["base"], limits=a["limits"], authority=a["authority"])
        return getattr(playbook, name)(**{k: a[k] for k in keywords})

    bools = tuple(k for k in keywords if k == "pretty")
    return Target(f"Playbook.{name}", params, call, raises=(TypeError,) if bools else (), for_params=bools)


def enum_target(enum: type[amends.Stage]) -> Target:
    return Target(enum.__name__, {"value": next(iter(enum)).value}, lambda w, a: enum(a["value"]),
                  raises=(ValueError,), for_params=("value",))


C = amends.Complaint
TARGETS: list[Target] = [
    # Complaint: constructors, the JSON routes, reading.
    Target("Complaint.open", {"action": OPEN, "playbook": None}, lambda w, a: C.open(a["action"], a["playbook"])),
    Target(
        "Complaint.receive",
        {"customer": "Acme", "summary": "Late", "by": BY, "at": AT, "playbook": None, "id": None,
         "channel": None, "severity": None, "category": None, "value_at_stake": None},
        lambda w, a: C.receive(**a),
    ),
    Target("Complaint.from_json", {"text": STORED}, lambda w, a: C.from_json(a["text"])),
    Target("Complaint.replay", {"events": HISTORY, "playbook": None}, lambda w, a: C.replay(a["events"], a["playbook"])),
    Target("Complaint.apply", {"action": NOTE, "expected": None},
           lambda w, a: w.complaint.apply(a["action"], a["expected"])),
    Target("Complaint.check", {"action": NOTE}, lambda w, a: w.complaint.check(a["action"])),
    Target("Complaint.breaches", {"now": AT}, lambda w, a: w.complaint.breaches(a["now"])),
    Target("Complaint.next_deadline", {"now": AT}, lambda w, a: w.complaint.next_deadline(a["now"])),
    Target("Complaint.to_json", {"pretty": False}, lambda w, a: w.complaint.to_json(pretty=a["pretty"]),
           raises=(TypeError,), for_params=("pretty",)),
    Target("Complaint.__eq__", {"other": None}, lambda w, a: w.complaint == a["other"]),
    Target("Complaint.__deepcopy__", {"memo": {}}, lambda w, a: w.complaint.__deepcopy__(a["memo"])),
    # Complaint: one typed method per action kind.
    typed("listen", {"account": "a"}),
    typed("restate", {"summary": "s"}),
    typed("confirm", {}),
    typed("correct", {"correction": "c"}),
    typed("thank", {"statement": "Thank you."}),
    typed("apologize", {"statement": "I am sorry."}),
    typed("diagnose", {"root_cause": "r", "category": "c"}),
    typed("ask", {}),
    typed("request", {"remedy": REMEDY}),
    typed("no_request", {}),
    typed("offer", {"remedy": REMEDY}, reason=None, too_upset=None),
    typed("approve", {}),
    typed("agree", {}),
    typed("decline", {"reason": "r"}),
    typed("suspect_bad_faith", {"evidence": "e"}),
    typed("stand_firm", {"reason": "r"}),
    typed("plan", {"task": "t"}, due=at(60)),
    typed("done", {"task_id": 1}),
    typed("follow_up", {"result": "satisfied"}, notes=None),
    typed("prevention", {"source": "customer", "idea": None}),
    typed("escalate", {"to": "sam", "reason": "r"}),
    typed("note", {"text": "n"}),
    typed("close", {"outcome": "withdrawn"}, reason=None),
    typed("reopen", {"reason": "r"}),
    # Playbook.
    Target("Playbook", {"base": "strict", **PLAYBOOK_FIELDS},
           lambda w, a: amends.Playbook(a["base"], **{k: a[k] for k in PLAYBOOK_FIELDS})),
    Target("Playbook.preset", {"name": "strict"}, lambda w, a: amends.Playbook.preset(a["name"])),
    Target("Playbook.from_json", {"text": '{"base": "strict"}'}, lambda w, a: amends.Playbook.from_json(a["text"])),
    Target("Playbook.from_dict", {"data": {"base": "strict"}}, lambda w, a: amends.Playbook.from_dict(a["data"])),
    Target("Playbook.rule_is_on", {"rule": "time-order"}, lambda w, a: amends.Playbook().rule_is_on(a["rule"])),
    Target("Playbook.__eq__", {"other": None}, lambda w, a: amends.Playbook() == a["other"]),
    # Playbook: the methods that read only the playbook get it from garbage (a search when accepted).
    on_playbook("to_json"),
    on_playbook("to_dict"),
    on_playbook("verify"),
    on_playbook("verify_text"),
    on_playbook("verify_json", pretty=False),
    on_playbook("diagram", format="mermaid"),
    # Ledger.
    Target("Ledger", {"window": None}, lambda w, a: amends.Ledger(a["window"])),
    Target("Ledger.add", {"complaint": OTHER}, lambda w, a: w.ledger.add(a["complaint"])),
    Target("Ledger.add_json", {"text": '{}'}, lambda w, a: w.ledger.add_json(a["text"])),
    Target("Ledger.record_refusal", {"key": "C-1", "rule": "listen-first"},
           lambda w, a: w.ledger.record_refusal(a["key"], a["rule"])),
    Target("Ledger.review", {"now": AT}, lambda w, a: w.ledger.review(a["now"])),
    Target("Ledger.review_json", {"now": AT, "pretty": False},
           lambda w, a: w.ledger.review_json(a["now"], pretty=a["pretty"]), raises=(TypeError,),
           for_params=("pretty",)),
    Target("Ledger.review_markdown", {"now": AT}, lambda w, a: w.ledger.review_markdown(a["now"])),
    Target("Ledger.to_csv", {"now": AT}, lambda w, a: w.ledger.to_csv(a["now"])),
    # Values.
    Target("Money", {"amount": 100, "currency": None}, lambda w, a: amends.Money(a["amount"], a["currency"])),
    Target("Remedy", {"kind": "refund", "description": "d", "value": None},
           lambda w, a: amends.Remedy(a["kind"], a["description"], a["value"])),
    Target("Violation", {"rule": "time-order", "message": "m"},
           lambda w, a: amends.Violation(a["rule"], a["message"])),
    Target("Deadline", {"deadline": "plan", "due": AT, "met": None, "task_id": None},
           lambda w, a: amends.Deadline(a["deadline"], a["due"], a["met"], a["task_id"])),
    Target("Breach", {"deadline": "plan", "due": AT, "late_by_seconds": 60, "task_id": None},
           lambda w, a: amends.Breach(a["deadline"], a["due"], a["late_by_seconds"], a["task_id"])),
    # The vocabulary.
    *(enum_target(e) for e in (amends.Stage, amends.ActionKind, amends.RuleId, amends.Outcome,
                               amends.FollowUpResult, amends.PreventionSource, amends.RemedyKind,
                               amends.Severity, amends.DeadlineKind, amends.Preset)),
]


def test_every_public_name_has_a_target() -> None:
    """A name added to ``amends.__all__`` must be added here too (the version is no callable, and
    the exceptions get garbage in ``test_exceptions_made_from_garbage_print_and_pickle``)."""
    covered = {t.name.split(".")[0] for t in TARGETS}
    not_callables = {"AmendsError", "ConflictError", "InvalidAction", "ReplayError", "RuleViolation",
                     "__version__"}
    assert set(amends.__all__) - not_callables == covered
    assert {c.__name__ for c in EXCEPTIONS} == not_callables - {"__version__"}
    methods = {name for name in dir(amends.Complaint) if not name.startswith("_")}
    taking_input = methods - {"next_actions", "stage", "history", "playbook", "outcome", "open_tasks",
                              "deadlines", "timeline"}
    assert taking_input == {t.name.split(".")[1] for t in TARGETS if t.name.startswith("Complaint.")
                            and not t.name.startswith("Complaint.__")}
    # Every method of a playbook, the properties aside (what they read is what the targets make).
    properties = {name for name, value in vars(amends.Playbook).items() if inspect.isdatadescriptor(value)}
    methods = {name for name in dir(amends.Playbook) if not name.startswith("_")} - properties
    assert methods == {t.name.split(".")[1] for t in TARGETS if t.name.startswith("Playbook.")
                       and not t.name.startswith("Playbook.__")}


# ---------------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------------


def check_result(result: object) -> None:
    """A value the package returned is usable: it prints, compares with itself and pickles."""
    assert isinstance(repr(result), str)
    if isinstance(result, (amends.Complaint, amends.Playbook, amends.Money, amends.Remedy,
                           amends.Violation, amends.Deadline, amends.Breach)):
        assert result == result
        assert pickle.loads(pickle.dumps(result)) == result
    if isinstance(result, amends.Complaint):
        assert amends.Complaint.from_json(result.to_json()) == result


def check_complaint(c: amends.Complaint) -> None:
    """Everything that reads a complaint still works, and its JSON rebuilds it."""
    assert isinstance(c.next_actions(), list)
    assert isinstance(c.stage, amends.Stage)
    assert len(c.history) == len(c)
    assert isinstance(c.open_tasks, list) and isinstance(c.deadlines(), list)
    assert isinstance(c.timeline(), str)
    assert c.outcome is None or isinstance(c.outcome, amends.Outcome)
    assert copy.copy(c) == c
    assert amends.Complaint.from_json(c.to_json()) == c


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(data=st.data())
@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_garbage_is_refused_or_handled(target: Target, data: st.DataObject) -> None:
    world = World.new()
    c = world.complaint
    args = dict(target.params)
    spoiled = data.draw(st.lists(st.sampled_from(sorted(args)), min_size=1, max_size=2, unique=True), label="params")
    for name in spoiled:
        args[name] = data.draw(garbage, label=name)
    before, ledger_before = c.to_json(), len(world.ledger)
    try:
        result = target.call(world, args)
    except amends.AmendsError as e:
        # Refused: a message, a field where the error has one, and nothing changed.
        assert isinstance(str(e), str) and isinstance(e.message, str)
        if isinstance(e, amends.InvalidAction):
            assert e.field is None or isinstance(e.field, str)
        assert c.to_json() == before
        assert len(world.ledger) == ledger_before
    except target.raises:
        assert set(spoiled) & set(target.for_params), f"{target.name} raised for {spoiled}"
        assert c.to_json() == before
    else:
        check_result(result)
        # A garbage value that happened to be valid input may have been recorded.
        assert len(c) in (2, 3)
        if len(c) == 2:
            assert c.to_json() == before
    check_complaint(c)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(action=actions_with_garbage())
def test_garbage_actions_through_every_route(action: dict[str, Any]) -> None:
    """The same garbage action as a dict and as JSON text gets the same verdict."""
    try:
        text = json.dumps(action, default=repr, skipkeys=True)
    except ValueError:  # a dict that holds itself
        text = None
    verdicts = []
    for given_as in (action, text):
        if given_as is None:
            continue
        c = World.new().complaint
        before = c.to_json()
        try:
            c.apply(given_as)
            verdicts.append("accepted")
        except amends.AmendsError as e:
            assert c.to_json() == before
            verdicts.append(type(e).__name__)
    # A value JSON cannot hold is written by `repr` above, so only plain JSON must agree.
    if text is not None and json.loads(text) == action:
        assert verdicts[0] == verdicts[1], (action, verdicts)


# How many arguments each exception's constructor takes: the fewest and the most.
EXCEPTIONS: dict[type[amends.AmendsError], tuple[int, int]] = {
    amends.AmendsError: (1, 1),
    amends.RuleViolation: (2, 2),
    amends.InvalidAction: (1, 2),
    amends.ConflictError: (2, 2),
    amends.ReplayError: (2, 5),
}
PROPERTIES = ["message", "rule", "field", "expected", "actual", "event_index"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
@pytest.mark.parametrize("cls", list(EXCEPTIONS), ids=[c.__name__ for c in EXCEPTIONS])
def test_exceptions_made_from_garbage_print_and_pickle(cls: type[amends.AmendsError], data: st.DataObject) -> None:
    """An exception made by hand, as a user or pickle might, with any values: it is made, prints,
    shows its properties, and pickles back to one that prints the same."""
    fewest, most = EXCEPTIONS[cls]
    args = data.draw(st.lists(garbage, min_size=fewest, max_size=most), label="args")
    e = cls(*args)
    text = str(e)
    assert isinstance(text, str) and isinstance(repr(e), str) and isinstance(e.message, str)
    for name in PROPERTIES:
        if hasattr(cls, name):
            getattr(e, name)
    try:
        twin = pickle.loads(pickle.dumps(e.args))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # values pickle cannot take (a module, a function, …)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls and len(back.args) == len(e.args)
    if repr(twin) == repr(e.args):
        assert str(back) == text


@pytest.mark.parametrize("value", [date(2026, 3, 2), time(9, 0), datetime(2026, 3, 2, 9, 0), Decimal("1.5")])
def test_wrong_kinds_of_time_and_number_name_their_field(value: Any) -> None:
    c = World.new().complaint
    with pytest.raises(amends.InvalidAction) as e:
        c.note("x", by="tim", at=value)
    assert e.value.field == "at"
