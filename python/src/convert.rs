//! Python values in, Python values out: JSON-shaped data, timestamps, text, numbers, actors.
//!
//! A dict given as an action, an event or a playbook is read into a snapshot of JSON data
//! (`crate::data`), which the core reads as it reads the same JSON text.

use crate::data::{Data, Place};
use crate::errors::{invalid, reading, reading_as, Failure, Result};
use crate::values::{Money, Remedy};
use amends::{Actor, Event, Timestamp};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyMapping, PyString, PyType};
use serde::Deserialize;
use serde_json::Value;

/// Why a `str` is not text.
pub(crate) const NOT_UTF8: &str = "is not valid text (lone surrogates cannot be UTF-8)";

/// The name of an object's type, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

/// A `str` as UTF-8.
pub(crate) fn utf8<'a>(s: &'a Bound<'_, PyString>, field: &str) -> Result<&'a str> {
    s.to_str().map_err(|e| reading_as(field, e, NOT_UTF8))
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
pub(crate) static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn epoch(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    EPOCH
        .get_or_try_init(py, || {
            let datetime = py.import("datetime")?;
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            Ok::<_, PyErr>(
                datetime
                    .getattr("datetime")?
                    .call((1970, 1, 1), Some(&kwargs))?
                    .unbind(),
            )
        })
        .map(|e| e.bind(py))
}

/// Whether `obj` is a `datetime.datetime`.
pub(crate) fn is_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let class = DATETIME.import(obj.py(), "datetime", "datetime")?;
    obj.is_instance(class)
}

/// A timestamp from RFC 3339 text with an offset, or a timezone-aware `datetime` (to the
/// microsecond). A naive `datetime` is refused: the library never guesses a timezone.
pub(crate) fn timestamp(obj: &Bound<'_, PyAny>, field: &str) -> Result<Timestamp> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = utf8(text, field)?;
        return text.parse::<Timestamp>().map_err(|e| {
            invalid(
                field,
                format!("`{text}` is not an RFC 3339 timestamp with an offset: {e}"),
            )
        });
    }
    if !is_datetime(obj)? {
        return Err(invalid(
            field,
            format!(
                "expected a timezone-aware datetime or RFC 3339 text, got {}",
                type_name(obj)
            ),
        ));
    }
    let py = obj.py();
    // Aware minus aware is exact; naive minus aware is a TypeError (so is a datetime whose
    // tzinfo's utcoffset() is None, which Python counts as naive).
    let since = match obj.sub(epoch(py)?) {
        Ok(since) => since,
        Err(e) => return Err(not_aware(obj, field, e)),
    };
    let part = |name: &Bound<'_, PyString>| -> Result<i64> {
        since
            .getattr(name)
            .and_then(|v| v.extract::<i64>())
            .map_err(|e| reading(field, e))
    };
    let days = part(intern!(py, "days"))?;
    let seconds = part(intern!(py, "seconds"))?;
    let micros = part(intern!(py, "microseconds"))?;
    let total = days
        .checked_mul(86_400)
        .and_then(|s| s.checked_add(seconds))
        .and_then(|s| s.checked_mul(1_000_000))
        .and_then(|us| us.checked_add(micros))
        .ok_or_else(|| invalid(field, "is out of the range of timestamps"))?;
    Timestamp::from_microsecond(total).map_err(|e| invalid(field, e.to_string()))
}

/// Why subtracting the epoch from a datetime failed: it is naive, or its `tzinfo` failed.
fn not_aware(obj: &Bound<'_, PyAny>, field: &str, error: PyErr) -> Failure {
    if !error.is_instance_of::<pyo3::exceptions::PyTypeError>(obj.py()) {
        return reading(field, error);
    }
    match obj.call_method0(intern!(obj.py(), "utcoffset")) {
        Ok(offset) if offset.is_none() => invalid(
            field,
            "is a naive datetime: give it a timezone (datetime.timezone.utc, zoneinfo.ZoneInfo(…))",
        ),
        Ok(_) => reading(field, error),
        Err(e) => reading(field, e),
    }
}

/// A timestamp as an aware `datetime` in UTC (to the microsecond).
pub(crate) fn datetime<'py>(py: Python<'py>, at: Timestamp) -> PyResult<Bound<'py, PyAny>> {
    let micros = at.as_microsecond();
    let timedelta = TIMEDELTA.import(py, "datetime", "timedelta")?;
    let (secs, us) = (micros.div_euclid(1_000_000), micros.rem_euclid(1_000_000));
    let delta = timedelta.call1((0, secs, us))?;
    epoch(py)?.add(delta)
}

/// Required text.
pub(crate) fn text(obj: &Bound<'_, PyAny>, field: &str) -> Result<Box<str>> {
    match obj.cast::<PyString>() {
        Ok(s) => utf8(s, field).map(Box::from),
        Err(_) => Err(invalid(field, format!("expected text, got {}", type_name(obj)))),
    }
}

/// Optional text: `None` is absent.
pub(crate) fn opt_text(obj: Option<&Bound<'_, PyAny>>, field: &str) -> Result<Option<Box<str>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => text(o, field).map(Some),
    }
}

/// An integer that fits in `T` (a bool is not an integer here); `range` says which integers do.
fn integer<'py, T>(obj: &Bound<'py, PyAny>, field: &str, range: &str) -> Result<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
{
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(invalid(
            field,
            format!("expected an integer, got {}", type_name(obj)),
        ));
    }
    obj.extract::<T>()
        .map_err(|e| reading_as(field, e.into(), format!("must be {range}")))
}

