"""The exceptions ``amends`` raises: one base, one subclass per kind of core error.

A refused call changes nothing, whichever exception it raises. ``str()`` of an exception is the
core's description of the error, the same text the Rust and C layers give.
"""

from __future__ import annotations

from . import _native
from ._enums import RuleId

__all__ = ["AmendsError", "ConflictError", "InvalidAction", "ReplayError", "RuleViolation"]


class AmendsError(Exception):
    """Everything ``amends`` refuses. ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        """Why the call was refused."""
        return str(self.args[0])


# The subclasses keep their fields in `args`, in their constructor's order, so they pickle and so
# the native module can raise them without running Python code. `str()` asks the core to describe
# the fields (a refusal is more often caught than printed); a replay error carries its description.


class RuleViolation(AmendsError):
    """The action is well formed but the playbook forbids it now: ``rule`` names the rule."""

    def __init__(self, rule: RuleId | str, message: str) -> None:
        Exception.__init__(self, RuleId(rule), message)

    @property
    def rule(self) -> RuleId:
        """The stable id of the rule that refused the action."""
        rule = self.args[0]
        return rule if isinstance(rule, RuleId) else RuleId(rule)

    @property
    def message(self) -> str:
        """What was missing, in words a person at a helpdesk understands."""
        return str(self.args[1])

    def __str__(self) -> str:
        return str(_native.Violation(self.rule, self.message))


class InvalidAction(AmendsError, ValueError):
    """The input is malformed and never could be accepted; ``field`` names the field to blame as a
    dotted path (``"remedy.value.currency"``), or is None when no one field is.

    Raised for malformed actions, playbooks and stored complaints alike, and for Python values of
    the wrong type (a naive ``datetime``, NaN, bytes, …)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        Exception.__init__(self, message, field)

    @property
    def field(self) -> str | None:
        """The malformed field as a dotted path, when one is to blame."""
        field = self.args[1]
        return None if field is None else str(field)

    def __str__(self) -> str:
        return _native.input_error_text(self.message, self.field)


class ConflictError(AmendsError):
    """The complaint changed since the caller read it: it has ``actual`` events, not ``expected``."""

    def __init__(self, expected: int, actual: int) -> None:
        Exception.__init__(self, expected, actual)

    @property
    def expected(self) -> int:
        """The history length the caller expected."""
        return int(self.args[0])

    @property
    def actual(self) -> int:
        """The history length the complaint has."""
        return int(self.args[1])

    @property
    def message(self) -> str:
        return _native.conflict_text(self.expected, self.actual)

    def __str__(self) -> str:
        return self.message


class ReplayError(AmendsError, ValueError):
    """A stored history does not replay: the event at ``event_index`` (0-based) was refused.

    ``message`` says why the event was refused, ``rule`` or ``field`` which rule or field refused
    it, as in ``RuleViolation`` and ``InvalidAction``; the refusal itself is the ``__cause__``.
    ``str()`` is ``text``: raised by ``amends``, the core's description, which names the event's
    index too; made by hand without one, the ``message``."""

    def __init__(
        self,
        event_index: int,
        message: str,
        rule: RuleId | str | None = None,
        field: str | None = None,
        text: str | None = None,
    ) -> None:
        Exception.__init__(
            self,
            event_index,
            message,
            None if rule is None else RuleId(rule),
            field,
            message if text is None else text,
        )

    @property
    def event_index(self) -> int:
        """The 0-based position of the refused event in the history."""
        return int(self.args[0])

    @property
    def message(self) -> str:
        """Why the event was refused."""
        return str(self.args[1])

    @property
    def rule(self) -> RuleId | None:
        """The rule that refused the event, if a rule did."""
        rule = self.args[2]
        return rule if rule is None or isinstance(rule, RuleId) else RuleId(rule)

    @property
    def field(self) -> str | None:
        """The malformed field, if the event was malformed."""
        field = self.args[3]
        return None if field is None else str(field)

    def __str__(self) -> str:
        return str(self.args[4])
