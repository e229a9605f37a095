//! A stored complaint or a history from JSON: it loads, saves and loads back byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amends_fuzz::checks::complaint_json(data));
