# claimtrail: `make demo` sets up and runs the main job on the bundled examples; `make test` runs the suite,
# `make test-fast` the part of it that is not marked slow.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/claimtrail ingest examples --actors examples/actors.yaml --db claimtrail.db --format none
	@$(BIN)/claimtrail claims --db claimtrail.db --format table
	@$(BIN)/claimtrail report --db claimtrail.db --actors examples/actors.yaml --title "Example stories" -o report.html
	@echo "Browse them: $(BIN)/claimtrail serve --db claimtrail.db --actors examples/actors.yaml"

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

clean:
	rm -rf $(VENV) claimtrail.db claimtrail.db-wal claimtrail.db-shm .pytest_cache .ruff_cache
