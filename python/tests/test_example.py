"""The helpdesk example runs on its sample data and reports what is overdue and blocked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("helpdesk", EXAMPLES / "helpdesk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["helpdesk"] = module
    spec.loader.exec_module(module)
    return module


def test_helpdesk_report(capsys: pytest.CaptureFixture[str]) -> None:
    helpdesk = load_example()
    assert helpdesk.main([str(EXAMPLES / "events.jsonl"), "--now", "2026-03-06T12:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "C-2077  first_response: due 2026-03-03 12:00Z, late by 3d" in out
    assert "C-3105  task (task 2)" in out
    assert "apologize refused by sincere-apology" in out
    assert "agree refused by authority-limit" in out
    assert "done refused by out-of-order" in out
    assert "to close: follow-up-before-close" in out
    assert "open tasks: 2" in out
