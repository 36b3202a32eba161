# LeadVET portal. `make run` for a local site, `make test` for the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin

# The newest Python >= 3.12 on PATH, unless PYTHON=... is given.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: help venv install install-dev npm-tools run web worker beat migrate seed test lint messages bench bench-table load chaos clean

help:
	@echo "make run    - install, migrate, load demo data and start site + Celery worker + beat"
	@echo "make test   - install dev dependencies and the npm test tools, run the whole test suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make bench  - every page cold, warm and under writes, the targets judged (SCALE=full|eu)"
	@echo "make load   - 100 simulated users for 60 s against gunicorn (SCALE=full|eu)"
	@echo "make chaos  - load while Redis and the Celery worker are killed; counts what was lost"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "No Python >= 3.12 found on PATH: install one or run make PYTHON=/path/to/python3.12"; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

# The npm tools the tests run (package.json): ical.js reads every calendar the portal writes,
# the W3C Nu HTML checker (vnu-jar, on the machine's Java 17) every page, and oidc-provider is
# the OpenID Connect provider the single sign-on tests log in through.
# --ignore-scripts: vnu-jar's install script would download a Java runtime of its own.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
npm-tools: node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Site, Celery worker and beat in one terminal; Ctrl-C stops all of them. `make run PORT=8001`
# serves another port, and links in e-mails (SITE_URL) follow it. The worker logs to
# var/worker.log, so that the demo logins stay on the screen.
PORT ?= 8000
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: seed
	@mkdir -p var
	@echo; echo "LeadVET: $(SITE_URL)   mail is written to var/mail/, the worker's log to var/worker.log"; \
	echo "Demo logins: coordinator@example.org, educator@example.org, mentor@example.org,"; \
	echo "steering@example.org, college@example.org; password: $$($(BIN)/python manage.py shell --no-imports -c 'from portal.demo.content import DEMO_PASSWORD; print(DEMO_PASSWORD)')"; echo
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(BIN)/celery -A leadvet worker --beat --loglevel=INFO --concurrency=1 --logfile=var/worker.log & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite in parallel (pytest-xdist), one process per core; each has its own test database
# and broker (tests/conftest.py). `make test PYTEST_WORKERS=0` runs it in one process.
# Work stealing: a process that is done takes tests queued for another, so the long browser
# tests (collected first) never leave a core idle at the end.
# `python -m pytest`, not the pytest script: Hypothesis draws constants from the loaded local
# modules, and the script would be one more in a single process than in xdist's workers.
# PYTHONDONTWRITEBYTECODE emptied: every test process (and every worker, manage.py and gunicorn
# process the tests start) would otherwise compile the project and rewrite the tests' asserts
# again, about 8 s of each process's start; the compiled files go to the ignored __pycache__/.
PYTEST_WORKERS ?= auto
test: install-dev npm-tools
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(if $(filter 0,$(PYTEST_WORKERS)),,--dist worksteal) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every interface language but English (settings.LANGUAGES; tests/leadvet/test_translations.py
# checks the list): new messages land in each catalogue untranslated, for a translator to fill
# in (README "Languages"); then the .mo files are compiled.
LOCALES := fi sv et nl
messages: install-dev
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) --ignore=.venv --ignore=bench --ignore=node_modules --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache var/ node_modules/

# Benchmarks (README "Benchmarks"): PostgreSQL filled by `manage.py generate_network --scale SCALE`
# (full: leadvet_bench, eu: leadvet_bench_eu, unless DATABASE_URL says otherwise), Redis and wrk
# on the machine. `make bench SCALE=eu BENCH_ARGS="--duration 3 --mixed-duration 20"`; every
# option: `.venv/bin/python bench/run.py bench --help`. `make bench-table SCALE=eu` prints the
# last run's tables as Markdown for the README.
SCALE ?= full
bench: install
	$(BIN)/python bench/run.py bench --scale $(SCALE) $(BENCH_ARGS)

bench-table: install
	$(BIN)/python bench/run.py table --scale $(SCALE) --markdown

load: install
	$(BIN)/python bench/run.py load --scale $(SCALE) $(LOAD_ARGS)

# Fault injection (README "Reliability"): its own redis-server on a free port, PostgreSQL
# (CHAOS_DATABASE_URL, default leadvet_chaos, made on the first run), gunicorn and a worker.
chaos: install
	$(BIN)/python bench/chaos.py $(CHAOS_ARGS)
