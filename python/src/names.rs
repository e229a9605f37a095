//! The core's named enums as the Python enums of `amends._enums` (str-based, so a member compares
//! equal to its name), and back from names.

use crate::errors::{invalid, Result};
use amends::InvalidInput;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};
use std::str::FromStr;

/// A core enum with public names, mirrored by a Python enum class in `amends._enums` made from
/// the same names.
pub(crate) trait Named: Copy + FromStr<Err = InvalidInput> + 'static {
    /// The Python class name.
    const CLASS: &'static str;
    /// Every value, in the core's order.
    fn all() -> &'static [Self];
    /// The public name.
    fn name(self) -> &'static str;
    /// Its position in [`Named::all`].
    fn index(self) -> usize;
    /// The Python members, in the core's order, once loaded.
    fn members() -> &'static PyOnceLock<Vec<Py<PyAny>>>;
}

macro_rules! named {
    ($($ty:path => $class:literal),+ $(,)?) => {
        $(
            impl Named for $ty {
                const CLASS: &'static str = $class;
                fn all() -> &'static [Self] {
                    <$ty>::ALL
                }
                fn name(self) -> &'static str {
                    self.as_str()
                }
                fn index(self) -> usize {
                    self.number() as usize
                }
                fn members() -> &'static PyOnceLock<Vec<Py<PyAny>>> {
                    static MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
                    &MEMBERS
                }
            }
        )+

        /// `{"Stage": ("open", …), …}`: the core's names for every enum, in the core's order;
        /// `amends._enums` makes its classes from them.
        pub(crate) fn table(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
            let table = PyDict::new(py);
            $( table.set_item($class, PyTuple::new(py, <$ty>::ALL.iter().map(|v| v.as_str()))?)?; )+
            Ok(table)
        }

        /// Every name of every enum.
        pub(crate) fn every_name() -> impl Iterator<Item = &'static str> {
            std::iter::empty()$(.chain(<$ty>::ALL.iter().map(|v| v.as_str())))+
        }
    };
}

named! {
    amends::Stage => "Stage",
    amends::ActionKind => "ActionKind",
    amends::RuleId => "RuleId",
    amends::Outcome => "Outcome",
    amends::FollowUpResult => "FollowUpResult",
    amends::PreventionSource => "PreventionSource",
    amends::RemedyKind => "RemedyKind",
    amends::Severity => "Severity",
    amends::DeadlineKind => "DeadlineKind",
    amends::Preset => "Preset",
}

/// The Python members of `T`'s enum class in `amends._enums`, in the core's order. The classes
/// are made from [`table`]'s names, so they hold the core's values by construction.
fn load<T: Named>(py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
    let class = py.import("amends._enums")?.getattr(T::CLASS)?;
    T::all()
        .iter()
        .map(|v| class.call1((v.name(),)).map(Bound::unbind))
        .collect()
}

/// The Python enum member for a core value.
pub(crate) fn member<T: Named>(py: Python<'_>, value: T) -> PyResult<Py<PyAny>> {
    let members = T::members().get_or_try_init(py, || load::<T>(py))?;
    Ok(members[value.index()].clone_ref(py))
}

/// Reads a core value from its name (a plain `str` or a member of the Python enum), with the
/// core's message for an unknown name.
pub(crate) fn from_py<T: Named>(obj: &Bound<'_, PyAny>, field: &str) -> Result<T> {
    let Ok(text) = obj.cast::<PyString>() else {
        return Err(invalid(
            field,
            format!(
                "expected {} (a name such as `{}`), got {}",
                T::CLASS,
                T::all()[0].name(),
                crate::convert::type_name(obj)
            ),
        ));
    };
    crate::convert::utf8(text, field)?
        .parse::<T>()
        .map_err(|e: InvalidInput| invalid(field, e.message()))
}
