# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BUN_DIR := .tools/bun
BUN := $(BUN_DIR)/node_modules/.bin/bun
# axe-core checks every page's accessibility in the browser tests; pinned, project-local like bun.
AXE_VERSION := 4.14.1
AXE_DIR := .tools/axe
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js
# Lighthouse scores the main pages on a simulated phone (benchmarks/lighthouse.py); 13 needs Node 22.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_DIR := .tools/lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse
export PATH := $(CURDIR)/$(BUN_DIR)/node_modules/.bin:$(PATH)
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test prod setup test-tools migrate unit e2e contract bench clean

run: setup migrate
	$(BIN)/python -m cleverstore serve

test: setup test-tools
	$(BIN)/python -m pytest -q

setup: $(VENV)/.installed $(BUN)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PY) >/dev/null || { echo "Python 3.11 is required ($(PY) not found)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The tests drive Debian's Chromium, look at report pages with pdftoppm (poppler-utils) and put the
# documented nginx in front of the app. As root they are installed when missing; anyone else is
# told the one command that does it.
TEST_PACKAGES := chromium poppler-utils nginx
test-tools: $(AXE) $(LIGHTHOUSE)
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
	    || ! { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $(TEST_PACKAGES) from Debian's packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_PACKAGES) >/dev/null \
	      || { echo "apt-get could not install $(TEST_PACKAGES)"; exit 1; }; \
	  else \
	    echo "The tests need Chromium, pdftoppm and nginx: sudo apt-get install $(TEST_PACKAGES)"; exit 1; \
	  fi; \
	fi

$(BUN):
	mkdir -p $(BUN_DIR)
	npm install --silent --no-audit --no-fund --prefix $(BUN_DIR) bun@1.4.5

$(AXE): Makefile
	mkdir -p $(AXE_DIR)
	npm install --silent --no-audit --no-fund --prefix $(AXE_DIR) axe-core@$(AXE_VERSION)
	test -f $@ && touch $@

$(LIGHTHOUSE): Makefile
	mkdir -p $(LIGHTHOUSE_DIR)
	npm install --silent --no-audit --no-fund --prefix $(LIGHTHOUSE_DIR) lighthouse@$(LIGHTHOUSE_VERSION)
	test -e $@ && touch -h $@

# Production: PostgreSQL, Redis, real Stripe keys and SMTP come from the environment (docs/deploy.md).
prod: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL), REDIS_URL and the rest: see docs/deploy.md"; exit 1; }
	CLEVERSTORE_ENV=prod $(BIN)/python -m cleverstore migrate
	CLEVERSTORE_ENV=prod $(BIN)/python -m cleverstore serve

migrate: setup
	$(BIN)/python -m cleverstore migrate

unit: setup
	$(BIN)/python -m pytest -q --ignore=tests/e2e

e2e: setup test-tools
	$(BIN)/python -m pytest -q tests/e2e

# The billing flows against the emulator, and against Stripe's test mode when STRIPE_SECRET_KEY=sk_test_… is set.
contract: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/billing_contract

# Every benchmark at its full size; each prints one JSON line with failed_actions (must be 0).
bench: setup test-tools
	$(BIN)/python benchmarks/register_events.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/capture.py
	$(BIN)/python benchmarks/billing_calls.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/lighthouse.py

clean:
	rm -rf $(VENV) .tools .web .states
