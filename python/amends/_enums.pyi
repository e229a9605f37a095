"""The public vocabulary as ``str`` enums, spelled out for type checkers.

At run time ``_enums.py`` makes these classes from the core's names; ``mypy.stubtest`` and the
test suite check that this file lists the same members, in the same order.
"""

from enum import StrEnum

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

class Stage(StrEnum):
    """Where a complaint stands."""

    OPEN = "open"
    LISTENING = "listening"
    UNDERSTOOD = "understood"
    RESOLVING = "resolving"
    AGREED = "agreed"
    ACTING = "acting"
    FOLLOWING_UP = "following_up"
    CLOSED = "closed"

class ActionKind(StrEnum):
    """The kind of an action: its ``"action"`` name in JSON."""

    OPEN = "open"
    LISTEN = "listen"
    RESTATE = "restate"
    CONFIRM = "confirm"
    CORRECT = "correct"
    THANK = "thank"
    APOLOGIZE = "apologize"
    DIAGNOSE = "diagnose"
    ASK = "ask"
    REQUEST = "request"
    NO_REQUEST = "no_request"
    OFFER = "offer"
    APPROVE = "approve"
    AGREE = "agree"
    DECLINE = "decline"
    SUSPECT_BAD_FAITH = "suspect_bad_faith"
    STAND_FIRM = "stand_firm"
    PLAN = "plan"
    DONE = "done"
    FOLLOW_UP = "follow_up"
    PREVENTION = "prevention"
    ESCALATE = "escalate"
    NOTE = "note"
    CLOSE = "close"
    REOPEN = "reopen"

class RuleId(StrEnum):
    """The stable id of a rule, in check order."""

    TIME_ORDER = "time-order"
    CLOSED_IS_FINAL = "closed-is-final"
    LISTEN_FIRST = "listen-first"
    LISTEN_BEFORE_APOLOGY = "listen-before-apology"
    DIAGNOSE_BEFORE_APOLOGY = "diagnose-before-apology"
    RESTATE_BEFORE_RESOLVING = "restate-before-resolving"
    APOLOGY_BEFORE_REMEDY = "apology-before-remedy"
    SINCERE_APOLOGY = "sincere-apology"
    ASK_CUSTOMER_FIRST = "ask-customer-first"
    COUNTER_OFFER_NEEDS_REASON = "counter-offer-needs-reason"
    AUTHORITY_LIMIT = "authority-limit"
    BAD_FAITH_NEEDS_EVIDENCE = "bad-faith-needs-evidence"
    STAND_FIRM_NEEDS_BAD_FAITH = "stand-firm-needs-bad-faith"
    AGREEMENT_BEFORE_ACTION = "agreement-before-action"
    TASKS_BEFORE_FOLLOW_UP = "tasks-before-follow-up"
    FOLLOW_UP_BEFORE_CLOSE = "follow-up-before-close"
    SATISFIED_TO_RESOLVE = "satisfied-to-resolve"
    THANK_BEFORE_CLOSE = "thank-before-close"
    ROOT_CAUSE_BEFORE_CLOSE = "root-cause-before-close"
    PREVENTION_BEFORE_CLOSE = "prevention-before-close"
    OUT_OF_ORDER = "out-of-order"

class Outcome(StrEnum):
    """How a case ended."""

    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    WITHDRAWN = "withdrawn"

class FollowUpResult(StrEnum):
    """What a follow-up found."""

    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"
    UNREACHABLE = "unreachable"

class PreventionSource(StrEnum):
    """Who suggested how the problem could have been avoided."""

    CUSTOMER = "customer"
    EMPLOYEE = "employee"

class RemedyKind(StrEnum):
    """What kind of remedy is proposed or agreed."""

    REFUND = "refund"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    CREDIT = "credit"
    DISCOUNT = "discount"
    REDELIVERY = "redelivery"
    OTHER = "other"

class Severity(StrEnum):
    """How serious a complaint is, as recorded when it was received."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

class DeadlineKind(StrEnum):
    """Which deadline."""

    FIRST_RESPONSE = "first_response"
    PLAN = "plan"
    TASK = "task"
    FOLLOW_UP = "follow_up"
    RESOLUTION = "resolution"

class Preset(StrEnum):
    """A preset playbook."""

    STRICT = "strict"
    SEVEN_STEP = "seven_step"
    MAKE_IT_RIGHT = "make_it_right"
    THINK_FIRST = "think_first"
    SORRY_FIRST = "sorry_first"
    ACTIVE_LISTENING = "active_listening"
