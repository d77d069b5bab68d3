# The only commands a newcomer needs: make run, make test (and make lint, make bench).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
DB ?= data/tracker.duckdb
PORT ?= 8501

.PHONY: run test lint bench install install-test system-test-deps clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode is compiled at install: some machines set PYTHONDONTWRITEBYTECODE, and without .pyc
# files every start (the app, each test run) recompiles pandas, plotly and streamlit (~8 s).
$(VENV)/.installed: pyproject.toml | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-test-deps

# Debian's chromium drives the browser tests; poppler-utils renders PDF pages to PNG; the emoji
# font lets screenshots show the RAG and status symbols as a user's browser does; the tests
# start their own PostgreSQL server from Debian's postgresql (its service is not used).
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null \
		|| [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] \
		|| [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core fonts-noto-color-emoji postgresql >/dev/null; \
	fi

$(DB): | $(VENV)/.installed
	$(VENV)/bin/tracker demo --db $(DB)

run: $(VENV)/.installed $(DB)
	$(VENV)/bin/tracker serve --db $(DB) --port $(PORT)

# The fast suite runs on every core; then the tests slow by nature (many processes, real
# servers: marked slow), then the browser checks one at a time, so the app servers and Chromium
# do not compete with the rest. Every test runs in one of the three steps; none is skipped.
# pytest may cache its rewritten test modules.
test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy tracker
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto -m "not browser and not slow"
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto -m slow
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -m browser

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy tracker

bench: install-test
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache
