//! `amends.Playbook`: the policy a complaint is handled under, shared (not copied) by the
//! complaints opened with it.

use crate::convert::{self, type_name, with_json};
use crate::errors::{invalid, Failure, Result};
use crate::names;
use crate::to_py::to_py;
use amends::{Preset, RuleId, Verification};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString, PyType};
use serde_json::{Map, Value};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A playbook given as a mapping or as JSON text.
fn from_document(obj: &Bound<'_, PyAny>) -> Result<Arc<amends::Playbook>> {
    with_json(obj, "playbook", amends::Playbook::from_json).map(amends::Playbook::shared)
}

/// A playbook argument: `None` (strict), a preset name, a dict or JSON text, or a `Playbook`.
pub(crate) fn argument(obj: Option<&Bound<'_, PyAny>>) -> Result<Arc<amends::Playbook>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Preset::Strict.shared());
    };
    if let Ok(p) = obj.cast::<Playbook>() {
        return Ok(Arc::clone(&p.get().inner));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        if convert::utf8(s, "playbook")?.trim_start().starts_with('{') {
            return from_document(obj);
        }
        return Ok(names::from_py::<Preset>(obj, "base")?.shared());
    }
    if obj.is_instance_of::<PyDict>() || obj.is_instance_of::<PyMapping>() {
        return from_document(obj);
    }
    Err(invalid(
        "playbook",
        format!(
            "expected None, a preset name, a dict, JSON text or a Playbook, got {}",
            type_name(obj)
        ),
    ))
}

/// The text a stage diagram is drawn as: `"mermaid"` (`stateDiagram-v2`) or `"dot"` (Graphviz).
/// Any other value is refused as an input error naming `format`, before any search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Mermaid,
    Dot,
}

impl<'py> FromPyObject<'_, 'py> for Format {
    type Error = Failure;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self> {
        let Ok(text) = obj.cast::<PyString>() else {
            return Err(invalid(
                "format",
                format!(
                    "expected a diagram format (`mermaid` or `dot`), got {}",
                    type_name(&obj)
                ),
            ));
        };
        match convert::utf8(&text, "format")? {
            "mermaid" => Ok(Format::Mermaid),
            "dot" => Ok(Format::Dot),
            other => Err(invalid(
                "format",
                format!("unknown diagram format `{other}`, expected one of: mermaid, dot"),
            )),
        }
    }
}

/// A playbook: which rules are on, the apology phrase list, authority per role, deadlines and input
/// limits. Immutable; complaints opened with one share it.
#[pyclass(frozen, eq, module = "amends", name = "Playbook")]
#[derive(Clone, PartialEq)]
pub(crate) struct Playbook {
    pub(crate) inner: Arc<amends::Playbook>,
}

/// A playbook as a JSON value, every field written.
fn value_of(playbook: &amends::Playbook) -> Map<String, Value> {
    match serde_json::to_value(playbook) {
        Ok(Value::Object(map)) => map,
        // A playbook serialises to an object.
        _ => Map::new(),
    }
}

impl Playbook {
    /// Runs the verification search with the GIL released: it reads only the core's playbook.
    fn search(&self, py: Python<'_>) -> Verification {
        let playbook = Arc::clone(&self.inner);
        py.detach(move || amends::verify(&playbook))
    }
}

#[pymethods]
impl Playbook {
    /// `Playbook("seven_step", rules={"thank-before-close": False}, authority={"agent": 10000})`:
    /// a preset plus overrides, as the playbook JSON has them.
    #[new]
    #[pyo3(signature = (base = None, **overrides))]
    fn new(base: Option<&Bound<'_, PyAny>>, overrides: Option<&Bound<'_, PyDict>>) -> Result<Self> {
        let base = match base.filter(|b| !b.is_none()) {
            Some(b) => names::from_py::<Preset>(b, "base")?,
            None => Preset::Strict,
        };
        let inner = match overrides.filter(|o| !o.is_empty()) {
            None => base.shared(),
            Some(overrides) => {
                let document = overrides.copy()?;
                document.set_item("base", base.as_str())?;
                from_document(&document)?
            }
        };
        Ok(Playbook { inner })
    }

    /// A preset by name: strict, seven_step, make_it_right, think_first, sorry_first,
    /// active_listening.
    #[classmethod]
    fn preset(_cls: &Bound<'_, PyType>, name: &Bound<'_, PyAny>) -> Result<Self> {
        Ok(Playbook {
            inner: names::from_py::<Preset>(name, "base")?.shared(),
        })
    }

