PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint bench bench-all demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/transferbot run

demo: $(STAMP_RUN)
	$(BIN)/transferbot demo

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# two workers, one per core of the project's machine (the suite: 10.6 -> 5.6 min there)
test: lint
	$(BIN)/pytest -n 2

bench: $(STAMP_DEV)
	$(BIN)/python -m bench

bench-all: $(STAMP_DEV)
	$(BIN)/python -m bench --all

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
