# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO := demo-output
DEMO_DB := sqlite:///$(DEMO)/conflictwatch.sqlite

.PHONY: demo test lint bench eval browser-deps clean

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

test: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks

eval: $(BIN)/.installed
	$(BIN)/python benchmarks/run_eval.py

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run_eval.py
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(DEMO) test-output .pytest_cache
