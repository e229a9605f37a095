//! One action, as JSON text or raw bytes, applied to complaints in every stage under every preset.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amends_fuzz::checks::apply_action(data));
