//! Python data read as JSON data: a dict given as an action, an event, a playbook or a value in
//! one, read by the core's serde readers without writing and parsing JSON text.
//!
//! [`Data::read`] takes a snapshot of Python data as JSON data, refusing what JSON cannot hold (a
//! key that is not text, NaN, bytes, an integer over 64 bits, a naive `datetime`, …) with the path
//! of the value to blame. `Data` is a serde `Deserializer` that visits each value as serde_json
//! visits the same JSON text, so the core reads a dict exactly as it reads the dict's JSON: the same
//! values, and the same refusals naming the same fields. It is `Serialize` too, for the readers that
//! take JSON text. The snapshot holds the items of every dict and list as they were when it was
//! taken: the Python code a value may run while it is read (a `tzinfo`'s `utcoffset`, a mapping's
//! `items`) cannot change what the core reads.
//!
//! [`Direct`] reads well-formed plain data (dicts, text, integers, booleans, None) in place, with no
//! snapshot; anything else, and every refusal, is left to the snapshot.

use crate::convert::{self, timestamp, type_name, NOT_UTF8};
use crate::errors::{invalid, reading, reading_as, Result};
use crate::values::{Money, Remedy};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::iter::BoundDictIterator;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyNone, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap};
use std::fmt::{self, Write as _};

/// How deep a dict or list given as an action, event or playbook may nest. The deepest valid
/// shape (a complaint's history) is 5 levels; this leaves room and stops runaway recursion.
const MAX_DEPTH: usize = 64;

/// Text in a snapshot: a Python `str` (read as UTF-8 once), or text made here.
pub(crate) enum Text {
    /// A `str` from the caller.
    Py(PyBackedStr),
    /// A `datetime` as RFC 3339 text, or text of a `Money` or `Remedy`.
    Made(Box<str>),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Py(s) => s,
            Text::Made(s) => s,
        }
    }
}

/// A snapshot of Python data as JSON data.
pub(crate) enum Data {
    /// `None`.
    Null,
    /// `True` or `False`.
    Bool(bool),
    /// A negative integer. A JSON reader gives a negative number as `i64` and any other integer as
    /// `u64`; the snapshot keeps them apart the same way.
    Negative(i64),
    /// A non-negative integer.
    Count(u64),
    /// A finite float.
    Float(f64),
    /// Text.
    Text(Text),
    /// A list or tuple.
    List(Vec<Data>),
    /// A mapping, its entries in its own order.
    Map(Vec<(Text, Data)>),
}

/// Where the reader is, for messages: the dotted path of the value (`remedy.value.amount`,
/// `history[3]`), written out only when a message needs it.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    /// The value read: at `path` (empty for a whole document), called `root` while the path is
    /// empty.
    Top {
        /// The path of the value read.
        path: &'a str,
        /// What a message calls the value itself.
        root: &'a str,
    },
    /// The value of a key in a mapping.
    Key(&'a Place<'a>, &'a str),
    /// An item of a list.
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn path(&self) -> String {
        match self {
            Place::Top { path, .. } => (*path).to_owned(),
            Place::Key(parent, key) => {
                let mut path = parent.path();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                path
            }
            Place::Index(parent, index) => {
                let mut path = parent.path();
                let _ = write!(path, "[{index}]");
                path
            }
        }
    }

    fn root(&self) -> &str {
        match self {
            Place::Top { root, .. } => root,
            Place::Key(parent, _) | Place::Index(parent, _) => parent.root(),
        }
    }

    /// The field a message names: the path, or the root's name for the value itself.
    pub(crate) fn field(&self) -> String {
        let path = self.path();
        if path.is_empty() {
            self.root().to_owned()
        } else {
            path
        }
    }
}

impl Data {
    /// Takes a snapshot of `obj`: mappings with text keys, lists and tuples, text, integers that fit
    /// in 64 bits, finite floats, booleans, None; a `datetime` as RFC 3339 text, `Money` and
    /// `Remedy` as their JSON. Anything else is refused naming its place.
    pub(crate) fn read(obj: &Bound<'_, PyAny>, place: &Place<'_>) -> Result<Data> {
        Data::value(obj, place, 0)
    }

