//! Complaints: open, apply and check actions given as JSON, read the state, store and reload.

use crate::args::{handle, handle_mut, out, text, unix_seconds};
use crate::error::{amends_error, amends_status, c_string, give_json, give_string};
use crate::names::{rule_name, stage_name};
use crate::panic::ffi_boundary;
use crate::playbook::amends_playbook;
use amends_core::{Action, Complaint, Playbook, Preset};
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::Arc;

/// One complaint: its playbook and its history. Made by `amends_complaint_open`,
/// `amends_complaint_new`, `amends_complaint_from_json` or `amends_complaint_replay`; freed with
/// `amends_complaint_free`. It may move between threads; calls that take it as `const` only read
/// it and may run at the same time as each other, never at the same time as a call that changes
/// or frees it.
pub struct amends_complaint {
    pub(crate) inner: Complaint,
}

/// Hands a new complaint to C.
pub(crate) fn give(complaint: Complaint) -> *mut amends_complaint {
    Box::into_raw(Box::new(amends_complaint { inner: complaint }))
}

/// The playbook a NULL-or-handle argument means.
///
/// # Safety
/// `playbook` is NULL or a live playbook.
pub(crate) unsafe fn playbook_or_strict(playbook: *const amends_playbook) -> Arc<Playbook> {
    // SAFETY: the caller guarantees a non-NULL `playbook` is live.
    match unsafe { playbook.as_ref() } {
        Some(p) => Arc::clone(&p.inner),
        None => Preset::Strict.shared(),
    }
}

/// Opens a complaint from the JSON text of an `open` action (`{"action": "open", "at": "…",
/// "by": {"id": "tim"}, "customer": "…", "summary": "…"}`) under a playbook (NULL: `strict`). On
/// success `*out` is a new complaint to free with `amends_complaint_free`.
///
/// # Safety
/// `open_json` is NULL or a NUL-terminated string; `playbook_or_null` is NULL or a live playbook;
/// `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_open(
    open_json: *const c_char,
    playbook_or_null: *const amends_playbook,
    out: *mut *mut amends_complaint,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (json, out, playbook) =
            unsafe { (text(open_json, "open_json")?, self::out(out, "out")?, playbook_or_strict(playbook_or_null)) };
        out.set(give(Complaint::open_json(json, playbook)?));
        Ok(())
    })
}

/// Applies an action given as JSON text. On `AMENDS_STATUS_OK` the complaint moved on; on any other
/// status (a rule violation, invalid input, …) it is exactly as it was.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no other call uses meanwhile; `action_json` is NULL
/// or a NUL-terminated string; `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_apply(
    complaint: *mut amends_complaint,
    action_json: *const c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, json) = unsafe { (handle_mut(complaint, "complaint")?, text(action_json, "action_json")?) };
        complaint.inner.apply_json(json)?;
        Ok(())
    })
}

/// Applies an action given as JSON text only if the history still has `expected_history_len`
/// events (see `amends_complaint_history_len`): when another change landed first the result is
/// `AMENDS_STATUS_CONFLICT` and nothing changes (optimistic concurrency).
///
/// # Safety
/// As `amends_complaint_apply`.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_apply_expecting(
    complaint: *mut amends_complaint,
    action_json: *const c_char,
    expected_history_len: usize,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, json) = unsafe { (handle_mut(complaint, "complaint")?, text(action_json, "action_json")?) };
        let action = Action::from_json(json)?;
        complaint.inner.apply_expecting(action, expected_history_len)?;
        Ok(())
    })
}

/// Every rule an action would break now, in check order: the "why not?" of a helpdesk screen.
/// Changes nothing. An empty list means `amends_complaint_apply` would accept the action; its first
/// entry is the rule `amends_complaint_apply` would refuse it by. Malformed input is
/// `AMENDS_STATUS_INVALID_INPUT`, as in `amends_complaint_apply`.
pub struct amends_violations {
    items: Vec<(&'static CStr, CString)>,
}

/// Checks an action given as JSON text against the complaint without applying it. On success
/// `*out` is a new list to free with `amends_violations_free`.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `action_json` is NULL or a NUL-terminated string; `out`
/// and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_check(
    complaint: *const amends_complaint,
    action_json: *const c_char,
    out: *mut *mut amends_violations,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, json, out) = unsafe {
            (handle(complaint, "complaint")?, text(action_json, "action_json")?, self::out(out, "out")?)
        };
        let action = Action::from_json(json)?;
        let items = complaint
            .inner
            .check(&action)?
            .into_iter()
            .map(|v| (rule_name(v.rule), c_string(v.message)))
            .collect();
        out.set(Box::into_raw(Box::new(amends_violations { items })));
        Ok(())
    })
}

