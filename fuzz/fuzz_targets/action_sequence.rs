//! Sequences of well-typed actions under a preset, checked after every step.
#![no_main]

use amends_fuzz::sequence::Sequence;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Sequence| amends_fuzz::checks::action_sequence(input.preset, input.actions));
