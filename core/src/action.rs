//! Actions: what staff record happening to a complaint, as typed values and as JSON.

use crate::error::{from_serde, syntax, Error, InvalidInput};
use crate::names::{map_only, named_enum};
use crate::playbook::Playbook;
use crate::stage::Stage;
use jiff::civil::DateTime;
use jiff::fmt::temporal::DateTimeParser;
use jiff::tz::Offset;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

named_enum! {
    /// The kind of an action: its `"action"` name in JSON.
    pub enum ActionKind ("action") {
        /// A complaint was received.
        Open = "open",
        /// The customer's story was heard and written down.
        Listen = "listen",
        /// Staff repeated the problem back.
        Restate = "restate",
        /// The customer confirmed the restatement.
        Confirm = "confirm",
        /// The customer said the restatement was wrong.
        Correct = "correct",
        /// The customer was thanked for raising it.
        Thank = "thank",
        /// A sincere apology was made.
        Apologize = "apologize",
        /// What broke, and where.
        Diagnose = "diagnose",
        /// "What can I do to make this right?"
        Ask = "ask",
        /// The customer said what would make it right.
        Request = "request",
        /// The customer could not or would not suggest a remedy.
        NoRequest = "no_request",
        /// Staff proposed a remedy.
        Offer = "offer",
        /// Someone with enough authority approved the open proposal.
        Approve = "approve",
        /// Both sides agreed to the open proposal.
        Agree = "agree",
        /// The customer declined the open offer.
        Decline = "decline",
        /// Staff recorded evidence the customer is taking advantage.
        SuspectBadFaith = "suspect_bad_faith",
        /// Staff refused without a counter-offer.
        StandFirm = "stand_firm",
        /// A task that carries out the agreed remedy.
        Plan = "plan",
        /// A task was completed.
        Done = "done",
        /// Staff checked back with the customer.
        FollowUp = "follow_up",
        /// How the problem could have been avoided.
        Prevention = "prevention",
        /// Handed to someone with more authority.
        Escalate = "escalate",
        /// A free note.
        Note = "note",
        /// The case was closed.
        Close = "close",
        /// A closed case was reopened.
        Reopen = "reopen",
    }
}

named_enum! {
    /// What kind of remedy is proposed or agreed.
    pub enum RemedyKind ("remedy kind") {
        /// Money back.
        Refund = "refund",
        /// A new item in place of the faulty one.
        Replacement = "replacement",
        /// The item is repaired.
        Repair = "repair",
        /// Credit on the customer's account.
        Credit = "credit",
        /// A discount on this or a future purchase.
        Discount = "discount",
        /// The delivery is made again.
        Redelivery = "redelivery",
        /// Anything else, described in words.
        Other = "other",
    }
}

named_enum! {
    /// How serious the complaint is, as recorded at `open`.
    pub enum Severity ("severity") {
        /// An annoyance.
        Low = "low",
        /// A real problem for the customer.
        Medium = "medium",
        /// The customer lost something of value.
        High = "high",
        /// The relationship is at stake.
        Critical = "critical",
    }
}

named_enum! {
    /// What a follow-up found.
    pub enum FollowUpResult ("follow-up result") {
        /// The customer is happy with the result.
        Satisfied = "satisfied",
        /// The customer is not happy: try again.
        Unsatisfied = "unsatisfied",
        /// The customer could not be reached.
        Unreachable = "unreachable",
    }
}

named_enum! {
    /// How a case ended.
    pub enum Outcome ("outcome") {
        /// The customer is satisfied.
        Resolved = "resolved",
        /// It ended without the customer being satisfied.
        Unresolved = "unresolved",
        /// The customer withdrew the complaint.
        Withdrawn = "withdrawn",
    }
}

named_enum! {
    /// Who suggested how a problem could have been avoided.
    pub enum PreventionSource ("prevention source") {
        /// The customer was asked.
        Customer = "customer",
        /// An employee or business partner.
        Employee = "employee",
    }
}

/// A three-letter ISO 4217 currency code such as `USD`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollars, the presets' currency.
    pub const USD: Currency = Currency(*b"USD");

    /// A currency from its code: three ASCII capital letters.
    pub fn new(code: &str) -> Result<Currency, InvalidInput> {
        match code.as_bytes() {
            &[a, b, c] if code.bytes().all(|b| b.is_ascii_uppercase()) => Ok(Currency([a, b, c])),
            _ => Err(InvalidInput::new(
                None,
                format!("`{code}` is not a currency code (three capital letters, such as USD)"),
            )),
        }
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // The bytes are ASCII capitals by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::new(&code).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// An amount of money in minor units (cents): never negative, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    /// The amount in minor units: 2500 is 25.00.
    pub amount: u64,
    /// The currency, which must be the playbook's.
    pub currency: Currency,
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, remote = "Self")]
        struct MoneyWire {
            amount: u64,
            currency: Currency,
        }
        map_only!(
            MoneyWire,
            "money as an object such as {\"amount\": 4000, \"currency\": \"USD\"}"
        );
        let MoneyWire { amount, currency } = <MoneyWire as Deserialize>::deserialize(d)?;
        Ok(Money { amount, currency })
    }
}

impl Money {
    /// An amount in minor units of a currency.
    pub const fn new(amount: u64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// An amount of US cents.
    pub const fn usd(cents: u64) -> Money {
        Money::new(cents, Currency::USD)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:02} {}",
            self.amount / 100,
            self.amount % 100,
            self.currency
        )
    }
}

/// A remedy proposed, requested or agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    /// What kind of remedy.
    pub kind: RemedyKind,
    /// What it is worth; absent means nothing (0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    /// The remedy in words.
    pub description: Box<str>,
}

