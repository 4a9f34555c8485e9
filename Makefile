# Everything a fresh machine needs: `make chat` and `make test` create the virtual env on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: chat test lint bench ingest install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Index knowledge/ and open the terminal chat (offline, no key).
chat: $(STAMP)
	$(BIN)/concierge ingest
	$(BIN)/concierge chat

ingest: $(STAMP)
	$(BIN)/concierge ingest

## Lint, type-check and run the whole test suite.
test: lint
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Speed targets: prints a table.
bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf .concierge .pytest_cache .mypy_cache .ruff_cache
