# The only entry points: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The demo page: the shared copy when it sits beside the clone, else the one shipped in the package.
SEED ?= $(firstword $(wildcard ../shared/seed/kaarina-tietovarannot.txt) tietovaranto/importer/demo/kaarina-tietovarannot.txt)
ORGANISATION ?= Kaarinan kaupunki
HOST ?= 127.0.0.1:8000
# Both cores; a file's tests stay on one worker (module-scoped servers such as bench.live_site's).
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: install install-test messages run demo test test-sqlite test-postgres lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

# Debian's libvoikko for search when run as root (else a note; search falls back to pyvoikko).
# Bytecode compiled once: an editable install has none, and where PYTHONDONTWRITEBYTECODE is set
# every process start (a command, a web worker) compiled the project's modules again.
install: $(VENV)/.installed
	scripts/install_voikko.sh
	$(BIN)/python -m compileall -q tietovaranto
install-test: $(VENV)/.installed-test
	scripts/install_voikko.sh
	$(BIN)/python -m compileall -q tietovaranto

messages: $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

demo: install messages
	scripts/install_fonts.sh
	$(BIN)/tietovaranto migrate --noinput -v0
	$(BIN)/tietovaranto import-page "$(SEED)" --organisation "$(ORGANISATION)" --publish

run: demo
	DEBUG=$${DEBUG:-1} $(BIN)/tietovaranto runserver $(HOST)

test: install-test messages
	scripts/install_chromium.sh
	scripts/install_fonts.sh
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$$(scripts/start_postgres.sh | tail -1) $(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tietovaranto bench tests
	$(BIN)/tietovaranto makemigrations --check --dry-run -v0

bench: install-test messages
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/publish_bench.py
	$(BIN)/python bench/search_eval.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/check_bench.py
	$(BIN)/python bench/export_bench.py

clean:
	rm -rf $(VENV) tietovaranto.sqlite3 staticfiles
