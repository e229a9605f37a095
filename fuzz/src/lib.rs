//! Fuzzing support for `amends`: the checks every target runs ([`checks`]) and the structured input
//! of the `action_sequence` target ([`sequence`]).

pub mod checks;
pub mod sequence;
