//! Python values in, Python values out: JSON-shaped data, timestamps, text.

use crate::errors::{invalid, invalid_input, Failure, Result};
use crate::values::{Money, Remedy};
use amends::Timestamp;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

/// How deep a dict or list given as an action, event or playbook may nest. The deepest valid
/// shape (a complaint's history) is 5 levels; this leaves room and stops runaway recursion.
const MAX_DEPTH: usize = 64;

/// The name of an object's type, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

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
fn is_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let class = DATETIME.import(obj.py(), "datetime", "datetime")?;
    obj.is_instance(class)
}

/// A timestamp from RFC 3339 text with an offset, or a timezone-aware `datetime` (to the
/// microsecond). A naive `datetime` is refused: the library never guesses a timezone.
pub(crate) fn timestamp(obj: &Bound<'_, PyAny>, field: &str) -> Result<Timestamp> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_cow().map_err(|_| invalid(field, "is not valid text"))?;
        return text.parse::<Timestamp>().map_err(|e| {
            invalid(
                field,
                format!("`{text}` is not an RFC 3339 timestamp with an offset: {e}"),
            )
        });
    }
    let py = obj.py();
    match is_datetime(obj) {
        Ok(true) => {}
        Ok(false) => {
            return Err(invalid(
                field,
                format!(
                    "expected a timezone-aware datetime or RFC 3339 text, got {}",
                    type_name(obj)
                ),
            ))
        }
        Err(e) => return Err(invalid(field, e.to_string())),
    }
    let naive = || {
        invalid(
            field,
            "is a naive datetime: give it a timezone (datetime.timezone.utc, zoneinfo.ZoneInfo(…))",
        )
    };
    // Aware minus aware is exact; naive minus aware is a TypeError (so is a datetime whose
    // tzinfo's utcoffset() is None, which Python counts as naive).
    let since = epoch(py).and_then(|epoch| obj.sub(epoch)).map_err(|_| naive())?;
    let part = |name: &Bound<'_, PyString>| -> Result<i64> {
        since
            .getattr(name)
            .and_then(|v| v.extract::<i64>())
            .map_err(|e| invalid(field, e.to_string()))
    };
    let days = part(intern!(py, "days"))?;
    let seconds = part(intern!(py, "seconds"))?;
    let micros = part(intern!(py, "microseconds"))?;
    Timestamp::from_microsecond((days * 86_400 + seconds) * 1_000_000 + micros)
        .map_err(|e| invalid(field, e.to_string()))
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
        Ok(s) => s
            .to_str()
            .map(Box::from)
            .map_err(|_| invalid(field, "is not valid text (lone surrogates cannot be UTF-8)")),
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

/// Who recorded an action: a name (role `agent`) or `{"id": …, "role": …}`.
pub(crate) fn actor(obj: &Bound<'_, PyAny>) -> Result<amends::Actor> {
    if obj.is_instance_of::<PyString>() {
        return Ok(amends::Actor::agent(text(obj, "by")?));
    }
    if let Ok(map) = obj.cast::<PyDict>() {
        let mut id = None;
        let mut role = None;
        for (key, value) in map.iter() {
            match key.cast::<PyString>().ok().and_then(|k| k.to_str().ok()) {
                Some("id") => id = Some(text(&value, "by.id")?),
                Some("role") if !value.is_none() => role = Some(text(&value, "by.role")?),
                Some("role") => {}
                _ => {
                    return Err(invalid(
                        "by",
                        format!(
                            "unknown field {}",
                            key.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                        ),
                    ))
                }
            }
        }
        let id = id.ok_or_else(|| invalid("by.id", "missing"))?;
        return Ok(match role {
            Some(role) => amends::Actor::new(id, role),
            None => amends::Actor::agent(id),
        });
    }
    Err(invalid(
        "by",
        format!(
            "expected a name or {{\"id\": …, \"role\": …}}, got {}",
            type_name(obj)
        ),
    ))
}

/// A non-negative integer.
pub(crate) fn count(obj: &Bound<'_, PyAny>, field: &str) -> Result<u64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(invalid(
            field,
            format!("expected an integer, got {}", type_name(obj)),
        ));
    }
    obj.extract::<u64>()
        .map_err(|_| invalid(field, "must be a non-negative integer that fits in 64 bits"))
}

