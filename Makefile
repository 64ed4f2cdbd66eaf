# The two commands of the README: `make run` and `make test`. Nothing else is needed before either.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address (links in emails and feeds, the Wagtail Site record): where runserver listens.
SITE_URL ?= $(or $(WAGTAILADMIN_BASE_URL),http://$(HOST):$(PORT))
export SITE_URL

.PHONY: run test install install-test lint migrate seed browser-deps screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py crea_admin
	$(PY) manage.py search_index --rebuild

# Serve the site and run the task worker beside it; Ctrl-C stops both.
run: seed
	@echo "Sito: http://$(HOST):$(PORT)/  ·  Area redazione: http://$(HOST):$(PORT)/admin/"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --no-reload --queue-name '*' & \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium and axe-core from the npm registry, for the browser and accessibility tests.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates cop/templates buonepratiche eventi forum search territori api gruppi notifiche
	DJANGO_SETTINGS_MODULE=cop.settings.test $(PY) manage.py makemigrations --check --dry-run

# The suite in TEST_WORKERS processes (pytest-xdist; conftest.py keeps transactional tests last in each).
# The Elasticsearch tests run on a real node (scripts/elasticsearch.sh, started and stopped here) when
# Java 21+ and Maven are there, on osmem-server otherwise (one line says so); see scripts/con-elasticsearch.sh.
# The lint runs beside them (while the node starts); its failure fails `make test` too. Bytecode is
# written even where the environment says not to: each process would otherwise compile and rewrite the
# test modules again (3-4 s each, before the first test).
TEST_WORKERS ?= 2
test: install-test browser-deps
	@$(MAKE) --no-print-directory lint & lint=$$!; \
	PYTHONDONTWRITEBYTECODE= scripts/con-elasticsearch.sh $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS); \
	esito=$$?; wait $$lint || { echo "make test: il lint non è passato (vedi sopra)" >&2; esito=1; }; exit $$esito

# Every page type in Chromium at 1280 and 390 px, with a full-page screenshot of each in var/screenshots/.
screenshots: install-test browser-deps
	COP_SCREENSHOTS=1 $(BIN)/pytest -m aspetto tests/test_aspetto_pagine.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3* var staticfiles
