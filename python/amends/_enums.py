"""The public vocabulary as ``str`` enums: a member *is* its name (``Stage.LISTENING == "listening"``).

The classes are made here from the core's names (``_native.NAMES``), in the core's order, so they
cannot differ from the Rust sets. ``_enums.pyi`` spells the members out for type checkers; the
stub is checked against these classes by ``mypy.stubtest`` and against the core's names by the
tests.
"""

from __future__ import annotations

from enum import StrEnum

from ._native import NAMES

__all__ = [
    "ActionKind",
    "DeadlineKind",
    "FollowUpResult",
    "Outcome",
    "Preset",
    "PreventionSource",
    "RemedyKind",
    "RuleId",
    "Severity",
    "Stage",
]


class _Named(StrEnum):
    """A name from the public vocabulary; ``repr`` shows the name as written in JSON."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


def _vocabulary(name: str, doc: str) -> type[_Named]:
    """The enum class ``name`` whose values are the core's names for it, each member called by its
    value in capitals (``"time-order"`` is ``RuleId.TIME_ORDER``)."""
    members = [(value.upper().replace("-", "_"), value) for value in NAMES[name]]
    vocabulary = _Named(name, members, module=__name__, qualname=name)
    vocabulary.__doc__ = doc
    return vocabulary


Stage = _vocabulary("Stage", "Where a complaint stands.")
ActionKind = _vocabulary("ActionKind", 'The kind of an action: its ``"action"`` name in JSON.')
RuleId = _vocabulary("RuleId", "The stable id of a rule, in check order.")
Outcome = _vocabulary("Outcome", "How a case ended.")
FollowUpResult = _vocabulary("FollowUpResult", "What a follow-up found.")
PreventionSource = _vocabulary(
    "PreventionSource", "Who suggested how the problem could have been avoided."
)
RemedyKind = _vocabulary("RemedyKind", "What kind of remedy is proposed or agreed.")
Severity = _vocabulary(
    "Severity", "How serious a complaint is, as recorded when it was received."
)
DeadlineKind = _vocabulary("DeadlineKind", "Which deadline.")
Preset = _vocabulary("Preset", "A preset playbook.")