/// How many rules the checked action would break (0 when `violations` is NULL).
///
/// # Safety
/// `violations` is NULL or a live list.
#[no_mangle]
pub unsafe extern "C" fn amends_violations_len(violations: *const amends_violations) -> usize {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `violations` is live.
        unsafe { violations.as_ref() }.map_or(0, |v| v.items.len())
    })
}

/// The rule id of entry `index` (`"apology-before-remedy"`, …), or NULL when `index` is out of
/// range or `violations` is NULL. Valid until the list is freed.
///
/// # Safety
/// `violations` is NULL or a live list.
#[no_mangle]
pub unsafe extern "C" fn amends_violations_rule(
    violations: *const amends_violations,
    index: usize,
) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `violations` is live.
        match unsafe { violations.as_ref() }.and_then(|v| v.items.get(index)) {
            Some((rule, _)) => rule.as_ptr(),
            None => ptr::null(),
        }
    })
}

/// What entry `index` says is missing, in words; NULL when `index` is out of range or
/// `violations` is NULL. Valid until the list is freed.
///
/// # Safety
/// `violations` is NULL or a live list.
#[no_mangle]
pub unsafe extern "C" fn amends_violations_message(
    violations: *const amends_violations,
    index: usize,
) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `violations` is live.
        match unsafe { violations.as_ref() }.and_then(|v| v.items.get(index)) {
            Some((_, message)) => message.as_ptr(),
            None => ptr::null(),
        }
    })
}

/// Frees a list of violations. `amends_violations_free(NULL)` does nothing.
///
/// # Safety
/// `violations` is NULL or a live list; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_violations_free(violations: *mut amends_violations) {
    ffi_boundary!({
        if !violations.is_null() {
            // SAFETY: a non-NULL `violations` came from `Box::into_raw` in `amends_complaint_check`
            // and is freed once.
            drop(unsafe { Box::from_raw(violations) });
        }
    })
}

/// The action kinds some well-formed action could do now, as a bit mask: bit `n` is set when
/// `AMENDS_ACTION_KIND_*` number `n` is possible (`mask & (UINT64_C(1) << AMENDS_ACTION_KIND_ASK)`).
/// `amends_action_kind_name` names each bit.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_next_actions(
    complaint: *const amends_complaint,
    out: *mut u64,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        let mask = complaint
            .inner
            .next_actions()
            .iter()
            .fold(0u64, |mask, kind| mask | 1u64.checked_shl(kind.number()).unwrap_or(0));
        out.set(mask);
        Ok(())
    })
}

/// The complaint's stage (`"open"`, `"listening"`, … `"closed"`), a static string; NULL when
/// `complaint` is NULL.
///
/// # Safety
/// `complaint` is NULL or a live complaint.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_stage(complaint: *const amends_complaint) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `complaint` is live.
        match unsafe { complaint.as_ref() } {
            Some(c) => stage_name(c.inner.stage()).as_ptr(),
            None => ptr::null(),
        }
    })
}

/// How many events the history holds (the `open` included); 0 when `complaint` is NULL. Pass it to
/// `amends_complaint_apply_expecting`.
///
/// # Safety
/// `complaint` is NULL or a live complaint.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_history_len(complaint: *const amends_complaint) -> usize {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `complaint` is live.
        unsafe { complaint.as_ref() }.map_or(0, |c| c.inner.history().len())
    })
}

