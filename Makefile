# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install assets migrate demo-data lock clean stack

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the declared or locked dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# GOV.UK Frontend compiled with the project's own Sass settings into static/build (git-ignored).
static/build/.built: node_modules/.package-lock.json static/scss/app.scss scripts/copy-assets.mjs
	npm run --silent build
	touch $@

assets: static/build/.built

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo-data: migrate
	$(BIN)/python manage.py load_sefton
	$(BIN)/python manage.py create_demo_users

run: install assets demo-data
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production processes on this machine: gunicorn, a Celery worker and beat on PostgreSQL + Redis.
stack: install assets
	scripts/stack.sh

test: install assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every installed package after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/build var
