# The Python package: built by pip through maturin (PEP 517) into a fresh virtual environment,
# then checked: stubs against the native module (stubtest), the example (mypy --strict), pytest.
PYTHON ?= python3
PY_VENV ?= target/venv-py
PY_BENCH_VENV ?= target/venv-py-bench
PIP_FLAGS ?= --disable-pip-version-check --no-input --progress-bar off --retries 10 --timeout 60
PY_TEST_DEPS = pytest==9.2.0 hypothesis==6.170.15 mypy==2.4.1

.PHONY: test-python bench-python python-venv

## A fresh virtual environment with the package installed from source, as a user's `pip install`.
python-venv:
	rm -rf $(PY_VENV)
	$(PYTHON) -m venv $(PY_VENV)
	$(PY_VENV)/bin/python -m pip install $(PIP_FLAGS) ./python $(PY_TEST_DEPS)

test-python: export MYPY_CACHE_DIR = $(CURDIR)/target/mypy-cache
test-python: python-venv
	cd target && ../$(PY_VENV)/bin/python -m mypy.stubtest amends
	$(PY_VENV)/bin/python -m mypy --strict python/examples/helpdesk.py
	$(PY_VENV)/bin/python python/examples/helpdesk.py python/examples/events.jsonl --now 2026-03-06T12:00:00Z > /dev/null
	$(PY_VENV)/bin/python -m pytest python/tests -q -p no:cacheprovider

## The Python benchmark (not part of `test`): amends against `transitions` and a plain class.
bench-python:
	rm -rf $(PY_BENCH_VENV)
	$(PYTHON) -m venv $(PY_BENCH_VENV)
	$(PY_BENCH_VENV)/bin/python -m pip install $(PIP_FLAGS) ./python "transitions==0.9.*"
	$(PY_BENCH_VENV)/bin/python benches/python/bench.py
