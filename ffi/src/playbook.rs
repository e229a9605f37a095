//! Playbooks: a preset by name, or JSON; immutable once made, and shareable between threads.

use crate::args::{handle, out, text};
use crate::error::{amends_error, amends_status, give_json};
use crate::panic::ffi_boundary;
use amends_core::{Error, InvalidInput, Playbook, Preset};
use std::ffi::c_char;
use std::sync::Arc;

/// A playbook: which rules are on, the apology phrases, authority limits, deadlines, input limits.
/// Immutable: any number of threads may use one handle at once. A complaint opened under it keeps
/// its own reference, so the handle may be freed while complaints opened under it live on.
pub struct amends_playbook {
    pub(crate) inner: Arc<Playbook>,
}

fn give(playbook: Arc<Playbook>) -> *mut amends_playbook {
    Box::into_raw(Box::new(amends_playbook { inner: playbook }))
}

/// Makes a preset playbook by name: the name of one of the `amends_preset` enum's values
/// (`amends_preset_name(AMENDS_PRESET_SEVEN_STEP)` is `"seven_step"`). An unknown name is
/// `AMENDS_STATUS_INVALID_INPUT` (field `"base"`, the message lists the names). Presets are
/// built once and shared: the handle is cheap. On success `*out` is a new playbook to free with
/// `amends_playbook_free`.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string; `out` is NULL or valid for writing one pointer;
/// `err` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_preset(
    name: *const c_char,
    out: *mut *mut amends_playbook,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees `name` and `out` as documented.
        let (name, out) = unsafe { (text(name, "name")?, self::out(out, "out")?) };
        let preset: Preset = name
            .parse()
            .map_err(|e: InvalidInput| Error::invalid("base", e.message()))?;
        out.set(give(preset.shared()));
        Ok(())
    })
}

/// Makes a playbook from JSON: a `base` preset plus overrides, as DESIGN.md "Playbooks" shows
/// (`{"base": "seven_step", "rules": {"thank-before-close": false}}`). On success `*out` is a new
/// playbook to free with `amends_playbook_free`.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_from_json(
    json: *const c_char,
    out: *mut *mut amends_playbook,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees `json` and `out` as documented.
        let (json, out) = unsafe { (text(json, "json")?, self::out(out, "out")?) };
        out.set(give(Arc::new(Playbook::from_json(json)?)));
        Ok(())
    })
}

/// Writes the playbook as JSON with every field, so it loads back equal. On success `*out` is a
/// new string to free with `amends_string_free`.
///
/// # Safety
/// `playbook` is NULL or a live playbook; `out` and `err` are NULL or valid for writing one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_to_json(
    playbook: *const amends_playbook,
    out: *mut *mut c_char,
    err: *mut *mut amends_error,
) -> amends_status {
    ffi_boundary!(err => {
        // SAFETY: the caller guarantees `playbook` and `out` as documented.
        let (playbook, out) = unsafe { (handle(playbook, "playbook")?, self::out(out, "out")?) };
        out.set(give_json(&*playbook.inner)?);
        Ok(())
    })
}

/// Frees a playbook handle; complaints opened under it keep working. `amends_playbook_free(NULL)`
/// does nothing.
///
/// # Safety
/// `playbook` is NULL or a live playbook that no running call uses; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn amends_playbook_free(playbook: *mut amends_playbook) {
    ffi_boundary!({
        if !playbook.is_null() {
            // SAFETY: a non-NULL `playbook` came from `Box::into_raw` in `give` and is freed once.
            drop(unsafe { Box::from_raw(playbook) });
        }
    })
}