/// A non-negative integer that fits in 64 bits.
pub(crate) fn count(obj: &Bound<'_, PyAny>, field: &str) -> Result<u64> {
    integer(obj, field, "a non-negative integer that fits in 64 bits")
}

/// An integer that fits in 64 bits, either sign.
pub(crate) fn signed(obj: &Bound<'_, PyAny>, field: &str) -> Result<i64> {
    integer(obj, field, "an integer that fits in 64 bits")
}

/// A task id: a non-negative integer that fits in 32 bits.
pub(crate) fn task_id(obj: &Bound<'_, PyAny>, field: &str) -> Result<u32> {
    integer(obj, field, "a non-negative integer that fits in 32 bits")
}

/// An optional history length for optimistic concurrency.
pub(crate) fn expected(obj: Option<&Bound<'_, PyAny>>) -> Result<Option<usize>> {
    match obj {
        Some(o) if !o.is_none() => integer(o, "expected", "a non-negative integer").map(Some),
        _ => Ok(None),
    }
}

/// How many recent events to look through for the person recording an action.
const RECENT: usize = 8;

/// Who recorded an action, as the caller gave it: a name (role `agent`) or a whole actor.
pub(crate) enum By<'a> {
    /// A name: someone in the default role.
    Name(&'a str),
    /// Someone given as `{"id": …, "role": …}`.
    Actor(Actor),
}

impl<'a> By<'a> {
    /// Reads `by`: a name, or a mapping read by the core's rules for an actor (the role defaults
    /// to `agent`; an unknown key is refused), with the core's messages.
    pub(crate) fn read(obj: &'a Bound<'_, PyAny>) -> Result<By<'a>> {
        if let Ok(name) = obj.cast::<PyString>() {
            return utf8(name, "by").map(By::Name);
        }
        if !obj.is_instance_of::<PyMapping>() {
            return Err(invalid(
                "by",
                format!(
                    "expected a name or {{\"id\": …, \"role\": …}}, got {}",
                    type_name(obj)
                ),
            ));
        }
        let value = to_value(obj, "by")?;
        match Actor::deserialize(&value) {
            Ok(actor) => Ok(By::Actor(actor)),
            // The core names the field and words the message as it does for an action's `by`.
            Err(e) => Err(
                match amends::Action::from_value(&serde_json::json!({ "by": value })) {
                    Err(core) => core.into(),
                    Ok(_) => invalid("by", e.to_string()),
                },
            ),
        }
    }

    /// The actor, sharing the allocation of the same person in one of the `recent` events when
    /// there is one: a helpdesk records most actions by the same few people.
    pub(crate) fn into_actor(self, recent: &[Event]) -> Actor {
        match self {
            By::Actor(actor) => actor,
            By::Name(name) => recent
                .iter()
                .rev()
                .take(RECENT)
                .map(|e| e.action.by())
                .find(|p| p.id() == name && p.role() == Actor::DEFAULT_ROLE)
                .cloned()
                .unwrap_or_else(|| Actor::agent(name)),
        }
    }
}

/// Money: a `Money`, or its JSON shape (`{"amount": …, "currency": …}`) read by the core.
pub(crate) fn money(obj: &Bound<'_, PyAny>, field: &str) -> Result<amends::Money> {
    if let Ok(m) = obj.cast::<Money>() {
        return Ok(m.get().0);
    }
    Ok(amends::Money::from_value(field, &to_value(obj, field)?)?)
}

/// A remedy: a `Remedy`, or its JSON shape (`{"kind": …, "description": …, "value"?: …}`) read
/// by the core.
pub(crate) fn remedy(obj: &Bound<'_, PyAny>) -> Result<amends::Remedy> {
    if let Ok(r) = obj.cast::<Remedy>() {
        return Ok(r.get().0.clone());
    }
    Ok(amends::Remedy::from_value("remedy", &to_value(obj, "remedy")?)?)
}

/// A document (an action, an event or a playbook) as the caller gave it.
pub(crate) enum Document<'a> {
    /// JSON text.
    Json(&'a str),
    /// A mapping, read into a snapshot of JSON data.
    Data(Data),
}

/// Reads a document (an action, event or playbook, named `what`) given as a mapping or as JSON
/// text.
pub(crate) fn document<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> Result<Document<'a>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Document::Json(utf8(s, what)?));
    }
    if !obj.is_instance_of::<PyDict>() && !obj.is_instance_of::<PyMapping>() {
        return Err(invalid(
            what,
            format!(
                "expected the {what} as a dict or as JSON text, got {}",
                type_name(obj)
            ),
        ));
    }
    let top = Place::Top { path: "", root: what };
    Ok(Document::Data(Data::read(obj, &top)?))
}

/// Reads a document (an action, event or playbook, named `what`) given as a mapping or as JSON
/// text: `read` gets its JSON text.
pub(crate) fn with_json<T>(
    obj: &Bound<'_, PyAny>,
    what: &str,
    read: impl FnOnce(&str) -> Result<T, amends::Error>,
) -> Result<T> {
    match document(obj, what)? {
        Document::Json(text) => Ok(read(text)?),
        Document::Data(data) => {
            let text = serde_json::to_string(&data).map_err(|e| invalid(what, e.to_string()))?;
            Ok(read(&text)?)
        }
    }
}

/// A Python value as a JSON value, for the core's readers that take one.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, field: &str) -> Result<Value> {
    let place = Place::Top {
        path: field,
        root: field,
    };
    let data = Data::read(obj, &place)?;
    Value::deserialize(&data).map_err(|e| invalid(field, e.to_string()))
}

pub(crate) use crate::to_py::to_py;
