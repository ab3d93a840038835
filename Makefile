# Reelhouse: the single front door. `make` alone lists the targets.
# Every target that needs Python first runs scripts/bootstrap.sh, which is a
# no-op when .venv is already up to date with requirements/ and pyproject files.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
SERVICES    := identity workspace asset production_tracking billing import
COMPOSE     ?= docker compose
PYTEST_ARGS ?=

.PHONY: help install run test bench lint migrate up down clean

help: ## List the targets
	@echo "Usage: make <target> [VAR=value]"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: ## Create or refresh .venv (fast when nothing changed)
	@bash scripts/bootstrap.sh

run: install ## Run the whole suite locally on SQLite + local RabbitMQ (GATEWAY_PORT=8000)
	@bash scripts/ensure_broker.sh
	@$(PY) scripts/run_suite.py

test: install ## Run the tests against real RabbitMQ + PostgreSQL (PYTEST_ARGS=...)
	@bash scripts/ensure_infra.sh
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install ## Run the benchmarks: gateway + assets, gazu workload, /v1 productions (bench/)
	@bash scripts/ensure_infra.sh
	$(PY) bench/run_all.py
	$(PY) bench/gazu_workload.py
	$(PY) bench/v1_productions.py

lint: install ## Lint with ruff
	$(VENV)/bin/ruff check .

# Each service's database comes from <SERVICE>_DATABASE_URL (e.g.
# IDENTITY_DATABASE_URL, IMPORT_DATABASE_URL), else the SQLite file `make run` uses.
migrate: install ## Migrate every service (<SERVICE>_DATABASE_URL, default var/<service>.db)
	@mkdir -p var
	@set -e; for service in $(SERVICES); do \
		name="$${service^^}_DATABASE_URL"; \
		if [[ -n "$${!name:-}" ]]; then url="$${!name}"; origin="$$name"; \
		else url="sqlite:///$(CURDIR)/var/$$service.db"; origin="var/$$service.db"; fi; \
		echo "migrating $$service ($$origin)"; \
		DATABASE_URL="$$url" $(PY) -m reelhouse.shared.migrations services/$$service; \
	done

up: ## Start the suite in containers (docker compose up -d)
	$(COMPOSE) up -d --build

down: ## Stop the containers (docker compose down)
	$(COMPOSE) down

clean: ## Remove local state (var/: SQLite files, logs, mailbox)
	rm -rf var/
