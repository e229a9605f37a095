//! Structured input for the `action_sequence` target: a preset and a list of steps, each a few
//! choices (kind, who, text, remedy value, time, task id) that map to a real [`Action`].
//!
//! The choices stay close to what the rules look at (authority limits, deflecting phrases, empty
//! and oversize text, time going backwards), so the fuzzer spends its time on the workflow rather
//! than on spelling JSON.

use amends::{
    Action, Actor, Currency, FollowUpResult, Money, Outcome, Preset, PreventionSource, Remedy, RemedyKind,
    Timestamp,
};
use arbitrary::{Arbitrary, Unstructured};
use std::fmt;
use std::sync::OnceLock;

/// At most this many steps are applied, so one input stays quick to check.
pub const MAX_STEPS: usize = 32;

/// A preset and the actions to apply after the script's `open`. Its `Debug` output is the JSON
/// that `core/tests/fuzz/action_sequence/` keeps (`cargo fuzz fmt action_sequence <input>`).
pub struct Sequence {
    /// The playbook the complaint is handled under.
    pub preset: Preset,
    /// The actions, in order.
    pub actions: Vec<Action>,
}

impl<'a> Arbitrary<'a> for Sequence {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let preset = *u.choose(Preset::ALL)?;
        let mut clock = Clock::start();
        let mut actions = Vec::new();
        while actions.len() < MAX_STEPS && !u.is_empty() {
            let step = Step::arbitrary(u)?;
            actions.push(step.action(&mut clock));
        }
        Ok(Sequence { preset, actions })
    }
}

impl fmt::Debug for Sequence {
    /// The sequence as the JSON a regression file holds: `{"playbook": …, "actions": […]}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{{\"playbook\": \"{}\", \"actions\": [", self.preset)?;
        for (i, action) in self.actions.iter().enumerate() {
            let comma = if i + 1 < self.actions.len() { "," } else { "" };
            writeln!(f, "  {}{comma}", action.to_json())?;
        }
        write!(f, "]}}")
    }
}

/// One step: when, who, and what.
#[derive(Arbitrary, Debug)]
struct Step {
    time: Time,
    who: Who,
    role: Role,
    what: What,
}

/// The action kinds with the choices each one's fields take.
#[derive(Arbitrary, Debug)]
enum What {
    Open,
    Listen(Text),
    Restate(Text),
    Confirm,
    Correct(Text),
    Thank(Text),
    Apologize(Text),
    Diagnose(Text, Text),
    Ask,
    Request(RemedyChoice),
    NoRequest,
    Offer {
        remedy: RemedyChoice,
        reason: Option<Text>,
        too_upset: bool,
    },
    Approve,
    Agree,
    Decline(Text),
    SuspectBadFaith(Text),
    StandFirm(Text),
    Plan(Text, Due),
    Done(TaskId),
    FollowUp(ResultChoice, Option<Text>),
    Prevention(SourceChoice, Option<Text>),
    Escalate(Text, Text),
    Note(Text),
    Close(OutcomeChoice, Option<Text>),
    Reopen(Text),
}

/// How far the clock moves for a step: usually forward, sometimes back.
#[derive(Arbitrary, Debug)]
enum Time {
    Same,
    Minutes(u8),
    Hours(u8),
    Days(u8),
    BackSeconds(u8),
    BackDays(u8),
}

/// The time of the latest step.
struct Clock(Timestamp);

impl Clock {
    fn start() -> Clock {
        Clock("2026-03-02T09:00:00Z".parse().expect("a valid timestamp"))
    }

    fn advance(&mut self, time: &Time) -> Timestamp {
        let secs = match time {
            Time::Same => 0,
            Time::Minutes(n) => 60 * i64::from(*n),
            Time::Hours(n) => 3600 * i64::from(*n),
            Time::Days(n) => 86400 * i64::from(*n),
            Time::BackSeconds(n) => -i64::from(*n) - 1,
            Time::BackDays(n) => -86400 * (i64::from(*n) + 1),
        };
        if let Some(next) = shifted(self.0, secs) {
            self.0 = next;
        }
        self.0
    }
}

