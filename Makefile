# One task runner for everything a person does with Halyq.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: run test lint format bench screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME)

## make run: set up, migrate var/halyq.db, load the demo, route it, serve on 127.0.0.1:8000
run: $(RUNTIME)
	$(BIN)/halyq db upgrade
	$(BIN)/halyq demo load
	$(BIN)/halyq civil import data/civil/kyzylorda-2026-h1.xlsx
	$(BIN)/halyq worker --once
	$(BIN)/halyq serve

## make test: lint, type-check and run the whole suite (SQLite and PostgreSQL)
test: $(DEV)
	$(BIN)/ruff check halyq tests benchmarks scripts
	$(BIN)/ruff format --check halyq tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto

lint: $(DEV)
	$(BIN)/ruff check halyq tests benchmarks scripts
	$(BIN)/ruff format --check halyq tests benchmarks scripts
	$(BIN)/mypy

format: $(DEV)
	$(BIN)/ruff format halyq tests benchmarks scripts
	$(BIN)/ruff check --fix halyq tests benchmarks scripts

## make bench: speed and quality figures (see docs/BENCHMARKS.md)
bench: $(DEV)
	$(BIN)/python -m benchmarks.run

screenshot: $(DEV)
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	$(BIN)/python scripts/screenshot.py docs/screenshot.png

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
