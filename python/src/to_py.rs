//! Core values as Python data, shaped as their JSON: a serde `Serializer` that builds Python
//! objects directly. The field names of the core's types and the names of its enums are interned
//! strings made once. Events, made for every call of `apply`, are built field by field instead.

use crate::names;
use amends::{Action, Actor, Event, Money, Open, Remedy, Timestamp};
use jiff::tz::Offset;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyNone, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

/// A serialisable core value as Python data: what `json.loads` gives for its JSON text.
pub(crate) fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy { py }).map_err(|e| e.0)
}

/// An event as a dict, the same as [`to_py`] makes it (the event's JSON, keys in the same order),
/// built directly: an event is the one value made for every call of `apply`, and a history is
/// many of them. An action kind added to the core later is built by [`to_py`].
pub(crate) fn event_to_py<'py>(py: Python<'py>, event: &Event) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(py);
    if !action_into(&dict, &event.action)? {
        return to_py(py, event);
    }
    dict.set_item(intern!(py, "seq"), event.seq)?;
    dict.set_item(intern!(py, "stage"), name(py, event.stage.as_str()))?;
    if let Some(task_id) = event.task_id {
        dict.set_item(intern!(py, "task_id"), task_id)?;
    }
    Ok(dict.into_any())
}

/// A history as a list of event dicts, as [`event_to_py`] makes each.
pub(crate) fn history_to_py<'py>(py: Python<'py>, history: &[Event]) -> PyResult<Bound<'py, PyAny>> {
    let events = history
        .iter()
        .map(|event| event_to_py(py, event))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, events)?.into_any())
}

/// Puts an action's fields into `dict` in the order of its JSON (`action`, `at`, `by`, then the
/// kind's own fields, the optional ones only when set); `false` for a kind this does not know,
/// whose dict is left to [`to_py`] to make.
fn action_into(dict: &Bound<'_, PyDict>, action: &Action) -> PyResult<bool> {
    let py = dict.py();
    let text = |key: &Bound<'_, PyString>, value: &str| dict.set_item(key, PyString::new(py, value));
    let opt_text = |key: &Bound<'_, PyString>, value: &Option<Box<str>>| match value {
        Some(value) => text(key, value),
        None => Ok(()),
    };
    let named = |key: &Bound<'_, PyString>, value: &str| dict.set_item(key, name(py, value));
    dict.set_item(intern!(py, "action"), name(py, action.kind().as_str()))?;
    dict.set_item(intern!(py, "at"), timestamp(py, action.at()))?;
    dict.set_item(intern!(py, "by"), actor(py, action.by())?)?;
    match action {
        Action::Open(open) => {
            let Open {
                customer,
                summary,
                id,
                channel,
                severity,
                category,
                value_at_stake,
                ..
            } = &**open;
            text(intern!(py, "customer"), customer)?;
            text(intern!(py, "summary"), summary)?;
            opt_text(intern!(py, "id"), id)?;
            opt_text(intern!(py, "channel"), channel)?;
            if let Some(severity) = severity {
                named(intern!(py, "severity"), severity.as_str())?;
            }
            opt_text(intern!(py, "category"), category)?;
            if let Some(value) = value_at_stake {
                dict.set_item(intern!(py, "value_at_stake"), money(py, value)?)?;
            }
        }
        Action::Listen { account, .. } => {
            text(intern!(py, "account"), account)?;
        }
        Action::Restate { summary, .. } => {
            text(intern!(py, "summary"), summary)?;
        }
        Action::Correct { correction, .. } => {
            text(intern!(py, "correction"), correction)?;
        }
        Action::Thank { statement, .. } | Action::Apologize { statement, .. } => {
            text(intern!(py, "statement"), statement)?;
        }
        Action::Diagnose {
            root_cause, category, ..
        } => {
            text(intern!(py, "root_cause"), root_cause)?;
            text(intern!(py, "category"), category)?;
        }
        Action::Request { remedy, .. } => {
            dict.set_item(intern!(py, "remedy"), self::remedy(py, remedy)?)?;
        }
        Action::Offer {
            remedy,
            reason,
            too_upset,
            ..
        } => {
            dict.set_item(intern!(py, "remedy"), self::remedy(py, remedy)?)?;
            opt_text(intern!(py, "reason"), reason)?;
            if *too_upset {
                dict.set_item(intern!(py, "too_upset"), true)?;
            }
        }
        Action::Decline { reason, .. } | Action::StandFirm { reason, .. } | Action::Reopen { reason, .. } => {
            text(intern!(py, "reason"), reason)?;
        }
        Action::SuspectBadFaith { evidence, .. } => {
            text(intern!(py, "evidence"), evidence)?;
        }
        Action::Plan { task, due, .. } => {
            text(intern!(py, "task"), task)?;
            dict.set_item(intern!(py, "due"), timestamp(py, *due))?;
        }
        Action::Done { task_id, .. } => {
            dict.set_item(intern!(py, "task_id"), *task_id)?;
        }
        Action::FollowUp { result, notes, .. } => {
            named(intern!(py, "result"), result.as_str())?;
            opt_text(intern!(py, "notes"), notes)?;
        }
        Action::Prevention { source, idea, .. } => {
            named(intern!(py, "source"), source.as_str())?;
            opt_text(intern!(py, "idea"), idea)?;
        }
        Action::Escalate { to, reason, .. } => {
            text(intern!(py, "to"), to)?;
            text(intern!(py, "reason"), reason)?;
        }
        Action::Note { text: note, .. } => {
            text(intern!(py, "text"), note)?;
        }
        Action::Close { outcome, reason, .. } => {
            named(intern!(py, "outcome"), outcome.as_str())?;
            opt_text(intern!(py, "reason"), reason)?;
        }
        Action::Confirm { .. }
        | Action::Ask { .. }
        | Action::NoRequest { .. }
        | Action::Approve { .. }
        | Action::Agree { .. } => {}
        _ => return Ok(false),
    }
    Ok(true)
}

