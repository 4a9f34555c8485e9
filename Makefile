# Everything a fresh machine needs: `make chat` and `make test` create the virtual env on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: chat test lint bench ingest install clean eval browser test-llm

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

## Lint, type-check, the whole test suite, then the eval suite on the default voice (fails on its thresholds).
test: lint browser
	CONCIERGE_EVAL_OUT=build/eval-browser $(BIN)/pytest -q
	$(MAKE) eval

## The eval suite and the operator's report in build/eval/ (report.html, results.json, junit.xml).
eval: $(STAMP)
	$(BIN)/concierge eval --out build/eval

# The report is checked in a real headless browser; Debian's chromium is installed when it is missing.
browser:
	bash scripts/ensure-chromium

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Speed targets: prints a table.
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## Opt-in: the openai voice against a local llama.cpp server and a tiny model (first run compiles, ~11 min).
test-llm: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,llm]'
	BIN=$(BIN) bash scripts/test-llm

clean:
	rm -rf .concierge .pytest_cache .mypy_cache .ruff_cache build
