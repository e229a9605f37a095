//! Statuses, the owned error handle, and the strings the library hands out.

use crate::names::rule_name;
use crate::panic::ffi_boundary;
use amends_core::{Error, InvalidInput};
use std::ffi::{c_char, CStr, CString};
use std::ptr;

/// What a fallible call did. The numbers are stable and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum amends_status {
    /// The call succeeded; its outputs were written.
    Ok = 0,
    /// A rule of the playbook refused the action; `amends_error_rule` names it (never NULL for this
    /// status). Nothing changed.
    RuleViolation = 1,
    /// The input is malformed (bad JSON, invalid UTF-8, a missing or mistyped field, an unknown
    /// enum number, text over the limit, …); `amends_error_field` names the field when one is to
    /// blame. Nothing changed.
    InvalidInput = 2,
    /// A pointer argument that must not be NULL was NULL; the message names it. Nothing changed.
    NullArgument = 3,
    /// The complaint's history no longer has the length the caller expected: another change
    /// landed first. Nothing changed.
    Conflict = 4,
    /// A panic was caught at the boundary: a bug in amends. The handles the call used may only be
    /// freed. (`*err` is written as for any failure; it is NULL only if even the error for the
    /// panic could not be built.)
    Panic = 5,
    /// A stored history does not replay: `amends_error_event_index` says which event (always), and
    /// why: when the event broke a rule `amends_error_rule` names it; otherwise the event is
    /// malformed (or its `seq`, `stage` or `task_id` disagrees) and `amends_error_field` names the
    /// field when one is to blame.
    Replay = 6,
    /// Neither the caller's input nor a rule: an error this version of the C ABI has no status
    /// for, or an output the library could not write (a JSON text it failed to serialise). The
    /// message says what it is. Nothing changed, and no output was written.
    OtherError = 7,
}

impl amends_status {
    fn name(self) -> &'static CStr {
        match self {
            amends_status::Ok => c"ok",
            amends_status::RuleViolation => c"rule_violation",
            amends_status::InvalidInput => c"invalid_input",
            amends_status::NullArgument => c"null_argument",
            amends_status::Conflict => c"conflict",
            amends_status::Panic => c"panic",
            amends_status::Replay => c"replay",
            amends_status::OtherError => c"other_error",
        }
    }

    const ALL: [amends_status; 8] = [
        amends_status::Ok,
        amends_status::RuleViolation,
        amends_status::InvalidInput,
        amends_status::NullArgument,
        amends_status::Conflict,
        amends_status::Panic,
        amends_status::Replay,
        amends_status::OtherError,
    ];
}

/// Why a call failed: a status, a message, and the rule, field or event index when there is one.
/// Made by the library, freed with `amends_error_free`.
#[derive(Debug)]
pub struct amends_error {
    status: amends_status,
    message: CString,
    rule: Option<&'static CStr>,
    field: Option<CString>,
    event_index: Option<usize>,
}

impl amends_error {
    fn new(status: amends_status, message: impl Into<String>) -> amends_error {
        amends_error {
            status,
            message: c_string(message.into()),
            rule: None,
            field: None,
            event_index: None,
        }
    }

    /// A NULL pointer argument.
    pub(crate) fn null(parameter: &str) -> amends_error {
        amends_error::new(amends_status::NullArgument, format!("`{parameter}` is NULL"))
    }

    /// Malformed input, naming the field when one is to blame: the core's input error, so the
    /// message reads as the core's do.
    pub(crate) fn invalid(field: Option<&str>, message: impl Into<String>) -> amends_error {
        amends_error::from(Error::from(InvalidInput::new(field.map(str::to_owned), message)))
    }

    /// A failure that is neither the caller's input nor a rule (`AMENDS_STATUS_OTHER_ERROR`).
    pub(crate) fn other(message: impl Into<String>) -> amends_error {
        amends_error::new(amends_status::OtherError, message)
    }

    /// A caught panic.
    pub(crate) fn panic(message: String) -> amends_error {
        amends_error::new(amends_status::Panic, message)
    }
}