    /// Loads a playbook from JSON text: `{"base": "strict", …overrides}`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &Bound<'_, PyAny>) -> Result<Self> {
        let text = convert::text(text, "playbook")?;
        Ok(Playbook {
            inner: amends::Playbook::from_json(&text)?.shared(),
        })
    }

    /// Loads a playbook from a mapping shaped like its JSON.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> Result<Self> {
        if !data.is_instance_of::<PyDict>() && !data.is_instance_of::<PyMapping>() {
            return Err(invalid(
                "playbook",
                format!("expected a dict, got {}", type_name(data)),
            ));
        }
        Ok(Playbook {
            inner: from_document(data)?,
        })
    }

    /// The playbook's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The preset it starts from.
    #[getter]
    fn base(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        names::member(py, self.inner.base())
    }

    /// The currency all money must be in.
    #[getter]
    fn currency(&self) -> String {
        self.inner.currency().to_string()
    }

    /// Every rule id, on or off.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rules = PyDict::new(py);
        for rule in RuleId::ALL {
            rules.set_item(names::member(py, *rule)?, self.inner.rule_is_on(*rule))?;
        }
        Ok(rules)
    }

    /// The most each role may grant, in minor units (`None`: unlimited).
    #[getter]
    fn authority<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let authority = PyDict::new(py);
        for (role, limit) in self.inner.authority() {
            authority.set_item(role, *limit)?;
        }
        Ok(authority)
    }

    /// Whether a rule is on.
    fn rule_is_on(&self, rule: &Bound<'_, PyAny>) -> Result<bool> {
        let rule: RuleId = names::from_py(rule, "rule")?;
        Ok(self.inner.rule_is_on(rule))
    }

    /// Proves the playbook's invariants by an exhaustive, bounded search of everything it lets a
    /// complaint do, or finds the shortest path that breaks each; other threads run while it
    /// searches. Returns the verification as a dict shaped like its JSON (what
    /// `json.loads(verify_json())` gives): `{"playbook", "proven", "states", …, "invariants":
    /// [{"invariant", "status", "cases", "detail", "counterexample"?: {"stage", "actions": [action
    /// dicts, the open first]}}, …]}`; a path replays through `Complaint.open` and `apply`.
    fn verify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let verification = self.search(py);
        to_py(py, &verification)
    }

    /// The verification as JSON text, as the Rust and C layers write it.
    #[pyo3(signature = (*, pretty = false))]
    fn verify_json(&self, py: Python<'_>, pretty: bool) -> String {
        let verification = self.search(py);
        if pretty {
            verification.to_json_pretty()
        } else {
            verification.to_json()
        }
    }

    /// The verification as a text report for people: a summary line, then one line per
    /// invariant with the path of each counter-example.
    fn verify_text(&self, py: Python<'_>) -> String {
        self.search(py).to_string()
    }

    /// The playbook's stage diagram, drawn from the transitions the verification search explored:
    /// `format` is `"mermaid"` (a `stateDiagram-v2`) or `"dot"` (Graphviz).
    #[pyo3(signature = (format = Format::Mermaid), text_signature = "($self, format='mermaid')")]
    fn diagram(&self, py: Python<'_>, format: Format) -> String {
        let verification = self.search(py);
        let diagram = verification.diagram();
        match format {
            Format::Mermaid => diagram.to_mermaid(),
            Format::Dot => diagram.to_dot(),
        }
    }

    /// The playbook as JSON text with every field written.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The playbook as a dict with every field, shaped like its JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &*self.inner)
    }

    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.inner.to_json().hash(&mut h);
        h.finish()
    }

    /// `Playbook('seven_step', rules={'thank-before-close': False})`: the base and what differs.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let base = self.inner.base();
        let theirs = value_of(&base.shared());
        let mut out = format!("Playbook('{base}'");
        for (key, value) in value_of(&self.inner) {
            if key == "base" || theirs.get(&key) == Some(&value) {
                continue;
            }
            let shown = match (value, theirs.get(&key)) {
                (Value::Object(m), Some(Value::Object(t))) if key == "rules" || key == "authority" => {
                    Value::Object(m.into_iter().filter(|(k, v)| t.get(k) != Some(v)).collect())
                }
                (value, _) => value,
            };
            let repr = convert::to_py(py, &shown)?.repr()?;
            out.push_str(&format!(", {key}={repr}"));
        }
        out.push(')');
        Ok(out)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().inner.to_json(),)))
    }
}
