# Shebao One-Window. `make run` serves the product with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
export PYTHONPATH := $(CURDIR)/src
# The demo shows held texts (citizens' sign-in codes) on /dev/outbox/; a deployment never sets this.
export DEMO_OUTBOX ?= true
# Links in the texts (e.g. rating a home visit) point at the address `make run` serves.
export PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: setup run serve test test-postgres lint audit-deps bench bench-quick load mutate messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-installs only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python -m shebao migrate --noinput -v 0
	$(BIN)/python -m shebao collectstatic --noinput -v 0
	$(BIN)/python -m shebao seed_demo
	$(BIN)/python -m shebao compile_numba
	$(MAKE) --no-print-directory serve

# The background jobs (texts, reminders, booking slots) run beside the web server and stop with it.
serve:
	$(BIN)/python -m shebao demo_signins
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	$(BIN)/python -m shebao run_jobs & jobs=$$!; trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn shebao.wsgi:application -c python:shebao.gunicorn_conf --bind $(HOST):$(PORT)

test: setup
	@command -v chromium >/dev/null || { echo "Browser tests need Debian's chromium: apt-get install chromium"; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(MAKE) --no-print-directory test

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

# Known vulnerabilities in the installed (pinned) dependencies; needs PyPI's JSON API (README).
audit-deps: setup
	$(BIN)/python .ci/audit_deps.py

# Goal sizes (nearest at 5,000,000 outlets, siting 50,000 x 5,000): about half an hour on 2 cores.
bench: setup
	$(BIN)/python -m benchmarks

# The same benchmarks at small sizes, in under two minutes: they run and check their answers.
bench-quick: setup
	$(BIN)/python -m benchmarks --quick

# Citizen pages under load (locust, 200 users, no think time, 2 rounds of 60 s) against the server as `make serve` starts
# it, beside the former 2 workers x 4 threads; loads the demo data first (idempotent). About 6 minutes.
load: setup
	$(BIN)/python -m benchmarks.load

# Mutation testing (cosmic-ray) of the pure modules against their tests, in a scratch copy of the tree; prints
# the surviving mutants for a person to judge (README). About three hours for the five modules on 2 cores
# (kdtree.py about an hour, 474 mutants); MODULES=network/geo.py for one.
mutate: setup
	$(BIN)/python .ci/mutate.py

# Extract new strings and compile the catalogues (needs GNU gettext). No English catalogue: the msgids
# are English already. No source locations in the catalogues: they would change on every edit and make
# every pair of branches conflict; `translations --merge-from` settles the conflicts that remain.
messages: setup
	cd src/shebao && ../../$(BIN)/python -m shebao makemessages -l zh_Hans -l zh_Hant --no-obsolete --no-location -i 'tests/*'
	cd src/shebao && ../../$(BIN)/python -m shebao compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
