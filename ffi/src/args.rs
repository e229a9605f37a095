//! Arguments from C: NULL checks, UTF-8, out-parameters, timestamps and enum numbers.

use crate::error::amends_error;
use amends_core::Timestamp;
use std::ffi::{c_char, CStr};
use std::ptr::NonNull;

/// A handle argument that must not be NULL, as a shared reference.
///
/// # Safety
/// `p` is NULL or points to a live `T` that nothing changes for `'a`.
pub(crate) unsafe fn handle<'a, T>(p: *const T, name: &str) -> Result<&'a T, amends_error> {
    // SAFETY: the caller guarantees a non-NULL `p` is valid for `'a`.
    unsafe { p.as_ref() }.ok_or_else(|| amends_error::null(name))
}

/// A handle argument that must not be NULL, as an exclusive reference.
///
/// # Safety
/// `p` is NULL or points to a live `T` that nothing else uses for `'a`.
pub(crate) unsafe fn handle_mut<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, amends_error> {
    // SAFETY: the caller guarantees a non-NULL `p` is valid and unaliased for `'a`.
    unsafe { p.as_mut() }.ok_or_else(|| amends_error::null(name))
}

/// A NUL-terminated string argument that must not be NULL.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays unchanged for `'a`.
unsafe fn c_str<'a>(p: *const c_char, name: &str) -> Result<&'a CStr, amends_error> {
    if p.is_null() {
        return Err(amends_error::null(name));
    }
    // SAFETY: `p` is not NULL, and the caller guarantees it is a NUL-terminated string for `'a`.
    Ok(unsafe { CStr::from_ptr(p) })
}

fn utf8<'a>(s: &'a CStr, name: &str, field: Option<&str>) -> Result<&'a str, amends_error> {
    s.to_str().map_err(|e| {
        amends_error::invalid(
            field,
            format!("`{name}` is not valid UTF-8 (at byte {})", e.valid_up_to()),
        )
    })
}

/// A JSON text argument (or any text that is not one field of an action): errors name no field.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str, amends_error> {
    // SAFETY: the caller's guarantee is `c_str`'s.
    utf8(unsafe { c_str(p, name) }?, name, None)
}

/// A required text field of an action: an invalid one names the field.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn field<'a>(p: *const c_char, field: &str) -> Result<&'a str, amends_error> {
    // SAFETY: the caller's guarantee is `c_str`'s.
    utf8(unsafe { c_str(p, field) }?, field, Some(field))
}

/// An optional text field of an action: NULL is absent.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn optional_field<'a>(
    p: *const c_char,
    field: &str,
) -> Result<Option<&'a str>, amends_error> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's guarantee is `c_str`'s.
    unsafe { self::field(p, field) }.map(Some)
}

/// An out-parameter checked non-NULL before any work is done, written only on success.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Writes the output (without reading or dropping what was there).
    pub(crate) fn set(self, value: T) {
        // SAFETY: `out` checked the pointer is not NULL, and its caller guaranteed it is valid for
        // writing one `T`.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// An out-parameter that must not be NULL.
///
/// # Safety
/// `p` is NULL or valid for writing one `T` until the export returns.
pub(crate) unsafe fn out<T>(p: *mut T, name: &str) -> Result<Out<T>, amends_error> {
    NonNull::new(p).map(Out).ok_or_else(|| amends_error::null(name))
}

/// An optional out-parameter: NULL means the caller does not want it.
///
/// # Safety
/// As [`out`].
pub(crate) unsafe fn optional_out<T>(p: *mut T) -> Option<Out<T>> {
    NonNull::new(p).map(Out)
}

/// A timestamp given as seconds since the Unix epoch (UTC).
pub(crate) fn unix_seconds(seconds: i64, field: &str) -> Result<Timestamp, amends_error> {
    Timestamp::from_second(seconds).map_err(|e| {
        amends_error::invalid(
            Some(field),
            format!("{seconds} seconds since the Unix epoch is out of range: {e}"),
        )
    })
}

/// An enum value given by its stable number.
pub(crate) fn number<T: Copy>(
    n: u32,
    all: &[T],
    from_number: fn(u32) -> Option<T>,
    field: &str,
    what: &str,
) -> Result<T, amends_error> {
    from_number(n).ok_or_else(|| {
        amends_error::invalid(
            Some(field),
            format!(
                "{n} is not a {what} number (expected 0 to {})",
                all.len().saturating_sub(1)
            ),
        )
    })
}
