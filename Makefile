# How neural networks learn: the two commands a newcomer needs.
#
#   make lab    set up .venv (first time only), copy the exercises into workspace/
#               (first time only: your work there is never overwritten) and open JupyterLab
#   make test   set up .venv (first time only) and run the whole test suite
#
# More targets: make help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PARTS  := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard notebooks/*/*.ipynb)))))
PART   ?= $(PARTS)
# Autograding workers at once (make autograde JOBS=2), and a machine's share of the class
# (SHARE=K/N, with a PostgreSQL gradebook shared by N machines): see tools/classroom.py.
JOBS   ?= 1
SHARE  ?=
# nbgrader and Jupyter start helper programs (alembic, kernels) found on the PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
# JupyterLab refuses to run as root (in a container, say) unless told it may.
LAB_FLAGS := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: help setup lab lab-source test check test-min notebooks release autograde feedback grades integrity-report accept html bench clean \
	release-assignment duedate collect release-feedback

help:
	@echo "make lab               open the exercises (your copy in workspace/) in JupyterLab"
	@echo "make test              run every test: unit tests, notebooks (nbval), nbgrader, browser"
	@echo "make check             lint (ruff), types (mypy), unit tests without notebooks/nbgrader/browser"
	@echo "make test-min          the numerical core's tests on the lowest versions pyproject declares"
	@echo "make lab-source        open notebooks/ (the single source, with solutions) in JupyterLab"
	@echo "make notebooks         re-execute the source notebooks in place (after changing code)"
	@echo "make release [PART=..] nbgrader: generate the student release of the parts, in release/"
	@echo "make autograde PART=.. [JOBS=N] [SHARE=K/N]  autograde submitted/<student>/PART/ with N workers"
	@echo "make feedback PART=..  nbgrader: feedback HTML per student, in feedback/"
	@echo "make grades            nbgrader: export all grades to grades.csv"
	@echo "  with nbgrader's exchange (JupyterHub; course_id and Exchange.root configured):"
	@echo "make release-assignment PART=..  generate the release and put it in the exchange"
	@echo "make duedate PART=.. DUE='2026-12-01 17:00 UTC'  set the part's due date"
	@echo "make collect PART=..   collect the learners' submissions from the exchange"
	@echo "make release-feedback PART=..  put the feedback (make feedback) in the exchange"
	@echo "make integrity-report  list the submissions flagged for tampering (integrity_report.csv)"
	@echo "make accept STUDENT=.. PART=..  accept a flagged submission after review, and regrade it"
	@echo "make html              render the executed course to a static site in site/"
	@echo "make bench             measure speed; prints the table kept in the README"
	@echo "parts: $(PARTS)"

setup: $(STAMP)

# Re-run the install whenever the dependencies or their pinned versions change.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)
	@echo "Environment ready in $(VENV)/"

lab: $(STAMP)
	$(BIN)/python -m tools.workspace
	$(BIN)/jupyter lab $(LAB_FLAGS) --notebook-dir=workspace

lab-source: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) --notebook-dir=notebooks

test: $(STAMP)
	$(BIN)/python -m pytest

# What a maintainer runs before committing, and CI first: lint and format (the package, tests,
# tools, benchmarks and the notebooks' code cells), types (mypy on the numerical core, files in
# pyproject.toml), then the unit tests on two workers, without nbval (addopts replaced),
# nbgrader, the browser or PostgreSQL. pytest's cache is on: `pytest --lf` reruns the failures.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 -o addopts="-ra --strict-markers" \
		-m "not nbgrader and not browser and not postgres and not notebooks and not site" tests

# The lower bounds of pyproject.toml, proven: a separate venv with the lowest NumPy, pytest and
# hypothesis it admits (tools/lowest.py reads them from pyproject.toml) runs the numerical
# core's unit tests. Nothing else is installed: those modules need NumPy only.
VENV_MIN   := .venv-min
MIN_PKGS   := numpy pytest hypothesis
CORE_TESTS := $(addprefix tests/test_,$(addsuffix .py,losses optimizers schedules descent \
	activations gradcheck targets data landscapes network))

$(VENV_MIN)/.installed: pyproject.toml tools/lowest.py
	rm -rf $(VENV_MIN)
	$(PYTHON) -m venv $(VENV_MIN)
	@echo '*' > $(VENV_MIN)/.gitignore
	$(VENV_MIN)/bin/python -m pip install --quiet $$($(PYTHON) -m tools.lowest $(MIN_PKGS))
	@touch $@

test-min: $(VENV_MIN)/.installed
	@$(VENV_MIN)/bin/python -c 'import numpy, pytest, hypothesis; print("lowest versions: numpy", numpy.__version__, "pytest", pytest.__version__, "hypothesis", hypothesis.__version__)'
	$(VENV_MIN)/bin/python -m pytest -q -o addopts="-ra --strict-markers" $(CORE_TESTS)

notebooks: $(STAMP)
	$(BIN)/python -m tools.nbtools execute

release: $(STAMP)
	@for part in $(PART); do $(BIN)/nbgrader generate_assignment $$part --force || exit 1; done

autograde: $(STAMP)
	$(BIN)/python -m tools.classroom autograde $(PART) --jobs $(JOBS) $(if $(SHARE),--share $(SHARE))

release-assignment: $(STAMP)
	@for part in $(PART); do $(BIN)/nbgrader generate_assignment $$part --force && $(BIN)/nbgrader release_assignment $$part --force || exit 1; done

duedate: $(STAMP)
	@test -n "$(DUE)" || { echo "usage: make duedate PART=01_losses DUE='2026-12-01 17:00 UTC'"; exit 2; }
	@for part in $(PART); do $(BIN)/nbgrader db assignment add $$part --duedate="$(DUE)" || exit 1; done

collect: $(STAMP)
	@for part in $(PART); do $(BIN)/nbgrader collect $$part --update || exit 1; done

release-feedback: $(STAMP)
	@for part in $(PART); do $(BIN)/nbgrader release_feedback $$part || exit 1; done

feedback: $(STAMP)
	@for part in $(PART); do $(BIN)/nbgrader generate_feedback $$part || exit 1; done

grades: $(STAMP)
	$(BIN)/nbgrader export --to grades.csv

integrity-report: $(STAMP)
	$(BIN)/python -m course_utils.grading.report .

accept: $(STAMP)
	@test -n "$(STUDENT)" -a -n "$(PART)" || { echo "usage: make accept STUDENT=<id> PART=<assignment>"; exit 2; }
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m course_utils.grading.accept "$(STUDENT)" "$(PART)" .

html: $(STAMP)
	$(BIN)/python -m tools.site

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) $(VENV_MIN) release submitted autograded feedback gradebook.db site artifacts .pytest_cache .hypothesis