/// `{"id": …, "role": …}`: a new dict each time, as every value made here (the caller may change
/// it).
fn actor<'py>(py: Python<'py>, by: &Actor) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "id"), name(py, by.id()))?;
    dict.set_item(intern!(py, "role"), name(py, by.role()))?;
    Ok(dict)
}

/// `{"amount": …, "currency": …}`.
fn money<'py>(py: Python<'py>, money: &Money) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "amount"), money.amount)?;
    dict.set_item(intern!(py, "currency"), name(py, money.currency.as_str()))?;
    Ok(dict)
}

/// `{"kind": …, "value"?: …, "description": …}`.
fn remedy<'py>(py: Python<'py>, remedy: &Remedy) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "kind"), name(py, remedy.kind.as_str()))?;
    if let Some(value) = &remedy.value {
        dict.set_item(intern!(py, "value"), money(py, value)?)?;
    }
    dict.set_item(intern!(py, "description"), PyString::new(py, &remedy.description))?;
    Ok(dict)
}

/// A timestamp as the core writes it (its `Display`: RFC 3339 in UTC).
fn timestamp(py: Python<'_>, at: Timestamp) -> Bound<'_, PyString> {
    match rfc3339(at) {
        // Only ASCII digits and separators.
        Some(bytes) => PyString::new(py, std::str::from_utf8(&bytes).unwrap_or_default()),
        None => PyString::new(py, &at.to_string()),
    }
}

/// `at` as `Timestamp`'s `Display` writes it, `YYYY-MM-DDTHH:MM:SSZ`, for a whole second in the
/// years 0000 – 9999; `None` for any other (a fraction of a second, a year of other than four
/// digits), which `Display` writes. Writing the digits directly skips the formatter and the
/// allocation of a `String` for every event.
fn rfc3339(at: Timestamp) -> Option<[u8; 20]> {
    if at.subsec_nanosecond() != 0 {
        return None;
    }
    let civil = Offset::UTC.to_datetime(at);
    let year = civil.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    // Each part is within 0 ..= 99 once the year is split in two.
    let parts = [
        (0, year / 100),
        (2, year % 100),
        (5, i16::from(civil.month())),
        (8, i16::from(civil.day())),
        (11, i16::from(civil.hour())),
        (14, i16::from(civil.minute())),
        (17, i16::from(civil.second())),
    ];
    let mut out = *b"0000-00-00T00:00:00Z";
    for (at, part) in parts {
        out[at] = b'0' + (part / 10) as u8;
        out[at + 1] = b'0' + (part % 10) as u8;
    }
    Some(out)
}

/// The field names of the core's types, interned with every name of its enums (`crate::names`).
const FIELDS: &[&str] = &[
    "action",
    "at",
    "by",
    "id",
    "role",
    "seq",
    "stage",
    "task_id",
    "customer",
    "summary",
    "channel",
    "severity",
    "category",
    "value_at_stake",
    "amount",
    "currency",
    "account",
    "correction",
    "statement",
    "root_cause",
    "remedy",
    "kind",
    "description",
    "value",
    "reason",
    "too_upset",
    "evidence",
    "task",
    "due",
    "result",
    "notes",
    "source",
    "idea",
    "to",
    "text",
    "outcome",
];

/// The names the core writes as keys and as values (`"action"`, `"listen"`, `"agent"`), each an
/// interned `str` made once, in an open-addressing table keyed by a name's first seven bytes and
/// its length: a lookup compares two integers, and the whole of a longer name.
struct Names {
    /// `SLOTS` entries; `None` for an empty slot.
    slots: Vec<Option<Named>>,
    longest: usize,
}

struct Named {
    key: u64,
    name: &'static str,
    interned: Py<PyString>,
}

static NAMES: PyOnceLock<Names> = PyOnceLock::new();

/// Slots in [`Names`]: a power of two, over twice the number of names.
const SLOTS: usize = 512;

/// A name's first seven bytes and its length, packed: equal keys are equal names up to seven
/// bytes long.
fn key(name: &[u8]) -> u64 {
    let head = name
        .iter()
        .take(7)
        .fold(0u64, |key, &b| (key << 8) | u64::from(b));
    (head << 8) | (name.len() as u64 & 0xff)
}

/// Where the search for a key starts.
fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 55) as usize % SLOTS
}

