//! The Python binding of `amends`: the native module `amends._native` under the pure-Python
//! package `amends`. It holds no rules: it translates Python values to the core's and the core's
//! errors to Python exceptions.

mod complaint;
mod convert;
mod data;
mod errors;
mod ledger;
mod names;
mod playbook;
mod to_py;
mod values;

use pyo3::prelude::*;

/// The native half of `amends`; import `amends` instead.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NAMES", names::table(m.py())?)?;
    m.add_class::<complaint::Complaint>()?;
    m.add_class::<playbook::Playbook>()?;
    m.add_class::<ledger::Ledger>()?;
    m.add_class::<values::Money>()?;
    m.add_class::<values::Remedy>()?;
    m.add_class::<values::Violation>()?;
    m.add_class::<values::Deadline>()?;
    m.add_class::<values::Breach>()?;
    m.add_function(wrap_pyfunction!(errors::input_error_text, m)?)?;
    m.add_function(wrap_pyfunction!(errors::conflict_text, m)?)?;
    Ok(())
}