/// Writes the history as a JSON array of events (each action plus `seq`, `stage` and, for `plan`,
/// `task_id`): what `amends_complaint_replay` takes. On success `*out` is a new string to free
/// with `amends_string_free`.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_history_json(
    complaint: *const amends_complaint,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        out.set(give_json(&complaint.inner.history())?);
        Ok(())
    })
}

/// Every deadline met late, or still unmet past its due time at `now_unix_seconds`, as a JSON
/// array of `{"deadline": "…", "due": "…", "late_by_seconds": n, "task_id"?: n}` (`[]` when none).
/// The library never reads a clock: pass the time. On success `*out` is a new string to free with
/// `amends_string_free`.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_breaches(
    complaint: *const amends_complaint,
    now_unix_seconds: i64,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        let now = unix_seconds(now_unix_seconds, "now")?;
        out.set(give_json(&complaint.inner.breaches(now))?);
        Ok(())
    })
}

/// The earliest unmet deadline still ahead of `now_unix_seconds`, as a JSON object
/// `{"deadline": "…", "due": "…", "task_id"?: n}`; `*out` is set to NULL when there is none. On
/// success a non-NULL `*out` is a new string to free with `amends_string_free`.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_next_deadline(
    complaint: *const amends_complaint,
    now_unix_seconds: i64,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        let now = unix_seconds(now_unix_seconds, "now")?;
        out.set(match complaint.inner.next_deadline(now) {
            Some(deadline) => give_json(&deadline)?,
            None => ptr::null_mut(),
        });
        Ok(())
    })
}

/// Writes the complaint as JSON: `{"schema": 1, "playbook": {…}, "stage": "…", "history": […]}`.
/// On success `*out` is a new string to free with `amends_string_free`.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_to_json(
    complaint: *const amends_complaint,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        out.set(give_json(&complaint.inner)?);
        Ok(())
    })
}

/// Rebuilds a complaint from `amends_complaint_to_json`'s text, replaying every event under the
/// stored playbook: a history edited into a state the rules forbid is refused
/// (`AMENDS_STATUS_REPLAY`, with the event's index). On success `*out` is a new complaint to free
/// with `amends_complaint_free`.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_from_json(
    json: *const c_char,
    out: *mut *mut amends_complaint,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (json, out) = unsafe { (text(json, "json")?, self::out(out, "out")?) };
        out.set(give(Complaint::from_json(json)?));
        Ok(())
    })
}

/// Rebuilds a complaint by applying a history again (a JSON array of events, as
/// `amends_complaint_history_json` writes) under a playbook (NULL: `strict`). An event that breaks
/// a rule or whose `seq`, `stage` or `task_id` disagrees is refused (`AMENDS_STATUS_REPLAY`, with
/// the event's index). On success `*out` is a new complaint to free with `amends_complaint_free`.
///
/// # Safety
/// `events_json` is NULL or a NUL-terminated string; `playbook_or_null` is NULL or a live playbook;
/// `out` and `err` are NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_replay(
    events_json: *const c_char,
    playbook_or_null: *const amends_playbook,
    out: *mut *mut amends_complaint,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (json, out, playbook) = unsafe {
            (text(events_json, "events_json")?, self::out(out, "out")?, playbook_or_strict(playbook_or_null))
        };
        out.set(give(Complaint::replay_json(json, playbook)?));
        Ok(())
    })
}

/// A readable timeline of the complaint, one line per event. On success `*out` is a new string to
/// free with `amends_string_free`. (Recorded text that came in holding `\u0000` shows U+FFFD in
/// its place, so nothing after it is cut off.)
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_timeline(
    complaint: *const amends_complaint,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (complaint, out) = unsafe { (handle(complaint, "complaint")?, self::out(out, "out")?) };
        out.set(give_string(complaint.inner.timeline()));
        Ok(())
    })
}

/// Frees a complaint. `amends_complaint_free(NULL)` does nothing.
///
/// # Safety
/// `complaint` is NULL or a live complaint that no running call uses; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_complaint_free(complaint: *mut amends_complaint) {
    ffi_boundary!({
        if !complaint.is_null() {
            // SAFETY: a non-NULL `complaint` came from `Box::into_raw` in `give` and is freed once.
            drop(unsafe { Box::from_raw(complaint) });
        }
    })
}
