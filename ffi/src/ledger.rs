//! Ledgers: complaints added as snapshots, refusals counted, and the reports (repeats, the review
//! as JSON or Markdown, a CSV export).

use crate::args::{field, handle, handle_mut, optional_out, out, text, unix_seconds};
use crate::complaint::amends_complaint;
use crate::error::{amends_error, amends_status, give_json, give_string};
use crate::panic::ffi_boundary;
use amends_core::{Added, Error, InvalidInput, Ledger, RuleId, Timestamp};
use std::ffi::c_char;

/// The repeat window of `amends_ledger_new`, in seconds: 30 days.
pub const AMENDS_LEDGER_DEFAULT_WINDOW_SECONDS: i64 = 2_592_000;

/// A register of complaints that learns from them: a repeat warning as each complaint is added,
/// refused moves counted by rule, a review for the weekly meeting (JSON or Markdown) and a CSV
/// export. It keeps a small summary of each complaint, never the complaint itself, and it reports
/// on processes, never on people. Made by `amends_ledger_new` or `amends_ledger_new_with_window`;
/// freed with `amends_ledger_free`. It may move between threads; calls that take it as `const`
/// only read it and may run at the same time as each other, never at the same time as a call that
/// changes or frees it.
pub struct amends_ledger {
    inner: Ledger,
}

fn give(ledger: Ledger) -> *mut amends_ledger {
    Box::into_raw(Box::new(amends_ledger { inner: ledger }))
}

/// Writes what an add reports to `added_json_or_null`, when the caller wants it.
///
/// # Safety
/// `added_json_or_null` is NULL or valid for writing one pointer.
unsafe fn report_added(added: &Added, added_json_or_null: *mut *mut c_char) -> Result<(), amends_error> {
    // SAFETY: the caller's guarantee is `optional_out`'s.
    if let Some(out) = unsafe { optional_out(added_json_or_null) } {
        out.set(give_json(added)?);
    }
    Ok(())
}

/// Makes an empty ledger whose repeats count complaints of the same customer or category opened
/// within `AMENDS_LEDGER_DEFAULT_WINDOW_SECONDS` (30 days) of each other. On success `*out` is a
/// new ledger to free with `amends_ledger_free`.
///
/// # Safety
/// `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_new(
    out: *mut *mut amends_ledger,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees `out` as documented.
        let out = unsafe { self::out(out, "out")? };
        out.set(give(Ledger::new()));
        Ok(())
    })
}

/// Makes an empty ledger whose repeats count complaints of the same customer or category opened
/// within `window_seconds` of each other (0: only complaints opened at the same instant). A
/// negative window, or one longer than the time from 1970 to the end of 9999 (253,402,300,799
/// seconds), is `AMENDS_STATUS_INVALID_INPUT` (field `"window"`). On success `*out` is a new ledger to free with `amends_ledger_free`.
///
/// # Safety
/// `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_new_with_window(
    window_seconds: i64,
    out: *mut *mut amends_ledger,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees `out` as documented.
        let out = unsafe { self::out(out, "out")? };
        let window = |why: &str| amends_error::invalid(Some("window"), format!("{window_seconds} seconds {why}"));
        if window_seconds < 0 {
            return Err(window("is negative: a window is a length of time").into());
        }
        // A window as the distance of a timestamp from the epoch: the range of timestamps (to the
        // end of 9999) is ample for one.
        let end = Timestamp::from_second(window_seconds).map_err(|_| window("is out of range"))?;
        out.set(give(Ledger::with_window(end.duration_since(Timestamp::UNIX_EPOCH))?));
        Ok(())
    })
}

/// How many complaints the ledger holds; 0 when `ledger` is NULL.
///
/// # Safety
/// `ledger` is NULL or a live ledger.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_len(ledger: *const amends_ledger) -> usize {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `ledger` is live.
        unsafe { ledger.as_ref() }.map_or(0, |l| l.inner.len())
    })
}

/// Adds a snapshot of a complaint: later changes to the complaint do not reach the ledger. Its key
/// in the ledger is its opening `id`, or `"#n"` (its 1-based position) when it has none; a
/// complaint whose key is already in the ledger is `AMENDS_STATUS_INVALID_INPUT` (field `"id"`)
/// and nothing changes. On success, when `added_json_or_null` is not NULL, `*added_json_or_null`
/// is a new string to free with `amends_string_free`: `{"key": "…", "warnings": [{"kind":
/// "customer" | "category", "value": "…", "seen": n, "nearest": "…"}]}`, one warning when the
/// complaint's customer, and one when its category, was seen within the window (`seen`
/// complaints, the nearest opened at `nearest`).
///
/// # Safety
/// `ledger` is NULL or a live ledger that no other call uses meanwhile; `complaint` is NULL or a
/// live complaint; `added_json_or_null` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_add(
    ledger: *mut amends_ledger,
    complaint: *const amends_complaint,
    added_json_or_null: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, complaint) = unsafe { (handle_mut(ledger, "ledger")?, handle(complaint, "complaint")?) };
        let added = ledger.inner.add(&complaint.inner)?;
        // SAFETY: the caller guarantees `added_json_or_null` as documented.
        unsafe { report_added(&added, added_json_or_null) }?;
        Ok(())
    })
}

