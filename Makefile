# `make run` and `make test` do every set-up step on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
REPLICAS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test lint bench pretrain fuzz clean

$(VENV)/bin/activate:
	@$(PYTHON) -m venv $(VENV) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Could not create a virtual environment: install python3-venv (Debian/Ubuntu: sudo apt-get install python3-venv)"; exit 1; fi; }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/activate requirements.txt
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless false

.PHONY: serve load

# N Streamlit replicas behind nginx (installed if missing), sticky sessions, a busy page.
serve: $(VENV)/.runtime
	PORT=$(PORT) REPLICAS=$(REPLICAS) bash scripts/serve.sh $(PY)

# Capacity side by side: one process vs make serve, lecture and free, 10/20/40 students.
load: $(VENV)/.runtime
	$(PY) benchmarks/load.py --replicas $(REPLICAS)

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	CHROMIUM_PATH="$$(bash scripts/ensure_chromium.sh $(PY))" && export CHROMIUM_PATH && \
	  $(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.dev
	$(PY) benchmarks/pages.py
	@for f in benchmarks/*.py; do case "$$f" in benchmarks/pages.py|benchmarks/load.py|benchmarks/timing.py) ;; *) $(PY) $$f;; esac; done

fuzz: $(VENV)/.dev
	FUZZ_SCALE=20 $(PY) -m pytest -q -p no:cacheprovider -s tests/test_fuzz.py

pretrain: $(VENV)/.runtime
	$(PY) -m explorer.pretrain all

clean:
	rm -rf $(VENV) tests/artifacts
