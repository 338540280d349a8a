# Two commands for a fresh machine with only python3 and make:
#   make run    - create .venv if missing, install, open the explorer on the foot-pain tree
#   make test   - same bootstrap, then ruff, the import contracts, the schema check and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TREE   ?=

.PHONY: run test lint format schema readme golden bench clean bytecode

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

# Compiled once here, as pip compiles an installed wheel: where PYTHONDONTWRITEBYTECODE is
# set, an editable install would otherwise compile every module at each start (~50 ms).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q footpain_tui

run: bytecode
	$(BIN)/footpain-tui $(TREE)

lint: bytecode
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/footpain-tui schema --check
	$(BIN)/footpain-tui cases schema --check

test: lint
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: $(STAMP)
	$(BIN)/footpain-tui schema

# The README's section on the bundled tree, from the tree and its cases (a test checks it).
readme: $(STAMP)
	$(BIN)/python tools/readme_tree.py

# The golden walks that guard the bundled tree, from its cases (after an intended change).
golden: $(STAMP)
	$(BIN)/python tools/golden_walks.py

bench: bytecode
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_tui.py
	$(BIN)/python benchmarks/bench_first_frame.py
	$(BIN)/python benchmarks/bench_frames.py
	$(BIN)/python benchmarks/bench_sessions.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
