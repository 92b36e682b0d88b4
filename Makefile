# The two commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint security-lint format bench load relevance

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

## run: install, migrate the SQLite database, load the demo, serve on HOST:PORT
run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite (browser tests too when Chromium is installed)
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## security-lint: bandit over the product code (tests excluded; reviewed exceptions
## carry a `# nosec <id>` with the reason beside them)
security-lint: $(VENV)/.dev-installed
	$(BIN)/bandit -c pyproject.toml -r community accounts forum bench -q

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the performance benchmark on PostgreSQL (BENCH_ARGS=--small for CI size)
bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## load: locust at 40 requests/s on PostgreSQL, 5 minutes (LOAD_ARGS=--small for CI
## size; `python -m bench.worker_kill` kills a gunicorn worker every 10 s under load)
load: $(VENV)/.dev-installed
	$(BIN)/python -m bench.load $(LOAD_ARGS)

## relevance: search quality on both relevance collections, each in a fresh site
## (SQLite; PostgreSQL too when DATABASE_URL names one); see docs/search.md
relevance: $(VENV)/.dev-installed
	$(BIN)/python -m bench.relevance.run $(RELEVANCE_ARGS)
