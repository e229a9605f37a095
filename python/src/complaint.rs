//! `amends.Complaint`: one complaint, safe to share between threads.
//!
//! The class is frozen and keeps the core's complaint behind a `Mutex`, locked with
//! `lock_py_attached` so a thread waiting for the lock never holds the interpreter. Python values
//! are read before the lock is taken and built after it is released: a locked section runs only
//! Rust, so it cannot re-enter Python.

use crate::convert::{self, opt_text, text, timestamp, By, Document};
use crate::data::Direct;
use crate::errors::{invalid, reading, reading_as, Failure, Result};
use crate::names;
use crate::playbook::{self, Playbook};
use crate::to_py;
use crate::values::{quote, Breach, Deadline, Violation};
use amends::{Action, Actor, Event, InvalidInput, Open};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyBool, PyDict, PyList, PyMapping, PyString, PyType};
use serde::Deserialize;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One complaint, from receipt to closure. Every change goes through `apply` or a typed method,
/// which refuses what the playbook forbids and then changes nothing.
#[pyclass(frozen, module = "amends", name = "Complaint")]
pub(crate) struct Complaint {
    inner: Mutex<amends::Complaint>,
}

/// Applies an action; with `expected`, only on a history of that many events.
fn apply(
    c: &mut amends::Complaint,
    action: Action,
    expected: Option<usize>,
) -> Result<&Event, amends::Error> {
    match expected {
        Some(n) => c.apply_expecting(action, n),
        None => c.apply(action),
    }
}

impl Complaint {
    fn new(complaint: amends::Complaint) -> Self {
        Complaint {
            inner: Mutex::new(complaint),
        }
    }

    fn lock(&self, py: Python<'_>) -> MutexGuard<'_, amends::Complaint> {
        // A panic inside the core cannot leave a half-applied action: the core records an event
        // only after every check passed.
        self.inner
            .lock_py_attached(py)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies a typed action, made under the lock once `by` is known (shared with the recent
    /// history's copy of the same person); returns the new event's `seq` (the history length).
    fn commit(
        &self,
        py: Python<'_>,
        by: By<'_>,
        expected: Option<usize>,
        action: impl FnOnce(Actor) -> Action,
    ) -> Result<u32> {
        let mut c = self.lock(py);
        let by = by.into_actor(c.history());
        Ok(apply(&mut c, action(by), expected)?.seq)
    }

    pub(crate) fn snapshot(&self, py: Python<'_>) -> amends::Complaint {
        self.lock(py).clone()
    }
}

/// `at` and `by`, which every typed action has, in the order they are checked.
fn who<'a>(at: &Bound<'_, PyAny>, by: &'a Bound<'_, PyAny>) -> Result<(amends::Timestamp, By<'a>)> {
    Ok((timestamp(at, "at")?, By::read(by)?))
}

/// An action given as a dict (read straight into the core's types) or as JSON text.
fn action_of(obj: &Bound<'_, PyAny>) -> Result<Action> {
    if obj.is_instance_of::<PyDict>() {
        // A well-formed dict of plain values reads in place; one that does not (a refusal, a
        // `datetime` value) reads through the snapshot, which is what a reader that succeeds here
        // would have read.
        if let Ok(action) = Action::from_deserializer_untracked(Direct(obj)) {
            return Ok(action);
        }
    }
    match convert::document(obj, "action")? {
        Document::Json(text) => Ok(Action::from_json(text)?),
        Document::Data(data) => {
            Ok(Action::from_deserializer_untracked(&data).or_else(|_| Action::from_deserializer(&data))?)
        }
    }
}

/// One event of a history, given as a dict or as JSON text.
fn event_of(obj: &Bound<'_, PyAny>) -> Result<Event> {
    // The core reads single events from JSON values.
    let value = match convert::document(obj, "event")? {
        // The syntax error is worded as the core's own.
        Document::Json(text) => serde_json::from_str(text)
            .map_err(|e| amends::Error::Invalid(InvalidInput::new(None, format!("malformed JSON: {e}"))))?,
        Document::Data(data) => {
            serde_json::Value::deserialize(&data).map_err(|e| invalid("event", e.to_string()))?
        }
    };
    Ok(Event::from_value(&value)?)
}

/// Reads the events of a history: a list (or any iterable) of dicts or JSON texts. An event
/// that does not read is refused as the core refuses one in a history's JSON: a `ReplayError`
/// naming its index.
fn events_of(obj: &Bound<'_, PyAny>) -> Result<Vec<Event>> {
    if obj.is_instance_of::<PyDict>() || obj.is_instance_of::<PyMapping>() {
        return Err(invalid("history", "expected a list of events, got one dict"));
    }
    let items = obj.try_iter().map_err(|e| {
        let not_a_list = format!("expected a list of events, got {}", convert::type_name(obj));
        reading_as("history", e, not_a_list)
    })?;
    let mut events = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item.map_err(|e| reading("history", e))?;
        let event = event_of(&item).map_err(|failure| match failure {
            Failure::Core(source) => Failure::Core(amends::Error::Replay {
                index,
                source: Box::new(source),
            }),
            other => other,
        })?;
        events.push(event);
    }
    Ok(events)
}

#[pymethods]
impl Complaint {
    /// Opens a complaint from an `open` action (a dict or JSON text) under a playbook (`None`:
    /// strict; a preset name; a dict or JSON text; a `Playbook`).
    #[classmethod]
    #[pyo3(signature = (action, playbook = None))]
    fn open(
        _cls: &Bound<'_, PyType>,
        action: &Bound<'_, PyAny>,
        playbook: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        let action = action_of(action)?;
        let playbook = playbook::argument(playbook)?;
        Ok(Complaint::new(amends::Complaint::open(action, playbook)?))
    }

