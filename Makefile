# The README's two set-up commands are `make run` and `make test`; both create the
# virtual environment and install what they need on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: load the demo data into the embedded default (SQLite + in-process index), start a
## batch worker (embedded broker, nightly schedule) and serve the API
run: $(STAMP)
	$(BIN)/matcher demo load --if-empty
	$(BIN)/matcher worker --concurrency 1 --beat --log-level warning & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/matcher serve --host $(HOST) --port $(PORT)

## test: lint, type-check and run every test suite (SQLite and PostgreSQL)
test: lint pytest

pytest: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: print latency, build time, memory and OpenSearch bulk/latency figures (see README)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.suggest
	$(BIN)/python -m benchmarks.opensearch
	$(BIN)/python -m benchmarks.rerank

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
