# Two commands for a fresh machine: `make run` (set up, build the index, serve on 127.0.0.1:8000) and
# `make test` (set up with the test tools and the local LLM, then run every test).
# `make setup-local` adds the local LLM backend (llama.cpp compiles for about 5 minutes).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: npm-installed run test setup setup-local setup-test index lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: that file is the CPU build; an unpinned torch pulls a CUDA build of several GB.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

# llama.cpp is compiled for AVX2 rather than for this exact CPU: its AMX kernels (which -march=native
# turns on for these Xeons) crash in this virtual machine. --no-cache-dir keeps pip from reusing a wheel
# built with other flags.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(VENV)/.local-installed: pyproject.toml $(VENV)/.run-installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir 'llama-cpp-python>=0.3.7'
	$(BIN)/pip install --quiet -e '.[local]'
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.local-installed
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $@

setup: $(VENV)/.run-installed

setup-local: $(VENV)/.local-installed

setup-test: $(VENV)/.test-installed

index: setup
	$(BIN)/assistant index

run: index
	$(BIN)/assistant serve --host $(HOST) --port $(PORT)

# The widget's browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# does not work here): installed once, quietly, when it is missing.
/usr/bin/chromium:
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq >/dev/null
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# The replica stack (`assistant cluster up`, tests/store, tests/cluster) runs Debian's PostgreSQL, Redis and
# haproxy, and eval/bench_cluster.py drives wrk: installed once, quietly, when one is missing.
CLUSTER_PROGRAMS := /usr/lib/postgresql /usr/bin/redis-server /usr/sbin/haproxy /usr/bin/wrk
$(CLUSTER_PROGRAMS) &:
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq >/dev/null
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		postgresql redis-server haproxy wrk >/dev/null

# The accessibility suite (tests/browser/test_accessibility.py) runs axe-core from npm, installed from the
# committed lock file (no CDN at run time); the Chinese page needs Debian's CJK fonts in the test browser.
AXE := tests/browser/node_modules/axe-core/axe.min.js
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# npm: the machine's own when it has one (Node.js from elsewhere), else Debian's.
NPM := $(shell command -v npm 2>/dev/null)

npm-installed:
	@[ -n "$(NPM)" ] || { $$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq >/dev/null && \
		$$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }

$(CJK_FONT):
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq >/dev/null
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null

$(AXE): tests/browser/package.json tests/browser/package-lock.json | npm-installed
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $@

# The mixed corpus laid out as text (tests/evaluation/test_mixed_corpus.py) runs the PDF through Debian's pdftotext.
/usr/bin/pdftotext:
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq >/dev/null
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null

test: setup-test /usr/bin/chromium $(CLUSTER_PROGRAMS) $(AXE) $(CJK_FONT) /usr/bin/pdftotext
	$(BIN)/python -m pytest

lint: setup-test
	$(BIN)/ruff check assistant tests eval

clean:
	rm -rf $(VENV) index/builds index/current tests/browser/node_modules