fn status_of(e: &Error) -> amends_status {
    match e {
        Error::Rule(_) => amends_status::RuleViolation,
        Error::Invalid(_) => amends_status::InvalidInput,
        Error::Conflict { .. } => amends_status::Conflict,
        Error::Replay { .. } => amends_status::Replay,
        _ => amends_status::OtherError,
    }
}

impl From<Error> for amends_error {
    fn from(e: Error) -> amends_error {
        amends_error {
            status: status_of(&e),
            message: c_string(e.to_string()),
            rule: e.rule().map(rule_name),
            field: e.field().map(|f| c_string(f.to_string())),
            event_index: e.event_index(),
        }
    }
}

/// Why an export's body failed: a core error, turned into an `amends_error` only when the caller
/// passed an `err` to receive it, or an error built here.
pub(crate) enum Failure {
    /// An error from the core.
    Core(Error),
    /// An error built here: about the arguments, or about writing an output.
    Ready(amends_error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}

impl From<amends_error> for Failure {
    fn from(e: amends_error) -> Failure {
        Failure::Ready(e)
    }
}

/// Turns a body's result into the export's status, writing a failure to `*err`.
///
/// # Safety
/// `err` is NULL or valid for writing one pointer.
pub(crate) unsafe fn report(err: *mut *mut amends_error, result: Result<(), Failure>) -> amends_status {
    let failure = match result {
        Ok(()) => return amends_status::Ok,
        Err(failure) => failure,
    };
    let status = match &failure {
        Failure::Core(e) => status_of(e),
        Failure::Ready(e) => e.status,
    };
    if !err.is_null() {
        let e = match failure {
            Failure::Core(e) => amends_error::from(e),
            Failure::Ready(e) => e,
        };
        // SAFETY: the caller guarantees a non-NULL `err` is valid for writes.
        unsafe { err.write(Box::into_raw(Box::new(e))) };
    }
    status
}

/// Text as a C string. A NUL inside (possible only in text that came in as `\u0000` in JSON, since
/// a C string cannot carry one) becomes U+FFFD, so nothing after it is lost to a C reader. JSON
/// the library writes never holds a raw NUL: serde_json escapes it as `\u0000`.
pub(crate) fn c_string(text: String) -> CString {
    let text = if text.as_bytes().contains(&0) {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    };
    // No NUL is left in `text`.
    CString::new(text).unwrap_or_default()
}

/// Hands a string to C: the caller frees it with `amends_string_free`. The buffer comes from
/// `malloc`, so freeing it does not depend on its length: the caller may change the text in place
/// (cut it at a NUL, say) before freeing it.
pub(crate) fn give_string(text: String) -> *mut c_char {
    let text = c_string(text);
    let bytes = text.as_bytes_with_nul();
    // SAFETY: `malloc` with a non-zero size (the NUL at least).
    let p = unsafe { libc::malloc(bytes.len()) }.cast::<c_char>();
    if p.is_null() {
        std::alloc::handle_alloc_error(std::alloc::Layout::for_value(bytes));
    }
    // SAFETY: `p` holds `bytes.len()` bytes, freshly allocated, so the two do not overlap.
    unsafe { ptr::copy_nonoverlapping(bytes.as_ptr().cast::<c_char>(), p, bytes.len()) };
    p
}

/// Hands a value to C as JSON text, to free with `amends_string_free`. Every export that returns
/// JSON writes it here, so a value that fails to serialise is `AMENDS_STATUS_OTHER_ERROR` with
/// serde's message everywhere (it is not the caller's input, and never an empty "success").
pub(crate) fn give_json(value: &impl serde::Serialize) -> Result<*mut c_char, amends_error> {
    serde_json::to_string(value)
        .map(give_string)
        .map_err(|e| amends_error::other(format!("cannot write JSON: {e}")))
}

/// The status of an error, or `AMENDS_STATUS_NULL_ARGUMENT` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn amends_error_status(err: *const amends_error) -> amends_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `err` is a live error.
        match unsafe { err.as_ref() } {
            Some(e) => e.status,
            None => amends_status::NullArgument,
        }
    })
}

