//! A complaint: its playbook, its history of events, and what the rules need to know of it.

use crate::action::{
    Action, ActionKind, Actor, FollowUpResult, Outcome, PreventionSource, Remedy, RemedyKind, Wire,
};
use crate::deadline::{self, Breach, Deadline};
use crate::error::{from_serde, syntax, Error, InvalidInput, Violation};
use crate::names::map_only;
use crate::playbook::Playbook;
use crate::rules::{judge, Judge};
use crate::stage::Stage;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The version of the complaint JSON format that [`Complaint::to_json`] writes.
pub const SCHEMA: u32 = 1;

/// An accepted action, as the audit trail keeps it: the action plus its sequence number, the stage
/// after it and, for `plan`, the task id it created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// What happened.
    #[serde(flatten)]
    pub action: Action,
    /// 1 for the `open`, then 2, 3, …
    pub seq: u32,
    /// The complaint's stage after the action.
    pub stage: Stage,
    /// For `plan`: the id of the task it created (1, 2, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<u32>,
}

impl Event {
    /// Parses one event from a JSON value. Errors name the malformed field.
    pub fn from_value(value: &serde_json::Value) -> Result<Event, Error> {
        Wire::from_value(value)?.into_event()
    }

    /// The event as compact JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses the JSON text of a history (an array of events, as [`Complaint::history`]
    /// serialises). An event that does not parse is refused as [`Error::Replay`] with its index.
    pub fn list_from_json(text: &str) -> Result<Vec<Event>, Error> {
        let wires: Vec<serde_json::Value> = serde_json::from_str(text).map_err(syntax)?;
        wires
            .iter()
            .enumerate()
            .map(|(index, value)| Event::from_value(value).map_err(|e| replayed(index, e)))
            .collect()
    }
}

/// An error about the event at `index` of a history.
fn replayed(index: usize, source: Error) -> Error {
    Error::Replay {
        index,
        source: Box::new(source),
    }
}

impl Wire {
    pub(crate) fn into_event(mut self) -> Result<Event, Error> {
        let seq = self.seq.take().ok_or_else(|| Error::invalid("seq", "missing"))?;
        let stage = self
            .stage
            .take()
            .ok_or_else(|| Error::invalid("stage", "missing"))?;
        let plan = self.action == Some(ActionKind::Plan);
        let task_id = if plan { self.task_id.take() } else { None };
        let action = self.into_action()?;
        if plan && task_id.is_none() {
            return Err(Error::invalid(
                "task_id",
                "missing: a plan event records the task id it created",
            ));
        }
        Ok(Event {
            action,
            seq,
            stage,
            task_id,
        })
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Wire as Deserialize>::deserialize(d)?
            .into_event()
            .map_err(serde::de::Error::custom)
    }
}

/// A proposal on the table: an offer or the customer's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Proposal {
    pub(crate) amount: u64,
    pub(crate) approved: bool,
}

/// One attempt at a remedy. A new round forgets the last one's proposals and agreement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Round {
    pub(crate) asked: bool,
    pub(crate) no_request: bool,
    pub(crate) request: Option<Proposal>,
    pub(crate) offer: Option<Proposal>,
    pub(crate) agreed: bool,
}

impl Round {
    /// The open proposal: the open offer, else the open request.
    pub(crate) fn proposal(&self) -> Option<&Proposal> {
        self.offer.as_ref().or(self.request.as_ref())
    }

    fn proposal_mut(&mut self) -> Option<&mut Proposal> {
        self.offer.as_mut().or(self.request.as_mut())
    }
}

/// A planned task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Task {
    pub(crate) done: bool,
}

/// What the rules read of a complaint: derived from its history, never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    pub(crate) stage: Stage,
    pub(crate) listened: bool,
    pub(crate) restatement_pending: bool,
    pub(crate) confirmed: bool,
    pub(crate) thanked: bool,
    pub(crate) apologized: bool,
    pub(crate) diagnosed: bool,
    pub(crate) bad_faith: bool,
    pub(crate) customer_prevention: bool,
    /// A follow-up since the latest agree, stand_firm or reopen (any follow-up before those).
    pub(crate) followed_up: bool,
    pub(crate) last_follow_up: Option<FollowUpResult>,
    pub(crate) round: Round,
    pub(crate) tasks: Vec<Task>,
}

