#!/usr/bin/env python3
"""Writes the seed corpora of the JSON fuzz targets from the scenario vectors in tests/scenarios.

    python3 fuzz/seed.py

- corpus/apply_action: one file per action kind and kind of outcome (accepted, refused by a rule,
  malformed) met in the scenarios: a
  byte that picks a complaint in the step's stage (see `complaints` in src/checks.rs), then the
  action's JSON.
- corpus/playbook_json: every playbook the scenarios use, and each preset by name.
- corpus/complaint_json: the accepted steps of each flow and preset scenario as a stored complaint,
  and a few as a bare history.

The action_sequence target's input is not JSON; its seeds are inputs kept from a campaign.
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
SCENARIOS = ROOT.parent / "tests" / "scenarios"
CORPUS = ROOT / "corpus"

# Preset::ALL, in declaration order, and how many complaints `complaints()` builds per preset
# (one per prefix of SCRIPT).
PRESETS = ["strict", "seven_step", "make_it_right", "think_first", "sorry_first", "active_listening"]
SCRIPT_LEN = 19
# A prefix of SCRIPT that ends in each stage (after the restatement, the request, both plans, the
# follow-up and the close).
PREFIX_IN_STAGE = {
    "open": 0,
    "listening": 5,
    "understood": 6,
    "resolving": 8,
    "agreed": 10,
    "acting": 12,
    "following_up": 15,
    "closed": 17,
}


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write(target, name, text):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())


def scenarios():
    for path in sorted(SCENARIOS.glob("*.json")):
        yield path.stem, json.loads(path.read_text())


def apply_action_seeds():
    seen = set()
    for name, scenario in scenarios():
        playbook = scenario["playbook"]
        preset = playbook if isinstance(playbook, str) else playbook.get("base", "strict")
        stage = None
        for step in scenario["steps"]:
            action = step["action"]
            if stage is not None:
                expect = step["expect"]
                outcome = expect if expect in ("ok", "invalid") else "refused"
                key = (str(action.get("action", "none")) or "empty", outcome)
                if key not in seen:
                    seen.add(key)
                    pick = PRESETS.index(preset) * SCRIPT_LEN + PREFIX_IN_STAGE[stage]
                    write("apply_action", "-".join(key), bytes([pick]) + compact(action).encode())
            if step["expect"] == "ok":
                stage = step.get("stage", stage or "open")


def playbook_seeds():
    for name, scenario in scenarios():
        if isinstance(scenario["playbook"], dict):
            write("playbook_json", name, compact(scenario["playbook"]))
    for preset in PRESETS:
        write("playbook_json", "preset_" + preset, compact({"base": preset}))
    write(
        "playbook_json",
        "every_field",
        compact(
            {
                "base": "strict",
                "name": "house rules",
                "rules": {"thank-before-close": False, "diagnose-before-apology": True},
                "apology_phrases": ["but", "if you feel", "calm down"],
                "allow_too_upset_offers": True,
                "currency": "EUR",
                "authority": {"agent": 5000, "supervisor": 50000, "manager": None},
                "deadlines": {
                    "first_response": "PT4H",
                    "plan_within": "PT24H",
                    "follow_up_within": "P3D",
                    "resolve_within": None,
                },
                "limits": {"max_text_bytes": 64, "max_events": 20, "max_tasks": 2},
            }
        ),
    )


def complaint_seeds():
    for name, scenario in scenarios():
        if not name.startswith(("flow_", "preset_")):
            continue
        history = []
        stage = "open"
        tasks = 0
        for step in scenario["steps"]:
            if step["expect"] != "ok":
                continue
            stage = step.get("stage", stage)
            event = dict(step["action"], seq=len(history) + 1, stage=stage)
            if event["action"] == "plan":
                tasks += 1
                event["task_id"] = tasks
            history.append(event)
        playbook = scenario["playbook"]
        if isinstance(playbook, str):
            playbook = {"base": playbook}
        stored = {"schema": 1, "playbook": playbook, "stage": stage, "history": history}
        write("complaint_json", name, compact(stored))
        if name.startswith("flow_") and len(history) < 20:
            write("complaint_json", name + "_history", compact(history))


if __name__ == "__main__":
    apply_action_seeds()
    playbook_seeds()
    complaint_seeds()
