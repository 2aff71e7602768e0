# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export JIUYE_DATABASE_URL ?= sqlite:///jiuye.db

.PHONY: install serve test lint typecheck schema bench clean lock

# constraints.txt pins every package to the versions the suite last passed with, so a fresh
# machine installs what was tested; `make lock` writes it anew from the current environment.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install, migrate the SQLite file, load demo data if it is empty, serve on :8000.
## With no JIUYE_DATA_KEY set, the first step makes a local key file, jiuye.db.key, and says so.
serve: install
	$(BIN)/jiuye db upgrade
	$(BIN)/jiuye demo --if-empty
	$(BIN)/jiuye serve --demo-tokens $(if $(PORT),--port $(PORT))

## Install, then lint, type-check, check the committed schema and run the tests.
test: install lint typecheck
	$(BIN)/jiuye schema check
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

schema: install
	$(BIN)/jiuye schema export

bench: install
	$(BIN)/python -m bench.run

## Pin the installed versions (after upgrading and passing `make test`).
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip==' > constraints.txt

clean:
	rm -rf $(VENV) jiuye.db jiuye.db-wal jiuye.db-shm jiuye.db.key