impl Facts {
    fn new() -> Facts {
        Facts {
            stage: Stage::Open,
            listened: false,
            restatement_pending: false,
            confirmed: false,
            thanked: false,
            apologized: false,
            diagnosed: false,
            bad_faith: false,
            customer_prevention: false,
            followed_up: false,
            last_follow_up: None,
            round: Round::default(),
            tasks: Vec::new(),
        }
    }

    pub(crate) fn task(&self, task_id: u32) -> Option<&Task> {
        (task_id as usize).checked_sub(1).and_then(|i| self.tasks.get(i))
    }

    /// Records an accepted action; returns the id of the task a `plan` created.
    pub(crate) fn advance(&mut self, action: &Action) -> Option<u32> {
        use Stage as S;
        let mut task_id = None;
        match action {
            Action::Open(_) => {}
            Action::Listen { .. } => {
                self.listened = true;
                if self.stage == S::Open {
                    self.stage = S::Listening;
                }
            }
            Action::Restate { .. } => {
                self.restatement_pending = true;
                self.confirmed = false;
                self.stage = S::Listening;
            }
            Action::Confirm { .. } => {
                self.restatement_pending = false;
                self.confirmed = true;
                self.stage = S::Understood;
            }
            Action::Correct { .. } => {
                self.restatement_pending = false;
                self.confirmed = false;
            }
            Action::Thank { .. } => self.thanked = true,
            Action::Apologize { .. } => self.apologized = true,
            Action::Diagnose { .. } => self.diagnosed = true,
            Action::Ask { .. } => {
                self.round.asked = true;
                self.stage = S::Resolving;
            }
            Action::Request { remedy, .. } => {
                self.round.request = Some(Proposal {
                    amount: remedy.amount(),
                    approved: false,
                });
            }
            Action::NoRequest { .. } => self.round.no_request = true,
            Action::Offer { remedy, .. } => {
                self.round.offer = Some(Proposal {
                    amount: remedy.amount(),
                    approved: false,
                });
                self.stage = S::Resolving;
            }
            Action::Approve { .. } => {
                if let Some(p) = self.round.proposal_mut() {
                    p.approved = true;
                }
            }
            Action::Agree { .. } => {
                self.round.agreed = true;
                self.followed_up = false;
                self.stage = S::Agreed;
            }
            Action::Decline { .. } => self.round.offer = None,
            Action::SuspectBadFaith { .. } => self.bad_faith = true,
            Action::StandFirm { .. } => {
                self.followed_up = false;
                self.stage = S::FollowingUp;
            }
            Action::Plan { .. } => {
                self.tasks.push(Task { done: false });
                task_id = Some(self.tasks.len() as u32);
                self.stage = S::Acting;
            }
            Action::Done { task_id, .. } => {
                if let Some(t) = (*task_id as usize)
                    .checked_sub(1)
                    .and_then(|i| self.tasks.get_mut(i))
                {
                    t.done = true;
                }
                if self.tasks.iter().all(|t| t.done) {
                    self.stage = S::FollowingUp;
                }
            }
            Action::FollowUp { result, .. } => {
                self.followed_up = true;
                self.last_follow_up = Some(*result);
                if self.stage == S::FollowingUp && *result == FollowUpResult::Unsatisfied {
                    self.round = Round::default();
                    self.stage = S::Resolving;
                }
            }
            Action::Prevention { source, .. } => {
                if *source == PreventionSource::Customer {
                    self.customer_prevention = true;
                }
            }
            Action::Escalate { .. } | Action::Note { .. } => {}
            Action::Close { .. } => self.stage = S::Closed,
            Action::Reopen { .. } => {
                self.round = Round::default();
                self.restatement_pending = false;
                self.confirmed = false;
                self.followed_up = false;
                self.stage = S::Listening;
            }
        }
        task_id
    }
}

