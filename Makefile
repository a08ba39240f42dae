# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BUN_DIR := .tools/bun
BUN := $(BUN_DIR)/node_modules/.bin/bun
export PATH := $(CURDIR)/$(BUN_DIR)/node_modules/.bin:$(PATH)
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test prod setup migrate unit e2e bench clean

run: setup migrate
	$(BIN)/python -m cleverstore serve

test: setup
	$(BIN)/python -m pytest -q

setup: $(VENV)/.installed $(BUN)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PY) >/dev/null || { echo "Python 3.11 is required ($(PY) not found)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

$(BUN):
	mkdir -p $(BUN_DIR)
	npm install --silent --no-audit --no-fund --prefix $(BUN_DIR) bun@1.4.5

# Production: PostgreSQL, Redis, real Stripe keys and SMTP come from the environment (docs/deploy.md).
prod: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL), REDIS_URL and the rest: see docs/deploy.md"; exit 1; }
	CLEVERSTORE_ENV=prod $(BIN)/python -m cleverstore migrate
	CLEVERSTORE_ENV=prod $(BIN)/python -m cleverstore serve

migrate: setup
	$(BIN)/python -m cleverstore migrate

unit: setup
	$(BIN)/python -m pytest -q --ignore=tests/e2e

e2e: setup
	$(BIN)/python -m pytest -q tests/e2e

bench: setup migrate
	$(BIN)/python benchmarks/register_events.py

clean:
	rm -rf $(VENV) .tools .web .states
