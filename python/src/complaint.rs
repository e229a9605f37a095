//! `amends.Complaint`: one complaint, safe to share between threads.
//!
//! The class is frozen and keeps the core's complaint behind a `Mutex`, locked with
//! `lock_py_attached` so a thread waiting for the lock never holds the interpreter. Python values
//! are read before the lock is taken and built after it is released: a locked section runs only
//! Rust, so it cannot re-enter Python.

use crate::convert::{self, actor, count, document, opt_text, text, timestamp, Document};
use crate::errors::{invalid, invalid_input, Failure, Result};
use crate::names;
use crate::playbook::{self, Playbook};
use crate::values::{Breach, Deadline, Violation};
use amends::{Action, Event, Open};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyType};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One complaint, from receipt to closure. Every change goes through `apply` or a typed method,
/// which refuses what the playbook forbids and then changes nothing.
#[pyclass(frozen, module = "amends", name = "Complaint")]
pub(crate) struct Complaint {
    inner: Mutex<amends::Complaint>,
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

    /// Applies a typed action; returns the new event's `seq` (the history length after it).
    fn commit(&self, py: Python<'_>, action: Action, expected: Option<usize>) -> Result<u32> {
        let result: Result<u32, amends::Error> = {
            let mut c = self.lock(py);
            match expected {
                Some(n) => c.apply_expecting(action, n).map(|e| e.seq),
                None => c.apply(action).map(|e| e.seq),
            }
        };
        Ok(result?)
    }

    fn snapshot(&self, py: Python<'_>) -> amends::Complaint {
        self.lock(py).clone()
    }
}

/// An action given as a dict or as JSON text.
fn action_of(obj: &Bound<'_, PyAny>) -> Result<Action> {
    Ok(match document(obj, "action")? {
        Document::Text(t) => Action::from_json(&t)?,
        Document::Value(v) => Action::from_value(&v)?,
    })
}

fn event_of(obj: &Bound<'_, PyAny>) -> Result<Event> {
    let value = document(obj, "event")?.into_value()?;
    Ok(Event::from_value(&value)?)
}

fn replay_error(index: usize, source: Failure) -> Failure {
    match source {
        Failure::Core(e) => Failure::Core(amends::Error::Replay {
            index,
            source: Box::new(e),
        }),
        other => other,
    }
}

/// Reads the events of a history: a list (or any iterable) of dicts or JSON texts, or the JSON
/// text of a list.
fn events_of(obj: &Bound<'_, PyAny>) -> Result<Vec<Event>> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_cow()
            .map_err(|_| invalid_input("the history is not valid text"))?;
        return Ok(Event::list_from_json(&text)?);
    }
    if obj.is_instance_of::<PyDict>() {
        return Err(invalid("history", "expected a list of events, got one dict"));
    }
    let items = obj.try_iter().map_err(|_| {
        invalid(
            "history",
            format!("expected a list of events, got {}", convert::type_name(obj)),
        )
    })?;
    let mut events = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item.map_err(|e| invalid("history", e.to_string()))?;
        events.push(event_of(&item).map_err(|e| replay_error(i, e))?);
    }
    Ok(events)
}

