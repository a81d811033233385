# The two commands: `make run` and `make test`. Everything they need is set up from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export ARCHIVE_DATA_DIR ?= $(CURDIR)/var
CHROMIUM ?= /usr/bin/chromium
CLIENTS := tests/clients

SIZE ?= 10000
ENGINES ?= whoosh opensearch

# The suite runs in parallel (pytest-xdist), one worker per core; TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
PYTEST = $(BIN)/pytest -n $(TEST_WORKERS)

PG_BIN ?= /usr/lib/postgresql/15/bin
PG_PORT ?= 54329
PG_DATA = $(ARCHIVE_DATA_DIR)/postgres
PG_CTL = su postgres -c "$(PG_BIN)/pg_ctl -D $(PG_DATA) -l $(PG_DATA)/server.log -w

ALERTS ?= 10000

.PHONY: dumps run test test-fast lint test-postgres test-search opensearch opensearch-stop bench bench-queries bench-alerts bench-dumps setup install data chromium java clients superuser editor fixtures clean

run: setup ## Set up and serve the site on http://127.0.0.1:$(PORT)
	@echo
	@echo "No account is created for you. An administrator: make superuser; an editor: make editor NAME=ana [PUBLISHER=1]"
	@echo "Serving on http://127.0.0.1:$(PORT)/  (editors: http://127.0.0.1:$(PORT)/admin/)"
	@# Documents not compared for recurring passages since they changed (all of them after an upgrade)
	@# are compared in the background: serving never waits for it. Alerts are sent every minute (by
	@# EMAIL_URL; to the console by default). Speakers whose published documents changed have the words
	@# they use more than the archive found again within five minutes (docs/research.md).
	$(BIN)/python manage.py compare_passages & $(BIN)/python manage.py send_alerts --every 60 & \
		$(BIN)/python manage.py find_keywords --every 300 & \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup chromium clients java lint ## Set up as `make run` does, lint, then run the whole test suite (Whoosh and an OpenSearch cluster the suite starts)
	$(PYTEST)

test-fast: install $(CLIENTS)/node_modules/.installed lint ## The working loop: lint, then tests/unit and tests/integration on Whoosh (no cluster, browser, validators, load; citation-js reads citations)
	$(PYTEST) -m "not slow and not opensearch" tests/unit tests/integration

lint: install ## The linters: ruff (undefined or unused names, syntax errors, Django model conventions) and lint-imports (who may import whom, pyproject.toml)
	$(BIN)/ruff check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

test-postgres: install chromium clients ## The whole suite against a local PostgreSQL (Debian package, data in var/postgres)
	@test -x $(PG_BIN)/initdb || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }
	@# initdb refuses to run as root: the cluster belongs to the postgres system user.
	mkdir -p "$(PG_DATA)" && chown postgres "$(PG_DATA)" && chmod 700 "$(PG_DATA)"
	test -f "$(PG_DATA)/PG_VERSION" || su postgres -c "$(PG_BIN)/initdb -D $(PG_DATA) -U archive -A trust"
	$(PG_CTL) -o '-p $(PG_PORT) -k /tmp -c listen_addresses=127.0.0.1' start"
	DATABASE_URL=postgres://archive@127.0.0.1:$(PG_PORT)/archive $(PYTEST); status=$$?; \
		$(PG_CTL) stop"; exit $$status

test-search: install chromium clients ## The search tests against the engine named by SEARCH_URL (e.g. a live cluster)
	$(PYTEST) tests/integration/test_search.py tests/unit/test_search_engines.py tests/integration/test_search_engines.py

# The launcher needs only the standard library; it runs by path, as `python -m` would import
# speeches.search and so Django.
OPENSEARCH_CLUSTER = $(BIN)/python speeches/search/engines/opensearch/cluster

opensearch: install java ## Start a local 3-node OpenSearch cluster (127.0.0.1:9201-9203, data in var/opensearch); returns once green
	$(OPENSEARCH_CLUSTER) start

opensearch-stop: install ## Stop the local OpenSearch cluster
	$(OPENSEARCH_CLUSTER) stop

bench: install java ## Benchmark a synthetic archive of SIZE documents (default 10000) on ENGINES side by side (default: Whoosh and the local OpenSearch cluster, started if down); writes docs/benchmarks.md
	$(if $(findstring opensearch,$(ENGINES)),$(OPENSEARCH_CLUSTER) start)
	$(BIN)/python manage.py benchmark --size $(SIZE) --engines $(ENGINES)

bench-queries: install java ## Time the queries again on ENGINES, on the archive the last `make bench` at SIZE left
	$(if $(findstring opensearch,$(ENGINES)),$(OPENSEARCH_CLUSTER) start)
	$(BIN)/python manage.py benchmark --size $(SIZE) --queries-only --engines $(ENGINES)

bench-alerts: install ## Time ALERTS alerts (default 10000) against the 100 newest documents of the archive the last `make bench` at SIZE left (docs/benchmarks.md)
	ARCHIVE_DATA_DIR=$(ARCHIVE_DATA_DIR)/bench/archive-$(SIZE) $(BIN)/python manage.py benchmark_alerts --alerts $(ALERTS) --documents 100

bench-dumps: install ## Time write_dumps (the whole dump, each format, peak memory, file sizes) on the archive the last `make bench` at SIZE left (docs/benchmarks.md)
	ARCHIVE_DATA_DIR=$(ARCHIVE_DATA_DIR)/bench/archive-$(SIZE) $(BIN)/python manage.py benchmark_dumps

setup: install data

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-s3.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

data: install ## Migrate, load the seed documents into an empty archive, make the search index ready
	mkdir -p "$(ARCHIVE_DATA_DIR)"
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed_documents
	$(BIN)/python manage.py prepare_index

# Browser tests drive Debian's Chromium; Playwright's own browser download is not available here.
# Chinese texts are laid out (and screenshot) with a Chinese font, as readers' browsers have one.
chromium:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
		echo "Installing a Chinese font for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; }

# The clients the suite reads the archive with (citation-js, axe-core, the Nu HTML Checker), pinned by
# tests/clients/package-lock.json. --ignore-scripts: vnu-jar's install script would download a Java
# of its own; the checker runs on the machine's Java 17.
clients: java $(CLIENTS)/node_modules/.installed

$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	cd $(CLIENTS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Java 17 runs the Nu HTML Checker and the local OpenSearch cluster, whose jars Maven fetches.
java:
	@command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 || { \
		echo "Installing Java and Maven"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven; }

dumps: install ## Write a dump of every published document for /data/ (docs/opendata.md)
	$(BIN)/python manage.py write_dumps

superuser: install ## Create an administrator account (asks for a name and password)
	$(BIN)/python manage.py createsuperuser

editor: install ## Create an editor's account: make editor NAME=ana (PUBLISHER=1 for a publisher; asks for a password)
	@test -n "$(NAME)" || { echo "Say whose account: make editor NAME=ana [PUBLISHER=1]"; exit 2; }
	$(BIN)/python manage.py create_editor "$(NAME)" $(if $(PUBLISHER),--publisher)

fixtures: install ## Regenerate fixtures/seed_documents.json from ../shared/seeds and fixtures/seeds.yaml
	$(BIN)/python manage.py build_seed_fixtures

clean: ## Remove the virtualenv and the local data (database, search index)
	rm -rf $(VENV) "$(ARCHIVE_DATA_DIR)" test-artifacts $(CLIENTS)/node_modules