    fn value(obj: &Bound<'_, PyAny>, place: &Place<'_>, depth: usize) -> Result<Data> {
        if depth > MAX_DEPTH {
            return Err(invalid(
                place.field(),
                format!("nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            let s = PyBackedStr::try_from(s.clone()).map_err(|e| reading_as(&place.field(), e, NOT_UTF8))?;
            return Ok(Data::Text(Text::Py(s)));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            // The items as they are now (collecting them runs no Python code): what a value's
            // Python code does to the dict later is not read.
            let items: Vec<_> = dict.iter().collect();
            return Data::map(items.into_iter().map(Ok), place, depth);
        }
        if obj.is_instance_of::<PyNone>() {
            return Ok(Data::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Data::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return if let Ok(n) = obj.extract::<i64>() {
                Ok(u64::try_from(n).map_or(Data::Negative(n), Data::Count))
            } else if let Ok(n) = obj.extract::<u64>() {
                Ok(Data::Count(n))
            } else {
                Err(invalid(place.field(), "is an integer too large for 64 bits"))
            };
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let f = f.value();
            if !f.is_finite() {
                return Err(invalid(
                    place.field(),
                    "is not a finite number (NaN and infinity are not JSON)",
                ));
            }
            // The float the core reads from its JSON text: serde_json reads a few long decimals
            // to a neighbouring float, and a message quoting the value quotes that one.
            let read = serde_json::to_string(&f)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok());
            return Ok(Data::Float(read.unwrap_or(f)));
        }
        if let Ok(list) = obj.cast::<PyList>() {
            // A snapshot too.
            return Data::list(&list.to_tuple(), place, depth);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            return Data::list(tuple, place, depth);
        }
        if let Ok(m) = obj.cast::<Money>() {
            return Ok(Data::serialized(&m.get().0));
        }
        if let Ok(r) = obj.cast::<Remedy>() {
            return Ok(Data::serialized(&r.get().0));
        }
        if convert::is_datetime(obj)? {
            let at = timestamp(obj, &place.field())?;
            return Ok(Data::Text(Text::Made(at.to_string().into())));
        }
        if let Ok(mapping) = obj.cast::<PyMapping>() {
            // `items()` is a list made now: a snapshot, as for a dict.
            let items = mapping.items().map_err(|e| reading(&place.field(), e))?;
            let pairs = items.iter().map(|item| {
                let (key, value) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
                Ok((key, value))
            });
            return Data::map(pairs, place, depth);
        }
        Err(invalid(
            place.field(),
            format!(
                "cannot be {} (expected JSON data: dict, list, str, int, float, bool, None, datetime)",
                type_name(obj)
            ),
        ))
    }

    fn map<'py>(
        pairs: impl Iterator<Item = PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>>,
        place: &Place<'_>,
        depth: usize,
    ) -> Result<Data> {
        let mut entries = Vec::with_capacity(pairs.size_hint().0);
        for pair in pairs {
            let (key, value) = pair.map_err(|e| reading(&place.field(), e))?;
            let key = match key.cast_into::<PyString>() {
                Ok(key) => key,
                Err(e) => {
                    return Err(invalid(
                        place.field(),
                        format!(
                            "has a key that is not text ({})",
                            type_name(e.into_inner().as_any())
                        ),
                    ))
                }
            };
            let key = PyBackedStr::try_from(key)
                .map_err(|e| reading_as(&place.field(), e, "has a key that is not valid text"))?;
            let value = Data::value(&value, &Place::Key(place, &key), depth + 1)?;
            entries.push((Text::Py(key), value));
        }
        Ok(Data::Map(entries))
    }

    fn list(items: &Bound<'_, PyTuple>, place: &Place<'_>, depth: usize) -> Result<Data> {
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            list.push(Data::value(&item, &Place::Index(place, index), depth + 1)?);
        }
        Ok(Data::List(list))
    }

    /// A core value (plain data) as its JSON shape, in the order serde_json writes it.
    fn serialized(value: &impl serde::Serialize) -> Data {
        // Plain data serialises, and its JSON text reads back, without error.
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str::<Made>(&text).ok())
            .map_or(Data::Null, |made| made.0)
    }
}

