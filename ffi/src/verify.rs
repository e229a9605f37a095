//! Playbook verification: the bounded search that proves a playbook's invariants or finds the
//! shortest path breaking each, its reports (JSON, text), and the stage diagram it draws (Mermaid,
//! Graphviz DOT).

use crate::args::{handle, number, out};
use crate::error::{amends_error, amends_status, give_json, give_string};
use crate::panic::ffi_boundary;
use crate::playbook::amends_playbook;
use amends_core::{verify, Diagram, Verification};
use std::ffi::c_char;

/// The text formats of a stage diagram, for the `format` argument of `amends_verification_diagram`
/// and `amends_playbook_diagram` (as `uint32_t`). The numbers are stable and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum amends_diagram_format {
    /// Mermaid (`stateDiagram-v2`), for Markdown that renders it.
    Mermaid = 0,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot = 1,
}

impl amends_diagram_format {
    const ALL: &'static [amends_diagram_format] =
        &[amends_diagram_format::Mermaid, amends_diagram_format::Dot];

    fn from_number(n: u32) -> Option<amends_diagram_format> {
        Self::ALL.get(n as usize).copied()
    }

    /// The format a number from C names: an unknown one is invalid input naming `format`.
    fn from_c(n: u32) -> Result<amends_diagram_format, amends_error> {
        number(n, Self::ALL, Self::from_number, "format", "diagram format")
    }

    fn draw(self, diagram: &Diagram) -> String {
        match self {
            amends_diagram_format::Mermaid => diagram.to_mermaid(),
            amends_diagram_format::Dot => diagram.to_dot(),
        }
    }
}

/// What `amends_playbook_verify` found about a playbook: whether every invariant it claims is
/// proven, the search's size and bounds, one finding per invariant (with the shortest path that
/// breaks it, when one does), and the stage diagram drawn from the same search. Immutable: any
/// number of threads may read one at once. Freed with `amends_verification_free`.
pub struct amends_verification {
    inner: Verification,
}

/// Verifies a playbook: an exhaustive, bounded search of everything the playbook lets a complaint
/// do, driving the engine itself (README.md, "Proving a playbook"). It proves that every stage is
/// reachable, that no agreement comes without an apology (when `apology-before-remedy` is on), that
/// no case closes after an agreement without a follow-up, that every open case can still be
/// closed, and that nothing accepted breaks a rule that is on. A playbook that breaks an invariant
/// is not an error: the call succeeds and the verification says so (`amends_verification_proven`
/// is false). The search takes a while on a big playbook (`strict`: some 9,000 states, about 0.3 s
/// in a release build): run it once and read everything from the handle. On success `*out` is a
/// new verification to free with `amends_verification_free`.
///
/// # Safety
/// `playbook` is NULL or a live playbook; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_verify(
    playbook: *const amends_playbook,
    out: *mut *mut amends_verification,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (playbook, out) = unsafe { (handle(playbook, "playbook")?, self::out(out, "out")?) };
        let verification = amends_verification { inner: verify(&playbook.inner) };
        out.set(Box::into_raw(Box::new(verification)));
        Ok(())
    })
}

/// Whether every invariant the playbook claims is proven; false when one is broken, and when
/// `verification` is NULL.
///
/// # Safety
/// `verification` is NULL or a live verification.
#[no_mangle]
pub unsafe extern "C" fn amends_verification_proven(verification: *const amends_verification) -> bool {
    ffi_boundary!({
        // SAFETY: the caller guarantees a non-NULL `verification` is live.
        unsafe { verification.as_ref() }.is_some_and(|v| v.inner.proven)
    })
}

