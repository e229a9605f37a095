//! The panic boundary every export runs behind.
//!
//! A fallible export returns [`amends_status`](crate::amends_status): its body is a closure
//! returning `Result<(), Failure>`, and an `Err` (or a caught panic) becomes a status plus an
//! error written to `*err` (built only when `err` is not NULL). Any other export returns a plain
//! value, and a caught panic becomes that value's [`PanicDefault`] (NULL, 0, false).

use crate::error::{amends_error, amends_status};
use std::ffi::c_char;
use std::ptr;

/// What an export that returns a plain value returns when its body panicked.
pub(crate) trait PanicDefault {
    /// The value to return.
    fn panic_default() -> Self;
}

impl PanicDefault for () {
    fn panic_default() -> Self {}
}

impl PanicDefault for usize {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for bool {
    fn panic_default() -> Self {
        false
    }
}

impl PanicDefault for amends_status {
    fn panic_default() -> Self {
        amends_status::Panic
    }
}

impl PanicDefault for *const c_char {
    fn panic_default() -> Self {
        ptr::null()
    }
}

/// Runs an export's body behind `catch_unwind`.
///
/// - `ffi_boundary!(err => { ... })`: the body evaluates to `Result<(), Failure>` (`?` converts
///   core errors and argument errors); the export returns `AMENDS_STATUS_OK`, or the error's
///   status with the error written to `*err` (`err` may be NULL). A panic becomes
///   `AMENDS_STATUS_PANIC`.
/// - `ffi_boundary!({ ... })`: the body evaluates to the export's return value; a panic becomes
///   its [`PanicDefault`].
macro_rules! ffi_boundary {
    ($err:expr => $body:block) => {{
        let err: *mut *mut $crate::error::amends_error = $err;
        let outcome = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(
            || -> ::std::result::Result<(), $crate::error::Failure> { $body },
        ));
        let result = match outcome {
            Ok(result) => result,
            Err(payload) => Err($crate::error::Failure::Ready($crate::panic::caught(payload))),
        };
        // SAFETY: every export that takes `err` documents that it is NULL or valid for writes.
        unsafe { $crate::error::report(err, result) }
    }};
    ($body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(value) => value,
            Err(_) => $crate::panic::PanicDefault::panic_default(),
        }
    }};
}

pub(crate) use ffi_boundary;

/// The error for a panic caught at the boundary, with the panic's message when it has one.
pub(crate) fn caught(payload: Box<dyn std::any::Any + Send>) -> amends_error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    amends_error::panic(format!(
        "a panic was caught at the C boundary (a bug in amends; please report it): {what}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{amends_error_free, amends_error_message, amends_error_status};
    use std::ffi::CStr;

    #[test]
    fn a_panic_in_a_fallible_export_becomes_a_status_and_an_error() {
        let mut err: *mut amends_error = ptr::null_mut();
        let status: amends_status = ffi_boundary!(&mut err => { panic!("boom") });
        assert_eq!(status, amends_status::Panic);
        assert!(!err.is_null());
        // SAFETY: `err` was just written by the boundary and is freed once, below.
        unsafe {
            assert_eq!(amends_error_status(err), amends_status::Panic);
            let message = CStr::from_ptr(amends_error_message(err)).to_str().unwrap();
            assert!(message.contains("boom"), "{message}");
            amends_error_free(err);
        }
    }

    #[test]
    fn a_panic_with_a_null_err_is_still_a_status() {
        let status: amends_status = ffi_boundary!(ptr::null_mut() => { panic!("boom") });
        assert_eq!(status, amends_status::Panic);
    }

    #[test]
    fn a_panic_in_a_plain_export_becomes_its_default() {
        let name: *const c_char = ffi_boundary!({ panic!("boom") });
        assert!(name.is_null());
        let len: usize = ffi_boundary!({ panic!("boom") });
        assert_eq!(len, 0);
    }
}