impl Names {
    fn new(py: Python<'_>) -> Names {
        let mut table = Names {
            slots: (0..SLOTS).map(|_| None).collect(),
            longest: 0,
        };
        let every = FIELDS
            .iter()
            .copied()
            .chain(names::every_name())
            .chain([amends::Actor::DEFAULT_ROLE]);
        for name in every {
            if table.get(name).is_some() {
                continue;
            }
            let key = key(name.as_bytes());
            let mut i = slot(key);
            while table.slots[i].is_some() {
                i = (i + 1) % SLOTS;
            }
            table.slots[i] = Some(Named {
                key,
                name,
                interned: PyString::intern(py, name).unbind(),
            });
            table.longest = table.longest.max(name.len());
        }
        table
    }

    fn get(&self, name: &str) -> Option<&Py<PyString>> {
        if name.len() > self.longest {
            return None;
        }
        let key = key(name.as_bytes());
        let mut i = slot(key);
        while let Some(named) = &self.slots[i] {
            if named.key == key && (name.len() <= 7 || named.name == name) {
                return Some(&named.interned);
            }
            i = (i + 1) % SLOTS;
        }
        None
    }
}

/// A name the core's types use as a key or a value, interned once; any other text as a new `str`.
fn name<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
    match NAMES.get_or_init(py, || Names::new(py)).get(s) {
        Some(name) => name.bind(py).clone(),
        None => PyString::new(py, s),
    }
}

