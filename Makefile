# The two commands: `make run` (embedded default with the demo network) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cms
SMOKE_DATABASE_URL ?= sqlite:///$(CURDIR)/var/smoke.sqlite3

.PHONY: run test test-postgres test-smoke lint messages bench clean

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --port $(PORT)
	@echo "Portal: http://portal.localhost:$(PORT)/   Admin: http://portal.localhost:$(PORT)/admin/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev lint test-postgres test-smoke

test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

# The embedded default keeps working: a smoke subset on SQLite.
test-smoke: $(VENV)/.installed-dev
	mkdir -p var
	DATABASE_URL=$(SMOKE_DATABASE_URL) $(BIN)/pytest -m smoke

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_sites.py --scale 50

clean:
	rm -rf $(VENV) var db.sqlite3 media static_collected