/// One complaint, from receipt to closure: the playbook it is handled under and the history of
/// accepted actions. Every change goes through [`Complaint::apply`], which refuses what the
/// playbook forbids and then changes nothing.
///
/// ```
/// use amends::{Action, Complaint, Open, Playbook, RuleId, Stage, Timestamp};
/// let at: Timestamp = "2026-03-02T09:00:00Z".parse().unwrap();
/// let mut complaint = Complaint::open(
///     Open::new(at, "tim", "Acme Ltd", "The demo units arrived a day late"),
///     Playbook::default(),
/// )?;
/// // Offering a remedy before hearing the customer out is refused, and changes nothing.
/// let err = complaint.apply(Action::ask(at, "tim")).unwrap_err();
/// assert_eq!(err.rule(), Some(RuleId::ListenFirst));
/// assert_eq!(complaint.history().len(), 1);
///
/// complaint.apply(Action::listen(at, "tim", "We lost the sale because the units came late."))?;
/// assert_eq!(complaint.stage(), Stage::Listening);
/// # Ok::<(), amends::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Complaint {
    playbook: Arc<Playbook>,
    history: Vec<Event>,
    facts: Facts,
}

impl PartialEq for Complaint {
    fn eq(&self, other: &Self) -> bool {
        // The facts are derived from the history under the playbook.
        *self.playbook == *other.playbook && self.history == other.history
    }
}

impl Eq for Complaint {}

impl Complaint {
    /// Opens a complaint from an `open` action under a playbook.
    pub fn open(action: impl Into<Action>, playbook: impl Into<Arc<Playbook>>) -> Result<Complaint, Error> {
        let action = action.into();
        let playbook = playbook.into();
        if action.kind() != ActionKind::Open {
            return Err(Error::invalid(
                "action",
                format!("a complaint starts with an open action, not {}", action.kind()),
            ));
        }
        action.validate(&playbook)?;
        let facts = Facts::new();
        let mut history = Vec::with_capacity(16);
        history.push(Event {
            action,
            seq: 1,
            stage: Stage::Open,
            task_id: None,
        });
        Ok(Complaint {
            playbook,
            history,
            facts,
        })
    }

    /// Opens a complaint from the JSON text of an `open` action.
    pub fn open_json(text: &str, playbook: impl Into<Arc<Playbook>>) -> Result<Complaint, Error> {
        Complaint::open(Action::from_json(text)?, playbook)
    }

    /// Applies an action: on success the complaint moves on and the new event is returned; on
    /// refusal (a rule violation or malformed input) the complaint is exactly as it was.
    pub fn apply(&mut self, action: Action) -> Result<&Event, Error> {
        self.verdict(&action)?;
        Ok(self.record(action))
    }

    /// What [`Complaint::apply`] decides about `action` now, changing nothing: `Ok` when it would
    /// accept it, else the refusal it would return.
    pub(crate) fn verdict(&self, action: &Action) -> Result<(), Error> {
        self.admit(action)?;
        let mut j = Judge::first(&self.playbook);
        if judge(&self.facts, self.last_at(), action, &mut j).is_err() {
            return Err(Error::Rule(j.found.swap_remove(0)));
        }
        Ok(())
    }

    /// What the rules read of the complaint now.
    pub(crate) fn facts(&self) -> &Facts {
        &self.facts
    }

    /// Applies an action given as JSON text, as [`Complaint::apply`].
    pub fn apply_json(&mut self, text: &str) -> Result<&Event, Error> {
        self.apply(Action::from_json(text)?)
    }

    /// Applies an action only if the history still has `expected_len` events: a stale caller (one
    /// that read the complaint before another change landed) gets [`Error::Conflict`].
    pub fn apply_expecting(&mut self, action: Action, expected_len: usize) -> Result<&Event, Error> {
        if self.history.len() != expected_len {
            return Err(Error::Conflict {
                expected: expected_len,
                actual: self.history.len(),
            });
        }
        self.apply(action)
    }