fn repr_text(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
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
        let mut open = Open::new(
            timestamp(at, "at")?,
            actor(by)?,
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
        let event: Event = {
            let mut c = self.lock(py);
            let applied = match expected {
                Some(n) => c.apply_expecting(action, n),
                None => c.apply(action),
            };
            applied.cloned()
        }?;
        Ok(convert::to_py(py, &event)?)
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
        PyList::new(py, kinds.into_iter().map(|k| names::member(py, k)))
    }

    /// The current stage (a `Stage`, which compares equal to its name).
    #[getter]
    fn stage(&self, py: Python<'_>) -> Py<PyAny> {
        let stage = self.lock(py).stage();
        names::member(py, stage)
    }

    /// The audit trail: every accepted action as a dict shaped like its JSON, with `seq`, `stage`
    /// and (for `plan`) `task_id`; timestamps are RFC 3339 text in UTC (`"…Z"`).
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let history: Vec<Event> = self.lock(py).history().to_vec();
        convert::to_py(py, &history)
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
    fn outcome(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        let outcome = self.lock(py).outcome();
        outcome.map(|o| names::member(py, o))
    }

    /// The ids of the planned tasks not done yet, in plan order.
    #[getter]
    fn open_tasks(&self, py: Python<'_>) -> Vec<u32> {
        let c = self.lock(py);
        let mut open: Vec<u32> = Vec::new();
        for event in c.history() {
            match &event.action {
                Action::Plan { .. } => open.extend(event.task_id),
                Action::Done { task_id, .. } => open.retain(|t| t != task_id),
                _ => {}
            }
        }
        open
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
        let id = id
            .as_deref()
            .map_or_else(|| "None".to_string(), |i| repr_text(py, i));
        format!(
            "Complaint(id={id}, customer={}, stage='{stage}', events={events}, playbook={})",
            repr_text(py, &customer),
            repr_text(py, &playbook),
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
        let action = Action::listen(timestamp(at, "at")?, actor(by)?, text(account, "account")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::restate(timestamp(at, "at")?, actor(by)?, text(summary, "summary")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::confirm(timestamp(at, "at")?, actor(by)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::correct(timestamp(at, "at")?, actor(by)?, text(correction, "correction")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::thank(timestamp(at, "at")?, actor(by)?, text(statement, "statement")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::apologize(timestamp(at, "at")?, actor(by)?, text(statement, "statement")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::diagnose(
            timestamp(at, "at")?,
            actor(by)?,
            text(root_cause, "root_cause")?,
            text(category, "category")?,
        );
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::ask(timestamp(at, "at")?, actor(by)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::request(timestamp(at, "at")?, actor(by)?, convert::remedy(remedy)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::no_request(timestamp(at, "at")?, actor(by)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let at = timestamp(at, "at")?;
        let by = actor(by)?;
        let remedy = convert::remedy(remedy)?;
        let reason = opt_text(reason, "reason")?;
        let too_upset = match too_upset.filter(|t| !t.is_none()) {
            None => false,
            Some(t) => match t.cast::<PyBool>() {
                Ok(b) => b.is_true(),
                Err(_) => return Err(invalid("too_upset", "expected True or False")),
            },
        };
        let action = Action::Offer {
            at,
            by,
            remedy: Box::new(remedy),
            reason,
            too_upset,
        };
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::approve(timestamp(at, "at")?, actor(by)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::agree(timestamp(at, "at")?, actor(by)?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::decline(timestamp(at, "at")?, actor(by)?, text(reason, "reason")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::suspect_bad_faith(timestamp(at, "at")?, actor(by)?, text(evidence, "evidence")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::stand_firm(timestamp(at, "at")?, actor(by)?, text(reason, "reason")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::plan(
            timestamp(at, "at")?,
            actor(by)?,
            text(task, "task")?,
            timestamp(due, "due")?,
        );
        self.commit(py, action, convert::expected(expected)?)
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
        let task_id =
            u32::try_from(count(task_id, "task_id")?).map_err(|_| invalid("task_id", "is too large"))?;
        let action = Action::done(timestamp(at, "at")?, actor(by)?, task_id);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::FollowUp {
            at: timestamp(at, "at")?,
            by: actor(by)?,
            result: names::from_py(result, "result")?,
            notes: opt_text(notes, "notes")?,
        };
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::Prevention {
            at: timestamp(at, "at")?,
            by: actor(by)?,
            source: names::from_py(source, "source")?,
            idea: opt_text(idea, "idea")?,
        };
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::escalate(
            timestamp(at, "at")?,
            actor(by)?,
            text(to, "to")?,
            text(reason, "reason")?,
        );
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::note(timestamp(at, "at")?, actor(by)?, convert::text(text, "text")?);
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::Close {
            at: timestamp(at, "at")?,
            by: actor(by)?,
            outcome: names::from_py(outcome, "outcome")?,
            reason: opt_text(reason, "reason")?,
        };
        self.commit(py, action, convert::expected(expected)?)
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
        let action = Action::reopen(timestamp(at, "at")?, actor(by)?, text(reason, "reason")?);
        self.commit(py, action, convert::expected(expected)?)
    }
}
