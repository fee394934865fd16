# DTI Portal — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test schemathesis install migrate seed serve ci bench lint messages vendor clean mutation

# runserver --insecure serves the local static assets with DEBUG off (demo only; production
# serves them from the reverse proxy after collectstatic).
demo: install migrate seed ## Create the venv, install, migrate, seed, print logins, serve
	@$(BIN)/python manage.py demo_logins --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

test: install ## The whole suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

schemathesis: install ## Property-based run of the API's OpenAPI schema (more examples than CI)
	DTI_SCHEMATHESIS_EXAMPLES=$${DTI_SCHEMATHESIS_EXAMPLES:-60} $(BIN)/python -m pytest tests/api/test_schemathesis.py $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: install
	$(BIN)/python manage.py seed_demo

serve: install
	$(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

ci:
	bash .ci/run

bench: install ## Benchmarks (issue 8): needs PostgreSQL and Redis on 127.0.0.1; writes bench/RESULTS.md (PARTS="pages …" runs only those)
	$(BIN)/python -m bench $(PARTS)

# mutmut copies the project into mutants/ and runs the engine's and the workflow's tests against
# each mutant (the workflow's on the test database, shared by the forked children: --reuse-db in
# pyproject.toml [tool.mutmut]); the verdict lists every survivor not explained in
# tests/assessments/scoring/MUTANTS-EQUIVALENT.md. Whole target: 8 min 44 s on the 2 shared cores
# (2,247 mutants: 2,105 engine, 142 workflow; `mutmut run "assessments.workflow*"` alone: 1 to
# 5 min, by the load).
mutation: install ## Mutation testing of the engine and the workflow (issue 13.6): must print 0 unexplained survivors
	rm -rf mutants
	$(BIN)/mutmut run --max-children $${MUTATION_CHILDREN:-2}
	$(BIN)/mutmut results | $(BIN)/python tests/assessments/scoring/survivors.py

lint: install ## ruff, and the import contracts of pyproject.toml [tool.importlinter]
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

messages: install
	$(BIN)/python manage.py makemessages -l en -l vi --no-obsolete -i ".venv/*" -i "node_modules/*"
	$(BIN)/python manage.py compilemessages -i ".venv"

vendor: ## Re-fetch the front-end assets listed in static/vendor/README.md
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) db.sqlite3 var/ staticfiles/ mutants/
