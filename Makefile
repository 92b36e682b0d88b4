# The two commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lock lint security-lint migration-check format bench load scale-check relevance messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files (every package pinned, with its hashes), so a
# fresh checkout gets exactly the tested set. Edit requirements*.txt, then `make lock`.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes
CHROMIUM_PATH ?= /usr/bin/chromium

$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

# Playwright (browser tests) and locust (load runs) are heavy and most changes never
# need them: each is installed only by the targets that run what needs it.
$(VENV)/.browser-installed: requirements-browser.lock $(VENV)/.dev-installed
	$(PIP_INSTALL) -r requirements-browser.lock
	touch $@

$(VENV)/.load-installed: requirements-load.lock $(VENV)/.dev-installed
	$(PIP_INSTALL) -r requirements-load.lock
	touch $@

# What `make test` runs decides what it installs: the browser tests run when
# Chromium is installed, the load runs on PostgreSQL.
TEST_EXTRAS := $(if $(wildcard $(CHROMIUM_PATH)),$(VENV)/.browser-installed) \
	$(if $(filter postgres%,$(DATABASE_URL)),$(VENV)/.load-installed)

# In parallel, one worker per core up to four (each has its own test database and,
# on Redis, its own cache database). Tests go out one by one in collection order,
# where pytest-django puts the transactional tests last: their flush empties what
# the migrations seeded (synonyms, the rank ladder), so no worker may run an
# ordinary test after one. PYTEST_ARGS come last, so `-n 0` runs serially.
XDIST := -n auto --maxprocesses 4 --dist load

## run: install, migrate the SQLite database, load the demo, serve on HOST:PORT
run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite in parallel, ending with the share of lines it covers
## (browser tests too when Chromium is installed; load runs when DATABASE_URL names
## PostgreSQL). `coverage report -m` afterwards lists each file's missed lines.
test: $(VENV)/.dev-installed $(TEST_EXTRAS)
	$(BIN)/python -m pytest $(XDIST) --cov --cov-report= $(PYTEST_ARGS)
	$(if $(findstring --no-cov,$(PYTEST_ARGS)),,@echo "coverage: $$($(BIN)/coverage report --format=total)% of lines")

## test-fast: the local loop: keeps the test databases between runs (--reuse-db;
## add --create-db after a migration), no coverage, e.g.
## `make test-fast PYTEST_ARGS=tests/forum`
test-fast: $(VENV)/.dev-installed $(TEST_EXTRAS)
	$(BIN)/python -m pytest $(XDIST) --reuse-db $(PYTEST_ARGS)

## lock: recompile the lock files after editing a requirements*.txt (each layer is
## constrained by the ones below it, so the files never disagree)
lock: $(VENV)/.dev-installed
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) -o requirements.lock requirements.txt
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) -c requirements.lock \
		-o requirements-dev.lock requirements-dev.txt
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) -c requirements-dev.lock \
		-o requirements-browser.lock requirements-browser.txt
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) -c requirements-dev.lock \
		-c requirements-browser.lock -o requirements-load.lock requirements-load.txt

PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## security-lint: bandit over the product code (tests excluded; reviewed exceptions
## carry a `# nosec <id>` with the reason beside them)
security-lint: $(VENV)/.dev-installed
	$(BIN)/bandit -c pyproject.toml -r community accounts forum bench -q

## migration-check: new migrations that would lock a large table or break the code
## still running during a deploy (django-migration-linter over PostgreSQL's SQL;
## rules and the baseline in pyproject.toml); DATABASE_URL must name PostgreSQL
migration-check: $(VENV)/.dev-installed
	$(if $(filter postgres%,$(DATABASE_URL)),,$(error migration-check reads the SQL PostgreSQL would run: set DATABASE_URL=postgres://...))
	LOG_LEVEL=WARNING $(BIN)/python manage.py lintmigrations --settings community.settings_test

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the performance benchmark on PostgreSQL (BENCH_ARGS=--small for CI size)
bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## load: locust at 40 requests/s on PostgreSQL, 5 minutes (LOAD_ARGS=--small for CI
## size; `python -m bench.worker_kill` kills a gunicorn worker every 10 s under load)
load: $(VENV)/.load-installed
	$(BIN)/python -m bench.load $(LOAD_ARGS)

## scale-check: two gunicorn app servers behind HAProxy (deploy/haproxy.cfg) over a
## PostgreSQL primary and streaming replica, Redis and an S3 store, all started
## here: sessions, flood limits, the cache, uploads and live updates across servers,
## jobs run once with two workers, then locust with the replica lagging and one
## server killed (about 3 minutes; SCALE_ARGS="--rate 40 --duration 120")
scale-check: $(VENV)/.load-installed
	$(BIN)/python -m bench.scale.check $(SCALE_ARGS)

## messages: after marking strings, update the catalogues in locale/ (needs GNU
## gettext, Debian's `gettext`), then translate the new entries and run it again to
## check them (untranslated, fuzzy or broken placeholders fail)
messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages --all --no-obsolete --no-wrap \
		--ignore=tests --ignore=bench --ignore=demo --ignore=docs --ignore='requirements*'
	$(BIN)/python manage.py compile_translations --check

## relevance: search quality on both relevance collections, each in a fresh site
## (SQLite; PostgreSQL too when DATABASE_URL names one); see docs/search.md
relevance: $(VENV)/.dev-installed
	$(BIN)/python -m bench.relevance.run $(RELEVANCE_ARGS)
