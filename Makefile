# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO := demo-output
DEMO_DB := sqlite:///$(DEMO)/conflictwatch.sqlite

.PHONY: demo test lint bench eval browser-deps clean compiled

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/conflictwatch ingest samples/*.txt samples/*.jsonl --db $(DEMO_DB)
	$(BIN)/conflictwatch events --db $(DEMO_DB) --format table
	$(BIN)/conflictwatch events --db $(DEMO_DB) --format csv > $(DEMO)/events.csv
	$(BIN)/conflictwatch events --db $(DEMO_DB) --format geojson > $(DEMO)/events.geojson
	@echo "wrote $(DEMO)/conflictwatch.sqlite, $(DEMO)/events.csv and $(DEMO)/events.geojson"

# The dashboard's browser tests drive Debian's chromium + chromedriver; `make test` installs them first
# only in CI or where they are missing and apt-get is there. Without them those tests skip.
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
BROWSER_MISSING := $(if $(and $(wildcard $(CHROMIUM)),$(wildcard $(CHROMEDRIVER))),,yes)
HAVE_APT := $(shell command -v apt-get 2>/dev/null)
IS_ROOT := $(filter 0,$(shell id -u))
TEST_BROWSER_DEPS := $(if $(or $(CI),$(and $(BROWSER_MISSING),$(HAVE_APT),$(IS_ROOT))),browser-deps)

browser-deps:
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ]; then echo "chromium and chromedriver are installed"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver; \
	else echo "no apt-get here: the browser tests will be skipped"; fi

test: $(BIN)/.installed $(TEST_BROWSER_DEPS)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# The native build (mypyc): a wheel in dist/ and the same unpacked into build/compiled, which a
# PYTHONPATH puts ahead of the editable sources (throughput.py --compiled, tests/test_compiled.py).
COMPILED_DIR := build/compiled
compiled: $(BIN)/.installed
	rm -rf build/lib* build/temp* $(COMPILED_DIR) dist/conflictwatch-*.whl
	$(BIN)/python -m pip install -q wheel
	CONFLICTWATCH_COMPILE=1 $(BIN)/python -m pip wheel -q --no-build-isolation --no-deps -w dist .
	$(BIN)/python -m zipfile -e dist/conflictwatch-*.whl $(COMPILED_DIR)

eval: $(BIN)/.installed
	$(BIN)/python benchmarks/run_eval.py

bench: compiled
	$(BIN)/python benchmarks/run_eval.py
	$(BIN)/python benchmarks/throughput.py --compiled $(COMPILED_DIR)

clean:
	rm -rf $(DEMO) test-output .pytest_cache
