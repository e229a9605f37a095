"""`amends.Ledger`: repeats, the review, the CSV export, and the errors of bad input."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import at, opened, walk_to_close

import amends

NOW = at(3 * 24 * 60)

# The ledger vectors every binding runs (format in tests/ledger/README.md).
LEDGERS = Path(__file__).resolve().parents[2] / "tests" / "ledger"


def complaint(customer: str, category: str, minutes: float, id: str | None = None) -> amends.Complaint:
    return amends.Complaint.receive(
        customer, "Something went wrong", by="tim", at=at(minutes), id=id, category=category
    )


def ledger() -> amends.Ledger:
    """Four complaints: C-1042 closed (diagnosed `logistics`), C-2 of the same customer and
    category, one without an id (`#3`), and C-4 added as JSON; one refusal recorded."""
    first = opened()
    walk_to_close(first)
    second = complaint("Acme Ltd", "logistics", 60, id="C-2")
    second.listen("The second shipment was late too.", by="tim", at=at(61))
    ledger = amends.Ledger()
    assert ledger.add(first) == []
    warnings = ledger.add(second)
    assert sorted((w["kind"], w["value"], w["seen"]) for w in warnings) == [
        ("category", "logistics", 1),
        ("customer", "Acme Ltd", 1),
    ]
    assert ledger.add(complaint("Bolt Inc", "billing", 120)) == []
    warnings = ledger.add_json(complaint("Cog Co", "logistics", 180, id="C-4").to_json())
    assert [(w["kind"], w["value"], w["seen"]) for w in warnings] == [("category", "logistics", 2)]
    ledger.record_refusal("C-1042", amends.RuleId.FOLLOW_UP_BEFORE_CLOSE)
    ledger.record_refusal("#3", "follow-up-before-close")
    return ledger


def test_review_is_the_cores_json_as_a_dict() -> None:
    l = ledger()
    assert len(l) == 4
    review = l.review(NOW)
    assert review == json.loads(l.review_json(NOW))
    assert review == json.loads(l.review_json(NOW.isoformat(), pretty=True))
    assert review["complaints"] == 4
    assert review["by_stage"] == {
        "open": 2,
        "listening": 1,
        "understood": 0,
        "resolving": 0,
        "agreed": 0,
        "acting": 0,
        "following_up": 0,
        "closed": 1,
    }
    assert review["by_outcome"] == {"resolved": 1, "unresolved": 0, "withdrawn": 0}
    assert review["refusals"] == {"follow-up-before-close": 2}


def test_repeats_by_construction() -> None:
    repeats = ledger().repeats()
    assert repeats["window_seconds"] == 30 * 24 * 60 * 60
    assert repeats["by_customer"] == [{"value": "Acme Ltd", "complaints": 2, "repeats": 1}]
    assert repeats["by_category"] == [{"value": "logistics", "complaints": 3, "repeats": 2}]


def test_window() -> None:
    assert amends.Ledger(window=3600).repeats()["window_seconds"] == 3600
    short = amends.Ledger(window=timedelta(minutes=30))
    assert short.repeats()["window_seconds"] == 1800
    assert short.add(complaint("Acme Ltd", "delivery", 0, id="A")) == []
    assert short.add(complaint("Acme Ltd", "delivery", 60, id="B")) == []
    assert short.add(complaint("Acme Ltd", "delivery", 70, id="C")) != []
    assert len(short) == 3


def test_markdown_and_csv() -> None:
    l = ledger()
    assert isinstance(l.review_markdown(NOW), str) and l.review_markdown(NOW)
    rows = l.to_csv(NOW).splitlines()
    assert len(rows) == 5
    assert rows[1].startswith("C-1042,")


def lines(text: str) -> list[str]:
    """The lines of a file whose every line ends with a newline."""
    assert text.endswith("\n")
    return text[:-1].split("\n")


def test_small_ledger_writes_the_shared_outputs_byte_for_byte() -> None:
    """tests/ledger/small: the review and the CSV are the bytes Rust and C write."""
    case = LEDGERS / "small"

    def read(name: str) -> str:
        # As bytes: the CSV's line ends and the line break inside a quoted field stay as they are.
        return (case / name).read_bytes().decode("utf-8")

    l = amends.Ledger()
    complaints = lines(read("complaints.jsonl"))
    added = lines(read("added.jsonl"))
    assert len(complaints) == len(added) == 3
    for complaint_json, expected in zip(complaints, added, strict=True):
        assert l.add_json(complaint_json) == json.loads(expected)["warnings"]
    for refusal in lines(read("refusals.tsv")):
        key, rule = refusal.split("\t")
        l.record_refusal(key, rule)
    now = read("now.txt").strip()
    assert l.review_json(now, pretty=True) == read("review.json")
    assert l.review_markdown(now) == read("review.md")
    assert l.to_csv(now) == read("ledger.csv")
    # A datetime for the same instant writes the same report.
    assert l.to_csv(datetime.fromisoformat(now)) == read("ledger.csv")


def test_bad_input() -> None:
    l = ledger()
    with pytest.raises(amends.InvalidAction):
        l.record_refusal("C-1042", "no-such-rule")
    with pytest.raises(amends.InvalidAction):
        l.record_refusal("C-9999", amends.RuleId.FOLLOW_UP_BEFORE_CLOSE)
    with pytest.raises(amends.InvalidAction):
        l.review(datetime(2026, 3, 5, 12, 0))
    with pytest.raises(amends.InvalidAction):
        l.to_csv("not a time")
    with pytest.raises(amends.InvalidAction):
        l.add({"customer": "Acme Ltd"})  # type: ignore[arg-type]
    with pytest.raises(amends.AmendsError):
        l.add(opened())  # C-1042 is already in the ledger
    with pytest.raises(amends.AmendsError):
        l.add_json("{")
    with pytest.raises(amends.InvalidAction):
        amends.Ledger(window="30 days")  # type: ignore[arg-type]
    with pytest.raises(amends.InvalidAction):
        amends.Ledger(window=True)  # type: ignore[arg-type]
    for negative in (-1, timedelta(seconds=-1)):
        with pytest.raises(amends.InvalidAction) as caught:
            amends.Ledger(window=negative)
        assert caught.value.field == "window"
        assert str(caught.value.message) == "-1 seconds is negative: a window is a length of time"
    assert amends.Ledger(window=0).repeats()["window_seconds"] == 0
    assert len(l) == 4
    assert l.review(NOW)["refusals"] == {"follow-up-before-close": 2}


def test_shared_between_threads() -> None:
    l = amends.Ledger()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def add(n: int) -> None:
        for i in range(25):
            l.add(amends.Complaint.receive("Acme Ltd", "Late", by="tim", at=start, id=f"T-{n}-{i}"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(l) == 200
    assert l.review(start)["complaints"] == 200
