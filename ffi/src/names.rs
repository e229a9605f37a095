//! The public vocabulary as static C strings, built once from the core's names.
//!
//! The numbers of the vocabulary enums (`AMENDS_ACTION_KIND_*`, `AMENDS_PRESET_*`, …) are the
//! core's stable numbers; the header's enums, with each value's name, are written from the core by
//! `make header`, so no list of names is kept by hand here or in the header's prose.

use crate::panic::ffi_boundary;
use amends_core::{ActionKind, Preset, RuleId, Stage};
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::OnceLock;

type Table = OnceLock<Box<[CString]>>;

fn lookup(table: &'static Table, names: fn() -> Vec<&'static str>, number: u32) -> Option<&'static CStr> {
    let names = table.get_or_init(|| {
        names()
            .into_iter()
            // The vocabulary is plain ASCII words: no NUL inside.
            .map(|name| CString::new(name).unwrap_or_default())
            .collect()
    });
    names.get(number as usize).map(CString::as_c_str)
}

static STAGES: Table = OnceLock::new();
static RULES: Table = OnceLock::new();
static ACTION_KINDS: Table = OnceLock::new();
static PRESETS: Table = OnceLock::new();

/// A stage's name as a static C string.
pub(crate) fn stage_name(stage: Stage) -> &'static CStr {
    lookup(
        &STAGES,
        || Stage::ALL.iter().map(|s| s.as_str()).collect(),
        stage.number(),
    )
    .unwrap_or(c"")
}

/// A rule id as a static C string.
pub(crate) fn rule_name(rule: RuleId) -> &'static CStr {
    lookup(
        &RULES,
        || RuleId::ALL.iter().map(|r| r.as_str()).collect(),
        rule.number(),
    )
    .unwrap_or(c"")
}

fn action_kind_name(number: u32) -> Option<&'static CStr> {
    lookup(
        &ACTION_KINDS,
        || ActionKind::ALL.iter().map(|k| k.as_str()).collect(),
        number,
    )
}

/// The name of an action kind (`AMENDS_ACTION_KIND_LISTEN` → `"listen"`), or NULL for a number
/// that is not one. A static string.
#[no_mangle]
pub extern "C" fn amends_action_kind_name(kind: u32) -> *const c_char {
    ffi_boundary!({
        match action_kind_name(kind) {
            Some(name) => name.as_ptr(),
            None => ptr::null(),
        }
    })
}

/// The name of a preset playbook (`AMENDS_PRESET_SEVEN_STEP` → `"seven_step"`), to pass to
/// `amends_playbook_preset`, or NULL for a number that is not one: numbers 0 to
/// `AMENDS_PRESET_COUNT - 1` name every preset. A static string.
#[no_mangle]
pub extern "C" fn amends_preset_name(preset: u32) -> *const c_char {
    ffi_boundary!({
        let name = lookup(
            &PRESETS,
            || Preset::ALL.iter().map(|p| p.as_str()).collect(),
            preset,
        );
        match name {
            Some(name) => name.as_ptr(),
            None => ptr::null(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_core_vocabulary() {
        for stage in Stage::ALL {
            assert_eq!(stage_name(*stage).to_str().unwrap(), stage.as_str());
        }
        for rule in RuleId::ALL {
            assert_eq!(rule_name(*rule).to_str().unwrap(), rule.as_str());
        }
        for kind in ActionKind::ALL {
            // SAFETY: a non-NULL result is a static C string.
            let name = unsafe { CStr::from_ptr(amends_action_kind_name(kind.number())) };
            assert_eq!(name.to_str().unwrap(), kind.as_str());
        }
        assert!(amends_action_kind_name(ActionKind::ALL.len() as u32).is_null());
        for preset in Preset::ALL {
            // SAFETY: a non-NULL result is a static C string.
            let name = unsafe { CStr::from_ptr(amends_preset_name(preset.number())) };
            assert_eq!(name.to_str().unwrap(), preset.as_str());
        }
        assert!(amends_preset_name(Preset::ALL.len() as u32).is_null());
        assert!(amends_preset_name(u32::MAX).is_null());
        // The next-actions mask has one bit per kind.
        assert!(ActionKind::ALL.len() <= 64);
    }
}
