# Every target creates the virtual environment it needs, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz fuzz-files clean constraints

# constraints.txt pins every package to the version tested with, so every install is the same;
# `make constraints` resolves pyproject.toml's ranges afresh to update it, on purpose.
CONSTRAINTS := constraints.txt

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $(STAMP)

constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet '.[dev]'
	{ sed -n '/^#/p' $(CONSTRAINTS); .venv-constraints/bin/python -m pip freeze --all \
		| grep -v '^spo-stats==\|^setuptools=='; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-constraints build *.egg-info

demo: $(STAMP)
	$(BIN)/spo-stats ingest data/raw --out data/clean
	$(BIN)/spo-stats headline --clean data/clean
	$(BIN)/spo-stats report --clean data/clean --out reports
	$(BIN)/spo-stats report --force cleveland --clean data/clean --out reports

test: $(STAMP)
	@scripts/install-browser.sh || true  # headless chromium for the briefing tests; they skip without it
	MPLBACKEND=Agg $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check spo_stats tests
	$(BIN)/ruff format --check spo_stats tests
	$(BIN)/mypy spo_stats

bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python tests/bench/run.py

# Ten thousand generated returns (synthetic, in the generator's own vocabulary, with decoy families)
# through ingest: a table of wrong and missed figures per transform and per decoy family; fails if
# any figure is wrong. A fresh seed each run, printed; SPO_SEED=N draws the same returns again.
# SPO_FUZZ_EXAMPLES=500 make fuzz for a quick look.
SPO_FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m tests.generate.fuzz --examples $(SPO_FUZZ_EXAMPLES)

# Mutated returns of every format the reader takes (xlsx, xls, ods, csv, pdf, docx, html), each
# ingested beside a good return within 3 GB and 10 s: reports crashes, tracebacks, hangs, memory
# over budget and the good return's figures lost. A fresh seed each run, printed;
# SPO_FUZZ_SEED=N draws the same mutations again.
SPO_FUZZ_MUTATIONS ?= 2000
fuzz-files: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m tests.fuzz_files --mutations $(SPO_FUZZ_MUTATIONS) \
		$(if $(SPO_FUZZ_SEED),--seed $(SPO_FUZZ_SEED)) --keep fuzz-failures

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