/// Text written by a `Display` (a timestamp), kept on the stack while it is short.
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    fn new() -> Short {
        Short {
            bytes: [0; 32],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Whole `str`s were copied in, so the bytes are UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for Short {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A failure while building: a Python error, or a value serde refused.
pub(crate) struct Error(PyErr);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

#[derive(Clone, Copy)]
struct ToPy<'py> {
    py: Python<'py>,
}

impl<'py> ToPy<'py> {
    fn int(self, n: impl IntoPyObject<'py, Target = PyInt>) -> Out<'py> {
        Ok(n.into_bound_py_any(self.py)?)
    }

    /// `{variant: value}`, as serde_json writes an externally tagged variant.
    fn tagged(self, variant: &str, value: Bound<'py, PyAny>) -> Out<'py> {
        let dict = PyDict::new(self.py);
        dict.set_item(name(self.py, variant), value)?;
        Ok(dict.into_any())
    }
}

/// A list being built.
struct Seq<'py> {
    to: ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Seq<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.to.py, self.items)?.into_any();
        match self.variant {
            Some(v) => self.to.tagged(v, list),
            None => Ok(list),
        }
    }
}

/// A dict being built.
struct Map<'py> {
    to: ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Map<'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        let value = value.serialize(self.to)?;
        self.dict.set_item(name(self.to.py, key), value)?;
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(v) => self.to.tagged(v, dict),
            None => Ok(dict),
        }
    }
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'py>;
    type SerializeTuple = Seq<'py>;
    type SerializeTupleStruct = Seq<'py>;
    type SerializeTupleVariant = Seq<'py>;
    type SerializeMap = Map<'py>;
    type SerializeStruct = Map<'py>;
    type SerializeStructVariant = Map<'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if !v.is_finite() {
            // As serde_json writes it.
            return self.serialize_unit();
        }
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(name(self.py, v).into_any())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Out<'py> {
        // Text the core writes with `Display` is never a name: straight into a new `str`.
        let mut short = Short::new();
        let text = match write!(short, "{value}") {
            Ok(()) => PyString::new(self.py, short.as_str()),
            Err(_) => PyString::new(self.py, &value.to_string()),
        };
        Ok(text.into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        self.collect_seq(v)
    }
    fn serialize_none(self) -> Out<'py> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        Ok(PyNone::get(self.py).to_owned().into_any())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let value = value.serialize(self)?;
        self.tagged(variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'py>, Error> {
        Ok(Seq {
            to: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'py>, Error> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'py>, Error> {
        Ok(Map {
            to: self,
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'py>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Map<'py>, Error> {
        let mut map = self.serialize_map(None)?;
        map.variant = Some(variant);
        Ok(map)
    }
}

impl<'py> ser::SerializeSeq for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleVariant for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeMap for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(self.to)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339;
    use amends::{SignedDuration, Timestamp};

    /// What `rfc3339` writes, or `Display` when it writes nothing.
    fn written(at: Timestamp) -> String {
        match rfc3339(at) {
            Some(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
            None => at.to_string(),
        }
    }

    #[test]
    fn whole_seconds_are_written_as_display_writes_them() {
        // Every day from 0000-01-01 to 9999-12-29 (the last whole day timestamps reach), at a
        // time of day that walks through every hour, minute and second.
        let first = "0000-01-01T00:00:00Z".parse::<Timestamp>().unwrap().as_second();
        let last = "9999-12-29T00:00:00Z".parse::<Timestamp>().unwrap().as_second();
        let mut checked = 0;
        for (n, day) in (first..=last).step_by(86_400).enumerate() {
            let at = Timestamp::from_second(day + (n as i64 * 7_919) % 86_400).unwrap();
            assert!(rfc3339(at).is_some(), "{at}");
            assert_eq!(written(at), at.to_string());
            checked += 1;
        }
        assert_eq!(checked, 3_652_423);
        for text in [
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2000-02-29T12:00:00Z",
            "1900-02-28T23:59:59Z",
            "1900-03-01T00:00:00Z",
            "2026-03-02T09:00:00Z",
            "0000-02-29T00:00:00Z",
            "9999-12-30T22:00:00Z",
        ] {
            let at: Timestamp = text.parse().unwrap();
            assert_eq!(written(at), text);
        }
    }

    #[test]
    fn other_timestamps_are_left_to_display() {
        let fraction = "2026-03-02T09:00:00.5Z".parse::<Timestamp>().unwrap();
        let before_year_0 =
            "0000-01-01T00:00:00Z".parse::<Timestamp>().unwrap() - SignedDuration::from_secs(1);
        for at in [fraction, before_year_0, Timestamp::MIN, Timestamp::MAX] {
            assert_eq!(rfc3339(at), None, "{at}");
        }
        assert_eq!(written(fraction), "2026-03-02T09:00:00.5Z");
        assert_eq!(written(before_year_0), "-000001-12-31T23:59:59Z");
    }
}