impl<'de> Deserialize<'de> for Remedy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, remote = "Self")]
        struct RemedyWire {
            kind: RemedyKind,
            #[serde(default)]
            value: Option<Money>,
            description: Box<str>,
        }
        map_only!(RemedyWire, "a remedy object");
        let RemedyWire {
            kind,
            value,
            description,
        } = <RemedyWire as Deserialize>::deserialize(d)?;
        Ok(Remedy {
            kind,
            value,
            description,
        })
    }
}

impl Remedy {
    /// A remedy worth nothing in money.
    pub fn new(kind: RemedyKind, description: impl Into<Box<str>>) -> Remedy {
        Remedy {
            kind,
            value: None,
            description: description.into(),
        }
    }

    /// The same remedy with a value.
    pub fn worth(mut self, value: Money) -> Remedy {
        self.value = Some(value);
        self
    }

    /// What the remedy is worth in minor units (0 without a value).
    pub fn amount(&self) -> u64 {
        self.value.map_or(0, |m| m.amount)
    }
}

/// Reads a value that sits at `field` of an action from a JSON value, naming the malformed field
/// (`remedy.value.amount`) on error.
fn read_at<T: serde::de::DeserializeOwned>(field: &str, value: &serde_json::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| match from_serde(e) {
        Error::Invalid(inner) => {
            let path = match inner.field() {
                Some(rest) => format!("{field}.{rest}"),
                None => field.to_string(),
            };
            Error::Invalid(InvalidInput::new(Some(path), inner.message()))
        }
        other => other,
    })
}

impl Money {
    /// Reads money from its JSON (`{"amount": 2500, "currency": "USD"}`); errors name the field
    /// under `field` (`"remedy.value"` gives `"remedy.value.amount"`).
    pub fn from_value(field: &str, value: &serde_json::Value) -> Result<Money, Error> {
        read_at(field, value)
    }
}

impl Remedy {
    /// Reads a remedy from its JSON; errors name the field under `field` (`"remedy"` gives
    /// `"remedy.value.currency"`).
    pub fn from_value(field: &str, value: &serde_json::Value) -> Result<Remedy, Error> {
        read_at(field, value)
    }
}

/// Who recorded an action: a person's id and their role. Customer answers are recorded by staff.
///
/// A cheap handle: cloning shares one allocation, and a complaint keeps one copy of each person
/// however many events they record.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Actor(Arc<Person>);

#[derive(PartialEq, Eq, Hash)]
struct Person {
    id: Box<str>,
    role: Box<str>,
}

impl Actor {
    /// The role an actor has when none is given.
    pub const DEFAULT_ROLE: &'static str = "agent";

    /// Someone with a role.
    pub fn new(id: impl Into<Box<str>>, role: impl Into<Box<str>>) -> Actor {
        Actor(Arc::new(Person {
            id: id.into(),
            role: role.into(),
        }))
    }

    /// Someone in the default role, `agent`.
    pub fn agent(id: impl Into<Box<str>>) -> Actor {
        Actor::new(id, Actor::DEFAULT_ROLE)
    }

    /// Who it is (`"tim"`).
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// Their role, which sets their authority (`"agent"`, `"supervisor"`, `"manager"`, …).
    pub fn role(&self) -> &str {
        &self.0.role
    }

    /// Whether no other handle shares this one's allocation.
    pub(crate) fn is_unique(&self) -> bool {
        Arc::strong_count(&self.0) == 1
    }
}

impl fmt::Debug for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Actor")
            .field("id", &self.id())
            .field("role", &self.role())
            .finish()
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id(), self.role())
    }
}

impl From<&str> for Actor {
    fn from(id: &str) -> Actor {
        Actor::agent(id)
    }
}

impl Serialize for Actor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Actor", 2)?;
        out.serialize_field("id", self.id())?;
        out.serialize_field("role", self.role())?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for Actor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, remote = "Self")]
        struct Wire {
            id: Box<str>,
            #[serde(default)]
            role: Option<Box<str>>,
        }
        map_only!(Wire, "an actor object such as {\"id\": \"tim\"}");
        let w = <Wire as Deserialize>::deserialize(d)?;
        Ok(Actor::new(
            w.id,
            w.role.unwrap_or_else(|| Actor::DEFAULT_ROLE.into()),
        ))
    }
}

/// The fields of an `open` action: the complaint as it was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Open {
    /// When it was received.
    pub at: Timestamp,
    /// Who recorded it.
    pub by: Actor,
    /// Who complains.
    pub customer: Box<str>,
    /// The complaint in one line.
    pub summary: Box<str>,
    /// The host's own reference for the complaint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Box<str>>,
    /// How it arrived (`"phone"`, `"email"`, `"in_person"`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Box<str>>,
    /// How serious it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A category for the problem (`"delivery"`), used to find repeats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Box<str>>,
    /// What the customer stands to lose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_at_stake: Option<Money>,
}

impl Open {
    /// A complaint from `customer` about `summary`, with no optional fields.
    pub fn new(
        at: Timestamp,
        by: impl Into<Actor>,
        customer: impl Into<Box<str>>,
        summary: impl Into<Box<str>>,
    ) -> Open {
        Open {
            at,
            by: by.into(),
            customer: customer.into(),
            summary: summary.into(),
            id: None,
            channel: None,
            severity: None,
            category: None,
            value_at_stake: None,
        }
    }

    /// With the host's reference.
    pub fn id(mut self, id: impl Into<Box<str>>) -> Open {
        self.id = Some(id.into());
        self
    }

    /// With the channel it arrived by.
    pub fn channel(mut self, channel: impl Into<Box<str>>) -> Open {
        self.channel = Some(channel.into());
        self
    }

    /// With a severity.
    pub fn severity(mut self, severity: Severity) -> Open {
        self.severity = Some(severity);
        self
    }

