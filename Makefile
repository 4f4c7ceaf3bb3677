# DisputeDesk — `make run` starts the app, `make test` runs the whole suite (headless).
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint format i18n i18n-check bench clean dist

$(STAMP): pyproject.toml
	@if [ ! -x "$(PY)" ] || ! "$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		PYTHON=$$(sh tools/find_python.sh) || exit 1; \
		echo "Creating $(VENV) with $$PYTHON"; \
		rm -rf $(VENV); "$$PYTHON" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

i18n: $(STAMP)
	$(PY) tools/i18n.py compile

run: $(STAMP) i18n
	$(PY) -m disputedesk

test: $(STAMP) i18n
	$(PY) -m pytest -q

test-slow: $(STAMP) i18n
	$(PY) -m pytest -q -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

i18n-check: $(STAMP)
	$(PY) tools/i18n.py check

bench: $(STAMP) i18n
	@for b in bench/bench_*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

# Frozen build (packaging/): dist/DisputeDesk/ (onedir), then its self-test offscreen.
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test,dev,dist]"
	touch $(DIST_STAMP)

dist: $(DIST_STAMP) i18n
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/disputedesk.spec
	DISPUTEDESK_DIST=$(CURDIR)/dist/DisputeDesk QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m frozen tests/test_frozen.py

clean:
	rm -rf $(VENV) build dist *.egg-info
