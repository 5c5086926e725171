# The two commands a new user needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.install-stamp
DEV_STAMP := $(VENV)/.install-dev-stamp
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: install dev system system-test web train run test shell validate lint typecheck pytest stories bench-nlu bench-dialogue bench clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -c requirements.lock -e .
	@touch $(STAMP)

# The test and development tools (pyproject's `dev` extra): only `make test` and the
# developer targets need them, never `make run`.
$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(DEV_STAMP)

dev: $(DEV_STAMP)

# Debian packages, installed once with apt-get (as root) where missing.
# `make run` needs Node.js to build the web page; `make test` also needs Chromium
# (the browser tests), nginx and systemd-analyze (the deploy checks), and
# PostgreSQL and Redis (the scale and two-server tests start their own on loopback).
RUN_PACKAGES := nodejs npm
TEST_PACKAGES := chromium fonts-noto-cjk nginx-light systemd postgresql redis-server
APT_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

system:
	@command -v npm >/dev/null || ($(APT_INSTALL) $(RUN_PACKAGES))

system-test: system
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium fonts-noto-cjk"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	command -v systemd-analyze >/dev/null || missing="$$missing systemd"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then $(APT_INSTALL) $$missing || echo "*** WARNING: could not install:$$missing (tests that need them skip loudly)" >&2; fi

# The web page: npm ci + bundle, only when package-lock.json or the sources changed.
web: system
	scripts/build_web.sh

install: $(STAMP) web

# Trains only when the training data, domain, config or NLU components changed:
# the model is named after a hash of them (scripts/train_if_changed.py).
train: install
	$(PY) scripts/train_if_changed.py

run: train
	$(PY) -m bot.stack

shell: install
	$(PY) -m bot.shell

validate: install
	$(RASA) data validate --quiet

lint: install dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install dev
	$(VENV)/bin/mypy portal_client bot actions

# Test files are shared out whole over PYTEST_WORKERS processes (pytest-xdist), so a
# file's servers start once; 2 fits CI's two cores and 1.3 GB per Rasa server.
PYTEST_WORKERS ?= 2
pytest: dev train
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) --dist loadfile

stories: train
	$(RASA) test core --stories tests/stories --e2e --fail-on-prediction-errors --out var/results/stories --model models

test: install dev system-test validate lint typecheck train pytest stories

bench-nlu: train
	$(PY) scripts/bench_nlu.py

# The blind multi-turn conversations (tests/dialogue) against a stack of its own.
bench-dialogue: train
	$(PY) scripts/bench_dialogue.py --start-stack

# Latency and throughput under 20, 100 and 200 concurrent conversations, single
# server (SQLite) and two servers (PostgreSQL + Redis), with the floor (NLU alone, a
# turn without custom action) measured in the same run and py-spy's profile at 100
# users; report in var/bench/report.md (docs/performance.md reads it).
bench: dev system-test train
	$(PY) scripts/bench_load.py --py-spy $(VENV)/bin/py-spy --profile-at 100

clean:
	rm -rf var/results models/*.tar.gz
