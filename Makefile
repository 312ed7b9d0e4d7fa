# The README's two set-up commands are `make run` and `make test`; both create the
# virtual environment and install what they need on a fresh machine.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUNTIME_STAMP := $(VENV)/.runtime-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The dependency set, pinned with hashes (pip-tools): runtime.txt for the service alone (make
# run, the Docker image), dev.txt for it and its tests, tools and docs (make test).
RUNTIME_LOCK := requirements/runtime.txt
LOCK := requirements/dev.txt
COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--all-build-deps --no-emit-index-url --no-emit-find-links

.PHONY: run stop test lint format pytest bench figures docs lock-check clean system-deps lock opensearch-node

# Exactly the locked set (hashes checked), then the project itself without resolving anything,
# then pip check: a dependency pyproject.toml names but the lock lacks fails here. make run
# needs the service's set alone; make test adds the tests', tools' and docs' to it. No
# byte-compiling of every installed module (--no-compile): Python compiles what it imports,
# when it first does, which halves a fresh install.
$(RUNTIME_STAMP): pyproject.toml $(RUNTIME_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-compile --require-hashes -r $(RUNTIME_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) $(LOCK)
	$(BIN)/pip install --quiet --no-compile --require-hashes -r $(LOCK)
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
run: $(RUNTIME_STAMP)
	$(BIN)/matcher demo load --if-empty
	$(BIN)/matcher worker --concurrency 1 --beat --log-level warning & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/matcher serve --host $(HOST) --port $(PORT)

## stop: stop what `make run` started on PORT (the server; its worker stops with it), from
## another terminal. Ctrl-C in make run's own terminal does the same.
stop:
	@pkill -TERM -f -- "matcher serve --host $(HOST) --port $(PORT)$$" \
		&& echo "stopping the server on port $(PORT) and its worker" \
		|| echo "nothing of make run serves on port $(PORT)"

## test: lint, type-check, build the documentation site and run every test suite (SQLite
## and PostgreSQL, embedded index and OpenSearch, embedded broker and Redis)
test: system-deps lint docs pytest

## docs: build the documentation site into build/site (MkDocs, warnings as errors)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Results files the documentation includes: a header naming the day, the commit and the
# machine, then what the commands print (their progress, on stderr, stays on the terminal).
RESULTS := docs/results
define header
echo "$(1), $$(date -u +%F), commit $$(git rev-parse --short HEAD 2>/dev/null || echo unknown), $$(nproc) cores"
endef

## figures: the quality harness's figures and the demo generator's distribution, into
## docs/results (the quality and demo-data pages include them)
figures: $(STAMP)
	set -eo pipefail; { $(call header,matcher evaluate); $(BIN)/matcher evaluate; } \
		| tee $(RESULTS)/harness.txt.new
	set -eo pipefail; { $(call header,python -m fixtures.generate --describe 100000); \
		$(BIN)/python -m fixtures.generate --describe 100000; } | tee $(RESULTS)/distribution.txt.new
	mv $(RESULTS)/harness.txt.new $(RESULTS)/harness.txt
	mv $(RESULTS)/distribution.txt.new $(RESULTS)/distribution.txt

## lock-check: the lock installs (pip's resolver, hashes required) on each Python the README
## names: Debian 12's python3 (3.11.2), and the newest 3.11 and 3.12 here (pyenv's)
LOCK_PYTHONS ?= /usr/bin/python3 $(wildcard $(HOME)/.pyenv/versions/3.11.*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python3)
lock-check:
	@for python in $(LOCK_PYTHONS); do \
	  venv=$$(mktemp -d); $$python -m venv $$venv || exit 1; \
	  $$venv/bin/pip install --quiet --dry-run --ignore-installed --require-hashes \
	    -r $(LOCK) || { rm -rf $$venv; echo "the lock does not install on $$python"; exit 1; }; \
	  echo "the lock installs on $$($$python --version) ($$python)"; rm -rf $$venv; \
	done

## system-deps: the Debian packages the tests start servers and the browser from (installed
## only if missing)
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# One worker per core (pytest-xdist); each starts the servers its tests need. The browser
# tests share one worker (tests/conftest.py).
pytest: $(STAMP) opensearch-node
	$(BIN)/python -m pytest --numprocesses auto --dist loadgroup

## opensearch-node: resolve the pinned OpenSearch release and its modules from Maven Central
## (cached in ~/.m2) and build the launcher the tests start real nodes with
opensearch-node: opensearch/target/opensearch-node.jar

opensearch/target/opensearch-node.jar: opensearch/pom.xml $(wildcard opensearch/src/main/java/*/*/*/*.java)
	mvn -q -B -f opensearch/pom.xml package

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
BENCH := $(BIN)/python -m benchmarks
bench: $(STAMP)
	set -eo pipefail; { $(call header,make bench$(if $(BENCH_1M), BENCH_1M=1)); \
	echo "$$ python -m benchmarks.suggest"; $(BENCH).suggest; \
	echo "$$ python -m benchmarks.opensearch --workplaces 100000"; \
	$(BENCH).opensearch --workplaces 100000; \
	echo "$$ python -m benchmarks.rerank"; $(BENCH).rerank; \
	echo "$$ python -m benchmarks.snapshot"; $(BENCH).snapshot; \
	echo "$$ python -m benchmarks.throughput"; \
	$(BENCH).throughput $(if $(BASELINE),--baseline $(BASELINE)); \
	echo "$$ python -m benchmarks.reidentify"; $(BENCH).reidentify; \
	$(if $(filter 1,$(BENCH_1M)),$(BENCH_NATIONAL)) } | tee $(RESULTS)/bench.txt.new
	mv $(RESULTS)/bench.txt.new $(RESULTS)/bench.txt
BENCH_NATIONAL = echo "$$ about 1M functions, all of Denmark"; \
	$(BENCH).snapshot --workplaces 578000 $(NATIONAL_1M); \
	$(BENCH).suggest --sizes 578000 $(NATIONAL_1M); \
	$(BENCH).throughput --size 578000 --workers 1 2 $(NATIONAL_1M) \
		$(if $(BASELINE),--baseline $(BASELINE)); \
	$(BENCH).rerank --workplaces 578000 --citizens 200000 --runs 1 $(NATIONAL_1M);

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
