//! Value objects: immutable, comparable, hashable, picklable, with constructor-style reprs.

use crate::convert::{self, count, signed, text, timestamp};
use crate::errors::{invalid, Result};
use crate::names;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Python's repr of a str.
pub(crate) fn quote(py: Python<'_>, s: &str) -> String {
    pyo3::types::PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

fn opt<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "None".into(), show)
}

/// An amount of money in minor units (2500 is 25.00) and a currency code.
#[pyclass(frozen, eq, hash, module = "amends", name = "Money")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Money(pub(crate) amends::Money);

#[pymethods]
impl Money {
    /// `Money(2500, "EUR")`; without a currency, the currency of the default playbook (`strict`).
    #[new]
    #[pyo3(signature = (amount, currency = None))]
    fn new(amount: &Bound<'_, PyAny>, currency: Option<&Bound<'_, PyAny>>) -> Result<Self> {
        let amount = count(amount, "amount")?;
        let currency = match currency.filter(|c| !c.is_none()) {
            None => amends::Preset::Strict.shared().currency(),
            Some(code) => amends::Currency::new(&text(code, "currency")?)
                .map_err(|e| invalid("currency", e.message()))?,
        };
        Ok(Money(amends::Money::new(amount, currency)))
    }

    /// The amount in minor units.
    #[getter]
    fn amount(&self) -> u64 {
        self.0.amount
    }

    /// The three-letter currency code.
    #[getter]
    fn currency(&self) -> &str {
        self.0.currency.as_str()
    }

    /// `{"amount": …, "currency": …}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("Money({}, '{}')", self.0.amount, self.0.currency)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (u64, String))> {
        let m = slf.get().0;
        Ok((slf.get_type().into_any(), (m.amount, m.currency.to_string())))
    }
}

/// A remedy proposed, requested or agreed: its kind, its description and what it is worth.
#[pyclass(frozen, eq, module = "amends", name = "Remedy")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Remedy(pub(crate) amends::Remedy);

#[pymethods]
impl Remedy {
    #[new]
    #[pyo3(signature = (kind, description, value = None))]
    fn new(
        kind: &Bound<'_, PyAny>,
        description: &Bound<'_, PyAny>,
        value: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        let kind: amends::RemedyKind = names::from_py(kind, "remedy.kind")?;
        let mut remedy = amends::Remedy::new(kind, text(description, "remedy.description")?);
        if let Some(value) = value.filter(|v| !v.is_none()) {
            remedy = remedy.worth(convert::money(value, "remedy.value")?);
        }
        Ok(Remedy(remedy))
    }

