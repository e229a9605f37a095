//! Replays every input kept from fuzzing (`core/tests/fuzz/<target>/`) through the same checks the
//! fuzz targets in `fuzz/` run, so they hold in a plain `cargo test` on stable, without libFuzzer.
//!
//! `apply_action`, `playbook_json` and `complaint_json` keep raw inputs, byte for byte as the
//! fuzzer produced them. `action_sequence` keeps the actions its structured input decoded to, as
//! `{"playbook": "<preset>", "actions": [<action JSON>, …]}` (what `cargo fuzz fmt action_sequence
//! <input>` prints), so a file stays readable and means the same whatever version of `arbitrary`
//! decodes fuzzer bytes.

#[path = "../../fuzz/src/checks.rs"]
mod checks;

use amends::{Action, Preset};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Every file kept for `target`, in name order. A target without any is a mistake: the test would
/// check nothing.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs kept in {}", dir.display());
    files
}

/// Runs `check` on every input of `target` and fails naming each input whose check panicked.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let mut failed = Vec::new();
    for path in inputs(target) {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target}: the checks fail on {failed:#?}");
}

/// Reads a kept `action_sequence` input: its preset and its actions.
fn sequence(data: &[u8]) -> (Preset, Vec<Action>) {
    let value: Value = serde_json::from_slice(data).expect("a sequence is JSON");
    let preset = value["playbook"]
        .as_str()
        .expect("a sequence names its preset")
        .parse()
        .expect("a preset name");
    let actions = value["actions"]
        .as_array()
        .expect("a sequence has a list of actions")
        .iter()
        .map(|action| Action::from_value(action).expect("a kept action reads back"))
        .collect();
    (preset, actions)
}

#[test]
fn apply_action_inputs_keep_every_promise() {
    replay("apply_action", checks::apply_action);
}

#[test]
fn playbook_json_inputs_keep_every_promise() {
    replay("playbook_json", checks::playbook_json);
}

#[test]
fn complaint_json_inputs_keep_every_promise() {
    replay("complaint_json", checks::complaint_json);
}

#[test]
fn action_sequence_inputs_keep_every_promise() {
    replay("action_sequence", |data| {
        let (preset, actions) = sequence(data);
        checks::action_sequence(preset, actions);
    });
}
