# Danish Healthtech KPI dashboard. `make run` and `make test` set everything up on a machine that
# has Python >= 3.11 and make. uv comes from PATH, or is installed once into .tools/ with pip.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= $(or $(HEALTHTECH_WAREHOUSE),warehouse/healthtech.duckdb)
PORT ?= 8501
SAMPLE_FILES := $(wildcard sample_data/*)

.PHONY: run test test-no-browser lint format bench bench-report sample load env clean mutants

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(BIN)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

env: $(BIN)/.synced

$(WAREHOUSE): $(SAMPLE_FILES) | $(BIN)/.synced
	$(BIN)/healthtech load --input sample_data --warehouse $(WAREHOUSE)

load: $(WAREHOUSE)

run: env $(WAREHOUSE)
	HEALTHTECH_WAREHOUSE=$(WAREHOUSE) $(BIN)/streamlit run dashboard.py \
		--server.port $(PORT) --server.headless true

# The tests run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE, set in some shells,
# removed): the workers and every process a test starts (a load, a streamlit server, a reader)
# import pandas, pandera and duckdb, and without .pyc files each of them compiles those sources
# again, some 2 s of CPU a process. The caches go to __pycache__/ (gitignored, also in .venv).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST) -q

# The report's tests once more with every browser hidden from the process (PATH without
# chromium/chrome/firefox, no BROWSER* variables): the report needs none, and the real-browser
# tests skip with their one-line reason (tests/nobrowser.py).
test-no-browser: env
	$(BIN)/python -m tests.nobrowser $(PYTEST) -q -rs -p no:cacheprovider \
		tests/test_report.py tests/test_report_figures.py tests/test_report_page.py \
		tests/test_browser.py

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: env
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sample: env
	$(BIN)/healthtech sample --out sample_data --scale 1

bench: env
	$(BIN)/python -m bench.run

# only the report (scale 1 and 1000), replacing the Report section of docs/benchmarks.md
bench-report: env
	$(BIN)/python -m bench.run --only report --scales 1,1000

# the mutation run of the rules (tests/mutation, docs/testing.md): not part of `make test`
mutants: env
	$(BIN)/python -m tests.mutation

clean:
	rm -rf .pytest_cache .ruff_cache bench_data tests/artifacts