/// Adds a complaint from its JSON (as `amends_complaint_to_json` writes it), replayed under its
/// stored playbook: a history that does not replay is `AMENDS_STATUS_REPLAY`, malformed JSON
/// `AMENDS_STATUS_INVALID_INPUT`, and nothing changes. Otherwise as `amends_ledger_add`.
///
/// # Safety
/// `ledger` is NULL or a live ledger that no other call uses meanwhile; `complaint_json` is NULL
/// or a NUL-terminated string; `added_json_or_null` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_add_json(
    ledger: *mut amends_ledger,
    complaint_json: *const c_char,
    added_json_or_null: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, json) =
            unsafe { (handle_mut(ledger, "ledger")?, text(complaint_json, "complaint_json")?) };
        let added = ledger.inner.add_json(json)?;
        // SAFETY: the caller guarantees `added_json_or_null` as documented.
        unsafe { report_added(&added, added_json_or_null) }?;
        Ok(())
    })
}

/// Counts a move the rules refused on the complaint with this key: pass the rule id that
/// `amends_error_rule` gave for the refusal (`"listen-first"`, …). The complaint itself is not
/// touched (a refusal is never an event). A key not in the ledger (field `"key"`) or a rule id
/// that is not one (field `"rule"`, the message lists the ids) is `AMENDS_STATUS_INVALID_INPUT`,
/// and nothing changes.
///
/// # Safety
/// `ledger` is NULL or a live ledger that no other call uses meanwhile; `key` and `rule` are NULL
/// or NUL-terminated strings; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_record_refusal(
    ledger: *mut amends_ledger,
    key: *const c_char,
    rule: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, key, rule) =
            unsafe { (handle_mut(ledger, "ledger")?, field(key, "key")?, field(rule, "rule")?) };
        let rule: RuleId = rule.parse().map_err(|e: InvalidInput| Error::invalid("rule", e.message()))?;
        ledger.inner.record_refusal(key, rule)?;
        Ok(())
    })
}

/// Writes the repeats as JSON: `{"window_seconds": n, "by_customer": [{"value": "…",
/// "complaints": n, "repeats": n}], "by_category": […]}`, only groups with a repeat, most repeats
/// first. On success `*out` is a new string to free with `amends_string_free`.
///
/// # Safety
/// `ledger` is NULL or a live ledger; `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_repeats_json(
    ledger: *const amends_ledger,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, out) = unsafe { (handle(ledger, "ledger")?, self::out(out, "out")?) };
        out.set(give_json(&ledger.inner.repeats())?);
        Ok(())
    })
}

/// Writes the review at `now_unix_seconds` as JSON (indented when `pretty`): stages, outcomes,
/// satisfaction at the first follow-up, reopens, times to first response and to close, deadline
/// breaches, refusals by rule, root causes, prevention ideas, recurring causes with no employee
/// idea. The same text as the core's `Review::to_json` (or `to_json_pretty`). The library never
/// reads a clock: pass the time. On success `*out` is a new string to free with
/// `amends_string_free`.
///
/// # Safety
/// `ledger` is NULL or a live ledger; `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_review_json(
    ledger: *const amends_ledger,
    now_unix_seconds: i64,
    pretty: bool,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, out) = unsafe { (handle(ledger, "ledger")?, self::out(out, "out")?) };
        let review = ledger.inner.review(unix_seconds(now_unix_seconds, "now")?);
        let json = if pretty { review.to_json_pretty() } else { review.to_json() };
        out.set(give_string(json));
        Ok(())
    })
}

/// Writes the review at `now_unix_seconds` as Markdown for a weekly review meeting: headings and
/// tables about the process, naming no member of staff. On success `*out` is a new string to free
/// with `amends_string_free`.
///
/// # Safety
/// `ledger` is NULL or a live ledger; `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_review_markdown(
    ledger: *const amends_ledger,
    now_unix_seconds: i64,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, out) = unsafe { (handle(ledger, "ledger")?, self::out(out, "out")?) };
        let review = ledger.inner.review(unix_seconds(now_unix_seconds, "now")?);
        out.set(give_string(review.to_markdown()));
        Ok(())
    })
}

/// Writes the ledger as CSV: a header line, then one row per complaint in the order added (`id,
/// customer, opened_at, stage, outcome, category, root_cause, first_response_seconds,
/// close_seconds, breaches`, the deadline kinds breached at `now_unix_seconds` separated by `;`).
/// Fields holding a comma, a quote or a line break are quoted (RFC 4180); lines end with CRLF. On
/// success `*out` is a new string to free with `amends_string_free`.
///
/// # Safety
/// `ledger` is NULL or a live ledger; `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_csv(
    ledger: *const amends_ledger,
    now_unix_seconds: i64,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (ledger, out) = unsafe { (handle(ledger, "ledger")?, self::out(out, "out")?) };
        let now = unix_seconds(now_unix_seconds, "now")?;
        out.set(give_string(ledger.inner.to_csv(now)));
        Ok(())
    })
}

/// Frees a ledger. `amends_ledger_free(NULL)` does nothing.
///
/// # Safety
/// `ledger` is NULL or a live ledger that no running call uses; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_ledger_free(ledger: *mut amends_ledger) {
    ffi_boundary!({
        if !ledger.is_null() {
            // SAFETY: a non-NULL `ledger` came from `Box::into_raw` in `give` and is freed once.
            drop(unsafe { Box::from_raw(ledger) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_window_is_the_cores() {
        assert_eq!(
            AMENDS_LEDGER_DEFAULT_WINDOW_SECONDS,
            amends_core::DEFAULT_WINDOW.as_secs()
        );
    }
}
