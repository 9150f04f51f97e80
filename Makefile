# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install assets migrate demo-data lock clean stack bench bench-reports bench-imports

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

# The development server and its data run with DEBUG on (the settings' default is off), which
# also allows the development SECRET_KEY and the demo users.
migrate demo-data run: export DEBUG = true

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo-data: migrate
	$(BIN)/python manage.py load_sefton
	$(BIN)/python manage.py load_national_data
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_plan

run: install assets demo-data
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production processes on this machine: gunicorn, a Celery worker and beat on PostgreSQL + Redis.
stack: install assets
	scripts/stack.sh

# Benchmark on the national-scale dataset in PostgreSQL (not part of `make test`); writes
# docs/performance.md. BENCH_DATABASE_URL picks the database (created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sefton_bench
bench: install assets
	scripts/ensure_db.sh "$(BENCH_DATABASE_URL)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python scripts/bench.py

test: install assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Not part of `make test`: times the sixth visit's letter and a ~30-page digest (see the script).
bench-reports: install assets
	$(BIN)/python scripts/bench_reports.py

# Not part of `make test`: reading and proposing for a 15-page report, timed and its peak memory
# measured against the budget (under a second, under 200 MB), and crafted PDFs refused. With
# BENCH_IMPORTS_ARGS=--uploads: four crafted PDF uploads at once against gunicorn and a worker,
# while a board member's API requests are timed (see the script).
bench-imports: install
	$(BIN)/python scripts/bench_imports.py $(BENCH_IMPORTS_ARGS)

# ruff, and import-linter's contracts (pyproject.toml): dependencies point one way.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every installed package after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/build var
