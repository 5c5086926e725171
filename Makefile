# The two commands a new user needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.install-stamp
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: install system web train run test shell validate lint typecheck pytest stories bench-nlu bench clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -c requirements.lock -e .
	@touch $(STAMP)

# Debian packages the stack and its tests need: Node.js to build the web page,
# Chromium for the browser tests (driven by Playwright with executable_path).
system:
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk)

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

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy portal_client bot actions

pytest: train
	$(VENV)/bin/pytest -q

stories: train
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out var/results/stories --model models

test: install validate lint typecheck train pytest stories

bench-nlu: install
	$(PY) scripts/bench_nlu.py

clean:
	rm -rf var/results models/*.tar.gz
