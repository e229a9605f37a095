"""Shared helpers for the amends test suite."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import amends

# No example database on disk: runs are reproducible from the seed hypothesis prints on failure.
settings.register_profile("amends", database=None)
settings.load_profile("amends")

SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "scenarios"

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    """The canonical start time plus `minutes`."""
    return T0 + timedelta(minutes=minutes)


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def walk_to_close(c: amends.Complaint, start: float = 1) -> None:
    """Walks an open strict complaint (opened at `at(0)` or before `at(start)`) to closed, with
    typed methods: the canonical scenario, including one refused early close."""
    m = start
    c.listen("The demo units came two days after the trade show.", by="tim", at=at(m + 1))
    c.restate("Our delivery missed the show and you lost the sale.", by="tim", at=at(m + 11))
    c.confirm(by="tim", at=at(m + 12))
    c.thank("Thank you for coming straight to me with this.", by="tim", at=at(m + 13))
    c.apologize("I am sorry the late delivery cost you that sale.", by="tim", at=at(m + 14))
    c.diagnose("The courier pickup was booked for the wrong week", "logistics", by="tim", at=at(m + 19))
    c.ask(by="tim", at=at(m + 20))
    c.request(
        amends.Remedy("refund", "Refund the shipping", value=amends.Money(4000, "USD")),
        by="tim",
        at=at(m + 24),
    )
    c.agree(by="tim", at=at(m + 29))
    c.plan("Refund the shipping charge", due=at(m + 24 * 60), by="tim", at=at(m + 30))
    c.done(1, by="tim", at=at(m + 7 * 60))
    with pytest.raises(amends.RuleViolation) as refused:
        c.close("resolved", by="tim", at=at(m + 7 * 60 + 5))
    assert refused.value.rule == amends.RuleId.FOLLOW_UP_BEFORE_CLOSE
    c.follow_up("satisfied", by="tim", at=at(m + 2 * 24 * 60))
    c.prevention("customer", "Send a shipping confirmation with a tracking link", by="tim", at=at(m + 2 * 24 * 60 + 10))
    c.close(amends.Outcome.RESOLVED, by="tim", at=at(m + 2 * 24 * 60 + 15))


def opened(playbook: amends.Playbook | str | None = None) -> amends.Complaint:
    return amends.Complaint.receive(
        "Acme Ltd",
        "Demo units arrived late",
        by="tim",
        at=at(0),
        id="C-1042",
        channel="walk-in",
        severity="high",
        category="delivery",
        value_at_stake=amends.Money(120_000),
        playbook=playbook,
    )