    /// With a category.
    pub fn category(mut self, category: impl Into<Box<str>>) -> Open {
        self.category = Some(category.into());
        self
    }

    /// With the value at stake.
    pub fn value_at_stake(mut self, value: Money) -> Open {
        self.value_at_stake = Some(value);
        self
    }
}

impl From<Open> for Action {
    fn from(open: Open) -> Action {
        Action::Open(Box::new(open))
    }
}

/// One thing that happened to a complaint, as staff record it. Serialises to DESIGN's JSON: an
/// object with `"action"`, `"at"`, `"by"` and the action's own fields.
///
/// ```
/// use amends::{Action, ActionKind};
/// let action = Action::from_json(
///     r#"{"action": "listen", "at": "2026-03-02T09:05:00+01:00", "by": {"id": "tim"},
///         "account": "The demo units arrived a day after the demo."}"#,
/// )?;
/// assert_eq!(action.kind(), ActionKind::Listen);
/// assert_eq!(
///     action.to_json(),
///     r#"{"action":"listen","at":"2026-03-02T08:05:00Z","by":{"id":"tim","role":"agent"},"account":"The demo units arrived a day after the demo."}"#
/// );
/// # Ok::<(), amends::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are documented once, on the constructors
pub enum Action {
    /// A complaint was received.
    Open(Box<Open>),
    /// The customer's story was heard and written down.
    Listen {
        at: Timestamp,
        by: Actor,
        account: Box<str>,
    },
    /// Staff repeated the problem back.
    Restate {
        at: Timestamp,
        by: Actor,
        summary: Box<str>,
    },
    /// The customer confirmed the restatement.
    Confirm { at: Timestamp, by: Actor },
    /// The customer said the restatement was wrong.
    Correct {
        at: Timestamp,
        by: Actor,
        correction: Box<str>,
    },
    /// The customer was thanked for raising it.
    Thank {
        at: Timestamp,
        by: Actor,
        statement: Box<str>,
    },
    /// An apology was made.
    Apologize {
        at: Timestamp,
        by: Actor,
        statement: Box<str>,
    },
    /// What broke, and where.
    Diagnose {
        at: Timestamp,
        by: Actor,
        root_cause: Box<str>,
        category: Box<str>,
    },
    /// "What can I do to make this right?"
    Ask { at: Timestamp, by: Actor },
    /// The customer said what would make it right (replaces an open request).
    Request {
        at: Timestamp,
        by: Actor,
        remedy: Box<Remedy>,
    },
    /// The customer could not or would not suggest a remedy.
    NoRequest { at: Timestamp, by: Actor },
    /// Staff proposed a remedy (replaces an open offer).
    Offer {
        at: Timestamp,
        by: Actor,
        remedy: Box<Remedy>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<Box<str>>,
        #[serde(skip_serializing_if = "is_false")]
        too_upset: bool,
    },
    /// Someone with enough authority approved the open proposal.
    Approve { at: Timestamp, by: Actor },
    /// Both sides agreed to the open proposal.
    Agree { at: Timestamp, by: Actor },
    /// The customer declined the open offer.
    Decline {
        at: Timestamp,
        by: Actor,
        reason: Box<str>,
    },
    /// Staff recorded evidence the customer is taking advantage.
    SuspectBadFaith {
        at: Timestamp,
        by: Actor,
        evidence: Box<str>,
    },
    /// Staff refused without a counter-offer.
    StandFirm {
        at: Timestamp,
        by: Actor,
        reason: Box<str>,
    },
    /// A task that carries out the agreed remedy, due by `due`.
    Plan {
        at: Timestamp,
        by: Actor,
        task: Box<str>,
        due: Timestamp,
    },
    /// A task was completed.
    Done { at: Timestamp, by: Actor, task_id: u32 },
    /// Staff checked back with the customer.
    FollowUp {
        at: Timestamp,
        by: Actor,
        result: FollowUpResult,
        #[serde(skip_serializing_if = "Option::is_none")]
        notes: Option<Box<str>>,
    },
    /// How the problem could have been avoided; no idea means the customer was asked and had none.
    Prevention {
        at: Timestamp,
        by: Actor,
        source: PreventionSource,
        #[serde(skip_serializing_if = "Option::is_none")]
        idea: Option<Box<str>>,
    },
    /// Handed to someone with more authority.
    Escalate {
        at: Timestamp,
        by: Actor,
        to: Box<str>,
        reason: Box<str>,
    },
    /// A free note.
    Note {
        at: Timestamp,
        by: Actor,
        text: Box<str>,
    },
    /// The case was closed.
    Close {
        at: Timestamp,
        by: Actor,
        outcome: Outcome,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<Box<str>>,
    },
    /// A closed case was reopened.
    Reopen {
        at: Timestamp,
        by: Actor,
        reason: Box<str>,
    },
}

