# Kinerja: `make run` serves the demo, `make test` runs every test. See README.md.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  := $(BIN)/python
STAMP   := $(VENV)/.installed
TSTAMP  := $(VENV)/.installed-test
export DEBUG ?= 1
# Test processes (pytest-xdist): one per core of the two-core CI machine.
TEST_WORKERS ?= 2
export PYTHONUNBUFFERED := 1

.PHONY: run test install install-test chromium wrk migrate demo lint format assets bench bench-quick messages clean

$(STAMP): requirements/base.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements/base.txt
	touch $@

$(TSTAMP): $(STAMP) requirements/test.txt
	$(PYTHON) -m pip install --quiet -r requirements/test.txt
	touch $@

install: $(STAMP)
install-test: $(TSTAMP)

migrate: install
	mkdir -p var
	$(PYTHON) manage.py migrate --noinput

demo: migrate
	$(PYTHON) manage.py seed_demo

run: demo
	$(PYTHON) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(PYTHON) manage.py print_demo_logins
	$(PYTHON) manage.py runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests; never a downloaded browser build.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install-test chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Copies the pinned npm packages (package.json) into kinerja/static/vendor (committed).
assets:
	npm ci --no-audit --no-fund
	mkdir -p kinerja/static/vendor
	cp node_modules/bootstrap/dist/css/bootstrap.min.css kinerja/static/vendor/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js kinerja/static/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js kinerja/static/vendor/
	# The offline daily log (docs/offline.md): workbox-window registers the service worker; the worker
	# loads workbox-sw and the modules it asks for from our own static files (never Google's CDN);
	# idb keeps the entries waiting to be sent in IndexedDB.
	cp node_modules/workbox-window/build/workbox-window.prod.umd.js kinerja/static/vendor/
	cp node_modules/workbox-sw/build/workbox-sw.js kinerja/static/vendor/
	sed -i 's#https://storage.googleapis.com/workbox-cdn/releases/[0-9.]*#/static/vendor#' kinerja/static/vendor/workbox-sw.js
	for m in core routing strategies expiration; do cp node_modules/workbox-$$m/build/workbox-$$m.prod.js kinerja/static/vendor/; done
	cp node_modules/idb/build/umd.js kinerja/static/vendor/idb.umd.js
	# axe-core runs in the browser tests only: kept beside them, never served to users.
	cp node_modules/axe-core/axe.min.js kinerja/demo/tests/assets/
	# The source maps are not shipped: drop the comments that point at them, or the manifest storage of
	# `collectstatic` (DEBUG off) stops on the missing .map file.
	sed -i -e '/^\/\/# sourceMappingURL=/d' -e '/^\/\*# sourceMappingURL=.*\*\/$$/d' kinerja/static/vendor/*.js kinerja/static/vendor/*.css
	# Without its sourceMappingURL comment: the .map is not shipped and collectstatic's manifest would fail on it.
	sed '/^\/\/# sourceMappingURL=/d' node_modules/chart.js/dist/chart.umd.min.js > kinerja/static/vendor/chart.umd.min.js

messages: install-test
	$(PYTHON) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(PYTHON) manage.py compilemessages --ignore=.venv

# wrk (Debian) drives the load test of scenario 1; without it that scenario is skipped.
wrk:
	@command -v wrk >/dev/null || { SUDO=$$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

bench: install-test wrk
	$(PYTHON) bench/run.py

bench-quick: install-test wrk
	$(PYTHON) bench/run.py --quick

clean:
	rm -rf var/ .pytest_cache
