"""A helpdesk report from a file of complaint events.

Reads JSON lines, one event a line: ``{"complaint": "C-1042", "action": {…an amends action…}}``.
The first action of a complaint opens it; the rest are applied in order. A refused action is
reported with the rule that refused it and changes nothing. Then, at ``--now`` (default: the
latest time in the file), the report lists what is overdue and, for each open complaint, what
blocks closing it and what can be done next.

    python examples/helpdesk.py examples/events.jsonl --now 2026-03-06T12:00:00Z
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import amends


@dataclass
class Case:
    """A complaint and the actions the file tried that were refused."""

    complaint: amends.Complaint
    refused: list[str] = field(default_factory=list)


def when(text: str) -> datetime:
    """An RFC 3339 timestamp as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def duration(seconds: int) -> str:
    """`3725` as `1h 2m`."""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    return " ".join(p for p in parts if p) or f"{seconds}s"


def read(path: Path, playbook: amends.Playbook) -> tuple[dict[str, Case], list[str], datetime | None]:
    """Applies every event in the file; returns the cases, the lines that could not be read at all,
    and the latest time seen."""
    cases: dict[str, Case] = {}
    unreadable: list[str] = []
    latest: datetime | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(line)
            key = str(record["complaint"])
            action: dict[str, Any] = record["action"]
            kind = str(action.get("action", "?"))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            unreadable.append(f"line {number}: not an event ({e})")
            continue
        case = cases.get(key)
        try:
            if case is None:
                cases[key] = Case(amends.Complaint.open(action, playbook))
            else:
                case.complaint.apply(action)
        except amends.RuleViolation as e:
            target = case if case is not None else None
            message = f"line {number}: {kind} refused by {e.rule}: {e.message}"
            if target is None:
                unreadable.append(f"{key} {message}")
            else:
                target.refused.append(message)
        except amends.AmendsError as e:
            message = f"line {number}: {kind} is malformed: {e}"
            if case is None:
                unreadable.append(f"{key} {message}")
            else:
                case.refused.append(message)
        else:
            at = when(str(action["at"]))
            latest = at if latest is None or at > latest else latest
    return cases, unreadable, latest


def report(cases: dict[str, Case], now: datetime) -> list[str]:
    """The report's lines: overdue deadlines, then what blocks each open complaint."""
    out = [f"Helpdesk report at {now.isoformat().replace('+00:00', 'Z')}", ""]
    out.append("Overdue")
    overdue = 0
    for key, case in cases.items():
        for breach in case.complaint.breaches(now):
            overdue += 1
            task = f" (task {breach.task_id})" if breach.task_id is not None else ""
            out.append(
                f"  {key}  {breach.deadline.value}{task}: due {breach.due:%Y-%m-%d %H:%M}Z,"
                f" late by {duration(breach.late_by_seconds)}"
            )
    if not overdue:
        out.append("  nothing")
    out.append("")
    out.append("Blocked")
    close: dict[str, Any] = {
        "action": "close",
        "at": now,
        "by": {"id": "helpdesk"},
        "outcome": amends.Outcome.RESOLVED,
    }
    for key, case in cases.items():
        c = case.complaint
        if c.stage == amends.Stage.CLOSED:
            out.append(f"  {key}  closed ({c.outcome})")
            continue
        out.append(f"  {key}  {c.history[0]['customer']}: stage {c.stage.value}, {len(c)} events")
        for refusal in case.refused:
            out.append(f"    refused  {refusal}")
        try:
            unmet = c.check({**close, "at": max(now, when(str(c.history[-1]["at"])))})
        except amends.AmendsError as e:
            out.append(f"    cannot close: {e}")
        else:
            for violation in unmet:
                out.append(f"    to close: {violation.rule}: {violation.message}")
        if c.open_tasks:
            out.append(f"    open tasks: {', '.join(str(t) for t in c.open_tasks)}")
        nxt = c.next_deadline(now)
        if nxt is not None:
            out.append(f"    next deadline: {nxt.deadline.value} due {nxt.due:%Y-%m-%d %H:%M}Z")
        out.append(f"    can do now: {', '.join(k.value for k in c.next_actions())}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "events", type=Path, nargs="?", default=Path(__file__).with_name("events.jsonl")
    )
    parser.add_argument("--now", help="RFC 3339 time to measure deadlines at")
    parser.add_argument("--playbook", default="strict", help="a preset name or a playbook JSON file")
    args = parser.parse_args(argv)
    playbook_arg = str(args.playbook)
    if Path(playbook_arg).is_file():
        playbook = amends.Playbook.from_json(Path(playbook_arg).read_text(encoding="utf-8"))
    else:
        playbook = amends.Playbook.preset(playbook_arg)
    cases, unreadable, latest = read(args.events, playbook)
    now = when(args.now) if args.now else latest
    if now is None:
        print("no complaints in the file", file=sys.stderr)
        return 1
    for line in report(cases, now):
        print(line)
    for line in unreadable:
        print(f"skipped  {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