/// Whether a text is empty or only whitespace (cheap for the usual text that starts with a letter).
pub(crate) fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => text.trim().is_empty(),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Expands to `$body` with `$at` and `$by` bound to the fields every action has (`$as` is `as_ref`
/// for shared access, `as_mut` for mutable access).
macro_rules! common {
    ($action:expr, $as:ident, |$at:ident, $by:ident| $body:expr) => {
        match $action {
            Action::Open(o) => {
                let Open { at: $at, by: $by, .. } = o.$as();
                $body
            }
            Action::Listen { at: $at, by: $by, .. }
            | Action::Restate { at: $at, by: $by, .. }
            | Action::Confirm { at: $at, by: $by }
            | Action::Correct { at: $at, by: $by, .. }
            | Action::Thank { at: $at, by: $by, .. }
            | Action::Apologize { at: $at, by: $by, .. }
            | Action::Diagnose { at: $at, by: $by, .. }
            | Action::Ask { at: $at, by: $by }
            | Action::Request { at: $at, by: $by, .. }
            | Action::NoRequest { at: $at, by: $by }
            | Action::Offer { at: $at, by: $by, .. }
            | Action::Approve { at: $at, by: $by }
            | Action::Agree { at: $at, by: $by }
            | Action::Decline { at: $at, by: $by, .. }
            | Action::SuspectBadFaith { at: $at, by: $by, .. }
            | Action::StandFirm { at: $at, by: $by, .. }
            | Action::Plan { at: $at, by: $by, .. }
            | Action::Done { at: $at, by: $by, .. }
            | Action::FollowUp { at: $at, by: $by, .. }
            | Action::Prevention { at: $at, by: $by, .. }
            | Action::Escalate { at: $at, by: $by, .. }
            | Action::Note { at: $at, by: $by, .. }
            | Action::Close { at: $at, by: $by, .. }
            | Action::Reopen { at: $at, by: $by, .. } => $body,
        }
    };
}

impl Action {
    /// The kind of action, its `"action"` name.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Open(_) => ActionKind::Open,
            Action::Listen { .. } => ActionKind::Listen,
            Action::Restate { .. } => ActionKind::Restate,
            Action::Confirm { .. } => ActionKind::Confirm,
            Action::Correct { .. } => ActionKind::Correct,
            Action::Thank { .. } => ActionKind::Thank,
            Action::Apologize { .. } => ActionKind::Apologize,
            Action::Diagnose { .. } => ActionKind::Diagnose,
            Action::Ask { .. } => ActionKind::Ask,
            Action::Request { .. } => ActionKind::Request,
            Action::NoRequest { .. } => ActionKind::NoRequest,
            Action::Offer { .. } => ActionKind::Offer,
            Action::Approve { .. } => ActionKind::Approve,
            Action::Agree { .. } => ActionKind::Agree,
            Action::Decline { .. } => ActionKind::Decline,
            Action::SuspectBadFaith { .. } => ActionKind::SuspectBadFaith,
            Action::StandFirm { .. } => ActionKind::StandFirm,
            Action::Plan { .. } => ActionKind::Plan,
            Action::Done { .. } => ActionKind::Done,
            Action::FollowUp { .. } => ActionKind::FollowUp,
            Action::Prevention { .. } => ActionKind::Prevention,
            Action::Escalate { .. } => ActionKind::Escalate,
            Action::Note { .. } => ActionKind::Note,
            Action::Close { .. } => ActionKind::Close,
            Action::Reopen { .. } => ActionKind::Reopen,
        }
    }

    /// When it happened.
    pub fn at(&self) -> Timestamp {
        common!(self, as_ref, |at, _by| *at)
    }

    /// Who recorded it.
    pub fn by(&self) -> &Actor {
        common!(self, as_ref, |_at, by| by)
    }

    /// Who recorded it, to share one copy of each person in a history.
    pub(crate) fn by_mut(&mut self) -> &mut Actor {
        common!(self, as_mut, |_at, by| by)
    }

    /// Parses one action from its JSON text. Errors name the malformed field.
    pub fn from_json(text: &str) -> Result<Action, Error> {
        Wire::from_json(text)?.into_action()
    }

    /// Converts a JSON value to an action. Errors name the malformed field.
    pub fn from_value(value: &serde_json::Value) -> Result<Action, Error> {
        Wire::from_value(value)?.into_action()
    }

    /// Reads an action from any serde deserializer (a Python dict through `pythonize`, a YAML
    /// document, …). Unlike `Action::deserialize`, errors name the malformed field.
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<Action, Error>
    where
        D: serde::Deserializer<'de>,
        D::Error: fmt::Display,
    {
        let wire: Wire = serde_path_to_error::deserialize(deserializer).map_err(from_serde)?;
        wire.into_action()
    }

    /// Reads an action from any serde deserializer without tracking where in the input it is:
    /// faster than [`Action::from_deserializer`] for input that is most likely well formed. An
    /// error the deserializer raises names no field; read the input again with
    /// `from_deserializer` to name it.
    pub fn from_deserializer_untracked<'de, D>(deserializer: D) -> Result<Action, Error>
    where
        D: serde::Deserializer<'de>,
        D::Error: fmt::Display,
    {
        let wire = <Wire as Deserialize>::deserialize(deserializer)
            .map_err(|e| Error::Invalid(InvalidInput::new(None, e.to_string())))?;
        wire.into_action()
    }

    /// The action as compact JSON text.
    pub fn to_json(&self) -> String {
        // Serialising plain data to a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks what can be checked of the input against a playbook: text present and not too
    /// long, money in the playbook's currency, `due` not before `at`. Rules are checked elsewhere.
    pub(crate) fn validate(&self, playbook: &Playbook) -> Result<(), Error> {
        let limit = playbook.limits().max_text_bytes;
        let check_text = |field: &str, text: &str, rule_owns_empty: bool| {
            if is_blank(text) && !rule_owns_empty {
                return Err(Error::invalid(field, "must not be empty"));
            }
            if text.len() > limit {
                return Err(Error::invalid(
                    field,
                    format!("is {} bytes long, over the limit of {limit}", text.len()),
                ));
            }
            Ok(())
        };
        let by = self.by();
        check_text("by.id", by.id(), false)?;
        check_text("by.role", by.role(), false)?;
        let check_money = |field: &str, money: &Option<Money>| match money {
            Some(m) if m.currency != playbook.currency() => Err(Error::invalid(
                field,
                format!(
                    "`{}` is not the playbook's currency `{}`",
                    m.currency,
                    playbook.currency()
                ),
            )),
            _ => Ok(()),
        };
        match self {
            Action::Open(o) => {
                check_text("customer", &o.customer, false)?;
                check_text("summary", &o.summary, false)?;
                for (field, text) in [("id", &o.id), ("channel", &o.channel), ("category", &o.category)] {
                    if let Some(text) = text {
                        check_text(field, text, false)?;
                    }
                }
                check_money("value_at_stake.currency", &o.value_at_stake)?;
            }
            Action::Listen { account, .. } => check_text("account", account, false)?,
            Action::Restate { summary, .. } => check_text("summary", summary, false)?,
            Action::Correct { correction, .. } => check_text("correction", correction, false)?,
            Action::Thank { statement, .. } => check_text("statement", statement, false)?,
            Action::Apologize { statement, .. } => check_text("statement", statement, true)?,
            Action::Diagnose {
                root_cause, category, ..
            } => {
                check_text("root_cause", root_cause, false)?;
                check_text("category", category, false)?;
            }
            Action::Request { remedy, .. } | Action::Offer { remedy, .. } => {
                check_text("remedy.description", &remedy.description, false)?;
                check_money("remedy.value.currency", &remedy.value)?;
                if let Action::Offer {
                    reason: Some(reason), ..
                } = self
                {
                    check_text("reason", reason, false)?;
                }
            }
            Action::Decline { reason, .. }
            | Action::StandFirm { reason, .. }
            | Action::Reopen { reason, .. } => check_text("reason", reason, false)?,
            Action::SuspectBadFaith { evidence, .. } => check_text("evidence", evidence, true)?,
            Action::Plan { at, task, due, .. } => {
                check_text("task", task, false)?;
                if due < at {
                    return Err(Error::invalid(
                        "due",
                        format!("{due} is before the action's time {at}"),
                    ));
                }
            }
            Action::Done { task_id, .. } => {
                if *task_id == 0 {
                    return Err(Error::invalid("task_id", "task ids start at 1"));
                }
            }
            Action::FollowUp {
                notes: Some(text), ..
            } => check_text("notes", text, false)?,
            Action::Prevention { idea: Some(text), .. } => check_text("idea", text, false)?,
            Action::Escalate { to, reason, .. } => {
                check_text("to", to, false)?;
                check_text("reason", reason, false)?;
            }
            Action::Note { text, .. } => check_text("text", text, false)?,
            Action::Close {
                reason: Some(reason), ..
            } => check_text("reason", reason, false)?,
            Action::Confirm { .. }
            | Action::Ask { .. }
            | Action::NoRequest { .. }
            | Action::Approve { .. }
            | Action::Agree { .. }
            | Action::FollowUp { .. }
            | Action::Prevention { .. }
            | Action::Close { .. } => {}
        }
        Ok(())
    }
}

