# Entry points documented in the README. PORT overrides the demo port.
PORT ?= 8000
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PYTEST_ARGS ?=

.PHONY: help install demo serve test test-postgres quality format bench clean

help:
	@echo "make demo           installe, charge la démonstration et sert http://127.0.0.1:$(PORT)"
	@echo "make serve          serveur de production (gunicorn), voir docs/deploiement.md"
	@echo "make test           lance les tests (SQLite)"
	@echo "make test-postgres  lance les mêmes tests sur un serveur PostgreSQL temporaire"
	@echo "make quality        ruff, djlint, imports entre applications (import-linter)"
	@echo "make bench          mesures de performance (voir docs/bench.md)"

# uv is installed with pip when missing; dependencies come from the committed uv.lock, with
# their bytecode compiled, and the project's own too (commands start faster, also where
# PYTHONDONTWRITEBYTECODE keeps Python from writing it at the first run). pip puts uv in ~/.local/bin, which the shell
# may not search: uv is then linked into BIN_DIR when it can be written, so that the README's
# `uv run ctg ...` lines work as printed; otherwise the line to add to the shell is printed.
BIN_DIR ?= /usr/local/bin
install:
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --user --quiet uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv
	@command -v uv >/dev/null 2>&1 || { [ -w "$(BIN_DIR)" ] && ln -sf "$(UV)" "$(BIN_DIR)/uv" \
		&& echo "uv : lien créé dans $(BIN_DIR), la commande « uv » est disponible."; } \
		|| echo "uv est installé dans $$(dirname $(UV)), que le terminal ne cherche pas : ajoutez la ligne « export PATH=\"$$(dirname $(UV)):\$$PATH\" » à ~/.profile puis rouvrez le terminal."
	@$(UV) sync --frozen --quiet --compile-bytecode
	@$(UV) run --frozen python -m compileall -q -j 0 ctg_pilote bench

demo: install
	$(UV) run ctg migrate --no-input -v 0
	$(UV) run ctg load_demo
	@echo "ctg-pilote : http://127.0.0.1:$(PORT)"
	DEBUG=false $(UV) run ctg runserver 127.0.0.1:$(PORT)

# Production server (gunicorn.conf.py); configuration from the environment, see docs/deploiement.md.
serve: install
	DJANGO_SETTINGS_MODULE=ctg_pilote.settings.prod $(UV) run gunicorn -c gunicorn.conf.py

test: install
	$(UV) run pytest $(PYTEST_ARGS)

test-postgres: install
	scripts/with-postgres.sh $(UV) run pytest $(PYTEST_ARGS)

# Dated backup of the PostgreSQL database and of every CTG, see docs/sauvegarde.md.
BACKUP_DIR ?= var/sauvegardes
.PHONY: backup
backup: install
	$(UV) run ctg backup -o $(BACKUP_DIR)

quality: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run djlint ctg_pilote --check --quiet
	$(UV) run lint-imports

format: install
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk est introuvable : installez-le (apt-get install wrk), il sert au banc national." >&2; exit 1; }
	$(UV) run python bench/run.py
	scripts/with-postgres.sh $(UV) run python bench/run.py

clean:
	rm -rf var staticfiles
