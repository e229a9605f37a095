"""Several threads on separate complaints and on one shared complaint: safe, no lost updates."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest

import amends

from conftest import at, opened, walk_to_close

THREADS = 8


@pytest.fixture(autouse=True)
def switch_often() -> Iterator[None]:
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def run_all(work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def target(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_separate_complaints() -> None:
    done: list[amends.Complaint] = []

    def work(i: int) -> None:
        for _ in range(20):
            c = opened()
            walk_to_close(c)
            done.append(c)

    run_all(work)
    assert len(done) == THREADS * 20
    assert all(c.stage == "closed" and len(c) == 15 for c in done)


def test_one_shared_complaint() -> None:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    per_thread = 200

    def work(i: int) -> None:
        for n in range(per_thread):
            if i % 2:
                c.note(f"thread {i} note {n}", by=f"agent{i}", at=at(2))
            else:
                c.apply({"action": "note", "at": at(2), "by": {"id": f"agent{i}"}, "text": f"{i}/{n}"})
            # Readers interleave with the writers.
            assert c.stage == "listening"
            c.check({"action": "note", "at": at(2), "by": {"id": "x"}, "text": "x"})
            c.next_actions()
            if n % 25 == 0:
                assert len(c.history) >= 2
                c.to_json()
            # A refusal from another thread's point of view changes nothing either.
            with pytest.raises(amends.RuleViolation):
                c.ask(by="tim", at=at(2))

    run_all(work)
    assert len(c) == 2 + THREADS * per_thread
    assert [e["seq"] for e in c.history] == list(range(1, len(c) + 1))
    assert amends.Complaint.from_json(c.to_json()) == c


def test_optimistic_concurrency_loses_no_update() -> None:
    c = opened()
    c.listen("late", by="tim", at=at(1))
    won = [0] * THREADS
    lost = [0] * THREADS

    def work(i: int) -> None:
        for n in range(200):
            seen = len(c)
            try:
                c.note(f"{i}/{n}", by="tim", at=at(2), expected=seen)
                won[i] += 1
            except amends.ConflictError as e:
                assert e.expected == seen and e.actual > seen
                lost[i] += 1

    run_all(work)
    assert len(c) == 2 + sum(won)
    assert sum(won) + sum(lost) == THREADS * 200


def test_shared_complaint_walked_by_many_threads() -> None:
    """Threads race to take the same canonical steps; each step lands exactly once."""
    c = opened()
    steps: list[Callable[[int], object]] = [
        lambda n: c.listen("late", by="tim", at=at(1), expected=n),
        lambda n: c.restate("late delivery", by="tim", at=at(2), expected=n),
        lambda n: c.confirm(by="tim", at=at(3), expected=n),
        lambda n: c.thank("Thank you for telling us.", by="tim", at=at(4), expected=n),
        lambda n: c.apologize("I am sorry.", by="tim", at=at(5), expected=n),
    ]

    def work(i: int) -> None:
        for index, step in enumerate(steps):
            try:
                step(index + 1)
            except amends.ConflictError:
                pass

    run_all(work)
    assert [e["action"] for e in c.history] == ["open", "listen", "restate", "confirm", "thank", "apologize"]
