//! Runs every scenario vector in `tests/scenarios/` (see its README for the format).

use amends::{Action, Complaint, Error, Playbook, Stage};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn playbook_of(spec: &Value) -> Playbook {
    match spec {
        Value::Null => Playbook::default(),
        Value::String(name) => Playbook::preset(name).expect("preset"),
        other => Playbook::from_value(other).expect("playbook"),
    }
}

/// The outcome of one step as the scenario format names it.
fn outcome(result: &Result<(), Error>) -> String {
    match result {
        Ok(()) => "ok".into(),
        Err(Error::Rule(v)) => v.rule.as_str().into(),
        Err(Error::Invalid(_)) => "invalid".into(),
        Err(other) => format!("unexpected error: {other}"),
    }
}

fn run(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let playbook = playbook_of(&scenario["playbook"]);
    let steps = scenario["steps"].as_array().ok_or("no steps")?;
    let mut complaint: Option<Complaint> = None;
    for (i, step) in steps.iter().enumerate() {
        let at = |msg: String| format!("step {i}: {msg}");
        let expect = step["expect"].as_str().ok_or_else(|| at("no expect".into()))?;
        let before = complaint.as_ref().map(Complaint::to_json);
        let action = Action::from_value(&step["action"]);
        let result = match (&mut complaint, action) {
            (_, Err(e)) => Err(e),
            (None, Ok(action)) => Complaint::open(action, playbook.clone()).map(|c| {
                complaint = Some(c);
            }),
            (Some(c), Ok(action)) => {
                // "Why not?" must agree with apply: its first violation is apply's refusal.
                let checked = c.check(&action);
                let applied = c.apply(action).map(|_| ());
                match (&checked, &applied) {
                    (Ok(v), Ok(())) if v.is_empty() => {}
                    (Ok(v), Err(Error::Rule(r))) if v.first() == Some(r) => {}
                    (Err(a), Err(b)) if a == b => {}
                    _ => return Err(at(format!("check {checked:?} disagrees with apply {applied:?}"))),
                }
                applied
            }
        };
        let got = outcome(&result);
        if got != expect {
            return Err(at(format!("expected {expect}, got {got} ({result:?})")));
        }
        if let (Some(field), Err(e)) = (step.get("field").and_then(Value::as_str), &result) {
            if e.field() != Some(field) {
                return Err(at(format!("expected field {field}, got {:?} ({e})", e.field())));
            }
        }
        if result.is_err() && complaint.as_ref().map(Complaint::to_json) != before {
            return Err(at("a refused action changed the complaint".into()));
        }
        if let Some(stage) = step.get("stage").and_then(Value::as_str) {
            let now = complaint.as_ref().map(Complaint::stage);
            if now != Some(stage.parse::<Stage>().map_err(|e| at(e.to_string()))?) {
                return Err(at(format!("expected stage {stage}, got {now:?}")));
            }
        }
    }
    // Whatever the scenario left, the history replays and round-trips through JSON.
    if let Some(c) = complaint {
        let back = Complaint::from_json(&c.to_json()).map_err(|e| format!("from_json: {e}"))?;
        if back != c {
            return Err("from_json(to_json(c)) != c".into());
        }
        let replayed = Complaint::replay(c.history().to_vec(), c.playbook().clone())
            .map_err(|e| format!("replay: {e}"))?;
        if replayed != c {
            return Err("replay(history) != c".into());
        }
    }
    Ok(())
}

#[test]
fn every_scenario_vector_holds() {
    let files = scenario_files();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            run(f)
                .err()
                .map(|e| format!("{}: {e}", f.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    assert!(
        files.len() >= 40,
        "expected at least 40 scenario files, found {}",
        files.len()
    );
}

#[test]
fn scenarios_cover_every_rule_and_preset() {
    let mut expected: std::collections::BTreeSet<String> =
        amends::RuleId::ALL.iter().map(|r| r.to_string()).collect();
    expected.extend(amends::Preset::ALL.iter().map(|p| p.to_string()));
    for file in scenario_files() {
        let scenario: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for step in scenario["steps"].as_array().into_iter().flatten() {
            if let Some(rule) = step["expect"].as_str() {
                expected.remove(rule);
            }
        }
        let playbook = &scenario["playbook"];
        if let Some(name) = playbook.as_str().or(playbook["base"].as_str()) {
            // A preset counts when a scenario walks it to closed.
            let closes = scenario["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|s| s["stage"] == "closed");
            if closes {
                expected.remove(name);
            }
        }
    }
    assert!(
        expected.is_empty(),
        "no scenario refuses with, or closes under: {expected:?}"
    );
}
