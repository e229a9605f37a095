//! `amends.Ledger`: a register of complaints (repeats, a review, a CSV export), safe to share
//! between threads.
//!
//! Like `Complaint`, the class is frozen and keeps the core's ledger behind a `Mutex`, locked with
//! `lock_py_attached`; Python values are read before the lock is taken and built after it is
//! released.

use crate::complaint::Complaint;
use crate::convert::{self, text, timestamp, type_name, TIMEDELTA};
use crate::errors::{invalid, reading, Result};
use crate::names;
use crate::to_py::to_py;
use amends::{RuleId, SignedDuration, Timestamp};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyBool, PyInt, PyString};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A ledger whose repeat window is `window`: `None` (30 days), a `datetime.timedelta`, or a
/// number of seconds; a negative one is refused.
fn with_window(window: Option<&Bound<'_, PyAny>>) -> Result<amends::Ledger> {
    let Some(obj) = window.filter(|o| !o.is_none()) else {
        return Ok(amends::Ledger::new());
    };
    // A negative window is refused by the core (as in C), whatever its size.
    let negative = |seconds: i64| amends::Ledger::with_window(SignedDuration::from_secs(seconds));
    let micros = if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        let seconds = convert::signed(obj, "window")?;
        if seconds < 0 {
            return Ok(negative(seconds)?);
        }
        seconds.checked_mul(1_000_000)
    } else {
        let py = obj.py();
        let timedelta = TIMEDELTA.import(py, "datetime", "timedelta")?;
        if !obj.is_instance(timedelta)? {
            return Err(invalid(
                "window",
                format!(
                    "expected a timedelta or a number of seconds, got {}",
                    type_name(obj)
                ),
            ));
        }
        let part = |name: &Bound<'_, PyString>| -> Result<i64> {
            obj.getattr(name)
                .and_then(|v| v.extract::<i64>())
                .map_err(|e| reading("window", e))
        };
        let days = part(intern!(py, "days"))?;
        let seconds = part(intern!(py, "seconds"))?;
        let micros = part(intern!(py, "microseconds"))?;
        // A timedelta keeps its sign in `days`; `seconds` and `microseconds` are never negative.
        if days < 0 {
            return Ok(negative(days.saturating_mul(86_400).saturating_add(seconds))?);
        }
        days.checked_mul(86_400)
            .and_then(|s| s.checked_add(seconds))
            .and_then(|s| s.checked_mul(1_000_000))
            .and_then(|us| us.checked_add(micros))
    };
    // A duration as the distance of a timestamp from the epoch: the range of timestamps (to the
    // end of 9999, as in C) is ample for a window.
    let end = micros
        .and_then(|us| Timestamp::from_microsecond(us).ok())
        .ok_or_else(|| {
            invalid(
                "window",
                "is out of range: at most the time from 1970 to the end of 9999",
            )
        })?;
    Ok(amends::Ledger::with_window(
        end.duration_since(Timestamp::UNIX_EPOCH),
    )?)
}

/// A register of complaints that learns from them: repeat warnings as complaints are added, a
/// review of the ledger at a time, a CSV export. Complaints are added as snapshots.
#[pyclass(frozen, module = "amends", name = "Ledger")]
pub(crate) struct Ledger {
    inner: Mutex<amends::Ledger>,
}

impl Ledger {
    fn lock(&self, py: Python<'_>) -> MutexGuard<'_, amends::Ledger> {
        // The core changes a ledger only after every check passed.
        self.inner
            .lock_py_attached(py)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl Ledger {
    /// An empty ledger; `window` (a `timedelta` or seconds, default 30 days) is how close two
    /// complaints of the same customer or category must be to count as a repeat.
    #[new]
    #[pyo3(signature = (window = None))]
    fn new(window: Option<&Bound<'_, PyAny>>) -> Result<Self> {
        Ok(Ledger {
            inner: Mutex::new(with_window(window)?),
        })
    }

    /// Adds a snapshot of a complaint; returns the repeat warnings (customer or category seen
    /// within the window) as dicts. A complaint whose opening `id` is already in the ledger is
    /// refused.
    fn add<'py>(&self, complaint: &Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let py = complaint.py();
        let Ok(complaint) = complaint.cast::<Complaint>() else {
            return Err(invalid(
                "complaint",
                format!("expected a Complaint, got {}", type_name(complaint)),
            ));
        };
        let snapshot = complaint.get().snapshot(py);
        let added = self.lock(py).add(&snapshot)?;
        Ok(to_py(py, &added.warnings)?)
    }

    /// Adds a complaint from its JSON (as `Complaint.to_json` writes it); returns the warnings.
    fn add_json<'py>(&self, text: &Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let py = text.py();
        let json = convert::text(text, "complaint")?;
        let added = self.lock(py).add_json(&json)?;
        Ok(to_py(py, &added.warnings)?)
    }

    /// Counts a move a rule refused on the complaint with this key (its opening `id`, or `#n`,
    /// its 1-based position, when it has none). The complaint itself is not touched.
    fn record_refusal(&self, py: Python<'_>, key: &Bound<'_, PyAny>, rule: &Bound<'_, PyAny>) -> Result<()> {
        let key = text(key, "key")?;
        let rule: RuleId = names::from_py(rule, "rule")?;
        self.lock(py).record_refusal(&key, rule)?;
        Ok(())
    }

    /// Repeats by customer and by category within the window, as a dict shaped like their JSON:
    /// `{"window_seconds": …, "by_customer": […], "by_category": […]}`.
    fn repeats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let repeats = self.lock(py).repeats();
        to_py(py, &repeats)
    }

    /// The review of the ledger at `now` (an aware `datetime` or RFC 3339 text), as a dict
    /// shaped like its JSON (what `json.loads(review_json(now))` gives).
    fn review<'py>(&self, now: &Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let py = now.py();
        let now = timestamp(now, "now")?;
        let review = self.lock(py).review(now);
        Ok(to_py(py, &review)?)
    }

    /// The review of the ledger at `now` as JSON text.
    #[pyo3(signature = (now, *, pretty = false))]
    fn review_json(&self, py: Python<'_>, now: &Bound<'_, PyAny>, pretty: bool) -> Result<String> {
        let now = timestamp(now, "now")?;
        let review = self.lock(py).review(now);
        Ok(if pretty {
            review.to_json_pretty()
        } else {
            review.to_json()
        })
    }

    /// The review of the ledger at `now` as a Markdown report.
    fn review_markdown(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> Result<String> {
        let now = timestamp(now, "now")?;
        let review = self.lock(py).review(now);
        Ok(review.to_markdown())
    }

    /// The ledger as CSV, one row per complaint, with deadline breaches measured at `now`.
    fn to_csv(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> Result<String> {
        let now = timestamp(now, "now")?;
        Ok(self.lock(py).to_csv(now))
    }

    /// How many complaints.
    fn __len__(&self, py: Python<'_>) -> usize {
        self.lock(py).len()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let ledger = self.lock(py);
        format!(
            "<amends.Ledger of {} complaints, window {}s>",
            ledger.len(),
            ledger.window().as_secs()
        )
    }
}