    /// Every rule the action would break now, in check order, changing nothing. An empty list means
    /// [`Complaint::apply`] would accept it. Malformed input is an error, as in `apply`.
    pub fn check(&self, action: &Action) -> Result<Vec<Violation>, Error> {
        self.admit(action)?;
        let mut j = Judge::every(&self.playbook);
        let _ = judge(&self.facts, self.last_at(), action, &mut j);
        Ok(j.found)
    }

    /// The action kinds that some well-formed action could do now, in vocabulary order.
    pub fn next_actions(&self) -> Vec<ActionKind> {
        ActionKind::ALL
            .iter()
            .copied()
            .filter(|kind| self.could(*kind))
            .collect()
    }

    /// The current stage.
    pub fn stage(&self) -> Stage {
        self.facts.stage
    }

    /// The playbook the complaint is handled under.
    pub fn playbook(&self) -> &Arc<Playbook> {
        &self.playbook
    }

    /// The audit trail: every accepted action, the `open` first.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// The `open` action the complaint started with.
    pub fn opening(&self) -> &crate::action::Open {
        match &self.history[0].action {
            Action::Open(open) => open,
            // `Complaint::open` and `replay` only start a history with an open action.
            _ => unreachable!("a history starts with an open action"),
        }
    }

    /// When the complaint was opened.
    pub fn opened_at(&self) -> Timestamp {
        self.history[0].action.at()
    }

    /// The time of the latest event.
    pub fn last_at(&self) -> Timestamp {
        self.history[self.history.len() - 1].action.at()
    }

    /// The ids of the planned tasks not done yet, in plan order.
    pub fn open_tasks(&self) -> Vec<u32> {
        (1..=self.facts.tasks.len() as u32)
            .filter(|id| self.facts.task(*id).is_some_and(|t| !t.done))
            .collect()
    }

    /// How the case was closed, if it is closed.
    pub fn outcome(&self) -> Option<Outcome> {
        if self.facts.stage != Stage::Closed {
            return None;
        }
        self.history.iter().rev().find_map(|e| match e.action {
            Action::Close { outcome, .. } => Some(outcome),
            _ => None,
        })
    }

    /// Every deadline the playbook sets for this complaint so far, met or not, in order of due time.
    pub fn deadlines(&self) -> Vec<Deadline> {
        deadline::deadlines(self)
    }

    /// Every deadline met late, or still unmet past its due time at `now`.
    pub fn breaches(&self, now: Timestamp) -> Vec<Breach> {
        deadline::breaches(self, now)
    }

    /// The earliest unmet deadline still ahead of `now`.
    pub fn next_deadline(&self, now: Timestamp) -> Option<Deadline> {
        deadline::next_deadline(self, now)
    }

    /// Rebuilds a complaint by applying a history again under a playbook. Refuses, naming the
    /// event's 0-based index, an event that breaks a rule or whose `seq`, `stage` or `task_id`
    /// disagrees with what applying it gives.
    pub fn replay(
        events: impl IntoIterator<Item = Event>,
        playbook: impl Into<Arc<Playbook>>,
    ) -> Result<Complaint, Error> {
        let at = |index: usize| move |source: Error| replayed(index, source);
        let mut events = events.into_iter();
        let first = events
            .next()
            .ok_or_else(|| Error::invalid("history", "an empty history has no open action"))?;
        let recorded = (first.seq, first.stage, first.task_id);
        let mut complaint = Complaint::open(first.action, playbook).map_err(at(0))?;
        check_recorded(&complaint.history[0], recorded).map_err(at(0))?;
        for (i, event) in events.enumerate() {
            let index = i + 1;
            let recorded = (event.seq, event.stage, event.task_id);
            let applied = complaint.apply(event.action).map_err(at(index))?;
            check_recorded(applied, recorded).map_err(at(index))?;
        }
        Ok(complaint)
    }