/// Constructors, one per action kind, for the common case (optional fields left out).
impl Action {
    /// The customer's story was heard: `account` is what they said.
    pub fn listen(at: Timestamp, by: impl Into<Actor>, account: impl Into<Box<str>>) -> Action {
        Action::Listen {
            at,
            by: by.into(),
            account: account.into(),
        }
    }
    /// Staff repeated the problem back as `summary`.
    pub fn restate(at: Timestamp, by: impl Into<Actor>, summary: impl Into<Box<str>>) -> Action {
        Action::Restate {
            at,
            by: by.into(),
            summary: summary.into(),
        }
    }
    /// The customer confirmed the restatement.
    pub fn confirm(at: Timestamp, by: impl Into<Actor>) -> Action {
        Action::Confirm { at, by: by.into() }
    }
    /// The customer corrected the restatement.
    pub fn correct(at: Timestamp, by: impl Into<Actor>, correction: impl Into<Box<str>>) -> Action {
        Action::Correct {
            at,
            by: by.into(),
            correction: correction.into(),
        }
    }
    /// The customer was thanked.
    pub fn thank(at: Timestamp, by: impl Into<Actor>, statement: impl Into<Box<str>>) -> Action {
        Action::Thank {
            at,
            by: by.into(),
            statement: statement.into(),
        }
    }
    /// An apology was made.
    pub fn apologize(at: Timestamp, by: impl Into<Actor>, statement: impl Into<Box<str>>) -> Action {
        Action::Apologize {
            at,
            by: by.into(),
            statement: statement.into(),
        }
    }
    /// The root cause was found.
    pub fn diagnose(
        at: Timestamp,
        by: impl Into<Actor>,
        root_cause: impl Into<Box<str>>,
        category: impl Into<Box<str>>,
    ) -> Action {
        Action::Diagnose {
            at,
            by: by.into(),
            root_cause: root_cause.into(),
            category: category.into(),
        }
    }
    /// "What can I do to make this right?"
    pub fn ask(at: Timestamp, by: impl Into<Actor>) -> Action {
        Action::Ask { at, by: by.into() }
    }
    /// The customer asked for `remedy`.
    pub fn request(at: Timestamp, by: impl Into<Actor>, remedy: Remedy) -> Action {
        Action::Request {
            at,
            by: by.into(),
            remedy: Box::new(remedy),
        }
    }
    /// The customer had no remedy to suggest.
    pub fn no_request(at: Timestamp, by: impl Into<Actor>) -> Action {
        Action::NoRequest { at, by: by.into() }
    }
    /// Staff offered `remedy`.
    pub fn offer(at: Timestamp, by: impl Into<Actor>, remedy: Remedy) -> Action {
        Action::Offer {
            at,
            by: by.into(),
            remedy: Box::new(remedy),
            reason: None,
            too_upset: false,
        }
    }
    /// Staff offered `remedy` in place of the customer's request, for `reason`.
    pub fn counter_offer(
        at: Timestamp,
        by: impl Into<Actor>,
        remedy: Remedy,
        reason: impl Into<Box<str>>,
    ) -> Action {
        Action::Offer {
            at,
            by: by.into(),
            remedy: Box::new(remedy),
            reason: Some(reason.into()),
            too_upset: false,
        }
    }
    /// Staff offered `remedy` at once because the customer is too upset to be asked.
    pub fn too_upset_offer(at: Timestamp, by: impl Into<Actor>, remedy: Remedy) -> Action {
        Action::Offer {
            at,
            by: by.into(),
            remedy: Box::new(remedy),
            reason: None,
            too_upset: true,
        }
    }
    /// The open proposal was approved.
    pub fn approve(at: Timestamp, by: impl Into<Actor>) -> Action {
        Action::Approve { at, by: by.into() }
    }
    /// Both sides agreed to the open proposal.
    pub fn agree(at: Timestamp, by: impl Into<Actor>) -> Action {
        Action::Agree { at, by: by.into() }
    }
    /// The customer declined the open offer.
    pub fn decline(at: Timestamp, by: impl Into<Actor>, reason: impl Into<Box<str>>) -> Action {
        Action::Decline {
            at,
            by: by.into(),
            reason: reason.into(),
        }
    }
    /// Staff recorded evidence of bad faith.
    pub fn suspect_bad_faith(at: Timestamp, by: impl Into<Actor>, evidence: impl Into<Box<str>>) -> Action {
        Action::SuspectBadFaith {
            at,
            by: by.into(),
            evidence: evidence.into(),
        }
    }
    /// Staff refused without a counter-offer.
    pub fn stand_firm(at: Timestamp, by: impl Into<Actor>, reason: impl Into<Box<str>>) -> Action {
        Action::StandFirm {
            at,
            by: by.into(),
            reason: reason.into(),
        }
    }
    /// A task carrying out the agreed remedy, due by `due`.
    pub fn plan(at: Timestamp, by: impl Into<Actor>, task: impl Into<Box<str>>, due: Timestamp) -> Action {
        Action::Plan {
            at,
            by: by.into(),
            task: task.into(),
            due,
        }
    }
    /// Task `task_id` was completed.
    pub fn done(at: Timestamp, by: impl Into<Actor>, task_id: u32) -> Action {
        Action::Done {
            at,
            by: by.into(),
            task_id,
        }
    }
    /// Staff checked back with the customer.
    pub fn follow_up(at: Timestamp, by: impl Into<Actor>, result: FollowUpResult) -> Action {
        Action::FollowUp {
            at,
            by: by.into(),
            result,
            notes: None,
        }
    }
    /// How the problem could have been avoided (`idea: None`: asked, no idea).
    pub fn prevention(
        at: Timestamp,
        by: impl Into<Actor>,
        source: PreventionSource,
        idea: Option<&str>,
    ) -> Action {
        Action::Prevention {
            at,
            by: by.into(),
            source,
            idea: idea.map(Into::into),
        }
    }
    /// Handed to `to` for `reason`.
    pub fn escalate(
        at: Timestamp,
        by: impl Into<Actor>,
        to: impl Into<Box<str>>,
        reason: impl Into<Box<str>>,
    ) -> Action {
        Action::Escalate {
            at,
            by: by.into(),
            to: to.into(),
            reason: reason.into(),
        }
    }
    /// A free note.
    pub fn note(at: Timestamp, by: impl Into<Actor>, text: impl Into<Box<str>>) -> Action {
        Action::Note {
            at,
            by: by.into(),
            text: text.into(),
        }
    }
    /// The case was closed with `outcome`.
    pub fn close(at: Timestamp, by: impl Into<Actor>, outcome: Outcome) -> Action {
        Action::Close {
            at,
            by: by.into(),
            outcome,
            reason: None,
        }
    }
    /// The closed case was reopened.
    pub fn reopen(at: Timestamp, by: impl Into<Actor>, reason: impl Into<Box<str>>) -> Action {
        Action::Reopen {
            at,
            by: by.into(),
            reason: reason.into(),
        }
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = <Wire as Deserialize>::deserialize(d)?;
        wire.into_action().map_err(serde::de::Error::custom)
    }
}

