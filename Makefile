# Jump Testing Framework: the two commands are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test pytest acceptance report stack-up stack-down clean

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the pinned requirements

stack-up: setup ## start the local PostgreSQL and the reference platform
	./jump stack:up

stack-down: ## stop the local stack
	./jump stack:down

pytest: stack-up ## the project's own tests (pytest)
	$(PY) -m pytest

test: pytest ## pytest plus the acceptance suite

run: stack-up ## set up, start the stack, run the suite, write the report
	@echo "The local stack is up. The acceptance suite arrives with the framework core."

clean:
	rm -rf reports/allure-results reports/allure-report reports/junit