    /// What kind of remedy.
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        names::member(py, self.0.kind)
    }

    /// The remedy in words.
    #[getter]
    fn description(&self) -> &str {
        &self.0.description
    }

    /// What it is worth, if anything.
    #[getter]
    fn value(&self) -> Option<Money> {
        self.0.value.map(Money)
    }

    /// `{"kind": …, "description": …, "value"?: {…}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.0)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&(self.0.kind, &self.0.description, self.0.value))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let value = opt(self.0.value, |m| Money(m).__repr__());
        format!(
            "Remedy('{}', {}, value={value})",
            self.0.kind,
            quote(py, &self.0.description)
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let r = &slf.get().0;
        let args = PyTuple::new(
            py,
            [
                r.kind.as_str().into_pyobject(py)?.into_any(),
                r.description.as_ref().into_pyobject(py)?.into_any(),
                r.value.map(Money).into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// One rule an action would break: its id and why, in words a person understands.
#[pyclass(frozen, eq, module = "amends", name = "Violation")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Violation(pub(crate) amends::Violation);

#[pymethods]
impl Violation {
    #[new]
    fn new(rule: &Bound<'_, PyAny>, message: &Bound<'_, PyAny>) -> Result<Self> {
        let rule: amends::RuleId = names::from_py(rule, "rule")?;
        let message = text(message, "message")?;
        // The core's constructor is crate-private; a refusal found by `check` is built the same way.
        Ok(Violation(amends::Violation {
            rule,
            message: message.into(),
        }))
    }

    /// The stable id of the rule.
    #[getter]
    fn rule(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        names::member(py, self.0.rule)
    }

    /// What was missing.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __hash__(&self) -> u64 {
        hash_of(&(self.0.rule, &self.0.message))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Violation('{}', {})", self.0.rule, quote(py, &self.0.message))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        let v = &slf.get().0;
        Ok((slf.get_type().into_any(), (v.rule.as_str(), v.message.clone())))
    }
}

fn opt_timestamp(obj: Option<&Bound<'_, PyAny>>, field: &str) -> Result<Option<amends::Timestamp>> {
    match obj {
        Some(o) if !o.is_none() => timestamp(o, field).map(Some),
        _ => Ok(None),
    }
}

fn opt_task(obj: Option<&Bound<'_, PyAny>>) -> Result<Option<u32>> {
    match obj {
        Some(o) if !o.is_none() => convert::task_id(o, "task_id").map(Some),
        _ => Ok(None),
    }
}

/// One deadline of one complaint: which, when it is due, when it was met, and for which task.
#[pyclass(frozen, eq, module = "amends", name = "Deadline")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Deadline(pub(crate) amends::Deadline);

#[pymethods]
impl Deadline {
    #[new]
    #[pyo3(signature = (deadline, due, met = None, task_id = None))]
    fn new(
        deadline: &Bound<'_, PyAny>,
        due: &Bound<'_, PyAny>,
        met: Option<&Bound<'_, PyAny>>,
        task_id: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        Ok(Deadline(amends::Deadline {
            deadline: names::from_py(deadline, "deadline")?,
            due: timestamp(due, "due")?,
            met: opt_timestamp(met, "met")?,
            task_id: opt_task(task_id)?,
        }))
    }

    /// Which deadline.
    #[getter]
    fn deadline(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        names::member(py, self.0.deadline)
    }

    /// When it is due (an aware datetime in UTC).
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::datetime(py, self.0.due)
    }

    /// When it was met, if it was (an aware datetime in UTC).
    #[getter]
    fn met<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.met.map(|t| convert::datetime(py, t)).transpose()
    }

    /// For a task deadline: the task.
    #[getter]
    fn task_id(&self) -> Option<u32> {
        self.0.task_id
    }

    /// The JSON shape: `{"deadline": …, "due": "…Z", "met"?: "…Z", "task_id"?: n}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.0)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&(self.0.deadline, self.0.due, self.0.met, self.0.task_id))
    }

    fn __repr__(&self) -> String {
        format!(
            "Deadline('{}', '{}', met={}, task_id={})",
            self.0.deadline,
            self.0.due,
            opt(self.0.met, |t| format!("'{t}'")),
            opt(self.0.task_id, |t| t.to_string())
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let d = slf.get().0;
        let args = PyTuple::new(
            py,
            [
                d.deadline.as_str().into_pyobject(py)?.into_any(),
                d.due.to_string().into_pyobject(py)?.into_any(),
                d.met.map(|t| t.to_string()).into_pyobject(py)?.into_any(),
                d.task_id.into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// A deadline met late, or unmet past its due time.
#[pyclass(frozen, eq, module = "amends", name = "Breach")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Breach(pub(crate) amends::Breach);

#[pymethods]
impl Breach {
    #[new]
    #[pyo3(signature = (deadline, due, late_by_seconds, task_id = None))]
    fn new(
        deadline: &Bound<'_, PyAny>,
        due: &Bound<'_, PyAny>,
        late_by_seconds: &Bound<'_, PyAny>,
        task_id: Option<&Bound<'_, PyAny>>,
    ) -> Result<Self> {
        Ok(Breach(amends::Breach {
            deadline: names::from_py(deadline, "deadline")?,
            due: timestamp(due, "due")?,
            late_by_seconds: signed(late_by_seconds, "late_by_seconds")?,
            task_id: opt_task(task_id)?,
        }))
    }

    /// Which deadline.
    #[getter]
    fn deadline(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        names::member(py, self.0.deadline)
    }

    /// When it was due (an aware datetime in UTC).
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::datetime(py, self.0.due)
    }

    /// How late it was met, or how far past due it is (or was when the case closed).
    #[getter]
    fn late_by_seconds(&self) -> i64 {
        self.0.late_by_seconds
    }

    /// For a task deadline: the task.
    #[getter]
    fn task_id(&self) -> Option<u32> {
        self.0.task_id
    }

    /// The JSON shape: `{"deadline": …, "due": "…Z", "late_by_seconds": n, "task_id"?: n}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.0)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&(
            self.0.deadline,
            self.0.due,
            self.0.late_by_seconds,
            self.0.task_id,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Breach('{}', '{}', {}, task_id={})",
            self.0.deadline,
            self.0.due,
            self.0.late_by_seconds,
            opt(self.0.task_id, |t| t.to_string())
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let b = slf.get().0;
        let args = PyTuple::new(
            py,
            [
                b.deadline.as_str().into_pyobject(py)?.into_any(),
                b.due.to_string().into_pyobject(py)?.into_any(),
                b.late_by_seconds.into_pyobject(py)?.into_any(),
                b.task_id.into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((slf.get_type().into_any(), args))
    }
}
