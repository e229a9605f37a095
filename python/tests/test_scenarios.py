"""Every scenario vector in tests/scenarios/, with the outcomes the Rust suite checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import amends

from conftest import load, scenario_files

FILES = scenario_files()


def test_there_are_scenarios() -> None:
    assert len(FILES) >= 40


def outcome(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    if isinstance(error, amends.RuleViolation):
        return error.rule.value
    if isinstance(error, amends.InvalidAction):
        return "invalid"
    return f"unexpected {type(error).__name__}: {error}"


def playbook_of(spec: Any) -> amends.Playbook:
    if spec is None:
        return amends.Playbook()
    if isinstance(spec, str):
        return amends.Playbook.preset(spec)
    return amends.Playbook.from_dict(spec)


def run(path: Path, as_text: bool) -> None:
    scenario = load(path)
    playbook = playbook_of(scenario.get("playbook"))
    complaint: amends.Complaint | None = None
    for i, step in enumerate(scenario["steps"]):
        where = f"{path.name} step {i}"
        action = json.dumps(step["action"]) if as_text else step["action"]
        before = complaint.to_json() if complaint is not None else None
        error: BaseException | None = None
        try:
            if complaint is None:
                complaint = amends.Complaint.open(action, playbook)
            else:
                try:
                    checked: list[amends.Violation] | BaseException = complaint.check(action)
                except amends.AmendsError as e:
                    checked = e
                try:
                    complaint.apply(action)
                except amends.AmendsError as e:
                    # "Why not?" agrees with apply: its first violation is apply's refusal.
                    if isinstance(e, amends.RuleViolation):
                        assert isinstance(checked, list) and checked, where
                        assert checked[0].rule == e.rule and checked[0].message == e.message, where
                    else:
                        assert isinstance(checked, amends.AmendsError), where
                        assert type(checked) is type(e) and str(checked) == str(e), where
                    raise
                else:
                    assert checked == [], where
        except amends.AmendsError as e:
            error = e
        assert outcome(error) == step["expect"], f"{where}: {error!r}"
        if "field" in step:
            assert isinstance(error, amends.InvalidAction), where
            assert error.field == step["field"], f"{where}: {error!r}"
        if error is not None:
            after = complaint.to_json() if complaint is not None else None
            assert after == before, f"{where}: a refused action changed the complaint"
        if "stage" in step:
            assert complaint is not None, where
            assert complaint.stage == step["stage"], where
            assert isinstance(complaint.stage, amends.Stage)
    if complaint is not None:
        back = amends.Complaint.from_json(complaint.to_json())
        assert back == complaint
        assert amends.Complaint.replay(complaint.history, complaint.playbook) == complaint


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_with_dicts(path: Path) -> None:
    run(path, as_text=False)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_with_json_text(path: Path) -> None:
    run(path, as_text=True)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_with_typed_methods(path: Path) -> None:
    """The typed methods take the JSON field names as keyword arguments and give the same
    outcome and the same history as dicts, for every well-formed step."""
    scenario = load(path)
    playbook = playbook_of(scenario.get("playbook"))
    typed: amends.Complaint | None = None
    dicts: amends.Complaint | None = None
    for i, step in enumerate(scenario["steps"]):
        where = f"{path.name} step {i}"
        fields = dict(step["action"])
        kind = fields.pop("action", None)
        if step["expect"] == "invalid":
            if kind not in set(amends.ActionKind):
                continue  # an unknown kind has no method to call
            if isinstance(fields.get("by"), str):
                continue  # a plain name is how typed methods take `by`; JSON needs {"id": …}
            # Malformed steps may be malformed in ways a Python call cannot even express (an
            # unknown keyword is a TypeError); they must still never be accepted, and an input
            # error names the same field.
            with pytest.raises((amends.InvalidAction, TypeError)) as refused:
                if typed is None or kind == "open":
                    amends.Complaint.receive(**fields, playbook=playbook)
                else:
                    getattr(typed, str(kind))(**fields)
            if isinstance(refused.value, amends.InvalidAction) and "field" in step:
                assert refused.value.field == step["field"], f"{where}: {refused.value!r}"
            continue
        error: BaseException | None = None
        try:
            if typed is None:
                assert kind == "open", where
                typed = amends.Complaint.receive(**fields, playbook=playbook)
                dicts = amends.Complaint.open(step["action"], playbook)
            else:
                assert dicts is not None
                seq = getattr(typed, str(kind))(**fields)
                assert seq == len(typed), where
                dicts.apply(step["action"])
        except amends.AmendsError as e:
            error = e
        assert outcome(error) == step["expect"], f"{where}: {error!r}"
    if typed is not None:
        assert typed == dicts
        assert typed.history == dicts.history  # type: ignore[union-attr]


def test_event_dicts_are_their_json_for_every_action_kind() -> None:
    """`apply` and `history` give each event exactly as `json.loads` reads its JSON, for every
    kind of action the scenario vectors record (together, all of them)."""
    kinds: set[str] = set()
    for path in FILES:
        scenario = load(path)
        playbook = playbook_of(scenario.get("playbook"))
        complaint: amends.Complaint | None = None
        for step in scenario["steps"]:
            try:
                if complaint is None:
                    complaint = amends.Complaint.open(step["action"], playbook)
                    continue
                event = complaint.apply(step["action"])
            except amends.AmendsError:
                continue
            stored = json.loads(complaint.to_json())["history"]
            assert event == stored[-1], path.name
            assert type(event["seq"]) is int and type(event["at"]) is str
        if complaint is not None:
            assert complaint.history == json.loads(complaint.to_json())["history"], path.name
            kinds.update(e["action"] for e in complaint.history)
    assert kinds == {k.value for k in amends.ActionKind}
