//! The core's named enums as the Python enums of `amends._enums` (str-based, so a member compares
//! equal to its name), and back from names.

use crate::errors::{invalid, Result};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};

/// A core enum with public names, mirrored by a Python enum class in `amends._enums`.
pub(crate) trait Named: Copy + 'static {
    /// The Python class name.
    const CLASS: &'static str;
    /// Every value, in the core's order.
    fn all() -> &'static [Self];
    /// The public name.
    fn name(self) -> &'static str;
    /// The value with this name.
    fn from_name(name: &str) -> Option<Self>;
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
                fn from_name(name: &str) -> Option<Self> {
                    <$ty>::from_name(name)
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

        /// Loads every Python enum class and checks that its values are the core's, in order.
        pub(crate) fn load(py: Python<'_>) -> PyResult<()> {
            let module = py.import("amends._enums")?;
            $( load_one::<$ty>(&module)?; )+
            Ok(())
        }

        /// `{"Stage": ("open", …), …}`: the core's names for every enum, for tests.
        pub(crate) fn table(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
            let table = PyDict::new(py);
            $( table.set_item($class, PyTuple::new(py, <$ty>::ALL.iter().map(|v| v.as_str()))?)?; )+
            Ok(table)
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

fn load_one<T: Named>(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let class = module.getattr(T::CLASS)?;
    let values: Vec<String> = class
        .try_iter()?
        .map(|m| m?.getattr("value")?.extract::<String>())
        .collect::<PyResult<_>>()?;
    let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
    if values != names {
        return Err(pyo3::exceptions::PyImportError::new_err(format!(
            "amends._enums.{} has {values:?}, the core has {names:?}",
            T::CLASS
        )));
    }
    let members = T::all()
        .iter()
        .map(|v| class.call1((v.name(),)).map(Bound::unbind))
        .collect::<PyResult<Vec<_>>>()?;
    T::members().get_or_init(py, || members);
    Ok(())
}

/// The Python enum member for a core value.
pub(crate) fn member<T: Named>(py: Python<'_>, value: T) -> Py<PyAny> {
    match T::members().get(py) {
        Some(members) => members[value.index()].clone_ref(py),
        // Only before the module finished loading: fall back to the plain name.
        None => PyString::new(py, value.name()).into_any().unbind(),
    }
}

/// Reads a core value from its name (a plain `str` or a member of the Python enum).
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
    let text = text.to_cow().map_err(|_| invalid(field, "is not valid text"))?;
    T::from_name(&text).ok_or_else(|| {
        let expected: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
        invalid(
            field,
            format!(
                "unknown {} `{text}`, expected one of: {}",
                T::CLASS,
                expected.join(", ")
            ),
        )
    })
}