/// What went wrong, in words: never NULL (an empty string when `err` is NULL). Valid until the
/// error is freed.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn amends_error_message(err: *const amends_error) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `err` is a live error.
        match unsafe { err.as_ref() } {
            Some(e) => e.message.as_ptr(),
            None => c"".as_ptr(),
        }
    })
}

/// The id of the rule that refused the action (`"listen-first"`, …). Not NULL exactly when the
/// error is a rule violation: status `AMENDS_STATUS_RULE_VIOLATION`, or `AMENDS_STATUS_REPLAY`
/// when the refused event of the history broke a rule (`amends_error_event_index` says which
/// event; `amends_error_field` is then NULL). NULL for every other error (a replay refused for a
/// malformed event included) and when `err` is NULL. Valid until the error is freed.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn amends_error_rule(err: *const amends_error) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `err` is a live error.
        match unsafe { err.as_ref() }.and_then(|e| e.rule) {
            Some(rule) => rule.as_ptr(),
            None => ptr::null(),
        }
    })
}

/// The malformed field as a dotted path (`"remedy.value.currency"`), or NULL when no field is to
/// blame or `err` is NULL. Valid until the error is freed.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn amends_error_field(err: *const amends_error) -> *const c_char {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `err` is a live error.
        match unsafe { err.as_ref() }.and_then(|e| e.field.as_ref()) {
            Some(field) => field.as_ptr(),
            None => ptr::null(),
        }
    })
}

/// For an `AMENDS_STATUS_REPLAY` error: writes the 0-based index of the refused event to
/// `*index_out` and returns true. Otherwise (or when an argument is NULL) returns false and writes
/// nothing.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed; `index_out` is NULL or
/// valid for writing one `size_t`.
#[no_mangle]
pub unsafe extern "C" fn amends_error_event_index(err: *const amends_error, index_out: *mut usize) -> bool {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `err` is a live error.
        let index = unsafe { err.as_ref() }.and_then(|e| e.event_index);
        match (index, index_out.is_null()) {
            (Some(index), false) => {
                // SAFETY: `index_out` is not NULL, and the caller guarantees it is valid for writes.
                unsafe { index_out.write(index) };
                true
            }
            _ => false,
        }
    })
}

