# The two commands of the README do all the set-up themselves:
#   make serve  installs, builds and serves the site at http://127.0.0.1:8000
#   make test   installs and runs every test
# Other targets: make build (strict build into site/), make lint, make clean.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when the package's declared dependencies change. STAMP: the package and its
# runtime (by `make install`, or from the lock by `make install-locked`); TEST_STAMP:
# the test tools on top, which every target that lints or tests asks for.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

export NO_MKDOCS_2_WARNING := 1
# Python reads file names and arguments as UTF-8 whatever the machine's locale.
export PYTHONUTF8 := 1

.PHONY: serve build test test-fast lint format clean install budget

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# What the publication jobs install: the runtime dependencies only, each pinned with
# its hashes in requirements/publication.txt (Python 3.11, Linux x86_64; its header
# says how to regenerate it), setuptools included so that the package itself builds
# without fetching anything unhashed. No test extras: it marks the runtime's stamp, so
# that `make build` keeps this install; `make test` adds the test tools when asked.
.PHONY: install-locked
install-locked:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/publication.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# One build at a time (a second one waits), into a fresh folder swapped with site/ in
# one step on success: a failed build leaves site/ as it was, a server serving site/
# always finds a complete site. The previous one stays in site.precedent/ until the next.
build: $(STAMP)
	$(BIN)/python -m mkdocs_episodes.build.site_swap --site-dir site

# Weight of every page before any interaction, against the budget of mkdocs.yml.
budget: build
	$(BIN)/episodes budget site

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# axe-core, injected into pages by the browser tests (npm registry, no browser download).
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js

$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/npm axe-core@4.10

# The W3C Nu Html Checker, run by Java over a built site (npm registry; Java from Debian).
VNU := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU): | $(AXE)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/npm vnu-jar@26.9.27

test: $(TEST_STAMP) $(AXE) $(VNU) lint
	$(BIN)/python -m pytest -W error

# The fast subset, for a developer's own loop: no site build, browser, server or ffmpeg.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -W error -m "not slow" -q

clean:
	rm -rf site site.precedent site.construction-* site.tmp site.old .pytest_cache .ruff_cache .cache

# A benchmark, not a test, each part against a plain Material site built in the same run:
# build time, memory of every build process, page weight and search cost from 10 to 5000
# episodes (about 35 minutes on a two-core machine, 19 of them for Material at N=5000;
# --echelle-seulement), pages loaded on a slow phone (2 minutes; --appareils-lents-seulement),
# the preview's time from a save to the page shown at N=1000 (--apercu seul). Nearly an hour
# in all; `--write` saves bench/results.md.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --browser

# Time and quality of `episodes media` (one ffmpeg pass, SSIM per rendition) on a synthetic
# 1080p master it makes itself: a benchmark, not a test (`--write` saves bench/encoding.md).
.PHONY: bench-encodage
bench-encodage: $(STAMP)
	$(BIN)/python scripts/bench_encoding.py
