# Each target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := demo.db

.PHONY: install demo test lint bench examples fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# reads `khronika storylines --json` on stdin, prints the id of the storyline whose top
# entities give per:lukashenko the most articles (no storyline id hard-coded)
export BELARUS_STORYLINE := import json, sys; lines = json.load(sys.stdin); \
  print(max(lines, key=lambda s: max([e["articles"] for e in s["top_entities"] if e["id"] == "per:lukashenko"] or [0]))["id"])

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/khronika --db $(DEMO_DB) ingest examples/html examples/feed.xml examples/corpus.warc.gz
	$(BIN)/khronika --db $(DEMO_DB) ingest examples/html
	$(BIN)/khronika --db $(DEMO_DB) articles
	$(BIN)/khronika --db $(DEMO_DB) entities --limit 12
	$(BIN)/khronika --db $(DEMO_DB) conflicts
	@# the chronicle of the Belarus storyline: the one whose top entities count the most Lukashenko articles
	$(BIN)/khronika --db $(DEMO_DB) chronicle --storyline $$($(BIN)/khronika --db $(DEMO_DB) storylines --json \
	  | $(BIN)/python -c "$$BELARUS_STORYLINE")
	$(BIN)/khronika --db $(DEMO_DB) stats

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest_throughput.py
	$(BIN)/python bench/analysis_speed.py
	$(BIN)/python bench/cluster_scaling.py
	$(BIN)/python bench/duplicates_speed.py
	$(BIN)/python bench/chronicle_speed.py

# each reader's property check (tests/property/readers.py) on fresh inputs, FUZZ_MINUTES each;
# not part of .ci/run: it takes over an hour with the default
FUZZ_MINUTES ?= 10
fuzz: $(STAMP)
	$(BIN)/python -m tests.property.fuzz --minutes $(FUZZ_MINUTES)

examples: $(STAMP)
	$(BIN)/python examples/build.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm bench/out .mypy_cache .ruff_cache .pytest_cache
