"""The canonical complaint scenario in Python, four ways, in one run.

- ``amends typed``: ``Complaint.receive`` and one typed method per action (``c.listen(...)``).
- ``amends dicts``: ``Complaint.open(dict)`` and ``apply(dict)``, which returns each event as a dict.
- ``transitions``: the ``transitions`` package (0.9.x), one ``Machine`` shared by every complaint
  (``add_model``), the same stages and the rules the scenario meets written as conditions.
- ``plain class``: a hand-written class that records the same steps, with no rules at all.

The scenario (16 actions, 15 events): open, listen, restate, confirm, thank, apologize, diagnose,
ask, request, agree, plan, done, close (refused: no follow-up yet), follow_up, prevention, close.
Every contender gets the same inputs: aware ``datetime`` objects for ``at`` (RFC 3339 text in the
dicts, as JSON would give them).

Time: the best of several rounds of many complete scenarios, garbage collection off while timing
(as ``timeit`` does). Memory: the resident set size (RSS) grown by holding 10,000 completed
complaints, divided by 10,000 (``tracemalloc`` cannot see the Rust heap).

    python benches/python/bench.py [--rounds 7] [--scenarios 2000] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import amends
import transitions
from transitions import Machine

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


# The scenario's times, computed once.
T = {m: at(m) for m in (0, 2, 12, 13, 14, 15, 20, 21, 25, 30, 31, 24 * 60, 7 * 60, 7 * 60 + 5,
                        2 * 24 * 60, 2 * 24 * 60 + 10, 2 * 24 * 60 + 15)}
ACCOUNT = "The demo units came two days after the trade show, so Acme lost a sale."
SUMMARY = "Our delivery missed the show and you lost the sale you were counting on."
THANKS = "Thank you for coming straight to me with this."
APOLOGY = "I am sorry the late delivery cost you that sale."
ROOT_CAUSE = "The courier pickup was booked for the wrong week"
TASK = "Refund the shipping charge"
IDEA = "Send a shipping confirmation with a tracking link"
REMEDY = amends.Remedy(
    amends.RemedyKind.REFUND,
    "Refund the shipping and rush the next delivery free",
    amends.Money(4000, "USD"),
)
PLAYBOOK = amends.Playbook.preset("strict")

# ---------------------------------------------------------------------------------------------
# amends, typed methods


def amends_typed() -> amends.Complaint:
    c = amends.Complaint.receive(
        "Acme Ltd", "Demo units arrived late", by="tim", at=T[0], playbook=PLAYBOOK,
        id="C-1042", channel="walk-in", severity="high", category="delivery",
        value_at_stake=amends.Money(120_000),
    )
    c.listen(ACCOUNT, by="tim", at=T[2])
    c.restate(SUMMARY, by="tim", at=T[12])
    c.confirm(by="tim", at=T[13])
    c.thank(THANKS, by="tim", at=T[14])
    c.apologize(APOLOGY, by="tim", at=T[15])
    c.diagnose(ROOT_CAUSE, "logistics", by="tim", at=T[20])
    c.ask(by="tim", at=T[21])
    c.request(REMEDY, by="tim", at=T[25])
    c.agree(by="tim", at=T[30])
    c.plan(TASK, due=T[24 * 60], by="tim", at=T[31])
    c.done(1, by="tim", at=T[7 * 60])
    try:
        c.close("resolved", by="tim", at=T[7 * 60 + 5])
    except amends.RuleViolation:
        pass
    c.follow_up("satisfied", by="tim", at=T[2 * 24 * 60])
    c.prevention("customer", IDEA, by="tim", at=T[2 * 24 * 60 + 10])
    c.close("resolved", by="tim", at=T[2 * 24 * 60 + 15])
    return c


# ---------------------------------------------------------------------------------------------
# amends, dicts


def stamp(minutes: int) -> str:
    return T[minutes].isoformat().replace("+00:00", "Z")


BY = {"id": "tim"}
OPEN = {"action": "open", "at": stamp(0), "by": BY, "customer": "Acme Ltd",
        "summary": "Demo units arrived late", "id": "C-1042", "channel": "walk-in",
        "severity": "high", "category": "delivery",
        "value_at_stake": {"amount": 120_000, "currency": "USD"}}
ACTIONS: list[dict[str, Any]] = [
    {"action": "listen", "at": stamp(2), "by": BY, "account": ACCOUNT},
    {"action": "restate", "at": stamp(12), "by": BY, "summary": SUMMARY},
    {"action": "confirm", "at": stamp(13), "by": BY},
    {"action": "thank", "at": stamp(14), "by": BY, "statement": THANKS},
    {"action": "apologize", "at": stamp(15), "by": BY, "statement": APOLOGY},
    {"action": "diagnose", "at": stamp(20), "by": BY, "root_cause": ROOT_CAUSE, "category": "logistics"},
    {"action": "ask", "at": stamp(21), "by": BY},
    {"action": "request", "at": stamp(25), "by": BY, "remedy": REMEDY.to_dict()},
    {"action": "agree", "at": stamp(30), "by": BY},
    {"action": "plan", "at": stamp(31), "by": BY, "task": TASK, "due": stamp(24 * 60)},
    {"action": "done", "at": stamp(7 * 60), "by": BY, "task_id": 1},
]
REFUSED_CLOSE = {"action": "close", "at": stamp(7 * 60 + 5), "by": BY, "outcome": "resolved"}
AFTER: list[dict[str, Any]] = [
    {"action": "follow_up", "at": stamp(2 * 24 * 60), "by": BY, "result": "satisfied"},
    {"action": "prevention", "at": stamp(2 * 24 * 60 + 10), "by": BY, "source": "customer", "idea": IDEA},
    {"action": "close", "at": stamp(2 * 24 * 60 + 15), "by": BY, "outcome": "resolved"},
]


def amends_dicts() -> amends.Complaint:
    c = amends.Complaint.open(OPEN, PLAYBOOK)
    for action in ACTIONS:
        c.apply(action)
    try:
        c.apply(REFUSED_CLOSE)
    except amends.RuleViolation:
        pass
    for action in AFTER:
        c.apply(action)
    return c


# ---------------------------------------------------------------------------------------------
# transitions: the same stages, the rules the scenario meets as conditions

DEFLECTING = ("but", "however", "if you feel", "if you were", "you should have", "calm down", "our policy")
STAGES = ["open", "listening", "understood", "resolving", "agreed", "acting", "following_up", "closed"]
NOT_CLOSED = STAGES[:-1]


class TransitionsComplaint:
    """A complaint as a `transitions` model; the machine calls the conditions and `record`."""

    def __init__(self, customer: str, summary: str, by: str, at: datetime) -> None:
        self.history: list[tuple[Any, ...]] = [("open", at, by, customer, summary)]
        self.listened = False
        self.restatement_pending = False
        self.confirmed = False
        self.thanked = False
        self.apologized = False
        self.diagnosed = False
        self.proposal = 0
        self.has_proposal = False
        self.agreed = False
        self.tasks: list[bool] = []
        self.followed_up = False
        self.satisfied = False
        self.customer_prevention = False
        self.last_at = at

    # conditions
    def in_time(self, event: Any) -> bool:
        return bool(event.kwargs["at"] >= self.last_at)

    def has_listened(self, event: Any) -> bool:
        return self.listened

    def is_pending(self, event: Any) -> bool:
        return self.restatement_pending

    def is_confirmed(self, event: Any) -> bool:
        return self.confirmed

    def is_sincere(self, event: Any) -> bool:
        words = " " + " ".join(event.kwargs["text"].lower().replace(",", " ").split()) + " "
        return not any(f" {phrase} " in words for phrase in DEFLECTING)

    def can_agree(self, event: Any) -> bool:
        return self.has_proposal and self.apologized and self.proposal <= 5000

    def has_agreed(self, event: Any) -> bool:
        return self.agreed

    def is_last_task(self, event: Any) -> bool:
        task = event.kwargs["task_id"] - 1
        return 0 <= task < len(self.tasks) and all(done or i == task for i, done in enumerate(self.tasks))

    def is_open_task(self, event: Any) -> bool:
        task = event.kwargs["task_id"] - 1
        return 0 <= task < len(self.tasks) and not self.tasks[task]

    def can_close(self, event: Any) -> bool:
        return (self.followed_up and self.satisfied and self.thanked and self.diagnosed
                and self.customer_prevention)

    # the record of every accepted action
    def record(self, event: Any) -> None:
        kw = event.kwargs
        name = event.event.name
        self.last_at = kw["at"]
        self.history.append((name, kw["at"], kw["by"], kw.get("text")))
        if name == "listen":
            self.listened = True
        elif name == "restate":
            self.restatement_pending, self.confirmed = True, False
        elif name == "confirm":
            self.restatement_pending, self.confirmed = False, True
        elif name == "thank":
            self.thanked = True
        elif name == "apologize":
            self.apologized = True
        elif name == "diagnose":
            self.diagnosed = True
        elif name == "request":
            self.proposal, self.has_proposal = kw["amount"], True
        elif name == "agree":
            self.agreed, self.followed_up = True, False
        elif name == "plan":
            self.tasks.append(False)
        elif name == "done":
            self.tasks[kw["task_id"] - 1] = True
        elif name == "follow_up":
            self.followed_up, self.satisfied = True, kw["text"] == "satisfied"
        elif name == "prevention":
            self.customer_prevention = self.customer_prevention or kw["text"] == "customer"


def rule(trigger: str, source: Any, dest: str | None, *conditions: str) -> dict[str, Any]:
    return {"trigger": trigger, "source": source, "dest": dest,
            "conditions": ["in_time", *conditions], "after": "record"}


MACHINE = Machine(
    model=None,
    states=STAGES,
    transitions=[
        rule("listen", "open", "listening"),
        rule("listen", NOT_CLOSED[1:], None),
        rule("restate", ["listening", "understood"], "listening", "has_listened"),
        rule("confirm", "listening", "understood", "is_pending"),
        rule("thank", NOT_CLOSED, None),
        rule("apologize", NOT_CLOSED, None, "has_listened", "is_sincere"),
        rule("diagnose", NOT_CLOSED, None, "has_listened"),
        rule("ask", ["listening", "understood", "resolving"], "resolving", "has_listened", "is_confirmed"),
        rule("request", "resolving", None),
        rule("agree", "resolving", "agreed", "can_agree"),
        rule("plan", ["agreed", "acting", "following_up"], "acting", "has_agreed"),
        rule("done", "acting", "following_up", "is_last_task"),
        rule("done", "acting", None, "is_open_task"),
        rule("follow_up", ["listening", "understood", "resolving", "following_up"], None),
        rule("prevention", STAGES, None),
        rule("close", NOT_CLOSED, "closed", "can_close"),
    ],
    initial="open",
    auto_transitions=False,
    send_event=True,
)


def with_transitions() -> TransitionsComplaint:
    c = TransitionsComplaint("Acme Ltd", "Demo units arrived late", "tim", T[0])
    MACHINE.add_model(c)
    m: Any = c
    m.listen(at=T[2], by="tim", text=ACCOUNT)
    m.restate(at=T[12], by="tim", text=SUMMARY)
    m.confirm(at=T[13], by="tim")
    m.thank(at=T[14], by="tim", text=THANKS)
    m.apologize(at=T[15], by="tim", text=APOLOGY)
    m.diagnose(at=T[20], by="tim", text=ROOT_CAUSE)
    m.ask(at=T[21], by="tim")
    m.request(at=T[25], by="tim", text=REMEDY.description, amount=4000)
    m.agree(at=T[30], by="tim")
    m.plan(at=T[31], by="tim", text=TASK, due=T[24 * 60])
    m.done(at=T[7 * 60], by="tim", task_id=1)
    if m.close(at=T[7 * 60 + 5], by="tim", text="resolved"):
        raise AssertionError("transitions: the early close must be refused")
    m.follow_up(at=T[2 * 24 * 60], by="tim", text="satisfied")
    m.prevention(at=T[2 * 24 * 60 + 10], by="tim", text="customer")
    m.close(at=T[2 * 24 * 60 + 15], by="tim", text="resolved")
    return c


def transitions_timed() -> TransitionsComplaint:
    c = with_transitions()
    MACHINE.remove_model(c)
    return c


# ---------------------------------------------------------------------------------------------
# a plain class: the same steps, no rules


class Plain:
    __slots__ = ("history", "stage", "tasks")

    def __init__(self, customer: str, summary: str, *, by: str, at: datetime) -> None:
        self.history: list[tuple[Any, ...]] = [("open", at, by, customer, summary)]
        self.stage = "open"
        self.tasks = 0

    def _add(self, kind: str, at: datetime, by: str, value: Any = None) -> int:
        self.history.append((kind, at, by, value))
        return len(self.history)

    def listen(self, account: str, *, by: str, at: datetime) -> int:
        if self.stage == "open":
            self.stage = "listening"
        return self._add("listen", at, by, account)

    def restate(self, summary: str, *, by: str, at: datetime) -> int:
        self.stage = "listening"
        return self._add("restate", at, by, summary)

    def confirm(self, *, by: str, at: datetime) -> int:
        self.stage = "understood"
        return self._add("confirm", at, by)

    def thank(self, statement: str, *, by: str, at: datetime) -> int:
        return self._add("thank", at, by, statement)

    def apologize(self, statement: str, *, by: str, at: datetime) -> int:
        return self._add("apologize", at, by, statement)

    def diagnose(self, root_cause: str, category: str, *, by: str, at: datetime) -> int:
        return self._add("diagnose", at, by, (root_cause, category))

    def ask(self, *, by: str, at: datetime) -> int:
        self.stage = "resolving"
        return self._add("ask", at, by)

    def request(self, remedy: Any, *, by: str, at: datetime) -> int:
        return self._add("request", at, by, remedy)

    def agree(self, *, by: str, at: datetime) -> int:
        self.stage = "agreed"
        return self._add("agree", at, by)

    def plan(self, task: str, *, due: datetime, by: str, at: datetime) -> int:
        self.stage = "acting"
        self.tasks += 1
        return self._add("plan", at, by, (task, due))

    def done(self, task_id: int, *, by: str, at: datetime) -> int:
        self.stage = "following_up"
        return self._add("done", at, by, task_id)

    def follow_up(self, result: str, *, by: str, at: datetime) -> int:
        return self._add("follow_up", at, by, result)

    def prevention(self, source: str, idea: str | None = None, *, by: str, at: datetime) -> int:
        return self._add("prevention", at, by, (source, idea))

    def close(self, outcome: str, *, by: str, at: datetime) -> int:
        self.stage = "closed"
        return self._add("close", at, by, outcome)


def plain() -> Plain:
    c = Plain("Acme Ltd", "Demo units arrived late", by="tim", at=T[0])
    c.listen(ACCOUNT, by="tim", at=T[2])
    c.restate(SUMMARY, by="tim", at=T[12])
    c.confirm(by="tim", at=T[13])
    c.thank(THANKS, by="tim", at=T[14])
    c.apologize(APOLOGY, by="tim", at=T[15])
    c.diagnose(ROOT_CAUSE, "logistics", by="tim", at=T[20])
    c.ask(by="tim", at=T[21])
    c.request(REMEDY, by="tim", at=T[25])
    c.agree(by="tim", at=T[30])
    c.plan(TASK, due=T[24 * 60], by="tim", at=T[31])
    c.done(1, by="tim", at=T[7 * 60])
    c.close("resolved", by="tim", at=T[7 * 60 + 5])  # no rules: nothing refuses it
    c.follow_up("satisfied", by="tim", at=T[2 * 24 * 60])
    c.prevention("customer", IDEA, by="tim", at=T[2 * 24 * 60 + 10])
    c.close("resolved", by="tim", at=T[2 * 24 * 60 + 15])
    return c


# ---------------------------------------------------------------------------------------------


def check() -> None:
    """Every contender walks the scenario as described before any is timed."""
    typed, dicts = amends_typed(), amends_dicts()
    assert typed.stage == "closed" and len(typed) == 15, typed
    assert typed == dicts
    t = transitions_timed()
    assert getattr(t, "state") == "closed" and len(t.history) == 15, t.history
    p = plain()
    assert p.stage == "closed" and len(p.history) == 16


def best_time(run: Callable[[], object], scenarios: int, rounds: int) -> float:
    """The best (lowest) seconds per scenario over `rounds` rounds of `scenarios` runs."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(scenarios):
                run()
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        best = min(best, elapsed / scenarios)
    return best


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bytes_held(make: Callable[[], object], count: int) -> float:
    """RSS grown by holding `count` completed complaints, per complaint."""
    make()  # warm every cache (interned names, presets) first
    gc.collect()
    before = rss_bytes()
    held = [make() for _ in range(count)]
    gc.collect()
    after = rss_bytes()
    assert len(held) == count
    return (after - before) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--held", type=int, default=10_000)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    check()
    contenders: dict[str, Callable[[], object]] = {
        "amends typed": amends_typed,
        "amends dicts": amends_dicts,
        "transitions": transitions_timed,
        "plain class": plain,
    }
    # transitions is ~100x slower: fewer scenarios keep the run short at the same precision.
    scenarios = {name: args.scenarios // (20 if name == "transitions" else 1) for name in contenders}
    seconds = {name: best_time(run, scenarios[name], args.rounds) for name, run in contenders.items()}
    memory = {
        "amends typed": bytes_held(amends_typed, args.held),
        "transitions": bytes_held(with_transitions, args.held),
        "plain class": bytes_held(plain, args.held),
    }

    print(f"Python {platform.python_version()} on {platform.machine()}, amends {amends.__version__},"
          f" transitions {transitions.__version__}")
    print("canonical scenario: 16 actions (one refused close), 15 events; best of "
          f"{args.rounds} rounds\n")
    print(f"{'':14} {'µs/scenario':>12} {'µs/action':>10} {'x transitions':>14} {'x plain':>8}")
    for name, s in seconds.items():
        print(f"{name:14} {s * 1e6:12.2f} {s * 1e6 / 16:10.3f} {seconds['transitions'] / s:14.1f}"
              f" {seconds['plain class'] / s:8.2f}")
    print("\nmemory held per completed complaint (RSS growth over "
          f"{args.held:,} complaints)")
    for name, b in memory.items():
        print(f"{name:14} {b:8.0f} B")

    goals = {
        "typed >= 30x transitions": seconds["transitions"] / seconds["amends typed"] >= 30,
        "typed >= 0.5x plain class": seconds["plain class"] / seconds["amends typed"] >= 0.5,
        "dicts >= 10x transitions": seconds["transitions"] / seconds["amends dicts"] >= 10,
        "<= 3 KB per complaint held": memory["amends typed"] <= 3 * 1024,
    }
    print()
    for goal, met in goals.items():
        print(f"{'met ' if met else 'MISSED'}  {goal}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seconds_per_scenario": seconds, "bytes_per_complaint": memory,
                       "goals": goals, "python": sys.version}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
