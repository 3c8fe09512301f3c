# heli: `make run` to try it, `make test` before you push. Both set up everything they need.
# DB=postgres selects PostgreSQL (PG_URL, default postgresql://heli:heli@127.0.0.1:5432/heli).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_DB := $(if $(filter postgres%,$(DB)),postgresql,sqlite)

.PHONY: run test bench

run: $(STAMP)
	$(BIN)/heli migrate --noinput -v 0
	$(BIN)/heli demo --if-empty
	$(BIN)/heli runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/heli makemigrations --check --dry-run
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/heli bench intake --db $(BENCH_DB)
	$(BIN)/heli bench queue --db $(BENCH_DB) --rows 10000

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change, or a new top-level package (app) appears: the
# editable install maps package names when it runs.
$(STAMP): pyproject.toml $(wildcard */__init__.py) | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)
