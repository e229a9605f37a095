"""Walks a customer complaint from receipt to closure and refuses the moves good complaint handling
forbids: a remedy before an apology, an apology with an excuse, closing without a follow-up.

>>> import amends
>>> c = amends.Complaint.receive("Acme Ltd", "Demo units arrived late", by="tim",
...                              at="2026-03-02T09:00:00Z")
>>> c.listen("We lost the sale.", by="tim", at="2026-03-02T09:05:00Z")
2
>>> c.stage == "listening"
True
"""

from __future__ import annotations

from ._enums import (
    ActionKind,
    DeadlineKind,
    FollowUpResult,
    Outcome,
    Preset,
    PreventionSource,
    RemedyKind,
    RuleId,
    Severity,
    Stage,
)
from ._errors import AmendsError, ConflictError, InvalidAction, ReplayError, RuleViolation
from ._native import (
    Breach,
    Complaint,
    Deadline,
    Ledger,
    Money,
    Playbook,
    Remedy,
    Violation,
    __version__,
)

__all__ = [
    "ActionKind",
    "AmendsError",
    "Breach",
    "Complaint",
    "ConflictError",
    "Deadline",
    "DeadlineKind",
    "FollowUpResult",
    "InvalidAction",
    "Ledger",
    "Money",
    "Outcome",
    "Playbook",
    "Preset",
    "PreventionSource",
    "Remedy",
    "RemedyKind",
    "ReplayError",
    "RuleId",
    "RuleViolation",
    "Severity",
    "Stage",
    "Violation",
    "__version__",
]
