# The README's two set-up commands are `make run` and `make test`; both create the
# virtual environment and install what they need on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The dependency set, pinned with hashes (pip-tools): runtime.txt for the service alone (the
# Docker image), dev.txt for it and its tests, tools and build backend (make run and test).
LOCK := requirements/dev.txt
COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--all-build-deps --no-emit-index-url --no-emit-find-links

.PHONY: run test lint format pytest bench clean system-deps lock

# Exactly the locked set (hashes checked), then the project itself without resolving anything,
# then pip check: a dependency pyproject.toml names but the lock lacks fails here.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

## lock: resolve pyproject.toml's dependencies again, to the newest releases it allows, into
## requirements/runtime.txt and requirements/dev.txt (then run make test)
lock: $(STAMP)
	$(COMPILE) --upgrade -o requirements/runtime.txt pyproject.toml
	$(COMPILE) --upgrade --extra dev -c requirements/runtime.txt -o requirements/dev.txt \
		pyproject.toml

## run: load the demo data into the embedded default (SQLite + in-process index), start a
## batch worker (embedded broker, nightly schedule) and serve the API
run: $(STAMP)
	$(BIN)/matcher demo load --if-empty
	$(BIN)/matcher worker --concurrency 1 --beat --log-level warning & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/matcher serve --host $(HOST) --port $(PORT)

## test: lint, type-check and run every test suite (SQLite and PostgreSQL, embedded index and
## OpenSearch, embedded broker and Redis)
test: system-deps lint pytest

## system-deps: the Debian packages the tests start servers and the browser from (installed
## only if missing)
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

pytest: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff, mypy, the import contracts (layers; no fixtures in the service) and the size
## limits of modules and functions (scripts/sizes.py)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m scripts.sizes --check
	$(BIN)/python -m scripts.mirror --check

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: print latency, build time, memory, throughput, batch and OpenSearch figures at 100k
## workplaces (see README); `make bench BENCH_1M=1` adds them at about 1M functions for all of
## Denmark (578,000 workplaces, 200,000 citizens in the batch: about an hour on 2 cores);
## BASELINE=DIR (a worktree of an earlier commit) measures its throughput first, in the same run
NATIONAL_1M := --geography national
bench: $(STAMP)
	$(BIN)/python -m benchmarks.suggest
	$(BIN)/python -m benchmarks.opensearch --workplaces 100000
	$(BIN)/python -m benchmarks.rerank
	$(BIN)/python -m benchmarks.snapshot
	$(BIN)/python -m benchmarks.throughput $(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python -m benchmarks.reidentify
ifeq ($(BENCH_1M),1)
	$(BIN)/python -m benchmarks.snapshot --workplaces 578000 $(NATIONAL_1M)
	$(BIN)/python -m benchmarks.suggest --sizes 578000 $(NATIONAL_1M)
	$(BIN)/python -m benchmarks.throughput --size 578000 --workers 1 2 $(NATIONAL_1M) \
		$(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python -m benchmarks.rerank --workplaces 578000 --citizens 200000 --runs 1 $(NATIONAL_1M)
endif

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
