//! The panic boundary every export runs behind.
//!
//! A fallible export returns [`amends_status`](crate::amends_status): its body is a closure
//! returning `Result<(), Failure>`, and an `Err` (or a caught panic) becomes a status plus an
//! error written to `*err` (built only when `err` is not NULL). Any other export returns a plain
//! value, and a caught panic becomes that value's [`PanicDefault`] (NULL, 0, false).
//!
//! Nothing may unwind out of an `extern "C"` function (it would abort the host), so everything an
//! export does after its body (building and writing the error, dropping the panic payload) also
//! runs behind `catch_unwind`.

use crate::error::{amends_error, amends_status};
use std::any::Any;
use std::ffi::c_char;
use std::mem;
use std::panic::{self, AssertUnwindSafe};
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
///   status with the error written to `*err` (`err` may be NULL). The error is built and written
///   inside the same `catch_unwind` as the body, so a panic there is caught too. A panic becomes
///   `AMENDS_STATUS_PANIC` ([`report_panic`]).
/// - `ffi_boundary!({ ... })`: the body evaluates to the export's return value; a panic becomes
///   its [`PanicDefault`].
macro_rules! ffi_boundary {
    ($err:expr => $body:block) => {{
        let err: *mut *mut $crate::error::amends_error = $err;
        let body = || -> ::std::result::Result<(), $crate::error::Failure> { $body };
        let outcome = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| {
            let result = body();
            // SAFETY: every export that takes `err` documents that it is NULL or valid for writes.
            unsafe { $crate::error::report(err, result) }
        }));
        match outcome {
            Ok(status) => status,
            // SAFETY: as above.
            Err(payload) => unsafe { $crate::panic::report_panic(err, payload) },
        }
    }};
    ($body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(value) => value,
            Err(payload) => {
                $crate::panic::discard(payload);
                $crate::panic::PanicDefault::panic_default()
            }
        }
    }};
}

pub(crate) use ffi_boundary;

/// A panic payload, as `catch_unwind` returns it.
type Payload = Box<dyn Any + Send + 'static>;

/// Turns a panic caught at the boundary into `AMENDS_STATUS_PANIC`, writing an error to `*err`
/// when `err` is not NULL. Nothing here unwinds: the error is built behind its own
/// `catch_unwind` (if even that panics, `*err` is set to NULL), and the payload is dropped with
/// [`discard`].
///
/// # Safety
/// `err` is NULL or valid for writing one pointer.
pub(crate) unsafe fn report_panic(err: *mut *mut amends_error, payload: Payload) -> amends_status {
    if !err.is_null() {
        let built = panic::catch_unwind(AssertUnwindSafe(|| Box::into_raw(Box::new(caught(&*payload)))));
        let e = match built {
            Ok(e) => e,
            Err(again) => {
                discard(again);
                ptr::null_mut()
            }
        };
        // SAFETY: the caller guarantees a non-NULL `err` is valid for writes.
        unsafe { err.write(e) };
    }
    discard(payload);
    amends_status::Panic
}

/// Drops a panic payload without letting a panic escape: a payload's `Drop` may itself panic,
/// and then that second payload is leaked rather than dropped.
pub(crate) fn discard(payload: Payload) {
    if let Err(again) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        mem::forget(again);
    }
}

/// The error for a panic caught at the boundary, with the panic's message when it has one.
fn caught(payload: &(dyn Any + Send)) -> amends_error {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
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

    /// A panic payload whose `Drop` panics again.
    struct PanicsOnDrop;

    impl Drop for PanicsOnDrop {
        fn drop(&mut self) {
            panic!("the payload's drop panicked too");
        }
    }

    #[test]
    fn a_payload_whose_drop_panics_does_not_escape() {
        let mut err: *mut amends_error = ptr::null_mut();
        let status: amends_status = ffi_boundary!(&mut err => { std::panic::panic_any(PanicsOnDrop) });
        assert_eq!(status, amends_status::Panic);
        assert!(!err.is_null());
        // SAFETY: `err` was just written by the boundary and is freed once, below.
        unsafe {
            let message = CStr::from_ptr(amends_error_message(err)).to_str().unwrap();
            assert!(message.contains("no message"), "{message}");
            amends_error_free(err);
        }
        let status: amends_status = ffi_boundary!(ptr::null_mut() => { std::panic::panic_any(PanicsOnDrop) });
        assert_eq!(status, amends_status::Panic);
        let len: usize = ffi_boundary!({ std::panic::panic_any(PanicsOnDrop) });
        assert_eq!(len, 0);
    }

    #[test]
    fn a_panic_in_a_plain_export_becomes_its_default() {
        let name: *const c_char = ffi_boundary!({ panic!("boom") });
        assert!(name.is_null());
        let len: usize = ffi_boundary!({ panic!("boom") });
        assert_eq!(len, 0);
    }
}
