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

# The seed article: a readable summary, stored in the default SQLite store (sageon.db), the PRK–RUS dyad,
# then the dashboard on http://127.0.0.1:8000/ (Ctrl-C stops it; DEMO_SERVE=0 skips it).
DEMO_SERVE ?= 1
demo: setup
	$(BIN)/sageon extract samples/seed.txt --format table
	$(BIN)/sageon ingest samples/seed.txt
	$(BIN)/sageon dyad PRK RUS
	@if [ "$(DEMO_SERVE)" = "1" ]; then $(BIN)/sageon serve; fi

test: setup browser-deps
	$(BIN)/python -m pytest -q

# Browser tests: Debian's Chromium (+ CJK fonts for readable screenshots) and the Python playwright package
# (never `playwright install`: it would download a browser build). Idempotent.
browser-deps: setup
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		apt-get update && apt-get install -y chromium fonts-noto-cjk; fi
	@$(BIN)/python -c "import playwright" 2>/dev/null || $(BIN)/pip install -q playwright

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

eval: setup
	$(BIN)/sageon eval $(SHARED)/gold/dev

bench: setup
	$(BIN)/python benchmarks/bench_extract.py --n 2000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache sageon.db