/// Writes the verification as JSON (indented when `pretty`), the core's `Verification::to_json`
/// (or `to_json_pretty`): `{"playbook": "strict", "proven": true, "states": n, "transitions": n,
/// "attempts": n, "depth": n, "bounds": {…}, "stages": [{"stage": "open", "depth": 0}, …],
/// "invariants": [{"invariant": "no-dead-end", "status": "proven" | "broken" | "not_applicable",
/// "cases": n, "detail": "…", "counterexample": {"stage": "…", "actions": [{"action": "open", …},
/// …]}}, …]}`; a `counterexample` is left out when there is none, and its actions, the `open`
/// first, replay through `amends_complaint_open` and `amends_complaint_apply`. On success `*out`
/// is a new string to free with `amends_string_free`.
///
/// # Safety
/// `verification` is NULL or a live verification; `out` and `err` are NULL or valid for writing
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_verification_to_json(
    verification: *const amends_verification,
    pretty: bool,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (verification, out) = unsafe { (handle(verification, "verification")?, self::out(out, "out")?) };
        let json = if pretty {
            serde_json::to_string_pretty(&verification.inner)
                .map(give_string)
                .map_err(|e| amends_error::other(format!("cannot write JSON: {e}")))?
        } else {
            give_json(&verification.inner)?
        };
        out.set(json);
        Ok(())
    })
}

/// Writes the verification as text for people: a summary line (``playbook `strict`: every claim
/// proven (9110 states, …)``, or ``…: some claims broken (…)``), then a line per invariant with its
/// status and what was found, and under each one with a path, `path: open → listen → … → agree`.
/// On success `*out` is a new string to free with `amends_string_free`.
///
/// # Safety
/// `verification` is NULL or a live verification; `out` and `err` are NULL or valid for writing
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_verification_to_text(
    verification: *const amends_verification,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (verification, out) = unsafe { (handle(verification, "verification")?, self::out(out, "out")?) };
        out.set(give_string(verification.inner.to_string()));
        Ok(())
    })
}

/// Draws the playbook's stages as the search saw them: an edge per move between stages, labelled
/// with the action kinds that take it, the rules that refused some attempt of them there (in
/// brackets) and, on `agree`, the authority limits. `format` is an `AMENDS_DIAGRAM_FORMAT_*`; any
/// other number is `AMENDS_STATUS_INVALID_INPUT` (field `"format"`). On success `*out` is a new
/// string to free with `amends_string_free`.
///
/// # Safety
/// `verification` is NULL or a live verification; `out` and `err` are NULL or valid for writing
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_verification_diagram(
    verification: *const amends_verification,
    format: u32,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (verification, out) = unsafe { (handle(verification, "verification")?, self::out(out, "out")?) };
        let format = amends_diagram_format::from_c(format)?;
        out.set(give_string(format.draw(verification.inner.diagram())));
        Ok(())
    })
}

/// Draws a playbook's stages, as `amends_verification_diagram` does, running the search of
/// `amends_playbook_verify` to do so (verify once and call `amends_verification_diagram` to have
/// both). `format` is an `AMENDS_DIAGRAM_FORMAT_*`; any other number is
/// `AMENDS_STATUS_INVALID_INPUT` (field `"format"`), found before any search. On success `*out` is
/// a new string to free with `amends_string_free`.
///
/// # Safety
/// `playbook` is NULL or a live playbook; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_diagram(
    playbook: *const amends_playbook,
    format: u32,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees every pointer as documented.
        let (playbook, out) = unsafe { (handle(playbook, "playbook")?, self::out(out, "out")?) };
        let format = amends_diagram_format::from_c(format)?;
        out.set(give_string(format.draw(&Diagram::of(&playbook.inner))));
        Ok(())
    })
}

