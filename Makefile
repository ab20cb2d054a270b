# sageon: `make demo` sets up and runs extraction on the bundled seed article; `make test` runs the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test test-fast bench eval clean browser-deps

$(BIN)/sageon: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(BIN)/sageon

setup: $(BIN)/sageon

demo: setup
	$(BIN)/sageon extract samples/seed.txt --format table

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

eval: setup
	$(BIN)/sageon eval $(SHARED)/gold/dev

bench: setup
	$(BIN)/python benchmarks/bench_extract.py --n 2000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache sageon.db