/// Every field any action or event may carry, all optional: read first, then sorted by kind.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, remote = "Self")]
pub(crate) struct Wire {
    pub(crate) action: Option<ActionKind>,
    #[serde(default, deserialize_with = "timestamp")]
    at: Option<Timestamp>,
    by: Option<Actor>,
    customer: Option<Box<str>>,
    summary: Option<Box<str>>,
    id: Option<Box<str>>,
    channel: Option<Box<str>>,
    severity: Option<Severity>,
    category: Option<Box<str>>,
    value_at_stake: Option<Money>,
    account: Option<Box<str>>,
    correction: Option<Box<str>>,
    statement: Option<Box<str>>,
    root_cause: Option<Box<str>>,
    remedy: Option<Box<Remedy>>,
    reason: Option<Box<str>>,
    too_upset: Option<bool>,
    evidence: Option<Box<str>>,
    task: Option<Box<str>>,
    #[serde(default, deserialize_with = "timestamp")]
    due: Option<Timestamp>,
    pub(crate) task_id: Option<u32>,
    result: Option<FollowUpResult>,
    notes: Option<Box<str>>,
    source: Option<PreventionSource>,
    idea: Option<Box<str>>,
    to: Option<Box<str>>,
    text: Option<Box<str>>,
    outcome: Option<Outcome>,
    pub(crate) seq: Option<u32>,
    pub(crate) stage: Option<Stage>,
}

map_only!(Wire, "an action object");

