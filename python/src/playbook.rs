//! `amends.Playbook`: the policy a complaint is handled under, shared (not copied) by the
//! complaints opened with it.

use crate::convert::{self, to_value, type_name, Document};
use crate::errors::{invalid, Result};
use crate::names;
use amends::{Preset, RuleId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyType};
use serde_json::{Map, Value};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

/// The presets, built once and shared by every complaint that names one.
pub(crate) fn preset(preset: Preset) -> Arc<amends::Playbook> {
    static PRESETS: OnceLock<Vec<Arc<amends::Playbook>>> = OnceLock::new();
    let all = PRESETS.get_or_init(|| Preset::ALL.iter().map(|p| p.playbook().shared()).collect());
    Arc::clone(&all[preset.number() as usize])
}

fn from_document(doc: Document) -> Result<Arc<amends::Playbook>> {
    Ok(match doc {
        Document::Text(text) => amends::Playbook::from_json(&text)?.shared(),
        Document::Value(value) => amends::Playbook::from_value(&value)?.shared(),
    })
}

/// A playbook argument: `None` (strict), a preset name, a dict or JSON text, or a `Playbook`.
pub(crate) fn argument(obj: Option<&Bound<'_, PyAny>>) -> Result<Arc<amends::Playbook>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(preset(Preset::Strict));
    };
    if let Ok(p) = obj.cast::<Playbook>() {
        return Ok(Arc::clone(&p.get().inner));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| invalid("playbook", "is not valid text"))?;
        if text.trim_start().starts_with('{') {
            return Ok(amends::Playbook::from_json(&text)?.shared());
        }
        return match Preset::from_name(&text) {
            Some(p) => Ok(preset(p)),
            None => Err(amends::Playbook::preset(&text)
                .err()
                .map_or_else(|| invalid("base", format!("unknown preset `{text}`")), Into::into)),
        };
    }
    if obj.is_instance_of::<PyDict>() {
        return from_document(Document::Value(to_value(obj, "")?));
    }
    Err(invalid(
        "playbook",
        format!(
            "expected None, a preset name, a dict, JSON text or a Playbook, got {}",
            type_name(obj)
        ),
    ))
}

/// A playbook: which rules are on, the apology phrase list, authority per role, deadlines and input
/// limits. Immutable; complaints opened with one share it.
#[pyclass(frozen, eq, module = "amends", name = "Playbook")]
#[derive(Clone, PartialEq)]
pub(crate) struct Playbook {
    pub(crate) inner: Arc<amends::Playbook>,
}

impl Playbook {
    fn value(&self) -> Value {
        serde_json::to_value(&*self.inner).unwrap_or(Value::Null)
    }
}

#[pymethods]
impl Playbook {
    /// `Playbook("seven_step", rules={"thank-before-close": False}, authority={"agent": 10000})`:
    /// a preset plus overrides, as the playbook JSON has them.
    #[new]
    #[pyo3(signature = (base = None, **overrides))]
    fn new(base: Option<&Bound<'_, PyAny>>, overrides: Option<&Bound<'_, PyDict>>) -> Result<Self> {
        let overrides = overrides.filter(|o| !o.is_empty());
        let base_name = match base.filter(|b| !b.is_none()) {
            Some(b) => names::from_py::<Preset>(b, "base")?,
            None => Preset::Strict,
        };
        let Some(overrides) = overrides else {
            return Ok(Playbook {
                inner: preset(base_name),
            });
        };
        let Value::Object(mut map) = to_value(overrides, "")? else {
            return Err(invalid("playbook", "overrides must be keyword arguments"));
        };
        map.insert("base".into(), Value::String(base_name.as_str().into()));
        Ok(Playbook {
            inner: from_document(Document::Value(Value::Object(map)))?,
        })
    }

    /// A preset by name: strict, seven_step, make_it_right, think_first, sorry_first,
    /// active_listening.
    #[classmethod]
    fn preset(_cls: &Bound<'_, PyType>, name: &Bound<'_, PyAny>) -> Result<Self> {
        let p: Preset = names::from_py(name, "base")?;
        Ok(Playbook { inner: preset(p) })
    }

    /// Loads a playbook from JSON text: `{"base": "strict", …overrides}`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &Bound<'_, PyAny>) -> Result<Self> {
        let text = convert::text(text, "playbook")?;
        Ok(Playbook {
            inner: amends::Playbook::from_json(&text)?.shared(),
        })
    }

    /// Loads a playbook from a dict shaped like its JSON.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> Result<Self> {
        if !data.is_instance_of::<PyDict>() {
            return Err(invalid(
                "playbook",
                format!("expected a dict, got {}", type_name(data)),
            ));
        }
        Ok(Playbook {
            inner: from_document(Document::Value(to_value(data, "")?))?,
        })
    }

    /// The playbook's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The preset it starts from.
    #[getter]
    fn base(&self, py: Python<'_>) -> Py<PyAny> {
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
            rules.set_item(names::member(py, *rule), self.inner.rule_is_on(*rule))?;
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

    /// The playbook as JSON text with every field written.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The playbook as a dict with every field, shaped like its JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_value(py, &self.value())
    }

    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.inner.to_json().hash(&mut h);
        h.finish()
    }

    /// `Playbook('seven_step', rules={'thank-before-close': False})`: the base and what differs.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let base = self.inner.base();
        let Value::Object(mine) = self.value() else {
            return Ok(format!("Playbook('{base}')"));
        };
        let theirs = match serde_json::to_value(&*preset(base)) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let mut out = format!("Playbook('{base}'");
        for (key, value) in &mine {
            if key == "base" || theirs.get(key) == Some(value) {
                continue;
            }
            let shown = match (value, theirs.get(key)) {
                (Value::Object(m), Some(Value::Object(t))) if key == "rules" || key == "authority" => {
                    Value::Object(
                        m.iter()
                            .filter(|(k, v)| t.get(*k) != Some(*v))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    )
                }
                _ => value.clone(),
            };
            let repr = convert::from_value(py, &shown)?.repr()?.to_string();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_built_once_and_shared() {
        for p in Preset::ALL {
            let a = preset(*p);
            assert!(Arc::ptr_eq(&a, &preset(*p)));
            assert_eq!(*a, p.playbook());
        }
    }
}
