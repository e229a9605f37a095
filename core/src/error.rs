//! The ways an action, a playbook or a stored complaint can be refused.

use crate::rules::RuleId;
use std::fmt;

/// Everything that can go wrong in `amends`. A refused call changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The action is well formed but the playbook forbids it now.
    #[error(transparent)]
    Rule(#[from] Violation),
    /// The input is malformed: it never could be accepted, whatever the complaint's state.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    /// The complaint changed since the caller last read it (optimistic concurrency).
    #[error("conflict: expected a history of {expected} events, the complaint has {actual}")]
    Conflict {
        /// The history length the caller expected.
        expected: usize,
        /// The history length the complaint has.
        actual: usize,
    },
    /// A stored history does not replay: the event at `index` (0-based) was refused.
    #[error("event {index} of the history does not replay: {source}")]
    Replay {
        /// The 0-based position of the refused event in the history.
        index: usize,
        /// Why the event was refused.
        source: Box<Error>,
    },
}

impl Error {
    /// The rule that refused the action, if this is a rule violation (also inside a replay error).
    pub fn rule(&self) -> Option<RuleId> {
        match self {
            Error::Rule(v) => Some(v.rule),
            Error::Replay { source, .. } => source.rule(),
            _ => None,
        }
    }

    /// The malformed field, if this is an input error and a field is to blame.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid(e) => e.field(),
            Error::Replay { source, .. } => source.field(),
            _ => None,
        }
    }

    /// The index of the refused event, if this error comes from replaying a history.
    pub fn event_index(&self) -> Option<usize> {
        match self {
            Error::Replay { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// An input error naming `field` (a dotted path), for hosts that validate input of their own.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(InvalidInput::new(Some(field.into()), message))
    }
}

/// A rule of the playbook refused the action: one rule id and a message that says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused by {rule}: {message}")]
pub struct Violation {
    /// The stable id of the rule.
    pub rule: RuleId,
    /// What was missing, in words a person at a helpdesk understands.
    pub message: String,
}

impl Violation {
    pub(crate) fn new(rule: RuleId, message: impl Into<String>) -> Self {
        Violation {
            rule,
            message: message.into(),
        }
    }
}

/// Malformed input: the field to blame (when one is) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    field: Option<String>,
    message: String,
}

impl InvalidInput {
    /// An input error, naming the field to blame when there is one.
    pub fn new(field: Option<String>, message: impl Into<String>) -> Self {
        InvalidInput {
            field,
            message: message.into(),
        }
    }

    /// The malformed field as a dotted path (`"remedy.value.currency"`), when one is to blame.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// What is wrong with the input.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "invalid `{field}`: {}", self.message),
            None => write!(f, "invalid input: {}", self.message),
        }
    }
}

impl std::error::Error for InvalidInput {}

/// Turns a deserialisation error with its path into an input error naming the field.
pub(crate) fn from_serde<E: fmt::Display>(err: serde_path_to_error::Error<E>) -> Error {
    let path = err.path().to_string();
    let raw = err.into_inner().to_string();
    // serde_json appends " at line L column C"; the field path says more to a person.
    let message = match raw.rfind(" at line ") {
        Some(cut)
            if raw[cut + 9..]
                .split(" column ")
                .all(|n| n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            raw[..cut].to_string()
        }
        _ => raw,
    };
    let mut field = if path == "." || path == "?" {
        None
    } else {
        Some(path)
    };
    // "missing field `x`" is reported at the parent; name the field itself.
    if let Some(rest) = message.strip_prefix("missing field `") {
        if let Some(name) = rest.strip_suffix('`') {
            field = Some(match field {
                Some(parent) => format!("{parent}.{name}"),
                None => name.to_string(),
            });
        }
    }
    // The path already ends in the unknown key; the list of every known key says little.
    let message = match message.find("`, expected") {
        Some(cut) if message.starts_with("unknown field `") => format!("{}`", &message[..cut]),
        _ => message,
    };
    Error::Invalid(InvalidInput::new(field, message))
}

/// Malformed JSON text: no field to blame.
pub(crate) fn syntax(err: serde_json::Error) -> Error {
    Error::Invalid(InvalidInput::new(None, format!("malformed JSON: {err}")))
}