/// An action's timestamp (or `null`), read as jiff's own `Deserialize` reads one: the same input
/// accepted, the same value, the same errors. [`parse_timestamp`] reads the form the library
/// writes directly.
fn timestamp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    struct Stamp(Timestamp);

    impl<'de> Deserialize<'de> for Stamp {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;

            impl serde::de::Visitor<'_> for Visitor {
                type Value = Stamp;

                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a timestamp string")
                }

                fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<Stamp, E> {
                    parse_timestamp(value).map(Stamp).map_err(E::custom)
                }

                fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Stamp, E> {
                    self.visit_bytes(value.as_bytes())
                }
            }

            d.deserialize_str(Visitor)
        }
    }

    Ok(Option::<Stamp>::deserialize(d)?.map(|stamp| stamp.0))
}

/// Parses a timestamp as jiff's `Timestamp::from_str` does. Every action carries one or two, most
/// often in the form the library writes (`2026-03-02T09:00:00Z`), which is read here directly at
/// a fraction of the general parser's cost; any other form, and any such text that is not a
/// valid time, goes to jiff's parser.
pub(crate) fn parse_timestamp(text: &[u8]) -> Result<Timestamp, jiff::Error> {
    static PARSER: DateTimeParser = DateTimeParser::new();
    match whole_second_utc(text) {
        Some(at) => Ok(at),
        None => PARSER.parse_timestamp(text),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` when `text` is exactly that and a valid time; `None` for anything else.
fn whole_second_utc(text: &[u8]) -> Option<Timestamp> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', i0, i1, b':', s0, s1, b'Z'] = text
    else {
        return None;
    };
    let two = |tens: u8, ones: u8| {
        (tens.is_ascii_digit() && ones.is_ascii_digit()).then(|| (tens - b'0') * 10 + (ones - b'0'))
    };
    let year = i16::from(two(y0, y1)?) * 100 + i16::from(two(y2, y3)?);
    let [month, day, hour, minute, second] =
        [(m0, m1), (d0, d1), (h0, h1), (i0, i1), (s0, s1)].map(|(a, b)| two(a, b).map(|n| n as i8));
    let civil = DateTime::new(year, month?, day?, hour?, minute?, second?, 0).ok()?;
    Offset::UTC.to_timestamp(civil).ok()
}

fn required<T>(value: Option<T>, field: &'static str) -> Result<T, Error> {
    value.ok_or_else(|| Error::invalid(field, "missing"))
}

impl Wire {
    pub(crate) fn from_value(value: &serde_json::Value) -> Result<Wire, Error> {
        serde_path_to_error::deserialize(value).map_err(from_serde)
    }

    /// Reads JSON text. Well-formed input takes the fast path; only malformed input is read again,
    /// tracking the path, to name the field to blame.
    pub(crate) fn from_json(text: &str) -> Result<Wire, Error> {
        serde_json::from_str(text).or_else(|_| {
            let mut de = serde_json::Deserializer::from_str(text);
            let wire: Wire = serde_path_to_error::deserialize(&mut de).map_err(from_serde)?;
            de.end().map_err(syntax)?;
            Ok(wire)
        })
    }

    /// The name of the first field still set after the action took its own.
    fn leftover(&self) -> Option<&'static str> {
        let set = [
            ("customer", self.customer.is_some()),
            ("summary", self.summary.is_some()),
            ("id", self.id.is_some()),
            ("channel", self.channel.is_some()),
            ("severity", self.severity.is_some()),
            ("category", self.category.is_some()),
            ("value_at_stake", self.value_at_stake.is_some()),
            ("account", self.account.is_some()),
            ("correction", self.correction.is_some()),
            ("statement", self.statement.is_some()),
            ("root_cause", self.root_cause.is_some()),
            ("remedy", self.remedy.is_some()),
            ("reason", self.reason.is_some()),
            ("too_upset", self.too_upset.is_some()),
            ("evidence", self.evidence.is_some()),
            ("task", self.task.is_some()),
            ("due", self.due.is_some()),
            ("task_id", self.task_id.is_some()),
            ("result", self.result.is_some()),
            ("notes", self.notes.is_some()),
            ("source", self.source.is_some()),
            ("idea", self.idea.is_some()),
            ("to", self.to.is_some()),
            ("text", self.text.is_some()),
            ("outcome", self.outcome.is_some()),
            ("seq", self.seq.is_some()),
            ("stage", self.stage.is_some()),
        ];
        set.iter().find(|(_, is_set)| *is_set).map(|(name, _)| *name)
    }

    pub(crate) fn into_action(mut self) -> Result<Action, Error> {
        let kind = required(self.action.take(), "action")?;
        let at = required(self.at.take(), "at")?;
        let by = required(self.by.take(), "by")?;
        let w = &mut self;
        let action = match kind {
            ActionKind::Open => Action::Open(Box::new(Open {
                at,
                by,
                customer: required(w.customer.take(), "customer")?,
                summary: required(w.summary.take(), "summary")?,
                id: w.id.take(),
                channel: w.channel.take(),
                severity: w.severity.take(),
                category: w.category.take(),
                value_at_stake: w.value_at_stake.take(),
            })),
            ActionKind::Listen => Action::Listen {
                at,
                by,
                account: required(w.account.take(), "account")?,
            },
            ActionKind::Restate => Action::Restate {
                at,
                by,
                summary: required(w.summary.take(), "summary")?,
            },
            ActionKind::Confirm => Action::Confirm { at, by },
            ActionKind::Correct => Action::Correct {
                at,
                by,
                correction: required(w.correction.take(), "correction")?,
            },
            ActionKind::Thank => Action::Thank {
                at,
                by,
                statement: required(w.statement.take(), "statement")?,
            },
            ActionKind::Apologize => Action::Apologize {
                at,
                by,
                statement: required(w.statement.take(), "statement")?,
            },
            ActionKind::Diagnose => Action::Diagnose {
                at,
                by,
                root_cause: required(w.root_cause.take(), "root_cause")?,
                category: required(w.category.take(), "category")?,
            },
            ActionKind::Ask => Action::Ask { at, by },
            ActionKind::Request => Action::Request {
                at,
                by,
                remedy: required(w.remedy.take(), "remedy")?,
            },
            ActionKind::NoRequest => Action::NoRequest { at, by },
            ActionKind::Offer => Action::Offer {
                at,
                by,
                remedy: required(w.remedy.take(), "remedy")?,
                reason: w.reason.take(),
                too_upset: w.too_upset.take().unwrap_or(false),
            },
            ActionKind::Approve => Action::Approve { at, by },
            ActionKind::Agree => Action::Agree { at, by },
            ActionKind::Decline => Action::Decline {
                at,
                by,
                reason: required(w.reason.take(), "reason")?,
            },
            ActionKind::SuspectBadFaith => Action::SuspectBadFaith {
                at,
                by,
                evidence: required(w.evidence.take(), "evidence")?,
            },
            ActionKind::StandFirm => Action::StandFirm {
                at,
                by,
                reason: required(w.reason.take(), "reason")?,
            },
            ActionKind::Plan => Action::Plan {
                at,
                by,
                task: required(w.task.take(), "task")?,
                due: required(w.due.take(), "due")?,
            },
            ActionKind::Done => Action::Done {
                at,
                by,
                task_id: required(w.task_id.take(), "task_id")?,
            },
            ActionKind::FollowUp => Action::FollowUp {
                at,
                by,
                result: required(w.result.take(), "result")?,
                notes: w.notes.take(),
            },
            ActionKind::Prevention => Action::Prevention {
                at,
                by,
                source: required(w.source.take(), "source")?,
                idea: w.idea.take(),
            },
            ActionKind::Escalate => Action::Escalate {
                at,
                by,
                to: required(w.to.take(), "to")?,
                reason: required(w.reason.take(), "reason")?,
            },
            ActionKind::Note => Action::Note {
                at,
                by,
                text: required(w.text.take(), "text")?,
            },
            ActionKind::Close => Action::Close {
                at,
                by,
                outcome: required(w.outcome.take(), "outcome")?,
                reason: w.reason.take(),
            },
            ActionKind::Reopen => Action::Reopen {
                at,
                by,
                reason: required(w.reason.take(), "reason")?,
            },
        };
        if let Some(field) = self.leftover() {
            return Err(Error::invalid(
                field,
                format!("`{field}` is not a field of `{kind}`"),
            ));
        }
        Ok(action)
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_timestamp, whole_second_utc};
    use jiff::Timestamp;
    use proptest::prelude::*;

    /// What jiff's own parser makes of `text`: the value, or its error's message.
    fn jiff(text: &str) -> Result<Timestamp, String> {
        text.parse::<Timestamp>().map_err(|e| e.to_string())
    }

    fn ours(text: &str) -> Result<Timestamp, String> {
        parse_timestamp(text.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn the_written_form_is_read_as_jiff_reads_it() {
        // Every 97th day from 0000-01-01 to 9999-12-30 (near the last timestamp jiff holds), at a
        // time that walks through the day.
        let first = jiff("0000-01-01T00:00:00Z").unwrap().as_second();
        let last = jiff("9999-12-30T00:00:00Z").unwrap().as_second();
        let mut read = 0;
        for (n, day) in (first..=last).step_by(86_400 * 97).enumerate() {
            let at = Timestamp::from_second(day + (n as i64 * 7_919) % 86_400).unwrap();
            let text = at.to_string();
            assert_eq!(whole_second_utc(text.as_bytes()), Some(at), "{text}");
            assert_eq!(ours(&text), Ok(at));
            read += 1;
        }
        assert_eq!(read, 37_654);
        for text in [
            "2026-03-02T09:00:00Z",
            "2000-02-29T12:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "1969-12-31T23:59:59Z",
        ] {
            assert_eq!(whole_second_utc(text.as_bytes()), jiff(text).ok(), "{text}");
        }
    }

    #[test]
    fn every_other_text_goes_to_jiff() {
        for text in [
            "2026-02-30T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-03-00T00:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T23:60:00Z",
            "2026-03-02T23:59:60Z",
            "2026-03-02t09:00:00z",
            "2026-03-02 09:00:00Z",
            "2026-03-02T09:00:00.5Z",
            "2026-03-02T09:00:00+01:00",
            "2026-03-02T09:00Z",
            "+002026-03-02T09:00:00Z",
            "2026-03-02T09:00:00",
            "202a-03-02T09:00:00Z",
            "2026-03-02T09:00:0٣Z",
            "",
            "now",
        ] {
            assert_eq!(whole_second_utc(text.as_bytes()), None, "{text}");
            assert_eq!(ours(text), jiff(text), "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_text_of_the_written_shape_reads_as_jiff_reads_it(
            digits in prop::collection::vec(prop::sample::select(b"0123456789x".to_vec()), 14),
        ) {
            let d = |i: usize| char::from(digits[i]);
            let text = format!(
                "{}{}{}{}-{}{}-{}{}T{}{}:{}{}:{}{}Z",
                d(0), d(1), d(2), d(3), d(4), d(5), d(6), d(7), d(8), d(9), d(10), d(11), d(12), d(13),
            );
            prop_assert_eq!(ours(&text), jiff(&text), "{}", text);
        }

        #[test]
        fn any_valid_time_reads_as_jiff_reads_it(
            year in 0i16..=9999, month in 1i8..=12, day in 1i8..=31,
            hour in 0i8..=23, minute in 0i8..=59, second in 0i8..=60,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z");
            prop_assert_eq!(ours(&text), jiff(&text), "{}", text);
        }
    }
}