    /// Opens a complaint from typed fields: the complaint as it was received.
    #[classmethod]
    #[pyo3(signature = (customer, summary, *, by, at, playbook = None, id = None, channel = None,
                        severity = None, category = None, value_at_stake = None))]
    #[allow(clippy::too_many_arguments)]
    fn receive(
        _cls: &Bound<'_, PyType>,
        customer: &Bound<'_, PyAny>,
        summary: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        playbook: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
        channel: Option<&Bound<'_, PyAny>>,
        severity: Option<&Bound<'_, PyAny>>,
        category: Option<&Bound<'_, PyAny>>,
        value_at_stake: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        let (at, by) = who(at, by)?;
        let mut open = Open::new(
            at,
            by.into_actor(&[]),
            text(customer, "customer")?,
            text(summary, "summary")?,
        );
        open.id = opt_text(id, "id")?;
        open.channel = opt_text(channel, "channel")?;
        open.category = opt_text(category, "category")?;
        if let Some(s) = severity.filter(|s| !s.is_none()) {
            open.severity = Some(names::from_py(s, "severity")?);
        }
        if let Some(v) = value_at_stake.filter(|v| !v.is_none()) {
            open.value_at_stake = Some(convert::money(v, "value_at_stake")?);
        }
        let playbook = playbook::argument(playbook)?;
        Ok(Complaint::new(amends::Complaint::open(open, playbook)?))
    }

    /// Rebuilds a complaint from `to_json()`'s text, replaying every event under the stored
    /// playbook: a history edited into a state the rules forbid is refused (`ReplayError`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &Bound<'_, PyAny>) -> Result<Self> {
        let text = convert::text(text, "complaint")?;
        Ok(Complaint::new(amends::Complaint::from_json(&text)?))
    }

    /// Rebuilds a complaint by applying a history (a list of event dicts or JSON texts, or the JSON
    /// text of such a list) again under a playbook.
    #[classmethod]
    #[pyo3(signature = (events, playbook = None))]
    fn replay(
        _cls: &Bound<'_, PyType>,
        events: &Bound<'_, PyAny>,
        playbook: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        if let Ok(text) = events.cast::<PyString>() {
            let text = convert::utf8(text, "history")?;
            let playbook = playbook::argument(playbook)?;
            return Ok(Complaint::new(amends::Complaint::replay_json(text, playbook)?));
        }
        let events = events_of(events)?;
        let playbook = playbook::argument(playbook)?;
        Ok(Complaint::new(amends::Complaint::replay(events, playbook)?))
    }

    /// Applies an action (a dict or JSON text) and returns the new event as a dict; with
    /// `expected`, only if the history still has that many events (else `ConflictError`).
    #[pyo3(signature = (action, expected = None))]
    fn apply<'py>(
        &self,
        py: Python<'py>,
        action: &Bound<'py, PyAny>,
        expected: Option<&Bound<'py, PyAny>>,
    ) -> Result<Bound<'py, PyAny>> {
        let action = action_of(action)?;
        let expected = convert::expected(expected)?;
        // Built into Python objects after the lock is released: a locked section runs only Rust.
        let event: Event = apply(&mut self.lock(py), action, expected)?.clone();
        Ok(to_py::event_to_py(py, &event)?)
    }

    /// Every rule the action (a dict or JSON text) would break now, in check order; applies
    /// nothing. An empty list means `apply` would accept it.
    fn check(&self, py: Python<'_>, action: &Bound<'_, PyAny>) -> Result<Vec<Violation>> {
        let action = action_of(action)?;
        let found = self.lock(py).check(&action)?;
        Ok(found.into_iter().map(Violation).collect())
    }

    /// The action kinds some well-formed action could do now.
    fn next_actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let kinds = self.lock(py).next_actions();
        let members = kinds
            .into_iter()
            .map(|k| names::member(py, k))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, members)
    }

    /// The current stage (a `Stage`, which compares equal to its name).
    #[getter]
    fn stage(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stage = self.lock(py).stage();
        names::member(py, stage)
    }

    /// The audit trail: every accepted action as a dict shaped like its JSON, with `seq`, `stage`
    /// and (for `plan`) `task_id`; timestamps are RFC 3339 text in UTC (`"…Z"`).
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let history: Vec<Event> = self.lock(py).history().to_vec();
        to_py::history_to_py(py, &history)
    }

    /// The playbook the complaint is handled under.
    #[getter]
    fn playbook(&self, py: Python<'_>) -> Playbook {
        Playbook {
            inner: self.lock(py).playbook().clone(),
        }
    }

    /// How the case was closed, while it is closed.
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let outcome = self.lock(py).outcome();
        outcome.map(|o| names::member(py, o)).transpose()
    }

    /// The ids of the planned tasks not done yet, in plan order.
    #[getter]
    fn open_tasks(&self, py: Python<'_>) -> Vec<u32> {
        self.lock(py).open_tasks()
    }

    /// Every deadline met late, or still unmet past its due time at `now` (an aware datetime or
    /// RFC 3339 text).
    fn breaches(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> Result<Vec<Breach>> {
        let now = timestamp(now, "now")?;
        let found = self.lock(py).breaches(now);
        Ok(found.into_iter().map(Breach).collect())
    }

    /// The earliest unmet deadline still ahead of `now`, if any.
    fn next_deadline(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> Result<Option<Deadline>> {
        let now = timestamp(now, "now")?;
        let next = self.lock(py).next_deadline(now);
        Ok(next.map(Deadline))
    }

    /// Every deadline the playbook sets for this complaint so far, met or not, by due time.
    fn deadlines(&self, py: Python<'_>) -> Vec<Deadline> {
        self.lock(py).deadlines().into_iter().map(Deadline).collect()
    }

    /// The complaint as JSON: `{"schema": 1, "playbook": {…}, "stage": "…", "history": […]}`.
    #[pyo3(signature = (*, pretty = false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> String {
        let c = self.lock(py);
        if pretty {
            c.to_json_pretty()
        } else {
            c.to_json()
        }
    }

    /// A readable timeline, one line per event.
    fn timeline(&self, py: Python<'_>) -> String {
        self.lock(py).timeline()
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.lock(py).history().len()
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<Complaint>() else {
            return Ok(py.NotImplemented());
        };
        let other = other.get();
        if std::ptr::eq(self, other) {
            return Ok(PyBool::new(py, true).to_owned().into_any().unbind());
        }
        // One lock at a time: compare with a copy of the other.
        let theirs = other.snapshot(py);
        let equal = *self.lock(py) == theirs;
        Ok(PyBool::new(py, equal).to_owned().into_any().unbind())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        // Read under the lock, format after it: formatting makes Python objects.
        let (id, customer, stage, events, playbook) = {
            let c = self.lock(py);
            let open = c.opening();
            (
                open.id.clone(),
                open.customer.clone(),
                c.stage(),
                c.history().len(),
                c.playbook().name().to_owned(),
            )
        };
        let id = id.as_deref().map_or_else(|| "None".to_string(), |i| quote(py, i));
        format!(
            "Complaint(id={id}, customer={}, stage='{stage}', events={events}, playbook={})",
            quote(py, &customer),
            quote(py, &playbook),
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().lock(slf.py()).to_json(),)))
    }

    fn __copy__(&self, py: Python<'_>) -> Complaint {
        Complaint::new(self.snapshot(py))
    }

    fn __deepcopy__(&self, py: Python<'_>, _memo: &Bound<'_, PyAny>) -> Complaint {
        Complaint::new(self.snapshot(py))
    }

    // Typed actions. Each takes its own fields, then `by` (a name, or {"id", "role"}), `at` (an
    // aware datetime or RFC 3339 text) and `expected` (the history length the caller read), and
    // returns the new event's `seq`, which is the history length after it.

    /// The customer's story was heard: `account` is what they said.
    #[pyo3(signature = (account, *, by, at, expected = None))]
    fn listen(
        &self,
        py: Python<'_>,
        account: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let account = text(account, "account")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::listen(at, by, account))
    }

    /// Staff repeated the problem back as `summary`.
    #[pyo3(signature = (summary, *, by, at, expected = None))]
    fn restate(
        &self,
        py: Python<'_>,
        summary: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let summary = text(summary, "summary")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::restate(at, by, summary))
    }

    /// The customer confirmed the restatement.
    #[pyo3(signature = (*, by, at, expected = None))]
    fn confirm(
        &self,
        py: Python<'_>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::confirm(at, by))
    }

    /// The customer said the restatement was wrong.
    #[pyo3(signature = (correction, *, by, at, expected = None))]
    fn correct(
        &self,
        py: Python<'_>,
        correction: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let correction = text(correction, "correction")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::correct(at, by, correction))
    }

    /// The customer was thanked for raising it.
    #[pyo3(signature = (statement, *, by, at, expected = None))]
    fn thank(
        &self,
        py: Python<'_>,
        statement: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let statement = text(statement, "statement")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::thank(at, by, statement))
    }

    /// An apology was made.
    #[pyo3(signature = (statement, *, by, at, expected = None))]
    fn apologize(
        &self,
        py: Python<'_>,
        statement: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let statement = text(statement, "statement")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::apologize(at, by, statement))
    }

    /// What broke (`root_cause`), and where (`category`).
    #[pyo3(signature = (root_cause, category, *, by, at, expected = None))]
    #[allow(clippy::too_many_arguments)]
    fn diagnose(
        &self,
        py: Python<'_>,
        root_cause: &Bound<'_, PyAny>,
        category: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let root_cause = text(root_cause, "root_cause")?;
        let category = text(category, "category")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| {
            Action::diagnose(at, by, root_cause, category)
        })
    }

    /// "What can I do to make this right?"
    #[pyo3(signature = (*, by, at, expected = None))]
    fn ask(
        &self,
        py: Python<'_>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::ask(at, by))
    }

    /// The customer said what would make it right (a `Remedy` or its dict).
    #[pyo3(signature = (remedy, *, by, at, expected = None))]
    fn request(
        &self,
        py: Python<'_>,
        remedy: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let remedy = convert::remedy(remedy)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::request(at, by, remedy))
    }

    /// The customer could not or would not suggest a remedy.
    #[pyo3(signature = (*, by, at, expected = None))]
    fn no_request(
        &self,
        py: Python<'_>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::no_request(at, by))
    }

    /// Staff proposed a remedy; `reason` makes it a counter-offer to an open request; `too_upset`
    /// offers it before asking (where the playbook allows it).
    #[pyo3(signature = (remedy, *, by, at, reason = None, too_upset = None, expected = None))]
    #[allow(clippy::too_many_arguments)]
    fn offer(
        &self,
        py: Python<'_>,
        remedy: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        reason: Option<&Bound<'_, PyAny>>,
        too_upset: Option<&Bound<'_, PyAny>>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let remedy = Box::new(convert::remedy(remedy)?);
        let reason = opt_text(reason, "reason")?;
        let too_upset = match too_upset.filter(|t| !t.is_none()) {
            None => false,
            Some(t) => match t.cast::<PyBool>() {
                Ok(b) => b.is_true(),
                Err(_) => return Err(invalid("too_upset", "expected True or False")),
            },
        };
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::Offer {
            at,
            by,
            remedy,
            reason,
            too_upset,
        })
    }

    /// Someone with enough authority approved the open proposal.
    #[pyo3(signature = (*, by, at, expected = None))]
    fn approve(
        &self,
        py: Python<'_>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::approve(at, by))
    }

    /// Both sides agreed to the open proposal.
    #[pyo3(signature = (*, by, at, expected = None))]
    fn agree(
        &self,
        py: Python<'_>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::agree(at, by))
    }

    /// The customer declined the open offer.
    #[pyo3(signature = (reason, *, by, at, expected = None))]
    fn decline(
        &self,
        py: Python<'_>,
        reason: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let reason = text(reason, "reason")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::decline(at, by, reason))
    }

    /// Staff recorded evidence the customer is taking advantage.
    #[pyo3(signature = (evidence, *, by, at, expected = None))]
    fn suspect_bad_faith(
        &self,
        py: Python<'_>,
        evidence: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let evidence = text(evidence, "evidence")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::suspect_bad_faith(at, by, evidence))
    }

    /// Staff refused without a counter-offer.
    #[pyo3(signature = (reason, *, by, at, expected = None))]
    fn stand_firm(
        &self,
        py: Python<'_>,
        reason: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let reason = text(reason, "reason")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::stand_firm(at, by, reason))
    }

    /// A task that carries out the agreed remedy, due by `due`. Tasks are numbered 1, 2, … in plan
    /// order (`open_tasks` lists the ones not done).
    #[pyo3(signature = (task, *, due, by, at, expected = None))]
    #[allow(clippy::too_many_arguments)]
    fn plan(
        &self,
        py: Python<'_>,
        task: &Bound<'_, PyAny>,
        due: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let task = text(task, "task")?;
        let due = timestamp(due, "due")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::plan(at, by, task, due))
    }

    /// Task `task_id` was completed.
    #[pyo3(signature = (task_id, *, by, at, expected = None))]
    fn done(
        &self,
        py: Python<'_>,
        task_id: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let task = convert::task_id(task_id, "task_id")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::done(at, by, task))
    }

    /// Staff checked back with the customer: satisfied, unsatisfied or unreachable.
    #[pyo3(signature = (result, *, by, at, notes = None, expected = None))]
    fn follow_up(
        &self,
        py: Python<'_>,
        result: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        notes: Option<&Bound<'_, PyAny>>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let result = names::from_py(result, "result")?;
        let notes = opt_text(notes, "notes")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::FollowUp {
            at,
            by,
            result,
            notes,
        })
    }

    /// How the problem could have been avoided, from the customer or an employee; no `idea`
    /// means the customer was asked and had none.
    #[pyo3(signature = (source, idea = None, *, by, at, expected = None))]
    #[allow(clippy::too_many_arguments)]
    fn prevention(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        idea: Option<&Bound<'_, PyAny>>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let source = names::from_py(source, "source")?;
        let idea = opt_text(idea, "idea")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::Prevention { at, by, source, idea })
    }

    /// Handed to someone (`to`) with more authority.
    #[pyo3(signature = (to, reason, *, by, at, expected = None))]
    #[allow(clippy::too_many_arguments)]
    fn escalate(
        &self,
        py: Python<'_>,
        to: &Bound<'_, PyAny>,
        reason: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let to = text(to, "to")?;
        let reason = text(reason, "reason")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::escalate(at, by, to, reason))
    }

    /// A free note.
    #[pyo3(signature = (text, *, by, at, expected = None))]
    fn note(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let note = convert::text(text, "text")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::note(at, by, note))
    }

    /// The case was closed: resolved, unresolved or withdrawn.
    #[pyo3(signature = (outcome, *, by, at, reason = None, expected = None))]
    fn close(
        &self,
        py: Python<'_>,
        outcome: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        reason: Option<&Bound<'_, PyAny>>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let outcome = names::from_py(outcome, "outcome")?;
        let reason = opt_text(reason, "reason")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::Close {
            at,
            by,
            outcome,
            reason,
        })
    }

    /// A closed case was reopened.
    #[pyo3(signature = (reason, *, by, at, expected = None))]
    fn reopen(
        &self,
        py: Python<'_>,
        reason: &Bound<'_, PyAny>,
        by: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        expected: Option<&Bound<'_, PyAny>>,
    ) -> Result<u32> {
        let (at, by) = who(at, by)?;
        let reason = text(reason, "reason")?;
        let expected = convert::expected(expected)?;
        self.commit(py, by, expected, |by| Action::reopen(at, by, reason))
    }
}
