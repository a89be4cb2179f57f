# Two commands: `make run` and `make test` (DESIGN.md, "Setup").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= $(or $(XEPLOAI_DB),data/xeploai.duckdb)
PORT ?= 8501
# Debian packages the browser tests, static chart images and the proxy test (nginx) need.
SYSTEM_PACKAGES := chromium fonts-noto-core nginx openssl

# The tests run in parallel (pytest-xdist), one worker per core, a whole test file per worker
# (its module-scoped fixtures, such as a started app, are made once), files in their collection
# order: tests/browser/ first, the longest chain, then the rest. (--dist loadgroup would say
# this per test, but xdist 3.8 cannot group under pytest 9.2: pytest-xdist issue #1386.)
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: run test test-fast test-live check lint format bench system-deps demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

system-deps:
	@if ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing $(SYSTEM_PACKAGES) from Debian"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			$(SYSTEM_PACKAGES) >/dev/null; \
	fi

demo: $(VENV)/.runtime
	@test -f "$(DB)" || $(BIN)/python -m xeploai demo --db "$(DB)"

run: demo
	XEPLOAI_DB="$(DB)" $(BIN)/streamlit run server.py --server.port $(PORT)

test: $(VENV)/.dev system-deps
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# The unit and query tiers: no page runs, no browser, no live app, no import/export round trips.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/unit tests/queries

# The proof of issue 15: readers see the state before or after each of 20 writes, over at
# least 1.000 reads (make test runs the same test with 4 writes, one of each kind, and 100 reads).
test-live: $(VENV)/.dev
	XEPLOAI_LIVE_WRITES=20 XEPLOAI_LIVE_READS=1000 $(BIN)/python -m pytest -s \
		tests/integration/test_live_writes.py -k before_or_after

# Lint, format, types (the whole project; the core strict) and the import contracts.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test

bench: $(VENV)/.dev system-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
