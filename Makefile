# The two set-up commands: `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
# Test processes for make test. Two: one projections worker thread and lock per
# process (not one per log follower) leaves a PostgreSQL test process at about ten
# connections; two processes peaked at 19 of a 100-connection server's slots.
TEST_WORKERS ?= 2
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench install clean lock

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Tandem needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make run: serve the demo on the embedded SQLite default (http://127.0.0.1:8000/graphql)
run: $(STAMP)
	TANDEM_GRAPHIQL=$${TANDEM_GRAPHIQL:-1} $(BIN)/tandem serve --seed-demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## make test: lint, type-check and the whole suite (PostgreSQL tests need TANDEM_TEST_POSTGRES_URL)
test: lint typecheck
	$(BIN)/pytest -m "not stress" -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make stress: the heavy reliability variants (CI runs them after make test)
stress: $(STAMP)
	$(BIN)/pytest -m stress $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

## make lock: re-pin the image's runtime dependencies, with hashes (requirements.lock)
lock: $(STAMP)
	$(BIN)/pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