/// Money: a `Money`, or `{"amount": …, "currency": …}`.
pub(crate) fn money(obj: &Bound<'_, PyAny>, field: &str) -> Result<amends::Money> {
    if let Ok(m) = obj.cast::<Money>() {
        return Ok(m.get().0);
    }
    let value = to_value(obj, field)?;
    // Through a remedy, so the core names the malformed field; then under this field's name.
    let probe = serde_json::json!({"kind": "other", "description": "-", "value": value});
    match remedy_of(probe) {
        Ok(amends::Remedy { value: Some(m), .. }) => Ok(m),
        Ok(_) => Err(invalid(field, "missing")),
        Err(Failure::Core(e)) => {
            let inner = e
                .field()
                .and_then(|f| f.strip_prefix("remedy.value"))
                .unwrap_or("");
            let message = match &e {
                amends::Error::Invalid(i) => i.message().to_owned(),
                other => other.to_string(),
            };
            Err(invalid(format!("{field}{inner}"), message))
        }
        Err(other) => Err(other),
    }
}

/// A remedy from its JSON, through a one-field action so the core names the malformed field
/// (`remedy.value.amount`).
fn remedy_of(value: Value) -> Result<amends::Remedy> {
    let mut probe = Map::new();
    probe.insert("action".into(), Value::String("request".into()));
    probe.insert("at".into(), Value::String("1970-01-01T00:00:00Z".into()));
    probe.insert("by".into(), serde_json::json!({"id": "-"}));
    probe.insert("remedy".into(), value);
    match amends::Action::from_value(&Value::Object(probe))? {
        amends::Action::Request { remedy, .. } => Ok(*remedy),
        _ => Err(invalid("remedy", "is not a remedy")),
    }
}

/// A remedy: a `Remedy`, or `{"kind": …, "description": …, "value"?: …}`.
pub(crate) fn remedy(obj: &Bound<'_, PyAny>) -> Result<amends::Remedy> {
    if let Ok(r) = obj.cast::<Remedy>() {
        return Ok(r.get().0.clone());
    }
    if !obj.is_instance_of::<PyDict>() {
        return Err(invalid(
            "remedy",
            format!("expected a Remedy or a dict, got {}", type_name(obj)),
        ));
    }
    remedy_of(to_value(obj, "remedy")?)
}

/// A JSON document from a dict (or list) or from JSON text.
pub(crate) enum Document {
    Text(String),
    Value(Value),
}

/// Reads an action, event or playbook given as a dict or as JSON text.
pub(crate) fn document(obj: &Bound<'_, PyAny>, what: &str) -> Result<Document> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_str()
            .map_err(|_| invalid_input(format!("the {what} is not valid text")))?;
        return Ok(Document::Text(text.to_owned()));
    }
    if obj.is_instance_of::<PyDict>() {
        return Ok(Document::Text(to_json_text(obj)?));
    }
    Err(invalid_input(format!(
        "expected the {what} as a dict or as JSON text, got {}",
        type_name(obj)
    )))
}

impl Document {
    /// The document as a JSON value (parsing text).
    pub(crate) fn into_value(self) -> Result<Value> {
        match self {
            Document::Value(v) => Ok(v),
            Document::Text(t) => {
                serde_json::from_str(&t).map_err(|e| invalid_input(format!("not JSON: {e}")))
            }
        }
    }
}

/// A Python value as JSON: dicts with text keys, lists and tuples, text, integers, finite floats,
/// booleans, None; `datetime` becomes RFC 3339 text, enum members their names, `Money` and
/// `Remedy` their JSON.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value> {
    let mut path_buf = String::from(path);
    to_value_at(obj, &mut path_buf, 0)
}

fn here(path: &str) -> String {
    if path.is_empty() {
        "action".into()
    } else {
        path.to_string()
    }
}

