# How neural networks learn: the two commands a newcomer needs.
#
#   make lab    set up .venv (first time only) and open JupyterLab at notebooks/
#   make test   set up .venv (first time only) and run the whole test suite
#
# Other targets: make setup, make html, make release, make bench, make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test setup clean

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
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) release submitted autograded feedback gradebook.db site artifacts .pytest_cache .hypothesis