/// Frees a verification. `amends_verification_free(NULL)` does nothing.
///
/// # Safety
/// `verification` is NULL or a live verification that no running call uses; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_verification_free(verification: *mut amends_verification) {
    ffi_boundary!({
        if !verification.is_null() {
            // SAFETY: a non-NULL `verification` came from `Box::into_raw` in `amends_playbook_verify`
            // and is freed once.
            drop(unsafe { Box::from_raw(verification) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{amends_error_field, amends_error_free, amends_error_message, amends_string_free};
    use crate::playbook::{amends_playbook_free, amends_playbook_from_json, amends_playbook_preset};
    use amends_core::Playbook;
    use std::ffi::CStr;
    use std::ptr;

    /// A playbook made through the C ABI.
    fn playbook(json: &CStr) -> *mut amends_playbook {
        let mut p = ptr::null_mut();
        // SAFETY: `json` is a C string and `p` a valid out-parameter.
        let status = unsafe { amends_playbook_from_json(json.as_ptr(), &mut p, ptr::null_mut()) };
        assert_eq!(status, amends_status::Ok);
        p
    }

    /// Takes a string the library returned, freeing it.
    ///
    /// # Safety
    /// `s` is a live string from this library.
    unsafe fn take(s: *mut c_char) -> String {
        // SAFETY: the caller guarantees `s` is a live string from this library, freed once here.
        unsafe {
            let text = CStr::from_ptr(s).to_str().unwrap().to_owned();
            amends_string_free(s);
            text
        }
    }

    #[test]
    fn format_numbers_are_the_headers() {
        assert_eq!(
            amends_diagram_format::from_number(0),
            Some(amends_diagram_format::Mermaid)
        );
        assert_eq!(
            amends_diagram_format::from_number(1),
            Some(amends_diagram_format::Dot)
        );
        for (i, format) in amends_diagram_format::ALL.iter().enumerate() {
            assert_eq!(*format as u32 as usize, i);
        }
        assert_eq!(amends_diagram_format::from_number(2), None);
        assert_eq!(amends_diagram_format::from_number(u32::MAX), None);
    }

    #[test]
    fn an_unknown_format_is_invalid_input_naming_format() {
        let mut p = ptr::null_mut();
        let untouched = c"untouched".as_ptr().cast_mut();
        let mut out = untouched;
        let mut err = ptr::null_mut();
        // SAFETY: every pointer is valid; the handles made are freed once, below.
        unsafe {
            assert_eq!(
                amends_playbook_preset(c"strict".as_ptr(), &mut p, ptr::null_mut()),
                amends_status::Ok
            );
            let status = amends_playbook_diagram(p, 2, &mut out, &mut err);
            assert_eq!(status, amends_status::InvalidInput);
            assert_eq!(out, untouched);
            assert_eq!(CStr::from_ptr(amends_error_field(err)), c"format");
            let message = CStr::from_ptr(amends_error_message(err)).to_str().unwrap();
            assert!(
                message.contains("2 is not a diagram format number (expected 0 to 1)"),
                "{message}"
            );
            amends_error_free(err);
            amends_playbook_free(p);
        }
    }

    /// Everything the C ABI writes is the core's own text, for a playbook that breaks `no-dead-end`.
    #[test]
    #[cfg_attr(miri, ignore = "runs the search: far too slow under miri")]
    fn the_reports_are_the_cores() {
        let json = c"{\"base\": \"seven_step\", \"limits\": {\"max_tasks\": 1}}";
        let core = verify(&Playbook::from_json(json.to_str().unwrap()).unwrap());
        assert!(!core.proven);
        let p = playbook(json);
        let mut v = ptr::null_mut();
        let mut out = ptr::null_mut();
        // SAFETY: every pointer is valid; each output is taken once, and the handles freed once.
        unsafe {
            assert_eq!(
                amends_playbook_verify(p, &mut v, ptr::null_mut()),
                amends_status::Ok
            );
            assert!(!amends_verification_proven(v));
            assert_eq!(
                amends_verification_to_json(v, false, &mut out, ptr::null_mut()),
                amends_status::Ok
            );
            assert_eq!(take(out), core.to_json());
            assert_eq!(
                amends_verification_to_json(v, true, &mut out, ptr::null_mut()),
                amends_status::Ok
            );
            assert_eq!(take(out), core.to_json_pretty());
            assert_eq!(
                amends_verification_to_text(v, &mut out, ptr::null_mut()),
                amends_status::Ok
            );
            assert_eq!(take(out), core.to_string());
            let formats = [
                (amends_diagram_format::Mermaid, core.diagram().to_mermaid()),
                (amends_diagram_format::Dot, core.diagram().to_dot()),
            ];
            for (format, want) in formats {
                assert_eq!(
                    amends_verification_diagram(v, format as u32, &mut out, ptr::null_mut()),
                    amends_status::Ok
                );
                assert_eq!(take(out), want);
            }
            assert_eq!(
                amends_playbook_diagram(p, amends_diagram_format::Dot as u32, &mut out, ptr::null_mut()),
                amends_status::Ok
            );
            assert_eq!(take(out), core.diagram().to_dot());
            amends_verification_free(v);
            amends_playbook_free(p);
        }
    }
}