fn to_value_at(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(invalid(
            here(path),
            format!("nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()
            .map(|s| Value::String(s.to_owned()))
            .map_err(|_| invalid(here(path), "is not valid text (lone surrogates cannot be UTF-8)"));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return Err(invalid(here(path), "is an integer too large for 64 bits"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value()).map(Value::Number).ok_or_else(|| {
            invalid(
                here(path),
                "is not a finite number (NaN and infinity are not JSON)",
            )
        });
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(invalid(
                    here(path),
                    format!("has a key that is not text ({})", type_name(&key)),
                ));
            };
            let key = key
                .to_str()
                .map_err(|_| invalid(here(path), "has a key that is not valid text"))?;
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let value = to_value_at(&value, path, depth + 1)?;
            path.truncate(len);
            map.insert(key.to_owned(), value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj
            .try_iter()
            .map_err(|e| invalid(here(path), e.to_string()))?
            .enumerate()
        {
            let item = item.map_err(|e| invalid(here(path), e.to_string()))?;
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            items.push(to_value_at(&item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(m) = obj.cast::<Money>() {
        return serde_json::to_value(m.get().0).map_err(|e| invalid(here(path), e.to_string()));
    }
    if let Ok(r) = obj.cast::<Remedy>() {
        return serde_json::to_value(&r.get().0).map_err(|e| invalid(here(path), e.to_string()));
    }
    if is_datetime(obj).unwrap_or(false) {
        let at = timestamp(obj, &here(path))?;
        return Ok(Value::String(at.to_string()));
    }
    Err(invalid(
        here(path),
        format!(
            "cannot be {} (expected JSON data: dict, list, str, int, float, bool, None, datetime)",
            type_name(obj)
        ),
    ))
}

/// A Python value written as JSON text, as [`to_value`] reads it but with no tree in between: an
/// action given as a dict is parsed by the core exactly as its JSON text would be.
pub(crate) fn to_json_text(obj: &Bound<'_, PyAny>) -> Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut path = String::new();
    write_json(obj, &mut out, &mut path, 0)?;
    String::from_utf8(out).map_err(|_| invalid_input("is not valid text"))
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing escaped text into memory cannot fail.
    let _ = serde_json::to_writer(out, s);
}

fn write_json(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, path: &mut String, depth: usize) -> Result<()> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    if depth > MAX_DEPTH {
        return Err(invalid(
            here(path),
            format!("nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s
            .to_str()
            .map_err(|_| invalid(here(path), "is not valid text (lone surrogates cannot be UTF-8)"))?;
        write_str(out, s);
        return Ok(());
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        out.push(b'{');
        for (i, (key, value)) in dict.iter().enumerate() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(invalid(
                    here(path),
                    format!("has a key that is not text ({})", type_name(&key)),
                ));
            };
            let key = key
                .to_str()
                .map_err(|_| invalid(here(path), "has a key that is not valid text"))?;
            if i > 0 {
                out.push(b',');
            }
            write_str(out, key);
            out.push(b':');
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            write_json(&value, out, path, depth + 1)?;
            path.truncate(len);
        }
        out.push(b'}');
        return Ok(());
    }
    if obj.is_none() {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
        return Ok(());
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(n) = obj.extract::<i64>() {
            let _ = write!(out, "{n}");
            return Ok(());
        }
        if let Ok(n) = obj.extract::<u64>() {
            let _ = write!(out, "{n}");
            return Ok(());
        }
        return Err(invalid(here(path), "is an integer too large for 64 bits"));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        out.push(b'[');
        for (i, item) in obj
            .try_iter()
            .map_err(|e| invalid(here(path), e.to_string()))?
            .enumerate()
        {
            let item = item.map_err(|e| invalid(here(path), e.to_string()))?;
            if i > 0 {
                out.push(b',');
            }
            let len = path.len();
            let _ = write!(path, "[{i}]");
            write_json(&item, out, path, depth + 1)?;
            path.truncate(len);
        }
        out.push(b']');
        return Ok(());
    }
    // Everything else (floats, datetimes, Money, Remedy) as `to_value` reads it.
    let value = to_value_at(obj, path, depth)?;
    let _ = write!(out, "{value}");
    Ok(())
}

/// A JSON value as Python data.
pub(crate) fn from_value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, from_value(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serialisable core value as Python data.
pub(crate) fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// An optional history length for optimistic concurrency.
pub(crate) fn expected(obj: Option<&Bound<'_, PyAny>>) -> Result<Option<usize>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => count(o, "expected").map(|n| Some(usize::try_from(n).unwrap_or(usize::MAX))),
    }
}