    /// Rebuilds a complaint from the JSON text of a history (an array of events) under a playbook,
    /// as [`Complaint::replay`].
    pub fn replay_json(events: &str, playbook: impl Into<Arc<Playbook>>) -> Result<Complaint, Error> {
        Complaint::replay(Event::list_from_json(events)?, playbook)
    }

    /// The complaint as JSON: `{"schema": 1, "playbook": {…}, "stage": "…", "history": […]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The complaint as indented JSON, for people.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Rebuilds a complaint from [`Complaint::to_json`]'s text, replaying every event under the
    /// stored playbook: a history edited into a state the rules forbid is refused.
    pub fn from_json(text: &str) -> Result<Complaint, Error> {
        // Syntax first, so broken text is reported as such rather than as a misplaced field.
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        let stored: Stored = serde_path_to_error::deserialize(&value).map_err(from_serde)?;
        stored.rebuild()
    }

    /// A readable timeline of the complaint, one line per event.
    pub fn timeline(&self) -> String {
        crate::timeline::render(self)
    }

    /// Checks what makes an action malformed here: the input itself and the playbook's limits.
    fn admit(&self, action: &Action) -> Result<(), Error> {
        action.validate(&self.playbook)?;
        let limits = self.playbook.limits();
        if self.history.len() >= limits.max_events {
            return Err(Error::Invalid(InvalidInput::new(
                None,
                format!(
                    "the history is full: the playbook allows {} events",
                    limits.max_events
                ),
            )));
        }
        if matches!(action, Action::Plan { .. }) && self.facts.tasks.len() >= limits.max_tasks {
            return Err(Error::invalid(
                "task",
                format!("the playbook allows {} tasks", limits.max_tasks),
            ));
        }
        Ok(())
    }

    fn record(&mut self, mut action: Action) -> &Event {
        // One copy of each person per complaint: a history is mostly the same few people. Only a
        // handle nobody else holds is worth trading for the copy the history already has.
        let by = action.by_mut();
        if by.is_unique() {
            let mut recent = self.history.iter().rev().take(8).map(|e| e.action.by());
            if let Some(known) = recent.find(|p| *p == by) {
                *by = known.clone();
            }
        }
        let task_id = self.facts.advance(&action);
        let seq = self.history.len() as u32 + 1;
        self.history.push(Event {
            action,
            seq,
            stage: self.facts.stage,
            task_id,
        });
        if self.facts.stage == Stage::Closed {
            // A closed case rarely grows again: give back the history's spare capacity.
            self.history.shrink_to_fit();
        }
        &self.history[self.history.len() - 1]
    }

