//! Core values as Python data, shaped as their JSON: a serde `Serializer` that builds Python
//! objects directly. The field names of the core's types and the names of its enums are interned
//! strings made once.

use crate::names;
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
