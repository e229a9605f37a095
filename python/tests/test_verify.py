"""Proving and drawing a playbook: ``Playbook.verify()`` (the verification as a dict shaped like
its JSON), ``verify_json``, ``verify_text`` and ``Playbook.diagram(format)``.

The search over ``strict`` is the longest (about 0.3 s in the release wheel), so each module-level
fixture runs one search and the tests share it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import amends

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "core" / "tests" / "diagram"

HEADLINE = ["every-stage-reachable", "no-agreement-without-apology", "no-close-without-follow-up", "no-dead-end"]

# One task in all: the agreement of a second round can never be carried out, so the case can never
# be closed from there (README, "Proving a playbook").
ONE_TASK = {"base": "seven_step", "limits": {"max_tasks": 1}}


class Text(str):
    """A ``str`` subclass: read as the text it holds."""


@pytest.fixture(scope="module")
def strict() -> dict[str, Any]:
    return amends.Playbook.preset("strict").verify()


@pytest.fixture(scope="module")
def one_task() -> amends.Playbook:
    return amends.Playbook.from_dict(ONE_TASK)


@pytest.fixture(scope="module")
def one_task_found(one_task: amends.Playbook) -> dict[str, Any]:
    return one_task.verify()


def finding(verification: dict[str, Any], invariant: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [f for f in verification["invariants"] if f["invariant"] == invariant]
    assert len(found) == 1, found
    return found[0]


def claimed(playbook: amends.Playbook, invariant: str) -> bool:
    """Whether the playbook claims an invariant: a rule's when the rule is on, the agreement one
    with ``apology-before-remedy``, the others always."""
    if invariant == "no-agreement-without-apology":
        return playbook.rule_is_on("apology-before-remedy")
    if invariant in HEADLINE:
        return True
    return playbook.rule_is_on(invariant)


def replay(actions: list[dict[str, Any]], playbook: amends.Playbook) -> amends.Complaint:
    c = amends.Complaint.open(actions[0], playbook)
    for action in actions[1:]:
        c.apply(action)
    return c


def readme_strict_figures() -> tuple[int, int]:
    """The states and transitions the root README gives for ``strict``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"`strict`\s+explores\s+([\d,]+)\s+states\s+and\s+([\d,]+)\s+transitions", text)
    assert match, "README.md no longer gives the size of strict's search"
    return int(match[1].replace(",", "")), int(match[2].replace(",", ""))


def test_strict_is_proven(strict: dict[str, Any]) -> None:
    playbook = amends.Playbook.preset("strict")
    assert strict["playbook"] == "strict"
    assert strict["proven"] is True
    assert (strict["states"], strict["transitions"]) == readme_strict_figures()
    assert strict["attempts"] > strict["transitions"] > strict["states"]
    assert [s["stage"] for s in strict["stages"]] == [s.value for s in amends.Stage]
    assert all(isinstance(s["depth"], int) for s in strict["stages"])
    assert [f["invariant"] for f in strict["invariants"]] == HEADLINE + [r.value for r in amends.RuleId]
    for f in strict["invariants"]:
        if claimed(playbook, f["invariant"]):
            assert f["status"] == "proven", f
            assert "counterexample" not in f and f["cases"] > 0, f
        else:
            assert f["status"] == "not_applicable", f


def test_what_strict_does_not_claim_is_shown_by_a_path_that_replays(strict: dict[str, Any]) -> None:
    playbook = amends.Playbook.preset("strict")
    off = [f for f in strict["invariants"] if f["status"] == "not_applicable"]
    assert [f["invariant"] for f in off] == [r.value for r in amends.RuleId if not playbook.rule_is_on(r)]
    for f in off:
        path = f["counterexample"]
        c = replay(path["actions"], playbook)
        assert c.stage == path["stage"]
        assert c.history[-1]["action"] == path["actions"][-1]["action"]


def test_strict_diagram_is_the_golden_byte_for_byte() -> None:
    playbook = amends.Playbook.preset("strict")
    assert playbook.diagram("mermaid") == (GOLDEN / "strict.mmd").read_bytes().decode("utf-8")
    assert playbook.diagram(format="dot") == (GOLDEN / "strict.dot").read_bytes().decode("utf-8")


def test_mermaid_is_the_default(one_task: amends.Playbook) -> None:
    mermaid = one_task.diagram()
    assert mermaid == one_task.diagram("mermaid") == one_task.diagram(Text("mermaid"))  # type: ignore[arg-type]
    assert mermaid.startswith(f'---\ntitle: "{one_task.name}"\n---\nstateDiagram-v2\n')
    assert one_task.diagram("dot").startswith(f'digraph "{one_task.name}" {{')


def test_the_dict_is_the_json(one_task: amends.Playbook, one_task_found: dict[str, Any]) -> None:
    text = one_task.verify_json()
    assert one_task_found == json.loads(text)
    # The same fields in the same order: the dict written compactly is the core's JSON text.
    assert json.dumps(one_task_found, separators=(",", ":"), ensure_ascii=False) == text
    pretty = one_task.verify_json(pretty=True)
    assert "\n" in pretty and json.loads(pretty) == one_task_found


