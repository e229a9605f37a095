//! The one mapping from the core's errors to Python exceptions.
//!
//! Malformed input the binding finds itself (a wrong Python type, a naive datetime, NaN, …) is
//! built as the core's own input error, so it is raised, and wrapped in a replay error, exactly
//! as the core's are. The exception classes are defined in Python (`amends/_errors.py`), because
//! `InvalidAction` is both an `AmendsError` and a `ValueError`; they are looked up once and raised
//! from here.

use crate::names;
use amends::{Error, InvalidInput};
use pyo3::exceptions::{PyBaseException, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyTuple, PyType};

/// Why a call from Python failed: the core refused it (or the binding found the input malformed,
/// which it reports as the core would), or Python raised something that is not about the input.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Refused: raised as the exception of the core's error kind.
    Core(Error),
    /// A Python error, raised as it is (an interrupt, out of memory, a bug in the caller's
    /// `tzinfo`, building a result failed, …).
    Python(PyErr),
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Python(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// Malformed input naming a field.
pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Failure {
    Failure::Core(Error::invalid(field, message))
}

/// Whether a Python error met while reading a value says the value is malformed: a `TypeError`,
/// a `ValueError` (which includes `UnicodeError`) or an `OverflowError`. Anything else
/// (`KeyboardInterrupt`, `MemoryError`, `RecursionError`, an exception from the caller's own
/// code) is not about the data.
fn malformed(error: &PyErr) -> bool {
    Python::attach(|py| {
        error.is_instance_of::<PyTypeError>(py)
            || error.is_instance_of::<PyValueError>(py)
            || error.is_instance_of::<PyOverflowError>(py)
    })
}

/// A Python error met while reading the value of `field`: an input error naming the field when
/// the value is malformed, else the Python error unchanged.
pub(crate) fn reading(field: &str, error: PyErr) -> Failure {
    if malformed(&error) {
        invalid(field, error.to_string())
    } else {
        Failure::Python(error)
    }
}

/// As [`reading`], saying `message` instead of Python's words when the value is malformed.
pub(crate) fn reading_as(field: &str, error: PyErr, message: impl Into<String>) -> Failure {
    if malformed(&error) {
        invalid(field, message)
    } else {
        Failure::Python(error)
    }
}

pub(crate) type Result<T, E = Failure> = std::result::Result<T, E>;

/// The exception classes of `amends._errors`, and `BaseException.__new__`, looked up once.
struct Classes {
    base: Py<PyType>,
    rule_violation: Py<PyType>,
    invalid_action: Py<PyType>,
    conflict: Py<PyType>,
    replay: Py<PyType>,
    new: Py<PyAny>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let module = py.import("amends._errors")?;
        let class = |name: &str| -> PyResult<Py<PyType>> {
            Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(Classes {
            base: class("AmendsError")?,
            rule_violation: class("RuleViolation")?,
            invalid_action: class("InvalidAction")?,
            conflict: class("ConflictError")?,
            replay: class("ReplayError")?,
            new: py.get_type::<PyBaseException>().getattr("__new__")?.unbind(),
        })
    })
}

/// An instance of `class` whose `args` are `args` (the class's constructor arguments, in order),
/// made without running Python code: the classes read their fields from `args`.
fn made<'py>(
    py: Python<'py>,
    class: impl Fn(&Classes) -> &Py<PyType>,
    args: Vec<Bound<'py, PyAny>>,
) -> PyResult<PyErr> {
    let c = classes(py)?;
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(class(c).bind(py).clone().into_any());
    all.extend(args);
    let instance = c.new.bind(py).call1(PyTuple::new(py, all)?)?;
    Ok(PyErr::from_value(instance))
}

/// Every core error, one arm per kind; the core may add kinds (`#[non_exhaustive]`), which then
/// surface as the base `AmendsError` until they get their own class. An exception's `str()` is
/// the core's description of the error: a replay error carries it, the others have the core
/// describe their fields when asked (most refusals are caught, never printed).
fn exception(py: Python<'_>, error: Error) -> PyResult<PyErr> {
    let text = |s: &str| PyString::new(py, s).into_any();
    let opt_text = |s: Option<&str>| s.map_or_else(|| py.None().into_bound(py), text);
    let int = |n: usize| n.into_pyobject(py).map(Bound::into_any);
    match error {
        Error::Rule(v) => made(
            py,
            |c| &c.rule_violation,
            vec![names::member(py, v.rule)?.into_bound(py), text(&v.message)],
        ),
        Error::Invalid(e) => made(
            py,
            |c| &c.invalid_action,
            vec![text(e.message()), opt_text(e.field())],
        ),
        Error::Conflict { expected, actual } => made(py, |c| &c.conflict, vec![int(expected)?, int(actual)?]),
        Error::Replay { index, source } => {
            let description = text(
                &Error::Replay {
                    index,
                    source: source.clone(),
                }
                .to_string(),
            );
            let rule = match source.rule() {
                Some(r) => names::member(py, r)?.into_bound(py),
                None => py.None().into_bound(py),
            };
            let args = vec![
                int(index)?,
                text(&source.to_string()),
                rule,
                opt_text(source.field()),
                description,
            ];
            let cause = exception(py, *source)?;
            let err = made(py, |c| &c.replay, args)?;
            err.set_cause(py, Some(cause));
            Ok(err)
        }
        other => {
            let instance = classes(py)?.base.bind(py).call1((other.to_string(),))?;
            Ok(PyErr::from_value(instance))
        }
    }
}

/// The one conversion to Python exceptions: every fallible method returns `Result<T, Failure>`.
impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Core(e) => Python::attach(|py| exception(py, e).unwrap_or_else(|e| e)),
            Failure::Python(e) => e,
        }
    }
}

/// The core's description of an input error: `str()` of an `InvalidAction`.
#[pyfunction]
#[pyo3(signature = (message, field = None))]
pub(crate) fn input_error_text(message: String, field: Option<String>) -> String {
    InvalidInput::new(field, message).to_string()
}

/// The core's description of a conflict: `str()` of a `ConflictError`.
#[pyfunction]
pub(crate) fn conflict_text(expected: usize, actual: usize) -> String {
    Error::Conflict { expected, actual }.to_string()
}
