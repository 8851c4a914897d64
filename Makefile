# claimtrail: `make demo` sets up and runs the main job on the bundled examples; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/claimtrail ingest examples --actors examples/actors.yaml --db claimtrail.db
	$(BIN)/claimtrail claims --db claimtrail.db --format table
	$(BIN)/claimtrail report --db claimtrail.db --actors examples/actors.yaml --title "Example stories" -o report.html

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) claimtrail.db claimtrail.db-wal claimtrail.db-shm .pytest_cache .ruff_cache
