"""The exceptions ``amends`` raises: one base, one subclass per kind of core error.

A refused call changes nothing, whichever exception it raises. ``str()`` of an exception is the
core's description of the error, the same text the Rust and C layers give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _native
from ._enums import RuleId

__all__ = ["AmendsError", "ConflictError", "InvalidAction", "ReplayError", "RuleViolation"]


class AmendsError(Exception):
    """Everything ``amends`` refuses. ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def _arg(self, index: int, missing: Any = None) -> Any:
        """The constructor argument at ``index``, or ``missing`` when ``args`` holds fewer."""
        return self.args[index] if index < len(self.args) else missing

    @property
    def message(self) -> str:
        """Why the call was refused."""
        return str(self._arg(0, ""))


# The subclasses keep their fields in `args`, in their constructor's order, so they pickle and so
# the native module can raise them without running Python code. `str()` asks the core to describe
# the fields (a refusal is more often caught than printed); a replay error carries its description.
#
# Like any exception, each may be made by hand with values of other types than documented (or have
# its `args` replaced): the constructors convert nothing that could fail, the properties give back
# what they cannot convert, and `str()` falls back to `Exception`'s text of the arguments when the
# core cannot describe them, so an exception never fails to print.


def _rule(value: Any) -> Any:
    """A rule id as its ``RuleId`` member; anything else unchanged."""
    if isinstance(value, RuleId):
        return value
    try:
        return RuleId(value)
    except (ValueError, TypeError):
        return value


def _count(value: Any) -> Any:
    """A history length as an ``int`` (an ``int`` subclass included); anything else unchanged."""
    return int(value) if isinstance(value, int) else value


def _described(error: BaseException, describe: Callable[[], str]) -> str:
    """The core's description of ``error``, or ``Exception``'s text of its arguments when the core
    cannot describe them (arguments of other types than documented)."""
    try:
        return describe()
    except (TypeError, ValueError, OverflowError):
        return Exception.__str__(error)


class RuleViolation(AmendsError):
    """The action is well formed but the playbook forbids it now: ``rule`` names the rule."""

    def __init__(self, rule: RuleId | str, message: str) -> None:
        Exception.__init__(self, _rule(rule), message)

    @property
    def rule(self) -> RuleId:
        """The stable id of the rule that refused the action."""
        rule: RuleId = _rule(self._arg(0))
        return rule

    @property
    def message(self) -> str:
        """What was missing, in words a person at a helpdesk understands."""
        return str(self._arg(1, ""))

    def __str__(self) -> str:
        return _described(self, lambda: str(_native.Violation(self._arg(0), self._arg(1))))


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
        field = self._arg(1)
        return None if field is None else str(field)

    def __str__(self) -> str:
        return _described(self, lambda: _native.input_error_text(self._arg(0), self._arg(1)))


class ConflictError(AmendsError):
    """The complaint changed since the caller read it: it has ``actual`` events, not ``expected``."""

    def __init__(self, expected: int, actual: int) -> None:
        Exception.__init__(self, expected, actual)

    @property
    def expected(self) -> int:
        """The history length the caller expected."""
        expected: int = _count(self._arg(0))
        return expected

    @property
    def actual(self) -> int:
        """The history length the complaint has."""
        actual: int = _count(self._arg(1))
        return actual

    @property
    def message(self) -> str:
        return _described(self, lambda: _native.conflict_text(self._arg(0), self._arg(1)))

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
            None if rule is None else _rule(rule),
            field,
            message if text is None else text,
        )

    @property
    def event_index(self) -> int:
        """The 0-based position of the refused event in the history."""
        index: int = _count(self._arg(0))
        return index

    @property
    def message(self) -> str:
        """Why the event was refused."""
        return str(self._arg(1, ""))

    @property
    def rule(self) -> RuleId | None:
        """The rule that refused the event, if a rule did."""
        rule = self._arg(2)
        return None if rule is None else _rule(rule)

    @property
    def field(self) -> str | None:
        """The malformed field, if the event was malformed."""
        field = self._arg(3)
        return None if field is None else str(field)

    def __str__(self) -> str:
        text = self._arg(4)
        return self.message if text is None else str(text)
