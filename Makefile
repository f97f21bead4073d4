# Safeguard — the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench clean services screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU PyTorch first: this exact version is on the machine's disk, any other pulls CUDA.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/safeguard scan examples --report build/report.html --min-level low
	$(BIN)/safeguard serve --demo

# PostgreSQL (started or installed) and Debian's chromium + axe-core for the browser tests.
services:
	bash scripts/ensure_postgres.sh
	bash scripts/ensure_chromium.sh

screenshots: install services
	SAFEGUARD_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser -q -k screenshots

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q

test: lint typecheck services unit

bench: install
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache
