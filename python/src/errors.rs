//! The one mapping from the core's errors (and the binding's own input errors) to Python exceptions.
//!
//! The exception classes are defined in Python (`amends/_errors.py`), because `InvalidAction` is
//! both an `AmendsError` and a `ValueError`; they are looked up once and raised from here.

use crate::names;
use pyo3::exceptions::PyBaseException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyTuple, PyType};

/// Why a call from Python failed: the core refused it, or the binding found the Python input
/// malformed before the core saw it (a wrong type, a naive datetime, NaN, …).
#[derive(Debug)]
pub(crate) enum Failure {
    /// Refused by the core.
    Core(amends::Error),
    /// Malformed input found while reading Python values: the field to blame and why.
    Input { field: Option<String>, message: String },
    /// A Python error, raised as it is (building a result failed, out of memory, …).
    Python(PyErr),
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Python(e)
    }
}

impl From<amends::Error> for Failure {
    fn from(e: amends::Error) -> Self {
        Failure::Core(e)
    }
}

/// Malformed input naming a field.
pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Failure {
    Failure::Input {
        field: Some(field.into()),
        message: message.into(),
    }
}

/// Malformed input with no one field to blame.
pub(crate) fn invalid_input(message: impl Into<String>) -> Failure {
    Failure::Input {
        field: None,
        message: message.into(),
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
fn raise<'py>(
    py: Python<'py>,
    class: impl Fn(&Classes) -> &Py<PyType>,
    mut args: Vec<Bound<'py, PyAny>>,
) -> PyErr {
    let made = classes(py).and_then(|c| {
        args.insert(0, class(c).bind(py).clone().into_any());
        let all = PyTuple::new(py, args)?;
        c.new.bind(py).call1(all)
    });
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

fn input_error(py: Python<'_>, field: Option<&str>, message: &str) -> PyErr {
    let field = match field {
        Some(f) => PyString::new(py, f).into_any(),
        None => py.None().into_bound(py),
    };
    raise(
        py,
        |c| &c.invalid_action,
        vec![PyString::new(py, message).into_any(), field],
    )
}

/// Every core error, one arm per kind; the core may add kinds (`#[non_exhaustive]`), which then
/// surface as the base `AmendsError` until they get their own class.
fn core_error(py: Python<'_>, error: amends::Error) -> PyErr {
    let text = |s: &str| PyString::new(py, s).into_any();
    let int = |n: usize| {
        n.into_pyobject(py)
            .map(|n| n.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py))
    };
    match error {
        amends::Error::Rule(v) => raise(
            py,
            |c| &c.rule_violation,
            vec![names::member(py, v.rule).into_bound(py), text(&v.message)],
        ),
        amends::Error::Invalid(e) => input_error(py, e.field(), e.message()),
        amends::Error::Conflict { expected, actual } => {
            raise(py, |c| &c.conflict, vec![int(expected), int(actual)])
        }
        amends::Error::Replay { index, source } => {
            let rule = source.rule().map_or_else(
                || py.None().into_bound(py),
                |r| names::member(py, r).into_bound(py),
            );
            let field = source.field().map_or_else(|| py.None().into_bound(py), text);
            let message = text(&source.to_string());
            let cause = core_error(py, *source);
            let err = raise(py, |c| &c.replay, vec![int(index), message, rule, field]);
            err.set_cause(py, Some(cause));
            err
        }
        other => match classes(py).and_then(|c| c.base.bind(py).call1((other.to_string(),))) {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        },
    }
}

/// The one conversion to Python exceptions: every fallible method returns `Result<T, Failure>`.
impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Core(e) => Python::attach(|py| core_error(py, e)),
            Failure::Input { field, message } => {
                Python::attach(|py| input_error(py, field.as_deref(), &message))
            }
            Failure::Python(e) => e,
        }
    }
}