def test_a_broken_invariant_comes_with_the_shortest_path_that_replays(
    one_task: amends.Playbook, one_task_found: dict[str, Any]
) -> None:
    assert one_task_found["proven"] is False
    assert one_task_found["bounds"]["max_tasks"] == 1
    dead_end = finding(one_task_found, "no-dead-end")
    assert dead_end["status"] == "broken"
    path = dead_end["counterexample"]
    actions = path["actions"]
    assert actions[0]["action"] == "open" and actions[-1]["action"] == "agree"
    assert path["stage"] == "agreed"
    c = replay(actions, one_task)
    assert c.stage == amends.Stage.AGREED
    assert [e["action"] for e in c.history] == [a["action"] for a in actions]
    # The dead end: a second task cannot be planned, as it can under the default limits.
    roomy = replay(actions, amends.Playbook("seven_step"))
    roomy.plan("Send the replacement", due="2026-02-01T09:00:00Z", by="tim", at=c.history[-1]["at"])
    with pytest.raises(amends.InvalidAction) as refused:
        c.plan("Send the replacement", due="2026-02-01T09:00:00Z", by="tim", at=c.history[-1]["at"])
    assert refused.value.field == "task"
    assert refused.value.message == "the playbook allows 1 tasks"
    assert len(c) == len(actions)


def test_the_text_report_has_a_line_per_invariant(
    one_task: amends.Playbook, one_task_found: dict[str, Any]
) -> None:
    v = one_task_found
    lines = one_task.verify_text().splitlines()
    assert lines[0] == (
        f"playbook `{v['playbook']}`: some claims broken ({v['states']} states, {v['transitions']} "
        f"transitions, {v['attempts']} attempts, depth {v['depth']})"
    )
    findings = iter(lines[1:])
    for f in v["invariants"]:
        assert next(findings).split(None, 2) == [f["status"], f["invariant"], f["detail"]]
        if "counterexample" in f:
            path = next(findings).strip()
            assert path.startswith("path: open → ")
            assert path.count(" → ") == len(f["counterexample"]["actions"]) - 1
    assert next(findings, None) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("svg", "unknown diagram format `svg`, expected one of: mermaid, dot"),
        ("Mermaid", "unknown diagram format `Mermaid`, expected one of: mermaid, dot"),
        ("", "unknown diagram format ``, expected one of: mermaid, dot"),
        (None, "expected a diagram format (`mermaid` or `dot`), got NoneType"),
        (5, "expected a diagram format (`mermaid` or `dot`), got int"),
        (b"dot", "expected a diagram format (`mermaid` or `dot`), got bytes"),
        (["dot"], "expected a diagram format (`mermaid` or `dot`), got list"),
        ("\ud800", "is not valid text (lone surrogates cannot be UTF-8)"),
    ],
)
def test_a_bad_format_names_the_field(one_task: amends.Playbook, value: Any, message: str) -> None:
    with pytest.raises(amends.InvalidAction) as e:
        one_task.diagram(value)
    assert isinstance(e.value, ValueError)
    assert e.value.field == "format"
    assert e.value.message == message
    assert str(e.value) == f"invalid `format`: {message}"


def test_verify_from_several_threads_at_once(one_task: amends.Playbook, one_task_found: dict[str, Any]) -> None:
    """Searches run at once on separate playbooks and on one shared playbook give what one search
    alone gives."""
    playbooks = [one_task, amends.Playbook("sorry_first"), amends.Playbook("make_it_right"), one_task]
    alone = [one_task_found, playbooks[1].verify(), playbooks[2].verify(), one_task_found]
    diagrams = [p.diagram("dot") for p in playbooks]
    results: list[Any] = [None] * len(playbooks)
    errors: list[BaseException] = []
    start = threading.Barrier(len(playbooks))

    def work(i: int) -> None:
        try:
            start.wait()
            results[i] = (playbooks[i].verify(), playbooks[i].diagram("dot"))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(playbooks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert results == list(zip(alone, diagrams))


def test_other_threads_run_while_one_searches() -> None:
    """The search does not hold the GIL: a thread looping in Python keeps running while another
    thread is inside ``verify`` (holding it, the loop could not take a single step then)."""
    inside = threading.Event()
    done = threading.Event()
    found: list[dict[str, Any]] = []

    def search() -> None:
        inside.set()
        found.append(amends.Playbook.preset("strict").verify())
        done.set()

    worker = threading.Thread(target=search)
    worker.start()
    inside.wait()
    steps = 0
    while not done.is_set():
        steps += 1
        time.sleep(0.001)
    worker.join()
    assert found and found[0]["proven"] is True
    # Holding the GIL for the whole search would allow a step or two around its edges.
    assert steps >= 10, steps
