#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod names;

mod action;
mod complaint;
mod deadline;
mod diagram;
mod error;
mod ledger;
mod playbook;
mod rules;
mod stage;
mod timeline;
mod verify;

pub use action::{
    Action, ActionKind, Actor, Currency, FollowUpResult, Money, Open, Outcome, PreventionSource, Remedy,
    RemedyKind, Severity,
};
pub use complaint::{Complaint, Event, SCHEMA};
pub use deadline::{Breach, Deadline, DeadlineKind};
pub use diagram::{Authority, Diagram, Edge, Move, StageNode};
pub use error::{Error, InvalidInput, Violation};
pub use jiff::{SignedDuration, Timestamp};
pub use ledger::{
    Added, Flag, Ledger, PreventionGroup, Reopens, RepeatGroup, RepeatKind, RepeatWarning, Repeats, Review,
    RootCause, Satisfaction, Timing, DEFAULT_WINDOW, EXAMPLES,
};
pub use playbook::{Deadlines, Limits, Period, Playbook, Preset, DEFAULT_APOLOGY_PHRASES};
pub use rules::RuleId;
pub use stage::Stage;
pub use verify::{
    verify, Bounds, Counterexample, Finding, Invariant, StageReach, Status, Verification, TASK_BOUND,
};