/// `at` moved by `secs` seconds, if that stays within the range of timestamps.
fn shifted(at: Timestamp, secs: i64) -> Option<Timestamp> {
    let by = std::time::Duration::from_secs(secs.unsigned_abs());
    if secs < 0 {
        at.checked_sub(by).ok()
    } else {
        at.checked_add(by).ok()
    }
}

#[derive(Arbitrary, Debug)]
enum Who {
    Tim,
    Lee,
    Blank,
}

#[derive(Arbitrary, Debug)]
enum Role {
    Agent,
    Supervisor,
    Manager,
    Unknown,
    Blank,
}

impl Step {
    fn actor(&self) -> Actor {
        let id = match self.who {
            Who::Tim => "tim",
            Who::Lee => "lee",
            Who::Blank => " ",
        };
        let role = match self.role {
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Manager => "manager",
            Role::Unknown => "intern",
            Role::Blank => "",
        };
        Actor::new(id, role)
    }

    fn action(self, clock: &mut Clock) -> Action {
        let at = clock.advance(&self.time);
        let by = self.actor();
        match self.what {
            What::Open => amends::Open::new(at, by, "Acme Ltd", "Another complaint").into(),
            What::Listen(t) => Action::listen(at, by, t.text()),
            What::Restate(t) => Action::restate(at, by, t.text()),
            What::Confirm => Action::confirm(at, by),
            What::Correct(t) => Action::correct(at, by, t.text()),
            What::Thank(t) => Action::thank(at, by, t.text()),
            What::Apologize(t) => Action::apologize(at, by, t.text()),
            What::Diagnose(cause, category) => Action::diagnose(at, by, cause.text(), category.text()),
            What::Ask => Action::ask(at, by),
            What::Request(remedy) => Action::request(at, by, remedy.remedy()),
            What::NoRequest => Action::no_request(at, by),
            What::Offer {
                remedy,
                reason,
                too_upset,
            } => Action::Offer {
                at,
                by,
                remedy: Box::new(remedy.remedy()),
                reason: reason.map(|t| t.text().into()),
                too_upset,
            },
            What::Approve => Action::approve(at, by),
            What::Agree => Action::agree(at, by),
            What::Decline(t) => Action::decline(at, by, t.text()),
            What::SuspectBadFaith(t) => Action::suspect_bad_faith(at, by, t.text()),
            What::StandFirm(t) => Action::stand_firm(at, by, t.text()),
            What::Plan(task, due) => Action::plan(at, by, task.text(), due.after(at)),
            What::Done(id) => Action::done(at, by, id.id()),
            What::FollowUp(result, notes) => Action::FollowUp {
                at,
                by,
                result: result.0,
                notes: notes.map(|t| t.text().into()),
            },
            What::Prevention(source, idea) => Action::Prevention {
                at,
                by,
                source: source.0,
                idea: idea.map(|t| t.text().into()),
            },
            What::Escalate(to, reason) => Action::escalate(at, by, to.text(), reason.text()),
            What::Note(t) => Action::note(at, by, t.text()),
            What::Close(outcome, reason) => Action::Close {
                at,
                by,
                outcome: outcome.0,
                reason: reason.map(|t| t.text().into()),
            },
            What::Reopen(t) => Action::reopen(at, by, t.text()),
        }
    }
}

/// Text for any field: ordinary sentences, the edge cases of validation, and apologies that
/// deflect with the default phrases in various cases and spacings.
#[derive(Arbitrary, Debug)]
enum Text {
    Plain(u8),
    Empty,
    Whitespace,
    Deflecting(u8),
    Punctuation,
    Unicode,
    Long,
    OverLimit,
}

const PLAIN: &[&str] = &[
    "I am sorry the late delivery cost you that sale.",
    "The demo units came two days after the trade show.",
    "Thank you for telling us straight away.",
    "Send new units by courier",
    "logistics",
    "supervisor",
    "x",
    "Sorry.",
];

const DEFLECTING: &[&str] = &[
    "I am sorry, but the courier was late.",
    "Sorry; HOWEVER, it was not our fault",
    "I'm sorry if you feel let down.",
    "Sorry if you were upset",
    "You should have called us sooner, sorry.",
    "Please calm   down.",
    "Our policy does not allow it, sorry",
    "sorry\tbut\nno",
    "Sorry, butter was not the problem",
    "I apologise. If you feel",
];

