# Two commands for everyone: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LIGHTHOUSE := benchmarks/node_modules/.bin/lighthouse
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup browser lint clean bench

# Debian's python3 needs python3-venv for `-m venv`; install it when it is missing.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## make run: set up, create a demo session and serve the workshop (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/workshop check
	$(BIN)/workshop serve --plan scenarios/plans/demo.yaml

## Debian's chromium for the browser tests, installed when missing.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## make test: set up and run every test: unit and notebooks (nbval) first, then the browser tests.
test: $(STAMP) browser
	$(BIN)/workshop check
	$(BIN)/ruff check widgets tests benchmarks conftest.py testkit deploy
	$(BIN)/lint-imports  # the layers of DESIGN.md (contracts in pyproject.toml)
	tests/with-postgres.sh $(BIN)/pytest -m "not e2e"
	$(BIN)/pytest -m e2e

## make bench: page load in chromium, Lighthouse (mobile) on each page, and a room of 150 phones over
## the kernel protocol, each beside plain Voilà, and the participant kernel's profile (about 30 minutes);
## rewrites their sections of benchmarks/RESULTS.md; exits 1 on a lost or doubled vote.
bench: $(STAMP) browser $(LIGHTHOUSE)
	$(BIN)/python benchmarks/kernel_profile.py
	$(BIN)/python benchmarks/page_load.py --ablation
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/load.py

# Lighthouse, exactly as benchmarks/package-lock.json pins it (Debian's nodejs and npm when missing).
$(LIGHTHOUSE): benchmarks/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq nodejs npm; }
	cd benchmarks && npm ci --no-audit --no-fund
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check widgets tests benchmarks conftest.py testkit deploy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache
