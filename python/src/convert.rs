//! Python values in, Python values out: JSON-shaped data, timestamps, text, numbers, actors.
//!
//! One walker reads Python data as JSON text, which the core then reads as it reads any JSON: an
//! action given as a dict is parsed exactly as its JSON text would be. A dict or list is walked as
//! a snapshot of its items, so the Python code a value may run (a `tzinfo`'s `utcoffset`) cannot
//! change what is walked.

use crate::errors::{invalid, reading, reading_as, Failure, Result};
use crate::values::{Money, Remedy};
use amends::{Actor, Event, Timestamp};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyNone, PyString, PyTuple, PyType};
use serde::Deserialize;
use serde_json::Value;
use std::fmt::Write as _;

/// How deep a dict or list given as an action, event or playbook may nest. The deepest valid
/// shape (a complaint's history) is 5 levels; this leaves room and stops runaway recursion.
const MAX_DEPTH: usize = 64;

const NOT_UTF8: &str = "is not valid text (lone surrogates cannot be UTF-8)";

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
fn is_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
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

/// Reads a document (an action, event or playbook, named `what`) given as a mapping or as JSON
/// text: `read` gets its JSON text.
pub(crate) fn with_json<T>(
    obj: &Bound<'_, PyAny>,
    what: &str,
    read: impl FnOnce(&str) -> Result<T, amends::Error>,
) -> Result<T> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(read(utf8(s, what)?)?);
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
    let json = Json::write(obj, "", what)?;
    Ok(read(&json.out)?)
}

/// A Python value as a JSON value, for the core's readers that take one.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, field: &str) -> Result<Value> {
    let json = Json::write(obj, field, field)?;
    serde_json::from_str(&json.out).map_err(|e| invalid(field, e.to_string()))
}

/// Python data written as JSON text: mappings with text keys, lists and tuples, text, integers,
/// finite floats, booleans, None; a `datetime` as RFC 3339 text, `Money` and `Remedy` as their
/// JSON. Errors name the value's dotted path (the `root` name for the value itself).
struct Json<'r> {
    out: String,
    path: String,
    root: &'r str,
}

/// Writes `s` as a JSON string, as serde_json writes one: quoted, with `"`, `\` and the control
/// characters escaped (RFC 8259, section 7), everything else as it is.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut plain = 0;
    while let Some(found) = bytes[plain..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
    {
        // An ASCII byte, so on a character boundary.
        let at = plain + found;
        out.push_str(&s[plain..at]);
        match bytes[at] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            control => {
                let _ = write!(out, "\\u{control:04x}");
            }
        }
        plain = at + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

impl<'r> Json<'r> {
    fn write(obj: &Bound<'_, PyAny>, path: &str, root: &'r str) -> Result<Json<'r>> {
        let mut json = Json {
            out: String::with_capacity(256),
            path: path.to_owned(),
            root,
        };
        json.value(obj, 0)?;
        Ok(json)
    }

    /// Where the walker is, for messages.
    fn here(&self) -> &str {
        if self.path.is_empty() {
            self.root
        } else {
            &self.path
        }
    }

    /// A core value, serialised by serde.
    fn serialized(&mut self, value: &impl serde::Serialize) {
        // Plain data serialises without error.
        if let Ok(text) = serde_json::to_string(value) {
            self.out.push_str(&text);
        }
    }

    fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(invalid(
                self.here(),
                format!("nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            let s = s.to_str().map_err(|e| reading_as(self.here(), e, NOT_UTF8))?;
            push_json_string(&mut self.out, s);
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            // A snapshot of the items (reading them runs no Python code): a value's Python code
            // cannot resize what is being walked.
            let items: Vec<_> = dict.iter().collect();
            self.object(items.into_iter().map(Ok), depth)?;
        } else if obj.is_instance_of::<PyNone>() {
            self.out.push_str("null");
        } else if let Ok(b) = obj.cast::<PyBool>() {
            self.out.push_str(if b.is_true() { "true" } else { "false" });
        } else if obj.is_instance_of::<PyInt>() {
            self.integer(obj)?;
        } else if let Ok(f) = obj.cast::<PyFloat>() {
            let Some(number) = serde_json::Number::from_f64(f.value()) else {
                return Err(invalid(
                    self.here(),
                    "is not a finite number (NaN and infinity are not JSON)",
                ));
            };
            let _ = write!(self.out, "{number}");
        } else if let Ok(list) = obj.cast::<PyList>() {
            // A snapshot too.
            self.array(&list.to_tuple(), depth)?;
        } else if let Ok(tuple) = obj.cast::<PyTuple>() {
            self.array(tuple, depth)?;
        } else if let Ok(m) = obj.cast::<Money>() {
            self.serialized(&m.get().0);
        } else if let Ok(r) = obj.cast::<Remedy>() {
            self.serialized(&r.get().0);
        } else if is_datetime(obj)? {
            let at = timestamp(obj, self.here())?;
            let _ = write!(self.out, "\"{at}\"");
        } else if let Ok(mapping) = obj.cast::<PyMapping>() {
            // `items()` is a list made now: a snapshot, as for a dict.
            let items = mapping.items().map_err(|e| reading(self.here(), e))?;
            let pairs = items.iter().map(|item| {
                let (key, value) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
                Ok((key, value))
            });
            self.object(pairs, depth)?;
        } else {
            return Err(invalid(
                self.here(),
                format!(
                    "cannot be {} (expected JSON data: dict, list, str, int, float, bool, None, datetime)",
                    type_name(obj)
                ),
            ));
        }
        Ok(())
    }

    fn integer(&mut self, obj: &Bound<'_, PyAny>) -> Result<()> {
        if let Ok(n) = obj.extract::<i64>() {
            let _ = write!(self.out, "{n}");
        } else if let Ok(n) = obj.extract::<u64>() {
            let _ = write!(self.out, "{n}");
        } else {
            return Err(invalid(self.here(), "is an integer too large for 64 bits"));
        }
        Ok(())
    }

    fn object<'py>(
        &mut self,
        pairs: impl Iterator<Item = PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>>,
        depth: usize,
    ) -> Result<()> {
        self.out.push('{');
        for (i, pair) in pairs.enumerate() {
            let (key, value) = pair.map_err(|e| reading(self.here(), e))?;
            let Ok(key) = key.cast::<PyString>() else {
                return Err(invalid(
                    self.here(),
                    format!("has a key that is not text ({})", type_name(&key)),
                ));
            };
            let key = key
                .to_str()
                .map_err(|e| reading_as(self.here(), e, "has a key that is not valid text"))?;
            if i > 0 {
                self.out.push(',');
            }
            push_json_string(&mut self.out, key);
            self.out.push(':');
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(key);
            self.value(&value, depth + 1)?;
            self.path.truncate(len);
        }
        self.out.push('}');
        Ok(())
    }

    fn array(&mut self, items: &Bound<'_, PyTuple>, depth: usize) -> Result<()> {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let len = self.path.len();
            let _ = write!(self.path, "[{i}]");
            self.value(&item, depth + 1)?;
            self.path.truncate(len);
        }
        self.out.push(']');
        Ok(())
    }
}

pub(crate) use crate::to_py::to_py;

#[cfg(test)]
mod tests {
    use super::push_json_string;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut samples: Vec<String> = (0u32..0x80)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b{c}"))
            .collect();
        samples.extend(
            [
                "",
                "plain",
                "quote \" and \\ back",
                "tab\tnew\nline\r",
                "\u{7f}\u{80}é😀",
                "\u{0}\u{1f}",
            ]
            .map(String::from),
        );
        for s in samples {
            let mut out = String::new();
            push_json_string(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }
}