/// The longest text the presets accept (16 KiB).
const LIMIT: usize = 16384;

impl Text {
    fn text(&self) -> &'static str {
        // Long: 400 words, past the 64 an apology's words are split into on the stack. Over the
        // limit: one byte too many (refused, so never kept in a history to slow every later step).
        static LONG: OnceLock<(String, String)> = OnceLock::new();
        let long = || LONG.get_or_init(|| ("sorry for the delay ".repeat(100), "é".repeat(LIMIT / 2) + "x"));
        match self {
            Text::Plain(i) => PLAIN[usize::from(*i) % PLAIN.len()],
            Text::Empty => "",
            Text::Whitespace => " \t\n\u{a0}\u{3000}",
            Text::Deflecting(i) => DEFLECTING[usize::from(*i) % DEFLECTING.len()],
            Text::Punctuation => "…",
            Text::Unicode => "Ich entschuldige mich – ÜBER die Verspätung, İstanbul ǅ",
            Text::Long => &long().0,
            Text::OverLimit => &long().1,
        }
    }
}

/// A remedy: its kind, a value bucket around the presets' authority limits, and a description.
#[derive(Arbitrary, Debug)]
struct RemedyChoice {
    kind: u8,
    value: Value,
    description: Text,
}

#[derive(Arbitrary, Debug)]
enum Value {
    None,
    Zero,
    Cents(u16),
    AgentLimit,
    OverAgent,
    SupervisorLimit,
    OverSupervisor,
    Max,
    OtherCurrency(u16),
}

impl RemedyChoice {
    fn remedy(&self) -> Remedy {
        let kind = RemedyKind::ALL[usize::from(self.kind) % RemedyKind::ALL.len()];
        let remedy = Remedy::new(kind, self.description.text());
        let usd = |amount| Some(Money::usd(amount));
        let value = match self.value {
            Value::None => None,
            Value::Zero => usd(0),
            Value::Cents(n) => usd(u64::from(n)),
            Value::AgentLimit => usd(5000),
            Value::OverAgent => usd(5001),
            Value::SupervisorLimit => usd(50000),
            Value::OverSupervisor => usd(50001),
            Value::Max => usd(u64::MAX),
            Value::OtherCurrency(n) => Some(Money::new(
                u64::from(n),
                Currency::new("EUR").expect("a valid currency"),
            )),
        };
        match value {
            Some(value) => remedy.worth(value),
            None => remedy,
        }
    }
}

/// When a planned task is due: at once, later, or (malformed) before the plan.
#[derive(Arbitrary, Debug)]
enum Due {
    At,
    Hours(u8),
    Before,
}

impl Due {
    fn after(&self, at: Timestamp) -> Timestamp {
        let secs = match self {
            Due::At => 0,
            Due::Hours(n) => 3600 * i64::from(*n),
            Due::Before => -1,
        };
        shifted(at, secs).unwrap_or(at)
    }
}

/// A task id: one of the first few, or the malformed 0, or one far past any plan.
#[derive(Arbitrary, Debug)]
enum TaskId {
    Small(u8),
    Zero,
    Large(u32),
}

impl TaskId {
    fn id(&self) -> u32 {
        match self {
            TaskId::Small(n) => 1 + u32::from(*n % 4),
            TaskId::Zero => 0,
            TaskId::Large(n) => *n,
        }
    }
}

#[derive(Debug)]
struct ResultChoice(FollowUpResult);

#[derive(Debug)]
struct SourceChoice(PreventionSource);

#[derive(Debug)]
struct OutcomeChoice(Outcome);

impl<'a> Arbitrary<'a> for ResultChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(ResultChoice(*u.choose(FollowUpResult::ALL)?))
    }
}

impl<'a> Arbitrary<'a> for SourceChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(SourceChoice(*u.choose(PreventionSource::ALL)?))
    }
}

impl<'a> Arbitrary<'a> for OutcomeChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(OutcomeChoice(*u.choose(Outcome::ALL)?))
    }
}