    /// Whether some well-formed action of this kind would be accepted now.
    fn could(&self, kind: ActionKind) -> bool {
        let at = self.last_at();
        // The texts are one byte, so that the smallest `max_text_bytes` blocks no kind: whether
        // some payload could do it is what is asked. The role is the one with the most authority
        // that fits, so authority limits block only what nobody may grant.
        let fits = |name: &str| name.len() <= self.playbook.limits().max_text_bytes;
        let role = self
            .playbook
            .authority()
            .iter()
            .filter(|(role, _)| fits(role))
            .max_by_key(|(_, limit)| limit.map_or(u128::MAX, u128::from))
            .map_or(
                if fits(Actor::DEFAULT_ROLE) {
                    Actor::DEFAULT_ROLE
                } else {
                    "-"
                },
                |(role, _)| role.as_str(),
            );
        let text = "-";
        let by = Actor::new(text, role);
        let remedy = || Remedy::new(RemedyKind::Other, text);
        let candidates: Vec<Action> = match kind {
            ActionKind::Open => return false,
            ActionKind::Listen => vec![Action::listen(at, by, text)],
            ActionKind::Restate => vec![Action::restate(at, by, text)],
            ActionKind::Confirm => vec![Action::confirm(at, by)],
            ActionKind::Correct => vec![Action::correct(at, by, text)],
            ActionKind::Thank => vec![Action::thank(at, by, text)],
            ActionKind::Apologize => vec![Action::apologize(at, by, text)],
            ActionKind::Diagnose => vec![Action::diagnose(at, by, text, text)],
            ActionKind::Ask => vec![Action::ask(at, by)],
            ActionKind::Request => vec![Action::request(at, by, remedy())],
            ActionKind::NoRequest => vec![Action::no_request(at, by)],
            ActionKind::Offer => vec![
                Action::counter_offer(at, by.clone(), remedy(), text),
                Action::Offer {
                    at,
                    by,
                    remedy: Box::new(remedy()),
                    reason: Some(text.into()),
                    too_upset: true,
                },
            ],
            ActionKind::Approve => vec![Action::approve(at, by)],
            ActionKind::Agree => vec![Action::agree(at, by)],
            ActionKind::Decline => vec![Action::decline(at, by, text)],
            ActionKind::SuspectBadFaith => vec![Action::suspect_bad_faith(at, by, text)],
            ActionKind::StandFirm => vec![Action::stand_firm(at, by, text)],
            ActionKind::Plan => vec![Action::plan(at, by, text, at)],
            ActionKind::Done => self
                .open_tasks()
                .into_iter()
                .map(|id| Action::done(at, by.clone(), id))
                .collect(),
            ActionKind::FollowUp => vec![Action::follow_up(at, by, FollowUpResult::Satisfied)],
            ActionKind::Prevention => vec![Action::prevention(at, by, PreventionSource::Customer, None)],
            ActionKind::Escalate => vec![Action::escalate(at, by, text, text)],
            ActionKind::Note => vec![Action::note(at, by, text)],
            ActionKind::Close => Outcome::ALL
                .iter()
                .map(|o| Action::close(at, by.clone(), *o))
                .collect(),
            ActionKind::Reopen => vec![Action::reopen(at, by, text)],
        };
        candidates.iter().any(|action| {
            self.admit(action).is_ok() && {
                let mut j = Judge::first(&self.playbook);
                judge(&self.facts, self.last_at(), action, &mut j).is_ok()
            }
        })
    }
}

/// Compares an event as applied now with its recorded `seq`, `stage` and `task_id`.
fn check_recorded(applied: &Event, (seq, stage, task_id): (u32, Stage, Option<u32>)) -> Result<(), Error> {
    if applied.seq != seq {
        return Err(Error::invalid(
            "seq",
            format!("is {seq}, replaying gives {}", applied.seq),
        ));
    }
    if applied.stage != stage {
        return Err(Error::invalid(
            "stage",
            format!("is {stage}, replaying gives {}", applied.stage),
        ));
    }
    if applied.task_id != task_id {
        return Err(Error::invalid(
            "task_id",
            "disagrees with the task id replaying gives",
        ));
    }
    Ok(())
}

impl Serialize for Complaint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            schema: u32,
            playbook: &'a Playbook,
            stage: Stage,
            history: &'a [Event],
        }
        Out {
            schema: SCHEMA,
            playbook: &self.playbook,
            stage: self.facts.stage,
            history: &self.history,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Complaint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Stored as Deserialize>::deserialize(d)?
            .rebuild()
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct Stored {
    schema: u32,
    playbook: Playbook,
    stage: Stage,
    history: Vec<Wire>,
}

map_only!(Stored, "a stored complaint object");

impl Stored {
    fn rebuild(self) -> Result<Complaint, Error> {
        if self.schema != SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("version {} is not supported (expected {SCHEMA})", self.schema),
            ));
        }
        let mut events = Vec::with_capacity(self.history.len());
        for (index, wire) in self.history.into_iter().enumerate() {
            events.push(wire.into_event().map_err(|e| replayed(index, e))?);
        }
        let complaint = Complaint::replay(events, self.playbook)?;
        if complaint.stage() != self.stage {
            return Err(Error::invalid(
                "stage",
                format!("is {}, but the history ends in {}", self.stage, complaint.stage()),
            ));
        }
        Ok(complaint)
    }
}
