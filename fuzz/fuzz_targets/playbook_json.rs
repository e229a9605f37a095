//! A playbook from JSON: it saves and loads back equal, and complaints under it keep every promise.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amends_fuzz::checks::playbook_json(data));