/// Why the core could not read a snapshot: the message serde gives, as for JSON text.
#[derive(Debug)]
pub(crate) struct DataError(String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

impl de::Error for DataError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DataError(msg.to_string())
    }

    // serde_json's words for a value of the wrong type or out of range (`null`, a float as it
    // writes one), so that a dict is refused as its JSON text is.
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        DataError(<serde_json::Error as de::Error>::invalid_type(unexpected, expected).to_string())
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        DataError(<serde_json::Error as de::Error>::invalid_value(unexpected, expected).to_string())
    }
}

/// serde_json's message for a list or mapping its reader did not read to the end.
const TRAILING: &str = "trailing characters";

/// Reads a snapshot as serde_json reads the same JSON text.
impl<'de> de::Deserializer<'de> for &Data {
    type Error = DataError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        match self {
            Data::Null => visitor.visit_unit(),
            Data::Bool(b) => visitor.visit_bool(*b),
            Data::Negative(n) => visitor.visit_i64(*n),
            Data::Count(n) => visitor.visit_u64(*n),
            Data::Float(f) => visitor.visit_f64(*f),
            Data::Text(text) => visitor.visit_str(text.as_str()),
            Data::List(items) => {
                let mut items = Items(items.iter());
                let value = visitor.visit_seq(&mut items)?;
                match items.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::custom(TRAILING)),
                }
            }
            Data::Map(entries) => {
                let mut entries = Entries {
                    entries: entries.iter(),
                    value: None,
                };
                let value = visitor.visit_map(&mut entries)?;
                match entries.entries.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::custom(TRAILING)),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        match self {
            Data::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DataError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DataError> {
        // Unit variants, by name: the only enums the core reads.
        match self {
            Data::Text(text) => visitor.visit_enum(text.as_str().into_deserializer()),
            _ => Err(de::Error::custom("expected ident")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The items of a list, for serde.
struct Items<'a>(std::slice::Iter<'a, Data>);

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = DataError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DataError> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of a mapping, for serde.
struct Entries<'a> {
    entries: std::slice::Iter<'a, (Text, Data)>,
    value: Option<&'a Data>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = DataError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DataError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: de::value::StrDeserializer<'_, DataError> = key.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DataError> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value without its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Reads plain Python data in place, without a snapshot: dicts, text, integers, booleans and
/// None, visited as [`Data`] visits them. It runs no Python code and makes no Python
/// object while a read goes on, so what it reads cannot change under it.
///
/// It is the fast way for well-formed input only. Anything else stops it: a list, a `datetime`, a
/// mapping that is not a dict, a value [`Data::read`] would refuse, a value a visitor would skip.
/// A reader that succeeds has seen every value, each as the snapshot would have shown it, so it
/// got what it would have got from the snapshot; a reader that fails reads the snapshot instead,
/// whose errors name the field to blame.
#[derive(Clone, Copy)]
pub(crate) struct Direct<'a, 'py>(pub(crate) &'a Bound<'py, PyAny>);

/// Why the direct reader stopped; the snapshot says what is wrong.
fn stopped() -> DataError {
    de::Error::custom("read through the snapshot")
}

impl<'de> de::Deserializer<'de> for Direct<'_, '_> {
    type Error = DataError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        let obj = self.0;
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_str(s.to_str().map_err(|_| stopped())?);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            let mut entries = DirectEntries {
                entries: dict.iter(),
                value: None,
            };
            let value = visitor.visit_map(&mut entries)?;
            return match entries.entries.next() {
                None => Ok(value),
                Some(_) => Err(stopped()),
            };
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if obj.is_instance_of::<PyInt>() {
            // An integer over 63 bits (which raises, and so may run Python code) is the
            // snapshot's to read.
            let n = obj.extract::<i64>().map_err(|_| stopped())?;
            return match u64::try_from(n) {
                Ok(n) => visitor.visit_u64(n),
                Err(_) => visitor.visit_i64(n),
            };
        }
        // Anything else, floats included (the core reads none), is the snapshot's to read.
        Err(stopped())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        if self.0.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DataError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DataError> {
        match self.0.cast::<PyString>() {
            Ok(s) => visitor.visit_enum(s.to_str().map_err(|_| stopped())?.into_deserializer()),
            Err(_) => Err(stopped()),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, DataError> {
        // A value nobody reads is not checked here: the snapshot checks it.
        Err(stopped())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The entries of a dict read in place, for serde.
struct DirectEntries<'py> {
    entries: BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'de> MapAccess<'de> for DirectEntries<'_> {
    type Error = DataError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DataError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = key.cast_into::<PyString>().map_err(|_| stopped())?;
        let key: de::value::StrDeserializer<'_, DataError> =
            key.to_str().map_err(|_| stopped())?.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DataError> {
        match self.value.take() {
            Some(value) => seed.deserialize(Direct(&value)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// Writes a snapshot as the JSON text of the Python data it was taken from.
impl ser::Serialize for Data {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null => s.serialize_unit(),
            Data::Bool(b) => s.serialize_bool(*b),
            Data::Negative(n) => s.serialize_i64(*n),
            Data::Count(n) => s.serialize_u64(*n),
            Data::Float(f) => s.serialize_f64(*f),
            Data::Text(t) => s.serialize_str(t.as_str()),
            Data::List(items) => s.collect_seq(items),
            Data::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key.as_str(), value)?;
                }
                map.end()
            }
        }
    }
}

/// JSON text read back into a snapshot, in its own order: a core value's JSON shape.
struct Made(Data);

impl<'de> de::Deserialize<'de> for Made {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Made, D::Error> {
        struct Reader;
        impl<'de> Visitor<'de> for Reader {
            type Value = Made;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON data")
            }
            fn visit_unit<E>(self) -> Result<Made, E> {
                Ok(Made(Data::Null))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Made, E> {
                Ok(Made(Data::Bool(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Made, E> {
                Ok(Made(u64::try_from(n).map_or(Data::Negative(n), Data::Count)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Made, E> {
                Ok(Made(Data::Count(n)))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Made, E> {
                Ok(Made(Data::Float(f)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Made, E> {
                Ok(Made(Data::Text(Text::Made(s.into()))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Made, A::Error> {
                let mut items = Vec::new();
                while let Some(Made(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Made(Data::List(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Made, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, Made(value))) = map.next_entry::<String, Made>()? {
                    entries.push((Text::Made(key.into()), value));
                }
                Ok(Made(Data::Map(entries)))
            }
        }
        d.deserialize_any(Reader)
    }
}

#[cfg(test)]
mod tests {
    use super::{Data, Made};
    use amends::{Money, Remedy, RemedyKind};

    fn json(data: &Data) -> String {
        serde_json::to_string(data).unwrap()
    }

    #[test]
    fn core_values_keep_their_json_shape_and_order() {
        let remedy = Remedy::new(RemedyKind::Refund, "a \"full\" refund").worth(Money::usd(2500));
        let data = Data::serialized(&remedy);
        assert_eq!(json(&data), serde_json::to_string(&remedy).unwrap());
        assert_eq!(
            json(&data),
            r#"{"kind":"refund","value":{"amount":2500,"currency":"USD"},"description":"a \"full\" refund"}"#
        );
    }

    #[test]
    fn numbers_read_back_as_json_reads_them() {
        let text = r#"[-1,0,18446744073709551615,-9223372036854775808,1.5,-0.0,1e+300,true,null,"é"]"#;
        let Made(data) = serde_json::from_str::<Made>(text).unwrap();
        assert_eq!(json(&data), text);
        let value: serde_json::Value = serde::Deserialize::deserialize(&data).unwrap();
        assert_eq!(value, serde_json::from_str::<serde_json::Value>(text).unwrap());
    }
}
