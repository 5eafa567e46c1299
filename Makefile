# Vi Ses! — `make run` serves the app, `make test` runs the suite; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# Development mode for everything make does; production runs `vises` with its own environment.
export VISES_DEV ?= 1

.PHONY: run test check format messages bench fuzz setup clean

# System packages first (installed when root or passwordless sudo allows); `make test` asks
# for the browser too, so a fresh machine runs apt-get once.
$(VENV)/.installed: pyproject.toml scripts/preflight.sh
	@PYTHON=$(PYTHON) bash scripts/preflight.sh $(if $(filter test,$(MAKECMDGOALS)),test)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed
	@cd vises && ../$(BIN)/vises compilemessages --verbosity 0

# honcho gives each process its own PORT (web +0, worker +100, scheduler +200), so every
# absolute link (messages the worker sends, calendar files) takes the web server's address
# from VISES_BASE_URL, fixed here for all three.
run: export VISES_BASE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(BIN)/vises migrate --noinput --verbosity 0
	$(BIN)/vises demo --if-empty
	@echo "Vi Ses! on http://127.0.0.1:$(PORT)/ (Ctrl-C stops web server, worker and scheduler)"
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho --no-colour -f Procfile start -p $(PORT)

test: setup
	@PYTHON=$(PYTHON) bash scripts/preflight.sh test
	$(BIN)/pytest $(PYTEST_ARGS)

# The property tests of the public forms and the API schema, 10 000 examples each.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -p no:cacheprovider vises/tests/test_public_forms_fuzz.py vises/api/tests/test_schema_fuzz.py

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy vises
	$(BIN)/lint-imports --no-cache --no-logo

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup
	cd vises && ../$(BIN)/vises makemessages --no-obsolete --no-location -l sv -l en -l ar -l fa -l so -l ti -l uk
	cd vises && ../$(BIN)/vises compilemessages --verbosity 0

bench: setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var/static