/// Frees an error. `amends_error_free(NULL)` does nothing.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_error_free(err: *mut amends_error) {
    ffi_boundary!({
        if !err.is_null() {
            // SAFETY: a non-NULL `err` came from `Box::into_raw` in `report` and is freed only once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

/// The name of a status (`"ok"`, `"rule_violation"`, …), or NULL for a number that is not one.
/// A static string.
#[no_mangle]
pub extern "C" fn amends_status_name(status: u32) -> *const c_char {
    ffi_boundary!({
        match amends_status::ALL.iter().find(|s| **s as u32 == status) {
            Some(s) => s.name().as_ptr(),
            None => ptr::null(),
        }
    })
}

/// Frees a string the library returned through a `char **` out-parameter. The string is the
/// caller's until then: it may be changed in place (cut at a NUL, tokenised) before it is freed.
/// `amends_string_free(NULL)` does nothing.
///
/// # Safety
/// `s` is NULL or a string from this library that has not been freed; it is not used after.
/// Never pass a string from anywhere else (not even from `amends_error_message` or another
/// `const char *` result).
#[no_mangle]
pub unsafe extern "C" fn amends_string_free(s: *mut c_char) {
    ffi_boundary!({
        // SAFETY: a non-NULL `s` came from `malloc` in `give_string` and is freed only once;
        // `free(NULL)` does nothing.
        unsafe { libc::free(s.cast()) };
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_numbers_are_stable() {
        let numbers: Vec<u32> = amends_status::ALL.iter().map(|s| *s as u32).collect();
        assert_eq!(numbers, (0..8).collect::<Vec<_>>());
        for s in amends_status::ALL {
            // SAFETY: a non-NULL result is a static C string.
            let name = unsafe { CStr::from_ptr(amends_status_name(s as u32)) };
            assert_eq!(name, s.name());
        }
        assert!(amends_status_name(8).is_null());
        assert!(amends_status_name(u32::MAX).is_null());
    }

    #[test]
    fn a_value_that_cannot_be_written_as_json_is_an_other_error() {
        // serde_json refuses a map whose keys are not strings.
        let unwritable = std::collections::BTreeMap::from([(vec![1u8], 1u8)]);
        let e = give_json(&unwritable).unwrap_err();
        assert_eq!(e.status, amends_status::OtherError);
        assert!(
            e.message.to_str().unwrap().starts_with("cannot write JSON: "),
            "{:?}",
            e.message
        );
        assert!(e.field.is_none() && e.rule.is_none());
        let text = give_json(&["a\0b"]).unwrap();
        // SAFETY: `text` was just made by `give_json`; it is read, then freed once.
        let read = unsafe { CStr::from_ptr(text) }.to_str().unwrap().to_owned();
        // SAFETY: as above: freed once, not used after.
        unsafe { amends_string_free(text) };
        assert_eq!(read, r#"["a\u0000b"]"#);
    }

    #[test]
    fn a_string_may_be_cut_short_before_it_is_freed() {
        let text = give_string("a longer text".to_owned());
        // SAFETY: `text` holds 14 bytes; the caller owns it until `amends_string_free`.
        unsafe {
            *text.add(1) = 0;
            assert_eq!(CStr::from_ptr(text).to_bytes(), b"a");
            amends_string_free(text);
            amends_string_free(ptr::null_mut());
        }
    }

    #[test]
    fn input_errors_read_as_the_core_writes_them() {
        for field in [Some("remedy.value.currency"), None] {
            let ours = amends_error::invalid(field, "not a currency");
            let core = InvalidInput::new(field.map(str::to_owned), "not a currency");
            assert_eq!(ours.message.to_str().unwrap(), core.to_string());
            assert_eq!(ours.field.as_deref().map(|f| f.to_str().unwrap()), field);
            assert_eq!(ours.status, amends_status::InvalidInput);
        }
    }

    #[test]
    fn a_rule_is_named_exactly_for_rule_violations_and_replays_refused_by_a_rule() {
        use amends_core::{RuleId, Violation};
        let violation = || {
            Error::Rule(Violation {
                rule: RuleId::ListenFirst,
                message: "listen first".into(),
            })
        };
        let invalid = || Error::invalid("seq", "expected 2");
        let replay = |source: Error| Error::Replay {
            index: 1,
            source: Box::new(source),
        };
        let cases = [
            (
                violation(),
                amends_status::RuleViolation,
                Some("listen-first"),
                None,
            ),
            (
                replay(violation()),
                amends_status::Replay,
                Some("listen-first"),
                None,
            ),
            (replay(invalid()), amends_status::Replay, None, Some("seq")),
            (invalid(), amends_status::InvalidInput, None, Some("seq")),
            (
                Error::Conflict {
                    expected: 1,
                    actual: 2,
                },
                amends_status::Conflict,
                None,
                None,
            ),
        ];
        for (core, status, rule, field) in cases {
            let e = amends_error::from(core);
            assert_eq!(e.status, status);
            // SAFETY: `e` lives until the end of this iteration.
            let got = unsafe { amends_error_rule(&e) };
            // SAFETY: a non-NULL result is a static C string.
            let got = (!got.is_null()).then(|| unsafe { CStr::from_ptr(got) }.to_str().unwrap());
            assert_eq!(got, rule);
            assert_eq!(e.field.as_deref().map(|f| f.to_str().unwrap()), field);
        }
    }

    #[test]
    fn a_nul_inside_text_survives_as_a_replacement_character() {
        assert_eq!(c_string("a\0b".into()).to_str().unwrap(), "a\u{FFFD}b");
    }
}
