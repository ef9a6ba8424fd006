# Jump Testing Framework. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := tools/node_modules/.installed
PATH_STAMP := $(VENV)/.on-path
# the end-to-end synthesis tests (pytest marker `synthesis`, deselected unless -m names it: tests/synthesis_selection.py), for make synthesis and CI's synthesis job
SYNTHESIS_PYTEST := tests/framework/test_synthesis.py --junitxml=reports/pytest-synthesis.xml --requirements-json=reports/pytest-synthesis-requirements.json

.PHONY: node-tools setup run test pytest acceptance synthesis report lint stack-up stack-down clean help chromium mutation pipeline

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(PY_STAMP): requirements.txt
	@command -v python3 >/dev/null || { echo "error: python3 (3.11+) is required"; exit 2; }
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# the checkout on the venv's import path (what `pip install -e .` would do): plain `behave` from the
# activated .venv loads behave.ini's runner and formatter (support.*) before it adds the project itself
$(PATH_STAMP): $(PY_STAMP)
	$(PY) -c "import pathlib, site; pathlib.Path(site.getsitepackages()[0], 'jump-checkout.pth').write_text(str(pathlib.Path.cwd()) + '\\n')"
	touch $@

# The node tools (tools/package.json) are installed when the lockfile differs from the one
# the stamp records (its hash, not its file time: a CI cache of tools/node_modules restored into a fresh
# clone is reused as long as the lockfile is unchanged).
node-tools:
	@want="$$(sha256sum tools/package-lock.json | cut -d' ' -f1)"; \
	if [ "$$(cat $(NODE_STAMP) 2>/dev/null)" != "$$want" ]; then \
	  command -v npm >/dev/null || { echo "error: npm (Node 20) is required for the Allure command line and the example target"; exit 2; }; \
	  command -v java >/dev/null || { echo "error: java (17+) is required by the Allure command line"; exit 2; }; \
	  echo "npm ci --prefix tools"; npm ci --prefix tools --no-audit --no-fund --loglevel=error; \
	  echo "$$want" > $(NODE_STAMP); \
	fi

setup: $(PY_STAMP) $(PATH_STAMP) node-tools ## create .venv, install the pinned requirements, the Allure command line and gitlab-ci-local

stack-up: setup ## start the local PostgreSQL and the reference platform
	./jump stack:up

stack-down: ## stop the local stack
	./jump stack:down

run: setup ## the main job: start the stack, run every journey, render the Allure report
	./jump test:run --parallel 2

acceptance: setup
	./jump test:run --quiet --parallel 2 --rerun-failed 1
	./jump test:run --env postgraphile --quiet --parallel 2 --rerun-failed 1 examples/postgraphile/features  # the second target (docs/other-apis.md)

# the CI synthesis job's two steps; the pytest step writes its own JUnit and requirement files (make pytest's stay as they are)
synthesis: setup ## API tests generated from the pinned contracts with CI's budget, then the long synthesis pytest tests (docs/synthesis.md; not part of make test)
	./jump test:synthesize --max-examples 2 --budget 360
	$(PY) -m pytest -m synthesis $(SYNTHESIS_PYTEST)

chromium: ## Debian's chromium for the report's browser test (tests/e2e); idempotent, a warning when it cannot be installed
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" != none ] && command -v apt-get >/dev/null; then \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
	      || echo "warning: chromium could not be installed: the browser test is skipped"; \
	  else echo "warning: chromium missing and cannot be installed here: the browser test is skipped"; fi; }

pytest: stack-up chromium ## the project's own unit and integration tests
	$(PY) -m pytest

test: acceptance pytest ## the acceptance suite, then pytest (its summary is the last line)

lint: setup ## ruff over the whole tree (settings in ruff.toml)
	$(VENV)/bin/ruff check .

mutation: setup ## break the platform's business rules one at a time (60 seeded mutants) and print the suite's score; not part of make test
	$(PY) -m support.mutation --sample 60 --seed 7

report: setup ## render the Allure report of the last run (reports/latest)
	./jump test:report

pipeline: setup ## .gitlab-ci.yml on this machine via gitlab-ci-local, three shards (docs/ci.md; heavy: 30-50 min, not part of make test); JOBS=lint for one job
	.ci/local-pipeline $(JOBS)

clean: ## remove run outputs
	rm -rf reports/runs reports/latest reports/history reports/allure-results reports/allure-report reports/junit reports/pytest.xml reports/coverage reports/failures.json reports/junit-merged.xml reports/screenshots
