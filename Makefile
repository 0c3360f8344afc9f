# Trellis: the two commands a newcomer needs.
#   make demo   install, seed a realistic ecosystem into SQLite, serve on http://127.0.0.1:$(PORT)
#   make test   install, run every quality gate, the whole suite on PostgreSQL and SQLite, and
#               generated requests against the live API
SHELL := /bin/bash
PORT ?= 8000
PARTNERS ?= 500
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: demo test bootstrap bootstrap-test lint typecheck contracts migrations-check openapi-check \
        openapi test-postgres test-sqlite api-fuzz

demo: bootstrap
	uv run trellis demo --port $(PORT) --partners $(PARTNERS)

test: bootstrap-test lint typecheck contracts migrations-check openapi-check test-postgres test-sqlite \
      api-fuzz
	@echo "make test: every gate and both databases passed"

bootstrap:
	@bash scripts/bootstrap.sh

bootstrap-test:
	@bash scripts/bootstrap.sh test

lint:
	uv run ruff check .
	uv run ruff format --check .

typecheck:
	uv run mypy trellis config bench tests

contracts:
	uv run lint-imports

migrations-check:
	DJANGO_SETTINGS_MODULE=config.settings.test uv run trellis makemigrations --check --dry-run

openapi:
	DJANGO_SETTINGS_MODULE=config.settings.test uv run trellis openapi --output docs/openapi.json

openapi-check:
	DJANGO_SETTINGS_MODULE=config.settings.test uv run trellis openapi --check docs/openapi.json

# With DATABASE_URL set, that PostgreSQL is used; otherwise a throwaway one is started.
test-postgres:
	@if [ -n "$${DATABASE_URL:-}" ]; then uv run pytest $(PYTEST_ARGS); \
	else uv run python scripts/throwaway_postgres.py -- uv run pytest $(PYTEST_ARGS); fi

test-sqlite:
	env -u DATABASE_URL uv run pytest $(PYTEST_ARGS)

# Generated requests (schemathesis) against a live server on a throwaway PostgreSQL, as a vendor
# and as a partner: any server error or answer the schema does not describe fails the run.
api-fuzz:
	uv run python scripts/throwaway_postgres.py -- uv run python scripts/api_fuzz.py
