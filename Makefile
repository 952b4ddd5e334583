# newsevents: `make demo` codes the examples and the demo corpus and serves the dashboard;
# `make test` runs every check. The two share .venv: `make demo` installs what coding and
# serving need, `make test` adds the test extras (PostgreSQL driver, Spark, pytest, ...).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_STAMP := $(VENV)/.installed-demo
TEST_STAMP := $(VENV)/.installed-test
DEMO_DB ?= newsevents.db
PORT ?= 8000

.PHONY: demo test lint venv demo-venv clean

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(DEMO_STAMP)

demo-venv: $(DEMO_STAMP)

venv: $(TEST_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/newsevents ingest examples/ demo/ --db $(DEMO_DB)
	$(BIN)/newsevents events --db $(DEMO_DB) --format table --limit 20
	@echo ""
	@echo "Open http://127.0.0.1:$(PORT)/ in a browser: the dashboard (Ctrl-C stops the server)."
	$(BIN)/newsevents serve --db $(DEMO_DB) --host 127.0.0.1 --port $(PORT)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
